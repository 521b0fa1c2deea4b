export * from './queue-names';
export * from './training-job';
export * from './redis-connection';
export * from './training-queue';
export * from './report-job';
export * from './ablation-flow';
export * from './job-progress';
export * from './cancellation';
