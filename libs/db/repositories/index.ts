export * from './epoch-metric-input';
export * from './epoch-metric-validation';
export * from './experiment-inputs';
export * from './experiment-repository';
export * from './metric-repository';
export * from './ablation-repository';
export * from './checkpoint-repository';
export * from './idempotency-repository';
