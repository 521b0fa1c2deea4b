export * from './backend-settings';
export * from './env-schema';
export * from './load-env';
export * from './service-settings';
