export * from './ablation-plan';
export * from './parse-options';
export * from './ablation-definition-file';
