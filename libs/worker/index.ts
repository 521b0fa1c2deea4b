export * from './training-worker';
export * from './training-processor';
export * from './progress-throttle';
export * from './eta';
