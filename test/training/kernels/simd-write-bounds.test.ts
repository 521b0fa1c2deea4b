import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import fc from 'fast-check';
import {
  heapOffset,
  lenetSimdKernels,
  type LenetSimdKernels,
} from '@lenet-lab/training/kernels/wasm-simd-kernels';
import { leastCommonMultiple } from '@lenet-lab/training/kernels/batch-norm-simd-passes';
import { inputGradientPackedFloats } from '@lenet-lab/training/kernels/wasm-conv2d-backprop-input';
import { initWasmWithCpuReference, randomInput } from './kernel-harness';

/**
 * lenet-kernels.wasm writes into the tfjs wasm backend's own heap, where a store past an
 * output's end lands in some other tensor and nothing fails. So every function is called on
 * random shapes of the kind its TypeScript wrapper sends (that is the contract), with each
 * output and scratch range inside a tensor padded by GUARD floats on either side, and the
 * guards must keep their bits. Two sentinels, each region's guards and contents filled with
 * one: −0, because a padding lane's +0 added to it (a "harmless" whole-vector store past the
 * end) gives +0; and a NaN with its own payload, which no value computed from finite inputs
 * has, so it also shows that every float of the range was written.
 */

const F32_BYTES = 4;
/** Floats of guard on each side: more than the widest store (a 16-float block) reaches. */
const GUARD = 32;
const NEGATIVE_ZERO_BITS = 0x80000000;
const NAN_SENTINEL_BITS = 0x7fd1e5ad;
const SENTINELS = [NEGATIVE_ZERO_BITS, NAN_SENTINEL_BITS];
const RUNS = { numRuns: 60 };

interface GuardedRegion {
  /** Byte offset of the range's first float, to pass to the kernel. */
  offset: number;
  /** Fails naming every guard float whose bits changed (and, under NaN, unwritten floats). */
  check(): void;
}

/** A region of the heap to hand a kernel: the calls run once per sentinel, on fresh regions. */
type RegionFactory = (name: string, size: number) => GuardedRegion;

beforeAll(initWasmWithCpuReference);

const backend = () => tf.backend() as BackendWasm;
const kernels = (): LenetSimdKernels => lenetSimdKernels(backend())!;

function heapBits(tensor: tf.Tensor): Uint32Array {
  const floats = backend().typedArrayFromHeap(tensor) as Float32Array;
  return new Uint32Array(floats.buffer, floats.byteOffset, floats.length);
}

const hex = (bits: number) => `0x${bits.toString(16).padStart(8, '0')}`;

function guardedRegion(name: string, size: number, sentinel: number): GuardedRegion {
  const tensor = tf.zeros([GUARD + size + GUARD]);
  heapBits(tensor).fill(sentinel);
  return {
    offset: heapOffset(backend(), tensor) + GUARD * F32_BYTES,
    check() {
      const bits = heapBits(tensor);
      const problems: string[] = [];
      const guardChanged = (at: number, where: string) => {
        if (bits[at] !== sentinel) {
          problems.push(
            `${name}[${at - GUARD}] (${where}) is ${hex(bits[at])}, was ${hex(sentinel)}`,
          );
        }
      };
      for (let i = 0; i < GUARD; i++) guardChanged(i, 'before the start');
      for (let i = GUARD + size; i < bits.length; i++) guardChanged(i, `past the end of ${size}`);
      if (sentinel === NAN_SENTINEL_BITS) {
        const unwritten = bits.subarray(GUARD, GUARD + size).filter((b) => b === sentinel).length;
        if (unwritten > 0) problems.push(`${name}: ${unwritten} of ${size} floats never written`);
      }
      expect(problems).toEqual([]);
    },
  };
}

/** Runs `call` once per sentinel on fresh guarded regions, then checks every region. */
function expectWritesInside(call: (region: RegionFactory) => void): void {
  for (const sentinel of SENTINELS) {
    tf.tidy(() => {
      const regions: GuardedRegion[] = [];
      call((name, size) => {
        const region = guardedRegion(name, size, sentinel);
        regions.push(region);
        return region;
      });
      for (const region of regions) region.check();
    });
  }
}

/** A plain input tensor of `size` floats in [low, high); its heap offset. */
function input(size: number, seed: number, low = -1, high = 1): number {
  return heapOffset(backend(), tf.tensor1d(randomInput([size], seed, low, high).values));
}

/** BatchNorm's per-channel constants: `period` doubles, as BatchNormSimdPasses lays them out. */
function f64Input(period: number, seed: number): number {
  const doubles = Float64Array.from(randomInput([period], seed).values);
  const tensor = tf.zeros([period * 2]);
  heapBits(tensor).set(new Uint32Array(doubles.buffer));
  return heapOffset(backend(), tensor);
}

const size = (...dims: number[]) => dims.reduce((a, b) => a * b, 1);

const seed = fc.nat({ max: 1_000_000 });
const batch = fc.integer({ min: 1, max: 3 });
/** Multiples of 4 (the channel-vector kernels' contract), below and past a 16-wide block. */
const channelVectors = fc.integer({ min: 1, max: 10 }).map((n) => 4 * n);

describe('lenet-kernels.wasm writes only inside the ranges it is given', () => {
  it('conv2dFilterGradientSingleChannel: out and the transposed-dy scratch', () => {
    // The wrapper's contract: one input channel, outW a multiple of 4, a square k ≤ 5 filter.
    const shapes = fc.record({
      batch,
      k: fc.integer({ min: 1, max: 5 }),
      outH: fc.integer({ min: 1, max: 6 }),
      outW: fc.constantFrom(4, 8, 12),
      channels: fc.oneof(fc.constant(6), fc.integer({ min: 1, max: 9 })),
      seed,
    });
    fc.assert(
      fc.property(shapes, ({ batch, k, outH, outW, channels, seed }) => {
        const [inH, inW] = [outH + k - 1, outW + k - 1];
        expectWritesInside((region) => {
          const scratch = region('scratch', size(batch, outH, outW, channels));
          const out = region('out', size(k, k, channels));
          kernels().conv2dFilterGradientSingleChannel(
            input(size(batch, inH, inW), seed),
            input(size(batch, outH, outW, channels), seed + 1),
            scratch.offset,
            out.offset,
            batch,
            inH,
            inW,
            outH,
            outW,
            channels,
            k,
          );
        });
      }),
      RUNS,
    );
  });

  it('conv2dFilterGradientChannelVectors: out', () => {
    const shapes = fc.record({
      batch,
      kh: fc.integer({ min: 1, max: 5 }),
      kw: fc.integer({ min: 1, max: 5 }),
      inChannels: fc.integer({ min: 1, max: 7 }),
      outH: fc.integer({ min: 1, max: 5 }),
      outW: fc.integer({ min: 1, max: 5 }),
      outChannels: channelVectors,
      seed,
    });
    fc.assert(
      fc.property(shapes, ({ batch, kh, kw, inChannels, outH, outW, outChannels, seed }) => {
        const [inH, inW] = [outH + kh - 1, outW + kw - 1];
        expectWritesInside((region) => {
          const out = region('out', size(kh, kw, inChannels, outChannels));
          kernels().conv2dFilterGradientChannelVectors(
            input(size(batch, inH, inW, inChannels), seed),
            input(size(batch, outH, outW, outChannels), seed + 1),
            out.offset,
            batch,
            inH,
            inW,
            inChannels,
            outH,
            outW,
            outChannels,
            kh,
            kw,
          );
        });
      }),
      RUNS,
    );
  });

  it('maxPool2x2Gradient: dx, odd input sizes included', () => {
    // 2×2 windows, stride 2, valid, at least 4 channels; all-negative x takes the fix-up store.
    const shapes = fc.record({
      batch,
      inH: fc.integer({ min: 2, max: 9 }),
      inW: fc.integer({ min: 2, max: 9 }),
      channels: fc.integer({ min: 4, max: 13 }),
      allNegative: fc.boolean(),
      seed,
    });
    fc.assert(
      fc.property(shapes, ({ batch, inH, inW, channels, allNegative, seed }) => {
        const [outH, outW] = [Math.floor(inH / 2), Math.floor(inW / 2)];
        expectWritesInside((region) => {
          const dx = region('dx', size(batch, inH, inW, channels));
          kernels().maxPool2x2Gradient(
            input(size(batch, inH, inW, channels), seed, -1, allNegative ? 0 : 1),
            input(size(batch, outH, outW, channels), seed + 1),
            dx.offset,
            batch,
            inH,
            inW,
            channels,
            outH,
            outW,
          );
        });
      }),
      RUNS,
    );
  });

  it('sumLeadingAxes: out', () => {
    const shapes = fc.record({
      rows: fc.integer({ min: 1, max: 40 }),
      channels: fc.integer({ min: 4, max: 21 }),
      seed,
    });
    fc.assert(
      fc.property(shapes, ({ rows, channels, seed }) => {
        expectWritesInside((region) => {
          const out = region('out', channels);
          kernels().sumLeadingAxes(input(rows * channels, seed), out.offset, rows, channels);
        });
      }),
      RUNS,
    );
  });

  describe('BatchNorm passes (count rarely a multiple of period = lcm(C, 4))', () => {
    const shapes = fc.record({
      rows: fc.integer({ min: 1, max: 12 }),
      channels: fc.integer({ min: 1, max: 20 }),
      seed,
    });
    const layout = (rows: number, channels: number) => ({
      count: rows * channels,
      period: leastCommonMultiple(channels, 4),
    });

    it('batchNormMomentSums: sums and squares', () => {
      fc.assert(
        fc.property(shapes, ({ rows, channels, seed }) => {
          const { count, period } = layout(rows, channels);
          expectWritesInside((region) => {
            const sums = region('sums', 2 * period);
            const squares = region('squares', 2 * period);
            kernels().batchNormMomentSums(
              input(count, seed),
              count,
              period,
              f64Input(period, seed + 1),
              sums.offset,
              squares.offset,
            );
          });
        }),
        RUNS,
      );
    });

    it('batchNormGradientSums: sumDy and sumDyCentred', () => {
      fc.assert(
        fc.property(shapes, ({ rows, channels, seed }) => {
          const { count, period } = layout(rows, channels);
          expectWritesInside((region) => {
            const sumDy = region('sumDy', 2 * period);
            const sumDyCentred = region('sumDyCentred', 2 * period);
            kernels().batchNormGradientSums(
              input(count, seed),
              input(count, seed + 1),
              count,
              period,
              f64Input(period, seed + 2),
              sumDy.offset,
              sumDyCentred.offset,
            );
          });
        }),
        RUNS,
      );
    });

    it('batchNormScaleShift: out', () => {
      fc.assert(
        fc.property(shapes, ({ rows, channels, seed }) => {
          const { count, period } = layout(rows, channels);
          expectWritesInside((region) => {
            const out = region('out', count);
            kernels().batchNormScaleShift(
              input(count, seed),
              out.offset,
              count,
              period,
              f64Input(period, seed + 1),
              f64Input(period, seed + 2),
            );
          });
        }),
        RUNS,
      );
    });

    it('batchNormInputGradient: out', () => {
      fc.assert(
        fc.property(shapes, ({ rows, channels, seed }) => {
          const { count, period } = layout(rows, channels);
          expectWritesInside((region) => {
            const out = region('out', count);
            kernels().batchNormInputGradient(
              input(count, seed),
              input(count, seed + 1),
              out.offset,
              count,
              period,
              f64Input(period, seed + 2),
              f64Input(period, seed + 3),
              f64Input(period, seed + 4),
            );
          });
        }),
        RUNS,
      );
    });
  });

  it('conv2dForwardSingleChannel: out, any bias and activation', () => {
    // One input channel and rows at least 4 wide; channel counts around the 6-channel group.
    const shapes = fc.record({
      batch,
      kh: fc.integer({ min: 1, max: 5 }),
      kw: fc.integer({ min: 1, max: 5 }),
      outH: fc.integer({ min: 1, max: 5 }),
      outW: fc.integer({ min: 4, max: 11 }),
      outChannels: fc.oneof(fc.constantFrom(6, 12), fc.integer({ min: 1, max: 13 })),
      withBias: fc.boolean(),
      relu: fc.boolean(),
      seed,
    });
    fc.assert(
      fc.property(shapes, (shape) => {
        const { batch, kh, kw, outH, outW, outChannels, withBias, relu, seed } = shape;
        const [inH, inW] = [outH + kh - 1, outW + kw - 1];
        expectWritesInside((region) => {
          const out = region('out', size(batch, outH, outW, outChannels));
          kernels().conv2dForwardSingleChannel(
            input(size(batch, inH, inW), seed),
            input(size(kh, kw, outChannels), seed + 1),
            withBias ? input(outChannels, seed + 2) : 0,
            out.offset,
            batch,
            inH,
            inW,
            outH,
            outW,
            outChannels,
            kh,
            kw,
            relu,
          );
        });
      }),
      RUNS,
    );
  });

  it('conv2dForwardChannelVectors: out, odd widths, any bias and activation', () => {
    // One input channel with rows ≥ 4 wide goes to the single-channel kernel instead.
    const shapes = fc
      .record({
        batch,
        kh: fc.integer({ min: 1, max: 5 }),
        kw: fc.integer({ min: 1, max: 5 }),
        inChannels: fc.integer({ min: 1, max: 7 }),
        outH: fc.integer({ min: 1, max: 5 }),
        outW: fc.integer({ min: 1, max: 7 }),
        outChannels: channelVectors,
        withBias: fc.boolean(),
        relu: fc.boolean(),
        seed,
      })
      .filter(({ inChannels, outW }) => inChannels > 1 || outW < 4);
    fc.assert(
      fc.property(shapes, (shape) => {
        const { batch, kh, kw, inChannels, outH, outW, outChannels, withBias, relu, seed } = shape;
        const [inH, inW] = [outH + kh - 1, outW + kw - 1];
        expectWritesInside((region) => {
          const out = region('out', size(batch, outH, outW, outChannels));
          kernels().conv2dForwardChannelVectors(
            input(size(batch, inH, inW, inChannels), seed),
            input(size(kh, kw, inChannels, outChannels), seed + 1),
            withBias ? input(outChannels, seed + 2) : 0,
            out.offset,
            batch,
            inH,
            inW,
            inChannels,
            outH,
            outW,
            outChannels,
            kh,
            kw,
            relu,
          );
        });
      }),
      RUNS,
    );
  });

  it('conv2dInputGradient: dx and the packed-filter scratch', () => {
    // Any batch, filter and channel counts (valid, stride 1): rows of kw·inC end anywhere.
    const shapes = fc.record({
      batch,
      kh: fc.integer({ min: 1, max: 5 }),
      kw: fc.integer({ min: 1, max: 5 }),
      inChannels: fc.integer({ min: 1, max: 9 }),
      outH: fc.integer({ min: 1, max: 6 }),
      outW: fc.integer({ min: 1, max: 6 }),
      outChannels: fc.integer({ min: 1, max: 10 }),
      seed,
    });
    fc.assert(
      fc.property(shapes, ({ batch, kh, kw, inChannels, outH, outW, outChannels, seed }) => {
        const [inH, inW] = [outH + kh - 1, outW + kw - 1];
        expectWritesInside((region) => {
          const packed = region(
            'packed',
            inputGradientPackedFloats(kh, kw, inChannels, outChannels),
          );
          const dx = region('dx', size(batch, inH, inW, inChannels));
          kernels().conv2dInputGradient(
            input(size(batch, outH, outW, outChannels), seed),
            input(size(kh, kw, inChannels, outChannels), seed + 1),
            packed.offset,
            dx.offset,
            batch,
            outH,
            outW,
            outChannels,
            inH,
            inW,
            inChannels,
            kh,
            kw,
          );
        });
      }),
      RUNS,
    );
  });

  it('denseMatMul: out, A plain or transposed, any bias and activation', () => {
    // At least 4 columns; rows odd and even; A(r, t) through (depth, 1) or Aᵀ's (1, rows).
    const shapes = fc.record({
      rows: fc.integer({ min: 1, max: 9 }),
      depth: fc.integer({ min: 1, max: 20 }),
      cols: fc.integer({ min: 4, max: 40 }),
      transposeA: fc.boolean(),
      withBias: fc.boolean(),
      relu: fc.boolean(),
      seed,
    });
    fc.assert(
      fc.property(shapes, ({ rows, depth, cols, transposeA, withBias, relu, seed }) => {
        const [rowStride, depthStride] = transposeA ? [1, rows] : [depth, 1];
        expectWritesInside((region) => {
          const out = region('out', rows * cols);
          kernels().denseMatMul(
            input(rows * depth, seed),
            rowStride,
            depthStride,
            input(depth * cols, seed + 1),
            withBias ? input(cols, seed + 2) : 0,
            out.offset,
            rows,
            depth,
            cols,
            relu,
          );
        });
      }),
      RUNS,
    );
  });

  it('transposeMatrix: the transposed copy, edges past a multiple of 4', () => {
    // As the dense product calls it on a transposed b: [cols ≥ 4, depth] → [depth, cols].
    const shapes = fc.record({
      rows: fc.integer({ min: 4, max: 23 }),
      cols: fc.integer({ min: 1, max: 23 }),
      seed,
    });
    fc.assert(
      fc.property(shapes, ({ rows, cols, seed }) => {
        expectWritesInside((region) => {
          const to = region('to', rows * cols);
          kernels().transposeMatrix(input(rows * cols, seed), to.offset, rows, cols);
        });
      }),
      RUNS,
    );
  });

  it('reluGradient: dx, lengths past whole vectors and 16-float blocks', () => {
    const shapes = fc.record({ length: fc.integer({ min: 1, max: 100 }), seed });
    fc.assert(
      fc.property(shapes, ({ length, seed }) => {
        expectWritesInside((region) => {
          const dx = region('dx', length);
          kernels().reluGradient(input(length, seed), input(length, seed + 1), dx.offset, length);
        });
      }),
      RUNS,
    );
  });
});
