export * from './ablation-cells';
export * from './ablation-designs';
export * from './ablation-design';
export * from './ablation-progress';
export * from './ablation-service';
export * from './report-input';
export * from './package-versions';
export * from './ablation-report-service';
