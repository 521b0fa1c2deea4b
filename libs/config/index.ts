export * from './experiment-config';
export * from './config-error';
export * from './config-hash';
export * from './deep-merge';
export * from './presets';
