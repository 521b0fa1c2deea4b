// AssemblyScript entry of lenet-kernels.wasm: wasm SIMD kernels for LeNet-5 training that run on
// the TensorFlow.js wasm backend's own memory (imported, never grown or written outside the
// pointers each call is given). Built by `npm run build:kernels`; see docs/performance.md.
export {
  conv2dFilterGradientSingleChannel,
  conv2dFilterGradientChannelVectors,
} from './conv2d-filter-gradient';
export { maxPool2x2Gradient } from './max-pool-gradient';
export { sumLeadingAxes } from './sum-leading-axes';
export {
  batchNormMomentSums,
  batchNormGradientSums,
  batchNormScaleShift,
  batchNormInputGradient,
} from './batch-norm-passes';
export { conv2dForwardChannelVectors, conv2dForwardSingleChannel } from './conv2d-forward';
export { conv2dInputGradient } from './conv2d-input-gradient';
export { denseMatMul, transposeMatrix } from './dense-mat-mul';
export { reluGradient } from './relu-gradient';
