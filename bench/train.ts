/**
 * Training throughput per backend only: `npm run bench:train -- [options]` (`npm run bench`
 * measures this and more). Each backend runs in a child process of its own, because tfjs
 * picks one backend per process (see libs/training/backend.ts). Timing is the trainer's
 * epochSeconds: the batches and their updates, evaluation excluded.
 *
 *   --backends wasm,cpu   which to try (default: every backend; unavailable ones are reported)
 *   --preset NAME         config preset (default: baseline)
 *   --epochs N            epochs per backend (default: 1; env BENCH_EPOCHS)
 *   --images N            training images per epoch for every backend (env BENCH_IMAGES);
 *                         default 10,000, but 1,000 for cpu (~20 images/s), and all 60,000
 *                         for wasm with --full
 *   --full                wasm trains on all 60,000 images
 *   --batch-size N        default: the preset's (64)
 *   --config JSON         config fields over the preset's, e.g. '{"model":{"activation":"tanh"}}'
 */
import { describeMachine, machineLine } from './machine';
import { trainingText } from './format/section-text';
import { BenchUsageError } from './options';
import { measureTraining } from './sections/training';
import { parseTrainBenchOptions, trainImagesFor } from './train-options';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const options = parseTrainBenchOptions(argv, process.env);
  const rows = await measureTraining({
    backends: options.backends,
    preset: options.preset,
    epochs: options.epochs,
    imagesFor: (backend) => trainImagesFor(backend, options),
    batchSize: options.batchSize,
    overrides: options.overrides,
  });
  const machine = describeMachine();
  console.log(`command:  npm run bench:train${argv.length ? ` -- ${argv.join(' ')}` : ''}`);
  console.log(machineLine(machine));
  console.log(`software: node ${machine.node}, tfjs ${machine.tfjs}`);
  const changes = Object.keys(options.overrides).length
    ? `, config ${JSON.stringify(options.overrides)}`
    : '';
  console.log(`preset:   ${options.preset}${changes}, ${options.epochs} epoch(s)\n`);
  console.log(trainingText(rows, Math.max(...rows.map((r) => r.images ?? 0))));
}

main().catch((error) => {
  console.error(error instanceof BenchUsageError ? `bench:train: ${error.message}` : error);
  process.exitCode = error instanceof BenchUsageError ? 2 : 1;
});
