export * from './experiment-service';
