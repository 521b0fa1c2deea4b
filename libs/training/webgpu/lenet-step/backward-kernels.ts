import {
  BN_ROWS_PER_GROUP,
  preActivation,
  type BatchNormOffsets,
  type BatchNormShape,
  type ConvOffsets,
  type ConvShape,
} from './forward-kernels';
import { f32, flatKernel, storage, type KernelSource } from './wgsl-common';

/**
 * The backward half of the fused LeNet-5 training step and the SGD update. Every gradient is
 * written into the gradient buffer at its weight's offset; sums over the batch run in image
 * order, so a step gives the same numbers every time.
 */

/** Images per partial sum of a convolution's weight gradient. */
export const IMAGES_PER_GROUP = 4;

/** dW[k, n] = Σ_i x[i, k] · d[i, n] and dBias[n] = Σ_i d[i, n], one invocation per value. */
export function denseWeightGradient(
  s: { inputs: number; units: number },
  at: { kernel: number; bias: number },
): KernelSource {
  const weights = s.inputs * s.units;
  return flatKernel(
    [storage('x', 'read'), storage('d', 'read'), storage('grads', 'read_write')],
    `${weights + s.units}u`,
    `
  var sum = 0.0;
  if (index < ${weights}u) {
    let k = index / ${s.units}u;
    let n = index % ${s.units}u;
    for (var i = 0u; i < step.count; i++) {
      sum = sum + x[i * ${s.inputs}u + k] * d[i * ${s.units}u + n];
    }
    grads[${at.kernel}u + index] = sum;
  } else {
    let n = index - ${weights}u;
    for (var i = 0u; i < step.count; i++) { sum = sum + d[i * ${s.units}u + n]; }
    grads[${at.bias}u + n] = sum;
  }`,
  );
}

/**
 * dx[i, k] = Σ_n d[i, n] · W[k, n]; with `reluMask`, zero where the layer's input (the previous
 * layer's ReLU output) is not positive: the gradient of that layer's pre-activation.
 */
export function denseInputGradient(
  s: { inputs: number; units: number; reluMask: boolean },
  at: { kernel: number },
): KernelSource {
  const declarations = [
    storage('d', 'read'),
    storage('weights', 'read'),
    storage('dx', 'read_write'),
  ];
  if (s.reluMask) declarations.push(storage('x', 'read'));
  return flatKernel(
    declarations,
    `step.count * ${s.inputs}u`,
    `
  let i = index / ${s.inputs}u;
  let k = index % ${s.inputs}u;
  var sum = 0.0;
  for (var n = 0u; n < ${s.units}u; n++) {
    sum = sum + d[i * ${s.units}u + n] * weights[${at.kernel}u + k * ${s.units}u + n];
  }
  dx[index] = ${s.reluMask ? 'select(0.0, sum, x[index] > 0.0)' : 'sum'};`,
  );
}

/**
 * The gradient of the ReLU's input (z, or BatchNorm's output): the pooled gradient at the
 * window's first maximum, where the ReLU was active; zero elsewhere.
 */
export function maxPoolReluGradient(
  s: { convSize: number; channels: number },
  batchNorm: { offsets: BatchNormOffsets; epsilon: number } | null,
): KernelSource {
  const pooled = s.convSize / 2;
  const declarations = [
    storage('dPooled', 'read'),
    storage('argmax', 'read', 'u32'),
    storage('z', 'read'),
    storage('dOut', 'read_write'),
  ];
  if (batchNorm) declarations.push(storage('weights', 'read'), storage('stats', 'read'));
  return flatKernel(
    declarations,
    `step.count * ${s.convSize * s.convSize * s.channels}u`,
    `
  let i = i32(index);
  let c = i % ${s.channels};
  let pixel = i / ${s.channels};
  let col = pixel % ${s.convSize};
  let row = (pixel / ${s.convSize}) % ${s.convSize};
  let image = pixel / ${s.convSize * s.convSize};
  let cell = ((image * ${pooled} + row / 2) * ${pooled} + col / 2) * ${s.channels} + c;
  let window = u32((row % 2) * 2 + col % 2);
  var gradient = 0.0;
  if (argmax[cell] == window && ${preActivation(s.channels, batchNorm, 'i')} > 0.0) {
    gradient = dPooled[cell];
  }
  dOut[index] = gradient;`,
  );
}

/** Per group of rows and channel: Σdy and Σdy·x̂, with x̂ = (z − μ)·σ⁻¹ from the forward stats. */
export function batchNormGradientPartials(s: BatchNormShape, epsilon: number): KernelSource {
  return flatKernel(
    [
      storage('dy', 'read'),
      storage('z', 'read'),
      storage('stats', 'read'),
      storage('partials', 'read_write'),
    ],
    `${s.groups * s.channels}u`,
    `
  let c = index % ${s.channels}u;
  let group = index / ${s.channels}u;
  let rows = step.count * ${s.positions}u;
  let first = group * ${BN_ROWS_PER_GROUP}u;
  let last = min(first + ${BN_ROWS_PER_GROUP}u, rows);
  let mean = stats[c];
  let inverseStd = inverseSqrt(stats[${s.channels}u + c] + ${f32(epsilon)});
  var sumDy = 0.0;
  var sumDyNormalised = 0.0;
  for (var row = first; row < last; row++) {
    let at = row * ${s.channels}u + c;
    sumDy = sumDy + dy[at];
    sumDyNormalised = sumDyNormalised + dy[at] * (z[at] - mean) * inverseStd;
  }
  partials[(group * 2u) * ${s.channels}u + c] = sumDy;
  partials[(group * 2u + 1u) * ${s.channels}u + c] = sumDyNormalised;`,
  );
}

/** Per channel: dβ = Σdy and dγ = Σdy·x̂ into the gradients, and both kept in stats[2C..4C). */
export function batchNormGradientSums(s: BatchNormShape, at: BatchNormOffsets): KernelSource {
  return flatKernel(
    [storage('partials', 'read'), storage('stats', 'read_write'), storage('grads', 'read_write')],
    `${s.channels}u`,
    `
  let c = index;
  let groups = (step.count * ${s.positions}u + ${BN_ROWS_PER_GROUP - 1}u) / ${BN_ROWS_PER_GROUP}u;
  var sumDy = 0.0;
  var sumDyNormalised = 0.0;
  for (var group = 0u; group < groups; group++) {
    sumDy = sumDy + partials[(group * 2u) * ${s.channels}u + c];
    sumDyNormalised = sumDyNormalised + partials[(group * 2u + 1u) * ${s.channels}u + c];
  }
  stats[${2 * s.channels}u + c] = sumDy;
  stats[${3 * s.channels}u + c] = sumDyNormalised;
  grads[${at.beta}u + c] = sumDy;
  grads[${at.gamma}u + c] = sumDyNormalised;`,
  );
}

/** dz = γ·σ⁻¹·(dy − Σdy/N − x̂·Σ(dy·x̂)/N), N the rows (positions over the batch). */
export function batchNormInputGradient(
  s: BatchNormShape,
  at: BatchNormOffsets,
  epsilon: number,
): KernelSource {
  return flatKernel(
    [
      storage('dy', 'read'),
      storage('z', 'read'),
      storage('stats', 'read'),
      storage('weights', 'read'),
      storage('dz', 'read_write'),
    ],
    `step.count * ${s.positions * s.channels}u`,
    `
  let c = index % ${s.channels}u;
  let rows = f32(step.count * ${s.positions}u);
  let inverseStd = inverseSqrt(stats[${s.channels}u + c] + ${f32(epsilon)});
  let normalised = (z[index] - stats[c]) * inverseStd;
  let meanDy = stats[${2 * s.channels}u + c] / rows;
  let meanDyNormalised = stats[${3 * s.channels}u + c] / rows;
  dz[index] = weights[${at.gamma}u + c] * inverseStd * (dy[index] - meanDy - normalised * meanDyNormalised);`,
  );
}

/**
 * Partial sums of a convolution's weight and bias gradients over groups of IMAGES_PER_GROUP
 * images: partials[g, j] for the filter's values j, then its biases.
 */
export function convWeightGradientPartials(s: ConvShape, groups: number): KernelSource {
  const filter = s.kernel * s.kernel * s.inChannels * s.outChannels;
  const width = filter + s.outChannels;
  return flatKernel(
    [storage('x', 'read'), storage('dz', 'read'), storage('partials', 'read_write')],
    `${groups * width}u`,
    `
  let i = i32(index);
  let j = i % ${width};
  let firstImage = (i / ${width}) * ${IMAGES_PER_GROUP};
  let lastImage = min(firstImage + ${IMAGES_PER_GROUP}, i32(step.count));
  var sum = 0.0;
  if (j < ${filter}) {
    let o = j % ${s.outChannels};
    let channel = (j / ${s.outChannels}) % ${s.inChannels};
    let k = (j / ${s.outChannels * s.inChannels}) % ${s.kernel};
    let r = j / ${s.outChannels * s.inChannels * s.kernel};
    for (var b = firstImage; b < lastImage; b++) {
      for (var y = 0; y < ${s.outSize}; y++) {
        let xAt = ((b * ${s.inSize} + y + r) * ${s.inSize} + k) * ${s.inChannels} + channel;
        let dzAt = (b * ${s.outSize} + y) * ${s.outSize * s.outChannels} + o;
        for (var c = 0; c < ${s.outSize}; c++) {
          sum = sum + x[xAt + c * ${s.inChannels}] * dz[dzAt + c * ${s.outChannels}];
        }
      }
    }
  } else {
    let o = j - ${filter};
    for (var b = firstImage; b < lastImage; b++) {
      for (var p = 0; p < ${s.outSize * s.outSize}; p++) {
        sum = sum + dz[(b * ${s.outSize * s.outSize} + p) * ${s.outChannels} + o];
      }
    }
  }
  partials[index] = sum;`,
  );
}

/** The weight and bias gradients: the partial sums of the groups this batch filled, added. */
export function convWeightGradientSums(s: ConvShape, at: ConvOffsets): KernelSource {
  const filter = s.kernel * s.kernel * s.inChannels * s.outChannels;
  const width = filter + s.outChannels;
  return flatKernel(
    [storage('partials', 'read'), storage('grads', 'read_write')],
    `${width}u`,
    `
  let groups = (step.count + ${IMAGES_PER_GROUP - 1}u) / ${IMAGES_PER_GROUP}u;
  var sum = 0.0;
  for (var group = 0u; group < groups; group++) { sum = sum + partials[group * ${width}u + index]; }
  if (index < ${filter}u) {
    grads[${at.kernel}u + index] = sum;
  } else {
    grads[${at.bias}u + index - ${filter}u] = sum;
  }`,
  );
}

/** dx[b, y, x, i] = Σ over the taps that reach it and the outputs o of dz · W. */
export function convInputGradient(s: ConvShape, at: { kernel: number }): KernelSource {
  return flatKernel(
    [storage('dz', 'read'), storage('weights', 'read'), storage('dx', 'read_write')],
    `step.count * ${s.inSize * s.inSize * s.inChannels}u`,
    `
  let i = i32(index);
  let channel = i % ${s.inChannels};
  let pixel = i / ${s.inChannels};
  let col = pixel % ${s.inSize};
  let row = (pixel / ${s.inSize}) % ${s.inSize};
  let image = pixel / ${s.inSize * s.inSize};
  var sum = 0.0;
  for (var r = max(0, row - ${s.outSize - 1}); r <= min(${s.kernel - 1}, row); r++) {
    for (var k = max(0, col - ${s.outSize - 1}); k <= min(${s.kernel - 1}, col); k++) {
      let dzAt = ((image * ${s.outSize} + row - r) * ${s.outSize} + col - k) * ${s.outChannels};
      let wAt = ${at.kernel} + ((r * ${s.kernel} + k) * ${s.inChannels} + channel) * ${s.outChannels};
      for (var o = 0; o < ${s.outChannels}; o++) {
        sum = sum + dz[dzAt + o] * weights[wAt + o];
      }
    }
  }
  dx[index] = sum;`,
  );
}

/** SGD with momentum as tfjs's: m ← momentum·m + g, w ← w − lr·m, for every trainable value. */
export function momentumUpdate(trainableSize: number): KernelSource {
  return flatKernel(
    [storage('grads', 'read'), storage('velocity', 'read_write'), storage('weights', 'read_write')],
    `${trainableSize}u`,
    `
  let m = step.momentum * velocity[index] + grads[index];
  velocity[index] = m;
  weights[index] = weights[index] - step.learningRate * m;`,
  );
}
