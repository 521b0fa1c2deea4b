import type { Redis } from 'ioredis';
import { EVENT_FIELD } from './event-publisher';
import { isAfter } from './event-streams';
import type { LiveEvent } from './live-event';

export interface StreamEntry {
  id: string;
  event: LiveEvent;
}

type RawEntry = [id: string, fields: string[]];

function toEntries(raw: RawEntry[]): StreamEntry[] {
  return raw.flatMap(([id, fields]) => {
    const index = fields.indexOf(EVENT_FIELD);
    if (index === -1) return [];
    try {
      return [{ id, event: JSON.parse(fields[index + 1]) as LiveEvent }];
    } catch {
      return [];
    }
  });
}

/** The id of the stream's newest entry; `0-0` for an empty or missing stream. */
export async function newestId(redis: Redis, key: string): Promise<string> {
  const [newest] = (await redis.xrevrange(key, '+', '-', 'COUNT', 1)) as RawEntry[];
  return newest?.[0] ?? '0-0';
}

/**
 * The entries after `lastId`, or null when the stream no longer holds the one after it (it
 * was trimmed or expired): the caller cannot replay without a gap and sends a snapshot.
 */
export async function entriesAfter(
  redis: Redis,
  key: string,
  lastId: string,
): Promise<StreamEntry[] | null> {
  const [oldest] = (await redis.xrange(key, '-', '+', 'COUNT', 1)) as RawEntry[];
  if (!oldest) return lastId === '0-0' ? [] : null;
  // The client saw an entry before the oldest kept one: what came between is gone.
  if (isAfter(oldest[0], lastId) && !(await holdsEverythingAfter(redis, key, lastId))) return null;
  return toEntries((await redis.xrange(key, `(${lastId}`, '+')) as RawEntry[]);
}

/**
 * Whether nothing after `lastId` was trimmed (Redis 7 says what it last deleted); an older
 * Redis cannot tell, so the answer is no and the client gets a snapshot.
 */
async function holdsEverythingAfter(redis: Redis, key: string, lastId: string): Promise<boolean> {
  const info = (await redis.call('XINFO', 'STREAM', key)) as unknown[];
  const at = info.indexOf('max-deleted-entry-id');
  return at !== -1 && !isAfter(String(info[at + 1]), lastId);
}

/**
 * Waits up to `blockMs` for entries after `lastId` on a connection of its own (XREAD BLOCK
 * holds the connection); an empty list when none came.
 */
export async function waitForEntries(
  redis: Redis,
  key: string,
  lastId: string,
  blockMs: number,
): Promise<StreamEntry[]> {
  const result = (await redis.xread('COUNT', 100, 'BLOCK', blockMs, 'STREAMS', key, lastId)) as
    [string, RawEntry[]][] | null;
  return result ? toEntries(result[0][1]) : [];
}
