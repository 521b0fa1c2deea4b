export * from './api';
export * from './cli-errors';
export * from './cli-io';
export * from './cli-program';
export * from './format';
export * from './options';
export * from './progress';
export * from './watch';
