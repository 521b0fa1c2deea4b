export * from './lenet-step-layout';
export { createWebgpuEpochRunner } from './webgpu-epoch';
