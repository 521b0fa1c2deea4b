import { util, type TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  F32X4_LANES,
  heapF64,
  heapOffset,
  withScratch,
  type LenetSimdKernels,
} from './wasm-simd-kernels';

const F64_BYTES = 8;

/**
 * Training-mode BatchNorm's passes over the activation on lenet-kernels.wasm, the same
 * double-precision arithmetic as the JavaScript loops in wasm-batch-norm-training.ts (the
 * elementwise passes give the same float32 values; the sums run in a different order, in
 * double, so they agree far below float32's rounding). Per-channel constants are laid out as
 * patterns of lcm(C, 4) doubles so every SIMD vector of the NHWC activation meets its own.
 */
export class BatchNormSimdPasses {
  private readonly channels: number;
  private readonly period: number;
  private readonly count: number;

  constructor(
    private readonly kernels: LenetSimdKernels,
    private readonly backend: BackendWasm,
    x: TensorInfo,
  ) {
    this.channels = x.shape[x.shape.length - 1];
    this.period = leastCommonMultiple(this.channels, F32X4_LANES);
    this.count = util.sizeFromShape(x.shape);
  }

  /** Per-channel mean and biased variance (around each channel's first value, as the JS). */
  moments(x: TensorInfo): { mean: Float64Array; variance: Float64Array } {
    const { channels, period, count } = this;
    const rows = count / channels;
    return this.withPatterns(3, ([origin, sums, squares]) => {
      const first = this.f32(x).subarray(0, channels);
      this.fillPattern(origin, Float64Array.from(first));
      this.kernels.batchNormMomentSums(
        heapOffset(this.backend, x),
        count,
        period,
        origin.offset,
        sums.offset,
        squares.offset,
      );
      const sum = this.fold(sums);
      const sumSquares = this.fold(squares);
      const mean = new Float64Array(channels);
      const variance = new Float64Array(channels);
      for (let c = 0; c < channels; c++) {
        const meanOffset = sum[c] / rows;
        mean[c] = first[c] + meanOffset;
        variance[c] = Math.max(sumSquares[c] / rows - meanOffset * meanOffset, 0);
      }
      return { mean, variance };
    });
  }

  /** out = x·scale + shift per channel. */
  scaleShift(x: TensorInfo, out: TensorInfo, scale: Float64Array, shift: Float64Array): void {
    this.withPatterns(2, ([scales, shifts]) => {
      this.fillPattern(scales, scale);
      this.fillPattern(shifts, shift);
      this.kernels.batchNormScaleShift(
        heapOffset(this.backend, x),
        heapOffset(this.backend, out),
        this.count,
        this.period,
        scales.offset,
        shifts.offset,
      );
    });
  }

  /** Σ dy and Σ dy·(x − mean) per channel. */
  gradientSums(
    dy: TensorInfo,
    x: TensorInfo,
    mean: TensorInfo,
  ): { sumDy: Float64Array; sumDyCentred: Float64Array } {
    return this.withPatterns(3, ([means, sumDy, sumDyCentred]) => {
      // Read after withPatterns' allocation, which may grow the heap and detach older views.
      this.fillPattern(means, Float64Array.from(this.f32(mean)));
      this.kernels.batchNormGradientSums(
        heapOffset(this.backend, dy),
        heapOffset(this.backend, x),
        this.count,
        this.period,
        means.offset,
        sumDy.offset,
        sumDyCentred.offset,
      );
      return { sumDy: this.fold(sumDy), sumDyCentred: this.fold(sumDyCentred) };
    });
  }

  /** dx = a·dy + b·x + shift per channel. */
  inputGradient(
    dy: TensorInfo,
    x: TensorInfo,
    dx: TensorInfo,
    constants: { a: Float64Array; b: Float64Array; shift: Float64Array },
  ): void {
    this.withPatterns(3, ([a, b, shift]) => {
      this.fillPattern(a, constants.a);
      this.fillPattern(b, constants.b);
      this.fillPattern(shift, constants.shift);
      this.kernels.batchNormInputGradient(
        heapOffset(this.backend, dy),
        heapOffset(this.backend, x),
        heapOffset(this.backend, dx),
        this.count,
        this.period,
        a.offset,
        b.offset,
        shift.offset,
      );
    });
  }

  /** `n` pattern arrays on the heap for the duration of `use`. */
  private withPatterns<T>(n: number, use: (patterns: Pattern[]) => T): T {
    const bytes = this.period * F64_BYTES;
    return withScratch(this.backend, n * bytes, (offset) =>
      use(Array.from({ length: n }, (_, i) => ({ offset: offset + i * bytes }))),
    );
  }

  private fillPattern(pattern: Pattern, perChannel: Float64Array): void {
    const view = this.f64(pattern);
    for (let p = 0; p < this.period; p++) view[p] = perChannel[p % this.channels];
  }

  /** Adds up each channel's pattern positions. */
  private fold(pattern: Pattern): Float64Array {
    const view = this.f64(pattern);
    const perChannel = new Float64Array(this.channels);
    for (let p = 0; p < this.period; p++) perChannel[p % this.channels] += view[p];
    return perChannel;
  }

  private f64(pattern: Pattern): Float64Array {
    return heapF64(this.backend, pattern.offset, this.period);
  }

  private f32(t: TensorInfo): Float32Array {
    return this.backend.typedArrayFromHeap(t) as Float32Array;
  }
}

interface Pattern {
  offset: number;
}

export function leastCommonMultiple(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return (a * b) / x;
}
