import {
  Conv2DBackpropFilter,
  Conv2DBackpropInput,
  type Conv2DBackpropFilterAttrs,
  type Conv2DBackpropInputAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type { KernelOverride } from '../../kernels';
import { geometryKey, validConvGeometry } from './conv-geometry';
import { runFlatProgram, sumPartials } from './flat-program';

/**
 * Images per partial sum of the filter gradient: enough invocations to fill a GPU (conv1's 150
 * filter values × batch/4), few enough additions left for the second pass.
 */
const IMAGES_PER_PARTIAL = 4;

interface BackpropInputArgs {
  inputs: { dy: TensorInfo; filter: TensorInfo };
  backend: WebGPUBackend;
  attrs: Conv2DBackpropInputAttrs;
}

/**
 * dx[b, y, x, i] = Σ over the taps (r, k) that reach it and the output channels o of
 * dy[b, y − r, x − k, o] · W[r, k, i, o]: one invocation per input value, no workgroup memory.
 */
function conv2DBackpropInput({ inputs, backend, attrs }: BackpropInputArgs): TensorInfo | null {
  const { dy, filter } = inputs;
  const g = validConvGeometry(attrs.inputShape, filter.shape, attrs, [dy.dtype, filter.dtype]);
  if (!g) return null;
  return runFlatProgram(
    backend,
    {
      shaderKey: `lenetConv2DBackpropInput_${geometryKey(g)}`,
      outputShape: [g.batch, g.inHeight, g.inWidth, g.inChannels],
      variableNames: ['dy', 'W'],
      main: `
      fn main(index : i32) {
        if (index >= uniforms.size) { return; }
        let channel = index % ${g.inChannels};
        let pixel = index / ${g.inChannels};
        let col = pixel % ${g.inWidth};
        let row = (pixel / ${g.inWidth}) % ${g.inHeight};
        let image = pixel / ${g.inWidth * g.inHeight};
        var sum = 0.0;
        for (var r = max(0, row - ${g.outHeight - 1}); r <= min(${g.filterHeight - 1}, row); r++) {
          for (var k = max(0, col - ${g.outWidth - 1}); k <= min(${g.filterWidth - 1}, col); k++) {
            let dyAt = ((image * ${g.outHeight} + row - r) * ${g.outWidth} + col - k) * ${g.outChannels};
            let wAt = ((r * ${g.filterWidth} + k) * ${g.inChannels} + channel) * ${g.outChannels};
            for (var o = 0; o < ${g.outChannels}; o++) {
              sum = sum + dy[dyAt + o] * W[wAt + o];
            }
          }
        }
        result[index] = sum;
      }`,
    },
    [dy, filter],
  );
}

interface BackpropFilterArgs {
  inputs: { x: TensorInfo; dy: TensorInfo };
  backend: WebGPUBackend;
  attrs: Conv2DBackpropFilterAttrs;
}

/**
 * dW[r, k, i, o] = Σ over images and output positions of x[b, y + r, x + k, i] · dy[b, y, x, o],
 * in two passes: partial sums over groups of IMAGES_PER_PARTIAL images, one invocation per
 * (group, filter value), then their sum. tfjs's kernel gives each filter value one invocation
 * that walks the whole batch: 150 invocations of 36,864 steps for conv1 at batch 64.
 */
function conv2DBackpropFilter({ inputs, backend, attrs }: BackpropFilterArgs): TensorInfo | null {
  const { x, dy } = inputs;
  const g = validConvGeometry(x.shape, attrs.filterShape, attrs, [x.dtype, dy.dtype]);
  if (!g) return null;
  const filterSize = g.filterHeight * g.filterWidth * g.inChannels * g.outChannels;
  const groups = Math.ceil(g.batch / IMAGES_PER_PARTIAL);
  const partials = runFlatProgram(
    backend,
    {
      shaderKey: `lenetConv2DBackpropFilterPartial_${geometryKey(g)}`,
      outputShape: [groups, filterSize],
      variableNames: ['x', 'dy'],
      main: `
      fn main(index : i32) {
        if (index >= uniforms.size) { return; }
        let o = index % ${g.outChannels};
        let i = (index / ${g.outChannels}) % ${g.inChannels};
        let k = (index / ${g.outChannels * g.inChannels}) % ${g.filterWidth};
        let r = (index / ${g.outChannels * g.inChannels * g.filterWidth}) % ${g.filterHeight};
        let group = index / ${filterSize};
        let firstImage = group * ${IMAGES_PER_PARTIAL};
        let lastImage = min(firstImage + ${IMAGES_PER_PARTIAL}, uniforms.xShape.x);
        var sum = 0.0;
        for (var b = firstImage; b < lastImage; b++) {
          for (var y = 0; y < ${g.outHeight}; y++) {
            let xAt = ((b * ${g.inHeight} + y + r) * ${g.inWidth} + k) * ${g.inChannels} + i;
            let dyAt = (b * ${g.outHeight} + y) * ${g.outWidth} * ${g.outChannels} + o;
            for (var c = 0; c < ${g.outWidth}; c++) {
              sum = sum + x[xAt + c * ${g.inChannels}] * dy[dyAt + c * ${g.outChannels}];
            }
          }
        }
        result[index] = sum;
      }`,
    },
    [x, dy],
  );
  const dw = sumPartials(backend, partials, attrs.filterShape);
  backend.disposeData(partials.dataId);
  return dw;
}

export const webgpuConv2DBackpropOverrides: KernelOverride[] = [
  {
    kernelName: Conv2DBackpropInput,
    fastPath: conv2DBackpropInput as unknown as KernelOverride['fastPath'],
  },
  {
    kernelName: Conv2DBackpropFilter,
    fastPath: conv2DBackpropFilter as unknown as KernelOverride['fastPath'],
  },
];
