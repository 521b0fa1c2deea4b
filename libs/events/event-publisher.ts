import type { Redis } from 'ioredis';
import type { ExperimentStatus } from '@lenet-lab/db';
import type { Logger } from '@lenet-lab/logger';
import { eventStreamKey, STREAM_MAX_ENTRIES, STREAM_TTL_SECONDS } from './event-streams';
import type { EventTarget, LiveEvent } from './live-event';

/** The field of a stream entry that holds the event as JSON. */
export const EVENT_FIELD = 'event';

/**
 * Appends events to Redis streams, which any API process on any machine reads. Best effort:
 * an event that cannot be written (Redis out of reach) is logged once and dropped, never
 * allowed to fail the training or the request that caused it; a watcher that missed it gets
 * the state from its next snapshot.
 */
export class LiveEventPublisher {
  private warned = false;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly logger?: Logger,
  ) {}

  async publish(target: EventTarget, event: LiveEvent): Promise<void> {
    const json = JSON.stringify(event);
    const keys = [eventStreamKey(this.prefix, 'experiment', target.experimentId)];
    if (target.ablationId) keys.push(eventStreamKey(this.prefix, 'ablation', target.ablationId));
    await this.append(keys, json);
  }

  /** An experiment's status as its row now says it, whoever wrote it. */
  async publishStatus(row: {
    id: string;
    ablationId: string | null;
    status: ExperimentStatus;
    error: string | null;
    testAccuracy: number | null;
  }): Promise<void> {
    await this.publish(
      { experimentId: row.id, ablationId: row.ablationId },
      {
        type: 'status',
        experimentId: row.id,
        status: row.status,
        error: row.error,
        testAccuracy: row.testAccuracy,
      },
    );
  }

  /** The report of an ablation was built, or could not be. */
  async publishReport(ablationId: string, built: boolean, error: string | null): Promise<void> {
    const event: LiveEvent = { type: 'report', ablationId, built, error };
    await this.append([eventStreamKey(this.prefix, 'ablation', ablationId)], JSON.stringify(event));
  }

  private async append(keys: string[], json: string): Promise<void> {
    try {
      const batch = this.redis.multi();
      for (const key of keys) {
        batch.xadd(key, 'MAXLEN', '~', STREAM_MAX_ENTRIES, '*', EVENT_FIELD, json);
        batch.expire(key, STREAM_TTL_SECONDS);
      }
      await batch.exec();
      this.warned = false;
    } catch (error) {
      if (!this.warned) this.logger?.warn({ err: error }, 'live event not published');
      this.warned = true;
    }
  }
}
