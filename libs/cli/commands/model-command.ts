import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { ModelVariant } from '../api/api-types';
import { clientFor, type CliIo } from '../cli-io';

const VARIANTS: readonly ModelVariant[] = ['final', 'best'];

const variantOption = () =>
  new Option(
    '--variant <variant>',
    'final (after the last epoch) or best (restored by early stopping); default: the one the experiment reports',
  ).choices(VARIANTS);

/**
 * `model <experimentId>`: downloads the trained model, as model.json + model.weights.bin (load
 * with tf.loadLayersModel('file://<dir>/model.json')) or, with --onnx, one .onnx file.
 */
export function registerModelCommand(program: Command, io: CliIo): void {
  program
    .command('model')
    .description("download an experiment's trained model (TensorFlow.js, or ONNX with --onnx)")
    .argument('<experimentId>')
    .addOption(variantOption())
    .option('--onnx', 'one ONNX file instead of the TensorFlow.js files')
    .option('--out <path>', 'directory (TensorFlow.js) or file (ONNX); default: lenet5-<id>[.onnx]')
    .action(
      async (
        id: string,
        options: { variant?: ModelVariant; onnx?: boolean; out?: string },
        command: Command,
      ) => {
        const client = clientFor(command);
        if (options.onnx) {
          const file = path.resolve(options.out ?? `lenet5-${id}.onnx`);
          await writeFile(file, await client.modelFile(id, 'model.onnx', options.variant));
          io.out(`wrote ${file}`);
          return;
        }
        const directory = path.resolve(options.out ?? `lenet5-${id}`);
        const [modelJson, weights] = await Promise.all([
          client.modelFile(id, 'model', options.variant),
          client.modelFile(id, 'model.weights.bin', options.variant),
        ]);
        await mkdir(directory, { recursive: true });
        await writeFile(path.join(directory, 'model.json'), modelJson);
        await writeFile(path.join(directory, 'model.weights.bin'), weights);
        io.out(`wrote ${directory}/model.json and model.weights.bin`);
        io.out(`load it with tf.loadLayersModel('file://${directory}/model.json') (tfjs-node)`);
      },
    );
}

export { variantOption };
