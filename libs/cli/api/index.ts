export * from './api-client';
export * from './api-errors';
export * from './api-types';
