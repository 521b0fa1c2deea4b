import { util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import {
  BATCH_NORM_TRAINING,
  BATCH_NORM_TRAINING_GRAD,
  type BatchNormTrainingAttrs,
} from '../../kernels/batch-norm-training';
import { runFlatProgram, sumPartials } from './flat-program';

/**
 * Rows (positions over the batch) per partial sum: conv1's 36,864 rows per channel at batch 64
 * become 144 partial sums per channel, enough invocations to fill a GPU.
 */
const ROWS_PER_PARTIAL = 256;

interface KernelArgs {
  inputs: Record<string, TensorInfo>;
  backend: WebGPUBackend;
  attrs: BatchNormTrainingAttrs;
}

/** x viewed as rows × channels (every axis but the last is a row). */
function layout(x: TensorInfo) {
  const channels = x.shape[x.shape.length - 1];
  const rows = util.sizeFromShape(x.shape) / channels;
  return { channels, rows, groups: Math.ceil(rows / ROWS_PER_PARTIAL) };
}

/**
 * WGSL that sums `term` over group `group`'s rows of channel `c` (index % channels) into `sum`;
 * `term` reads the element at flat offset `at`.
 */
function groupSum(channels: number, group: string, term: string): string {
  return `
    let c = index % ${channels};
    let first = (${group}) * ${ROWS_PER_PARTIAL};
    let last = min(first + ${ROWS_PER_PARTIAL}, i32(uniforms.rows));
    var sum = 0.0;
    for (var row = first; row < last; row++) {
      let at = row * ${channels} + c;
      sum = sum + ${term};
    }`;
}

/**
 * The BatchNorm training kernels (kernels/batch-norm-training.ts) on webgpu: the mean and the
 * variance as two-pass reductions (partial sums over groups of rows, then their sum), the
 * variance over (x − μ)² as tfjs's moments computes it, then one element-wise pass. Five
 * dispatches forward and five backward, where tfjs's composite takes about fifty per layer
 * and step.
 */
function batchNormTraining({ inputs, backend, attrs }: KernelArgs): TensorInfo[] {
  const { x, gamma, beta } = inputs;
  const { channels, rows, groups } = layout(x);
  const partialSums = runFlatProgram(
    backend,
    {
      shaderKey: `lenetBatchNormSums_${channels}`,
      outputShape: [groups, channels],
      variableNames: ['x'],
      uniforms: { rows },
      main: `fn main(index : i32) {
        if (index >= uniforms.size) { return; }
        ${groupSum(channels, `index / ${channels}`, 'x[at]')}
        result[index] = sum;
      }`,
    },
    [x],
  );
  const mean = sumPartials(backend, partialSums, [channels], rows);
  backend.disposeData(partialSums.dataId);
  const partialSquares = runFlatProgram(
    backend,
    {
      shaderKey: `lenetBatchNormSquares_${channels}`,
      outputShape: [groups, channels],
      variableNames: ['x', 'mean'],
      uniforms: { rows },
      main: `fn main(index : i32) {
        if (index >= uniforms.size) { return; }
        ${groupSum(channels, `index / ${channels}`, '(x[at] - mean[c]) * (x[at] - mean[c])')}
        result[index] = sum;
      }`,
    },
    [x, mean],
  );
  const variance = sumPartials(backend, partialSquares, [channels], rows);
  backend.disposeData(partialSquares.dataId);
  const y = runFlatProgram(
    backend,
    {
      shaderKey: `lenetBatchNormApply_${channels}`,
      outputShape: x.shape,
      variableNames: ['x', 'gamma', 'beta', 'mean', 'variance'],
      uniforms: { epsilon: attrs.epsilon },
      main: `fn main(index : i32) {
        if (index >= uniforms.size) { return; }
        let c = index % ${channels};
        let normalised = (x[index] - mean[c]) * inverseSqrt(variance[c] + uniforms.epsilon);
        result[index] = gamma[c] * normalised + beta[c];
      }`,
    },
    [x, gamma, beta, mean, variance],
  );
  return [y, mean, variance];
}

function batchNormTrainingGrad({ inputs, backend, attrs }: KernelArgs): TensorInfo[] {
  const { dy, x, gamma, mean, variance } = inputs;
  const { channels, rows, groups } = layout(x);
  // Row 0: Σdy; row 1: Σdy·x̂, per channel.
  const partials = runFlatProgram(
    backend,
    {
      shaderKey: `lenetBatchNormGradSums_${channels}`,
      outputShape: [groups, 2 * channels],
      variableNames: ['dy', 'x', 'mean', 'variance'],
      uniforms: { rows, epsilon: attrs.epsilon },
      main: `fn main(index : i32) {
        if (index >= uniforms.size) { return; }
        let which = (index / ${channels}) % 2;
        let invStd = inverseSqrt(variance[index % ${channels}] + uniforms.epsilon);
        ${groupSum(
          channels,
          `index / ${2 * channels}`,
          'select(dy[at] * (x[at] - mean[c]) * invStd, dy[at], which == 0)',
        )}
        result[index] = sum;
      }`,
    },
    [dy, x, mean, variance],
  );
  const sums = sumPartials(backend, partials, [2, channels]);
  backend.disposeData(partials.dataId);
  const pick = (row: number) =>
    runFlatProgram(
      backend,
      {
        shaderKey: `lenetBatchNormGradRow_${channels}_${row}`,
        outputShape: [channels],
        variableNames: ['sums'],
        main: `fn main(index : i32) {
          if (index >= uniforms.size) { return; }
          result[index] = sums[${row * channels} + index];
        }`,
      },
      [sums],
    );
  const dBeta = pick(0);
  const dGamma = pick(1);
  const dx = runFlatProgram(
    backend,
    {
      shaderKey: `lenetBatchNormGradInput_${channels}`,
      outputShape: x.shape,
      variableNames: ['dy', 'x', 'gamma', 'mean', 'variance', 'sums'],
      uniforms: { rows, epsilon: attrs.epsilon },
      main: `fn main(index : i32) {
        if (index >= uniforms.size) { return; }
        let c = index % ${channels};
        let invStd = inverseSqrt(variance[c] + uniforms.epsilon);
        let normalised = (x[index] - mean[c]) * invStd;
        let meanDy = sums[c] / uniforms.rows;
        let meanDyNormalised = sums[${channels} + c] / uniforms.rows;
        result[index] = gamma[c] * invStd * (dy[index] - meanDy - normalised * meanDyNormalised);
      }`,
    },
    [dy, x, gamma, mean, variance, sums],
  );
  backend.disposeData(sums.dataId);
  return [dx, dGamma, dBeta];
}

export const webgpuBatchNormTrainingConfigs: KernelConfig[] = [
  {
    kernelName: BATCH_NORM_TRAINING,
    backendName: 'webgpu',
    kernelFunc: batchNormTraining as unknown as KernelFunc,
  },
  {
    kernelName: BATCH_NORM_TRAINING_GRAD,
    backendName: 'webgpu',
    kernelFunc: batchNormTrainingGrad as unknown as KernelFunc,
  },
];
