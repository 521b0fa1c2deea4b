import type { BackendChoice } from '@lenet-lab/training';
import { backendEnv, runChild } from '../child/run-child';
import { progress } from '../progress';
import { mean } from '../stats';

export interface TrainingOptions {
  backends: readonly BackendChoice[];
  preset: string;
  epochs: number;
  imagesFor: (backend: BackendChoice) => number;
  batchSize?: number | null;
  /** Config fields over the preset's (bench:train's --config). Default: none. */
  overrides?: Record<string, unknown>;
  /** At most this many images on a software adapter. Default: SOFTWARE_IMAGES. */
  softwareImages?: number;
}

export interface TrainingRow {
  backend: BackendChoice;
  /** Why the backend could not run, when it could not. */
  unavailable?: string;
  device?: string;
  tfjsVersion?: string;
  images?: number;
  epochs?: number;
  secondsPerEpoch?: number;
  imagesPerSecond?: number;
  testAccuracy?: number | null;
}

/** Only for the per-epoch evaluation the trainer always does; it is not timed. */
const TEST_IMAGES = 1_000;
/** Ten batches of 64: SwiftShader trains LeNet-5 at ~100 images/s on two cores. */
export const SOFTWARE_IMAGES = 640;

/**
 * Training throughput per backend, each in a process of its own, one after the other:
 * concurrent runs would share the cores and time each other.
 */
export async function measureTraining(options: TrainingOptions): Promise<TrainingRow[]> {
  const rows: TrainingRow[] = [];
  for (const backend of options.backends) {
    const images = options.imagesFor(backend);
    progress(`train: ${backend}, ${options.preset}, ${images} images × ${options.epochs} epoch(s)`);
    const outcome = await runChild(
      {
        kind: 'train',
        backend,
        preset: options.preset,
        epochs: options.epochs,
        images,
        testImages: TEST_IMAGES,
        batchSize: options.batchSize ?? null,
        overrides: options.overrides ?? {},
        softwareImages: options.softwareImages ?? SOFTWARE_IMAGES,
      },
      backendEnv(backend),
    );
    if (!outcome.ok) {
      progress(`train: ${backend} unavailable: ${outcome.error}`);
      rows.push({ backend, unavailable: outcome.error });
      continue;
    }
    const { value } = outcome;
    const secondsPerEpoch = mean(value.epochSeconds);
    rows.push({
      backend,
      device: value.device,
      tfjsVersion: value.tfjsVersion,
      images: value.images,
      epochs: value.epochSeconds.length,
      secondsPerEpoch,
      imagesPerSecond: value.images / secondsPerEpoch,
      testAccuracy: value.testAccuracy,
    });
  }
  return rows;
}

/** Backends that train on one core, so that their images/s is also images/s per core. */
export function isSingleThreaded(row: TrainingRow): boolean {
  return row.backend === 'cpu' || /\b1 thread\b/.test(row.device ?? '');
}
