export * from './model-cache';
export * from './model-json';
export * from './model-paths';
export * from './model-service';
