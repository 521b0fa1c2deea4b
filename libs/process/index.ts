export * from './run-until-signal';
export * from './run-service';
