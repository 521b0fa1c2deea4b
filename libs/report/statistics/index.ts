export * from './interval';
export * from './mean';
export * from './sample-std';
export * from './student-t';
export * from './mean-confidence-interval';
export * from './welch-t-test';
export * from './mean-difference';
