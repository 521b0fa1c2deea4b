import { performance } from 'node:perf_hooks';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { PIXELS_PER_IMAGE } from '@lenet-lab/mnist';
import { predictDigits } from './digit-predictor';
import { lowestWindowMedian } from './lowest-window-median';

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
  /**
   * The timed calls are split into this many consecutive windows, each with its share of
   * minMillis and minCalls (at least one call); the result is the lowest window's median.
   * Default: 5. 1 gives the plain median of every call.
   */
  windows?: number;
}

export interface PredictionLatency {
  batchSize: number;
  /**
   * Wall time of one call (normalisation, forward pass, softmax, reading the result): the
   * median of the quietest window of calls (see lowestWindowMedian).
   */
  msPerBatch: number;
  msPerImage: number;
  calls: number;
}

/**
 * How long `predictDigits` takes on this process's backend, per call and per image: the median
 * of the quietest of several windows of calls, because one call of a few tenths of a
 * millisecond is at the mercy of the garbage collector, the JIT and the scheduler.
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
    const windowCount = Math.max(1, Math.floor(options.windows ?? 5));
    const windowCalls = Math.max(1, Math.ceil((options.minCalls ?? 10) / windowCount));
    const windowMillis = (options.minMillis ?? 300) / windowCount;
    const windows: number[][] = [];
    for (let w = 0; w < windowCount; w++) {
      const timings: number[] = [];
      const started = performance.now();
      while (timings.length < windowCalls || performance.now() - started < windowMillis) {
        const callStarted = performance.now();
        await predictDigits(model, images);
        timings.push(performance.now() - callStarted);
      }
      windows.push(timings);
    }
    const msPerBatch = lowestWindowMedian(windows)!;
    results.push({
      batchSize,
      msPerBatch,
      msPerImage: msPerBatch / batchSize,
      calls: windows.reduce((calls, window) => calls + window.length, 0),
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
