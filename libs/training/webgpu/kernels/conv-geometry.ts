import { backend_util, type Conv2DAttrs, type TensorInfo } from '@tensorflow/tfjs-core';

/** The only convolutions our webgpu kernels take: LeNet's (NHWC, 'valid', stride 1, small). */
export interface ValidConvGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  filterHeight: number;
  filterWidth: number;
  outChannels: number;
  outHeight: number;
  outWidth: number;
}

/** Filters up to this many taps per output (LeNet's conv2: 5·5·6) use our kernels. */
const MAX_TAPS = 5 * 5 * 16;

type ConvAttrs = Pick<Conv2DAttrs, 'strides' | 'pad' | 'dataFormat' | 'dimRoundingMode'> & {
  dilations?: Conv2DAttrs['dilations'];
};

/**
 * The geometry of a float32 convolution our kernels can run, or null for any other (padding,
 * strides, dilations, NCHW, large filters), which then runs tfjs's kernel.
 */
export function validConvGeometry(
  xShape: number[],
  filterShape: number[],
  attrs: ConvAttrs,
  dtypes: TensorInfo['dtype'][],
): ValidConvGeometry | null {
  if (dtypes.some((dtype) => dtype !== 'float32')) return null;
  const info = backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    backend_util.convertConv2DDataFormat(attrs.dataFormat),
  );
  const supported =
    info.dataFormat === 'channelsLast' &&
    info.padInfo.type === 'VALID' &&
    info.strideHeight === 1 &&
    info.strideWidth === 1 &&
    info.dilationHeight === 1 &&
    info.dilationWidth === 1 &&
    info.filterHeight * info.filterWidth * info.inChannels <= MAX_TAPS;
  if (!supported) return null;
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    outChannels: info.outChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
  };
}

/** The constants that shape a kernel's loops: part of its shader key. */
export function geometryKey(g: ValidConvGeometry): string {
  return [g.inHeight, g.inWidth, g.inChannels, g.filterHeight, g.filterWidth, g.outChannels].join(
    'x',
  );
}
