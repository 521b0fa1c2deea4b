import {
  Conv2D,
  FusedConv2D,
  type Conv2DAttrs,
  type FusedConv2DAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type { KernelOverride } from '../../kernels';
import { geometryKey, validConvGeometry } from './conv-geometry';
import { runFlatProgram } from './flat-program';

interface ConvArgs {
  inputs: {
    x: TensorInfo;
    filter: TensorInfo;
    bias?: TensorInfo;
    preluActivationWeights?: TensorInfo;
  };
  backend: WebGPUBackend;
  attrs: Conv2DAttrs & Partial<Pick<FusedConv2DAttrs, 'activation'>>;
}

/**
 * LeNet's convolutions as a direct convolution: one invocation per output value, the taps in
 * tfjs's cpu order (row, column, channel), the bias added after, then ReLU. tfjs's webgpu
 * kernel treats the convolution as a tiled matrix product through workgroup memory, which
 * wastes most of each 32-wide tile on LeNet's 6 and 16 output channels; on SwiftShader it took
 * 1.8 s of a 2.7 s training step at batch 64 for conv1 alone (51 ms here). Other activations
 * and convolutions (see validConvGeometry) return null and run tfjs's kernel.
 */
function directConv2D({ inputs, backend, attrs }: ConvArgs): TensorInfo | null {
  const { x, filter, bias, preluActivationWeights } = inputs;
  const activation = attrs.activation ?? 'linear';
  if (preluActivationWeights || (activation !== 'linear' && activation !== 'relu')) return null;
  const g = validConvGeometry(x.shape, filter.shape, attrs, [x.dtype, filter.dtype]);
  if (!g) return null;
  const rowTaps = g.filterWidth * g.inChannels;
  const hasBias = bias !== undefined;
  return runFlatProgram(
    backend,
    {
      shaderKey: `lenetConv2D_${geometryKey(g)}_${hasBias}_${activation}`,
      outputShape: [g.batch, g.outHeight, g.outWidth, g.outChannels],
      variableNames: hasBias ? ['x', 'W', 'bias'] : ['x', 'W'],
      main: `
      fn main(index : i32) {
        if (index >= uniforms.size) { return; }
        let c = index % ${g.outChannels};
        let pixel = index / ${g.outChannels};
        let col = pixel % ${g.outWidth};
        let row = (pixel / ${g.outWidth}) % ${g.outHeight};
        let image = pixel / ${g.outWidth * g.outHeight};
        var sum = 0.0;
        for (var r = 0; r < ${g.filterHeight}; r++) {
          let xRow = ((image * ${g.inHeight} + row + r) * ${g.inWidth} + col) * ${g.inChannels};
          let wRow = r * ${rowTaps};
          for (var k = 0; k < ${rowTaps}; k++) {
            sum = sum + x[xRow + k] * W[(wRow + k) * ${g.outChannels} + c];
          }
        }
        ${hasBias ? 'sum = sum + bias[c];' : ''}
        ${activation === 'relu' ? 'sum = max(sum, 0.0);' : ''}
        result[index] = sum;
      }`,
    },
    hasBias ? [x, filter, bias] : [x, filter],
  );
}

const fastPath = directConv2D as unknown as KernelOverride['fastPath'];

export const webgpuConv2DOverrides: KernelOverride[] = [
  { kernelName: Conv2D, fastPath },
  { kernelName: FusedConv2D, fastPath },
];
