export * from './ablation-summary';
export * from './comparison-table';
export * from './experiment-list';
export * from './experiment-summary';
export * from './preset-list';
export * from './progress-rows';
export * from './text-table';
export * from './values';
