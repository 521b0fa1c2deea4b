export * from './ablation-plan';
export * from './parse-options';
