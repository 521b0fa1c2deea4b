import IORedis, { type Redis } from 'ioredis';

/**
 * A Redis connection for BullMQ. Workers need `maxRetriesPerRequest: null` (blocking commands must
 * wait out an outage rather than fail); producers fail fast instead, so that an API request
 * during an outage answers 503 rather than hanging.
 */
export function createRedisConnection(url: string, role: 'producer' | 'worker'): Redis {
  return new IORedis(url, {
    maxRetriesPerRequest: role === 'worker' ? null : 1,
    enableOfflineQueue: role === 'worker',
    connectionName: `lenet-lab-${role}`,
  });
}
