import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';

/**
 * The BullMQ prefix of a local run. QUEUE_PREFIX wins when set. On the run's own Redis the
 * usual prefix is fine; on a Redis from REDIS_URL a prefix of the run's own keeps workers of
 * some other deployment (which may write to another database) away from its jobs.
 */
export function chooseQueuePrefix(
  env: NodeJS.ProcessEnv,
  startedRedis: boolean,
): { prefix: string; private: boolean } {
  const fromEnv = env.QUEUE_PREFIX?.trim();
  if (fromEnv) return { prefix: fromEnv, private: false };
  if (startedRedis) return { prefix: 'lenet-lab', private: false };
  return { prefix: `lenet-lab-cli-${randomBytes(4).toString('hex')}`, private: true };
}

/** Deletes every key under a run's private prefix, so a shared Redis keeps no leftovers. */
export async function deleteQueueKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 5_000 });
  redis.on('error', () => undefined);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
