export * from './http-errors';
export * from './parse-request';
export * from './error-handler';
