export * from './digit-predictor';
export * from './inference-errors';
export * from './prediction-latency';
export * from './lowest-window-median';
export * from './png-digit';
