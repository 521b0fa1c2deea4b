export * from './run-until-signal';
