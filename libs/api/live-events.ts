import type { Request, Response } from 'express';
import { createSession } from 'better-sse';
import { isStreamId, type LiveEvent, type LiveEventFeed, type StreamKind } from '@lenet-lab/events';
import type { Logger } from '@lenet-lab/logger';

/** A comment this often keeps proxies from closing a quiet stream. */
export const HEARTBEAT_MS = 15_000;
/** How long one blocking read waits; a closed client is noticed within it. */
const READ_BLOCK_MS = 5_000;
/** What the client waits before reconnecting, with the last id it saw. */
const RECONNECT_MS = 2_000;

/** What the event routes need: the streams, and where to log a stream that broke. */
export interface LiveEvents {
  feed: LiveEventFeed;
  logger: Logger;
}

export interface LiveStream {
  feed: LiveEventFeed;
  kind: StreamKind;
  id: string;
  /** The state now (the view a GET answers) and whether nothing more will happen to it. */
  snapshot(): Promise<{ view: unknown; finished: boolean }>;
  /** Whether this event is the last one the stream will carry. */
  ends(event: LiveEvent): boolean;
  logger: Logger;
}

/**
 * An experiment's or ablation's events as Server-Sent Events: a snapshot first (with the id of
 * the newest entry before it, so nothing after it is lost), then every event as it is
 * published, and `end` when nothing more will happen. A client reconnecting with Last-Event-ID
 * gets the events after it, or a fresh snapshot when the stream no longer holds them.
 */
export async function streamLiveEvents(req: Request, res: Response, stream: LiveStream) {
  const session = await createSession(req, res, { keepAlive: HEARTBEAT_MS, retry: RECONNECT_MS });
  const follower = stream.feed.follow(stream.kind, stream.id);
  let open = true;
  session.once('disconnected', () => {
    open = false;
    follower.close();
  });
  const send = (data: unknown, type: string, id: string) => {
    if (open) session.push(data, type, id);
  };
  const finish = (lastId: string) => {
    send({}, 'end', lastId);
    res.end();
  };

  try {
    const claimed = session.lastId;
    let lastId = claimed;
    let backlog = isStreamId(claimed)
      ? await stream.feed.entriesAfter(stream.kind, stream.id, claimed)
      : null;
    if (backlog === null) {
      // The newest id is read before the state: an event between the two is sent again, not lost.
      lastId = await stream.feed.newestId(stream.kind, stream.id);
      const { view, finished } = await stream.snapshot();
      send(view, 'snapshot', lastId);
      if (finished) return finish(lastId);
      backlog = [];
    }
    while (open && !follower.closed) {
      for (const entry of backlog) {
        send(entry.event, entry.event.type, entry.id);
        lastId = entry.id;
        if (stream.ends(entry.event)) return finish(lastId);
      }
      backlog = await follower.next(lastId, READ_BLOCK_MS);
    }
  } catch (error) {
    // A client that left, or a stopping API, closes the follower's connection under its read.
    if (open && !follower.closed) {
      stream.logger.warn({ err: error, stream: stream.kind, id: stream.id }, 'event stream failed');
    }
  } finally {
    follower.close();
    if (open) res.end();
  }
}
