import { resolveConfig } from '@lenet-lab/config';
import { loadMnist } from '@lenet-lab/mnist';
import { initBackend, isSoftwareDevice, train } from '@lenet-lab/training';
import type { TrainResult, TrainTask } from './tasks';

/**
 * Trains `images` images (fewer on a software adapter) for `epochs` epochs on one backend;
 * every image is a training image.
 */
export async function runTrain(task: TrainTask): Promise<TrainResult> {
  const { device } = await initBackend({ backend: task.backend });
  const images =
    task.softwareImages !== null && isSoftwareDevice(device)
      ? Math.min(task.images, task.softwareImages)
      : task.images;
  const config = resolveConfig({
    preset: task.preset,
    overrides: {
      ...task.overrides,
      epochs: task.epochs,
      trainLimit: images,
      testLimit: task.testImages,
      validationSplit: 0,
      ...(task.batchSize ? { batchSize: task.batchSize } : {}),
    },
  });
  const dataset = await loadMnist({ trainLimit: images, testLimit: task.testImages });
  const result = await train({
    config,
    dataset,
    backend: task.backend,
    onEpochEnd: (m) => {
      process.stderr.write(
        `  ${task.backend} epoch ${m.epoch}: ${m.epochSeconds.toFixed(1)} s, ` +
          `${Math.round(m.imagesPerSecond)} images/s\n`,
      );
    },
  });
  return {
    backend: task.backend,
    device: result.device,
    tfjsVersion: result.tfjsVersion,
    images,
    epochSeconds: result.epochs.map((m) => m.epochSeconds),
    testAccuracy: result.testAccuracy,
  };
}
