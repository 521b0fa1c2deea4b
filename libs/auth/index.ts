export * from './api-keys';
export * from './auth-failures';
export * from './browser-gate';
export * from './cross-site';
export * from './dashboard-login';
export * from './dashboard-session';
export * from './loopback';
export * from './require-access';
