import { performance } from 'node:perf_hooks';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { PIXELS_PER_IMAGE } from '@lenet-lab/mnist';
import { predictDigits } from './digit-predictor';

export interface PredictionLatencyOptions {
  /** Images per call to measure. Default: [1, 256]. */
  batchSizes?: number[];
  /** Untimed calls first (kernel set-up, first allocations). Default: 5. */
  warmupCalls?: number;
  /**
   * ... continuing for at least this long, so the JIT has compiled the JavaScript around the
   * kernels before a call of a few tenths of a millisecond is timed. Default: 100 ms.
   */
  warmupMillis?: number;
  /** Timed calls per batch size continue until at least this long. Default: 300 ms. */
  minMillis?: number;
  /** ... and at least this many calls. Default: 10. */
  minCalls?: number;
}

export interface PredictionLatency {
  batchSize: number;
  /** Median wall time of one call: normalisation, forward pass, softmax, reading the result. */
  msPerBatch: number;
  msPerImage: number;
  calls: number;
}

/**
 * How long `predictDigits` takes on this process's backend, per call and per image. The median
 * of many calls, because one call of a few tenths of a millisecond is at the mercy of the
 * garbage collector and the scheduler.
 */
export async function measurePredictionLatency(
  model: LayersModel,
  options: PredictionLatencyOptions = {},
): Promise<PredictionLatency[]> {
  const batchSizes = options.batchSizes ?? [1, 256];
  const results: PredictionLatency[] = [];
  for (const batchSize of batchSizes) {
    const images = syntheticDigits(batchSize);
    const warmupStarted = performance.now();
    for (
      let calls = 0;
      calls < (options.warmupCalls ?? 5) ||
      performance.now() - warmupStarted < (options.warmupMillis ?? 100);
      calls++
    ) {
      await predictDigits(model, images);
    }
    const timings: number[] = [];
    const started = performance.now();
    while (
      timings.length < (options.minCalls ?? 10) ||
      performance.now() - started < (options.minMillis ?? 300)
    ) {
      const callStarted = performance.now();
      await predictDigits(model, images);
      timings.push(performance.now() - callStarted);
    }
    const msPerBatch = median(timings);
    results.push({
      batchSize,
      msPerBatch,
      msPerImage: msPerBatch / batchSize,
      calls: timings.length,
    });
  }
  return results;
}

/** Stroke-like pixel patterns: the cost of a forward pass does not depend on the values. */
function syntheticDigits(count: number): Uint8Array[] {
  return Array.from({ length: count }, (_, n) => {
    const image = new Uint8Array(PIXELS_PER_IMAGE);
    for (let i = 0; i < PIXELS_PER_IMAGE; i++) image[i] = (i * 31 + n * 17) % 256;
    return image;
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
