export * from './worker-process';
export * from './report-processor';
export * from './training-processor';
export * from './progress-throttle';
export * from './eta';
