import { performance } from 'node:perf_hooks';
import { resolveConfig } from '@lenet-lab/config';
import { loadMnist } from '@lenet-lab/mnist';
import { initBackend, train } from '@lenet-lab/training';
import type { DirectJobResult, DirectJobTask } from './tasks';

/** A few batches first, so that kernel set-up is paid before timing, as in a warm worker. */
const WARMUP_IMAGES = 512;

/**
 * What a worker does for a job, minus the system around it: load the data, train and evaluate.
 * The backend is chosen as the worker chooses it (TRAIN_BACKEND, else the fastest).
 */
export async function runDirectJob(task: DirectJobTask): Promise<DirectJobResult> {
  const info = await initBackend();
  const warmup = { trainLimit: WARMUP_IMAGES, testLimit: WARMUP_IMAGES, epochs: 1 };
  await train({
    config: resolveConfig({ preset: task.preset, overrides: { ...task.overrides, ...warmup } }),
    dataset: await loadMnist(warmup),
  });

  const started = performance.now();
  const config = resolveConfig({ preset: task.preset, overrides: task.overrides });
  const dataset = await loadMnist({ trainLimit: config.trainLimit, testLimit: config.testLimit });
  const trainingStarted = performance.now();
  const epochEnds: number[] = [];
  const result = await train({
    config,
    dataset,
    onEpochEnd: () => void epochEnds.push(performance.now()),
  });
  const seconds = (performance.now() - started) / 1000;
  return {
    backend: info.backend,
    device: info.device,
    seconds,
    trainingSeconds: result.trainingSeconds,
    epochWallSeconds: epochEnds.map(
      (end, i) => (end - (epochEnds[i - 1] ?? trainingStarted)) / 1000,
    ),
  };
}
