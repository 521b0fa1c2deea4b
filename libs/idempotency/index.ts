export * from './create-once';
export * from './idempotency-constants';
export * from './idempotency-errors';
export * from './idempotency-key';
export * from './request-hash';
export * from './create-and-enqueue';
