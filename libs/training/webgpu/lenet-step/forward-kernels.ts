import { f32, flatKernel, storage, type KernelSource } from './wgsl-common';

/**
 * The forward half of the fused LeNet-5 training step: convolution, BatchNorm statistics,
 * BatchNorm + ReLU + 2×2 max-pool in one pass, dense layers, softmax cross-entropy. NHWC
 * layouts and tfjs's arithmetic order, so the step trains as tfjs's ops do on any backend.
 */

export interface ConvShape {
  inSize: number;
  inChannels: number;
  kernel: number;
  outSize: number;
  outChannels: number;
}

export interface ConvOffsets {
  kernel: number;
  bias: number;
}

/** z[b, y, x, o] = Σ_{r, k, i} x[b, y + r, x + k, i] · W[r, k, i, o] + bias[o]. */
export function convForward(s: ConvShape, at: ConvOffsets): KernelSource {
  const rowTaps = s.kernel * s.inChannels;
  return flatKernel(
    [storage('x', 'read'), storage('weights', 'read'), storage('z', 'read_write')],
    `step.count * ${s.outSize * s.outSize * s.outChannels}u`,
    `
  let i = i32(index);
  let o = i % ${s.outChannels};
  let pixel = i / ${s.outChannels};
  let col = pixel % ${s.outSize};
  let row = (pixel / ${s.outSize}) % ${s.outSize};
  let image = pixel / ${s.outSize * s.outSize};
  var sum = 0.0;
  for (var r = 0; r < ${s.kernel}; r++) {
    let xRow = ((image * ${s.inSize} + row + r) * ${s.inSize} + col) * ${s.inChannels};
    let wRow = ${at.kernel} + r * ${rowTaps * s.outChannels} + o;
    for (var k = 0; k < ${rowTaps}; k++) {
      sum = sum + x[xRow + k] * weights[wRow + k * ${s.outChannels}];
    }
  }
  z[index] = sum + weights[${at.bias} + o];`,
  );
}

/** Rows (positions over the batch) per partial sum of a BatchNorm reduction. */
export const BN_ROWS_PER_GROUP = 256;

export interface BatchNormShape {
  /** Positions per image (height × width). */
  positions: number;
  channels: number;
  /** Partial sums per channel for a full batch. */
  groups: number;
}

export interface BatchNormOffsets {
  gamma: number;
  beta: number;
  movingMean: number;
  movingVariance: number;
}

/**
 * Per group of rows and channel: Σd and Σd² with d = x − x₀, x₀ the channel's first value.
 * Shifted sums keep the one-pass variance exact enough in float32 (x₀ is near the mean).
 */
export function batchNormPartials(s: BatchNormShape): KernelSource {
  return flatKernel(
    [storage('z', 'read'), storage('partials', 'read_write')],
    `${s.groups * s.channels}u`,
    `
  let c = index % ${s.channels}u;
  let group = index / ${s.channels}u;
  let rows = step.count * ${s.positions}u;
  let first = group * ${BN_ROWS_PER_GROUP}u;
  let last = min(first + ${BN_ROWS_PER_GROUP}u, rows);
  let origin = z[c];
  var sum = 0.0;
  var squares = 0.0;
  for (var row = first; row < last; row++) {
    let d = z[row * ${s.channels}u + c] - origin;
    sum = sum + d;
    squares = squares + d * d;
  }
  partials[(group * 2u) * ${s.channels}u + c] = sum;
  partials[(group * 2u + 1u) * ${s.channels}u + c] = squares;`,
  );
}

/**
 * Per channel: the batch's mean and biased variance into stats[0..C) and stats[C..2C), and
 * the moving statistics updated as the layer does (moving −= (moving − batch) · (1 − momentum)).
 */
export function batchNormMoments(
  s: BatchNormShape,
  at: BatchNormOffsets,
  momentum: number,
): KernelSource {
  return flatKernel(
    [
      storage('z', 'read'),
      storage('partials', 'read'),
      storage('stats', 'read_write'),
      storage('weights', 'read_write'),
    ],
    `${s.channels}u`,
    `
  let c = index;
  let rows = step.count * ${s.positions}u;
  let groups = (rows + ${BN_ROWS_PER_GROUP - 1}u) / ${BN_ROWS_PER_GROUP}u;
  var sum = 0.0;
  var squares = 0.0;
  for (var group = 0u; group < groups; group++) {
    sum = sum + partials[(group * 2u) * ${s.channels}u + c];
    squares = squares + partials[(group * 2u + 1u) * ${s.channels}u + c];
  }
  let meanOffset = sum / f32(rows);
  let mean = z[c] + meanOffset;
  let variance = max(squares / f32(rows) - meanOffset * meanOffset, 0.0);
  stats[c] = mean;
  stats[${s.channels}u + c] = variance;
  let decay = ${f32(1 - momentum)};
  let movingMean = weights[${at.movingMean}u + c];
  weights[${at.movingMean}u + c] = movingMean - (movingMean - mean) * decay;
  let movingVariance = weights[${at.movingVariance}u + c];
  weights[${at.movingVariance}u + c] = movingVariance - (movingVariance - variance) * decay;`,
  );
}

/** WGSL for the value the ReLU sees at flat offset `at` of z: z itself, or BatchNorm's output. */
export function preActivation(
  channels: number,
  batchNorm: { offsets: BatchNormOffsets; epsilon: number } | null,
  at: string,
): string {
  if (!batchNorm) return `z[${at}]`;
  const c = `(${at}) % ${channels}`;
  const { gamma, beta } = batchNorm.offsets;
  return (
    `(weights[${gamma} + ${c}] * ((z[${at}] - stats[${c}]) * ` +
    `inverseSqrt(stats[${channels} + ${c}] + ${f32(batchNorm.epsilon)})) + weights[${beta} + ${c}])`
  );
}

/**
 * pooled = max over each 2×2 window of ReLU(pre-activation), with the window position of the
 * first maximum (row by row, as tfjs's max-pool gradient picks it) for the backward pass.
 */
export function reluMaxPool(
  s: { convSize: number; channels: number },
  batchNorm: { offsets: BatchNormOffsets; epsilon: number } | null,
): KernelSource {
  const pooled = s.convSize / 2;
  const declarations = [
    storage('z', 'read'),
    storage('pooled', 'read_write'),
    storage('argmax', 'read_write', 'u32'),
  ];
  // BatchNorm's γ and β live in the weights, its batch statistics in stats.
  if (batchNorm) declarations.push(storage('weights', 'read'), storage('stats', 'read'));
  return flatKernel(
    declarations,
    `step.count * ${pooled * pooled * s.channels}u`,
    `
  let i = i32(index);
  let c = i % ${s.channels};
  let cell = i / ${s.channels};
  let col = (cell % ${pooled}) * 2;
  let row = ((cell / ${pooled}) % ${pooled}) * 2;
  let image = cell / ${pooled * pooled};
  var best = 0.0;
  var bestAt = 0u;
  for (var k = 0; k < 4; k++) {
    let at = ((image * ${s.convSize} + row + k / 2) * ${s.convSize} + col + k % 2) * ${s.channels} + c;
    let value = max(${preActivation(s.channels, batchNorm, 'at')}, 0.0);
    if (k == 0 || value > best) {
      best = value;
      bestAt = u32(k);
    }
  }
  pooled[index] = best;
  argmax[index] = bestAt;`,
  );
}

/** out[i, n] = act(Σ_k x[i, k] · W[k, n] + bias[n]). */
export function denseForward(
  s: { inputs: number; units: number; relu: boolean },
  at: { kernel: number; bias: number },
): KernelSource {
  return flatKernel(
    [storage('x', 'read'), storage('weights', 'read'), storage('out', 'read_write')],
    `step.count * ${s.units}u`,
    `
  let n = index % ${s.units}u;
  let row = (index / ${s.units}u) * ${s.inputs}u;
  var sum = 0.0;
  for (var k = 0u; k < ${s.inputs}u; k++) {
    sum = sum + x[row + k] * weights[${at.kernel}u + k * ${s.units}u + n];
  }
  sum = sum + weights[${at.bias}u + n];
  out[index] = ${s.relu ? 'max(sum, 0.0)' : 'sum'};`,
  );
}

/**
 * Per image: −Σ labels · logSoftmax(logits) as tfjs computes it (logits − max − log Σ exp),
 * whether the first largest logit is the label's class, and ∂(mean loss)/∂logits =
 * (softmax − labels) / count.
 */
export function softmaxCrossEntropy(classes: number): KernelSource {
  return flatKernel(
    [
      storage('logits', 'read'),
      storage('labels', 'read'),
      storage('dLogits', 'read_write'),
      storage('sampleLoss', 'read_write'),
      storage('sampleCorrect', 'read_write'),
    ],
    'step.count',
    `
  let row = index * ${classes}u;
  var largest = logits[row];
  var predicted = 0u;
  var label = 0u;
  for (var j = 1u; j < ${classes}u; j++) {
    if (logits[row + j] > largest) {
      largest = logits[row + j];
      predicted = j;
    }
    if (labels[row + j] > labels[row + label]) { label = j; }
  }
  var total = 0.0;
  for (var j = 0u; j < ${classes}u; j++) { total = total + exp(logits[row + j] - largest); }
  let logTotal = log(total);
  var loss = 0.0;
  for (var j = 0u; j < ${classes}u; j++) {
    let shifted = logits[row + j] - largest;
    loss = loss - labels[row + j] * (shifted - logTotal);
    dLogits[row + j] = (exp(shifted) / total - labels[row + j]) / f32(step.count);
  }
  sampleLoss[index] = loss;
  sampleCorrect[index] = select(0.0, 1.0, predicted == label);`,
  );
}

/**
 * One invocation: the batch's mean loss into totals[2] (for progress reports), and the epoch's
 * running sums of loss × images and of correct predictions into totals[0] and totals[1].
 */
export function accumulateTotals(): KernelSource {
  return flatKernel(
    [
      storage('sampleLoss', 'read'),
      storage('sampleCorrect', 'read'),
      storage('totals', 'read_write'),
    ],
    '1u',
    `
  var loss = 0.0;
  var correct = 0.0;
  for (var i = 0u; i < step.count; i++) {
    loss = loss + sampleLoss[i];
    correct = correct + sampleCorrect[i];
  }
  let mean = loss / f32(step.count);
  totals[0] = totals[0] + mean * f32(step.count);
  totals[1] = totals[1] + correct;
  totals[2] = mean;`,
  );
}
