import type { Redis } from 'ioredis';
import { entriesAfter, newestId, waitForEntries, type StreamEntry } from './event-reader';
import { eventStreamKey, type StreamKind } from './event-streams';

/** How a follower's connection shows in Redis's CLIENT LIST. */
export const FOLLOWER_CONNECTION_NAME = 'lenet-lab-event-stream';

/**
 * What an API process reads of the event streams: any process on any machine, since the
 * streams live in Redis. Replays use the shared connection; each follower blocks on a
 * connection of its own, closed when it stops.
 */
export class LiveEventFeed {
  private readonly followers = new Set<StreamFollower>();
  private closed = false;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  key(kind: StreamKind, id: string): string {
    return eventStreamKey(this.prefix, kind, id);
  }

  newestId(kind: StreamKind, id: string): Promise<string> {
    return newestId(this.redis, this.key(kind, id));
  }

  entriesAfter(kind: StreamKind, id: string, lastId: string): Promise<StreamEntry[] | null> {
    return entriesAfter(this.redis, this.key(kind, id), lastId);
  }

  /** A follower of one stream: `next` waits for the entries after `lastId`. */
  follow(kind: StreamKind, id: string): StreamFollower {
    // Its own connection, which may wait out a Redis restart instead of failing the stream.
    const connection = this.redis.duplicate({
      maxRetriesPerRequest: null,
      enableOfflineQueue: true,
      connectionName: FOLLOWER_CONNECTION_NAME,
    });
    const key = this.key(kind, id);
    const follower: StreamFollower = {
      closed: this.closed,
      next: (lastId, blockMs) => waitForEntries(connection, key, lastId, blockMs),
      close: () => {
        follower.closed = true;
        this.followers.delete(follower);
        connection.disconnect();
      },
    };
    if (follower.closed) connection.disconnect();
    else this.followers.add(follower);
    return follower;
  }

  /** Ends every follower (the process is stopping): their streams close. */
  close(): void {
    this.closed = true;
    for (const follower of [...this.followers]) follower.close();
  }
}

export interface StreamFollower {
  /** True once closed, by the client leaving or the feed stopping. */
  closed: boolean;
  next(lastId: string, blockMs: number): Promise<StreamEntry[]>;
  close(): void;
}
