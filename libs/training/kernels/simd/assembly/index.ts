// AssemblyScript entry of lenet-kernels.wasm: wasm SIMD kernels for LeNet-5 training that run on
// the TensorFlow.js wasm backend's own memory (imported, never grown or written outside the
// pointers each call is given). Built by `npm run build:kernels`; see docs/performance.md.
export {
  conv2dFilterGradientSingleChannel,
  conv2dFilterGradientChannelVectors,
} from './conv2d-filter-gradient';
export { conv2dInputGradient } from './conv2d-input-gradient';
