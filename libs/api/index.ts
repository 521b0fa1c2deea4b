export * from './app';
export * from './experiment-view';
export * from './api-server';
