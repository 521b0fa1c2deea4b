export * from './adapter-description';
export * from './adapter-list';
export * from './dawn';
export * from './init-webgpu';
export * from './vulkan-loader';
export * from './lenet-step';
