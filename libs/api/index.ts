export * from './app';
export * from './experiment-view';
export * from './request-schemas';
export * from './api-server';
