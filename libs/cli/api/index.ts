export * from './api-client';
export * from './api-errors';
export * from './api-types';
export * from './event-stream';
