export * from './database-url';
export * from './db-errors';
export * from './experiment-status';
export * from './generated-types';
export * from './migrations';
export * from './prisma-client';
export * from './repositories';
export * from './retry-transient';
