export * from './model-cache';
export * from './model-json';
export * from './model-service';
