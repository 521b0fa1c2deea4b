export * from './api-keys';
export * from './loopback';
export * from './require-access';
export * from './dashboard-login';
