export * from './digit-predictor';
export * from './inference-errors';
export * from './prediction-latency';
export * from './png-digit';
