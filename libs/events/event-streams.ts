/** The two kinds of stream a client can follow. */
export type StreamKind = 'experiment' | 'ablation';

/**
 * The Redis stream of one experiment's or ablation's events, under the deployment's queue
 * prefix so that two deployments sharing a Redis never see each other's.
 */
export function eventStreamKey(prefix: string, kind: StreamKind, id: string): string {
  return `${prefix}:events:${kind}:${id}`;
}

/**
 * Entries a stream keeps (approximately: Redis trims whole nodes). An experiment of 200 epochs
 * reporting progress once a second for hours stays well within it for its epochs and statuses;
 * a client that fell further behind gets a fresh snapshot instead.
 */
export const STREAM_MAX_ENTRIES = 10_000;

/** A stream nobody has written to for this long is deleted: finished work has its rows. */
export const STREAM_TTL_SECONDS = 7 * 24 * 3600;

/** A Redis stream entry id (`<ms>-<seq>`), as a client sends it back in Last-Event-ID. */
const STREAM_ID = /^\d{1,20}-\d{1,20}$/;

export function isStreamId(value: string): boolean {
  return STREAM_ID.test(value);
}

/** Whether stream id `a` comes after `b`. */
export function isAfter(a: string, b: string): boolean {
  const [aMs, aSeq] = a.split('-').map(BigInt);
  const [bMs, bSeq] = b.split('-').map(BigInt);
  return aMs > bMs || (aMs === bMs && aSeq > bSeq);
}
