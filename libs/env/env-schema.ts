import { z } from 'zod';
import { backendSettingsShape } from './backend-settings';
import {
  datasetSettingsShape,
  loggingSettingsShape,
  serviceSettingsShape,
} from './service-settings';

const positiveInt = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

/** Every environment variable lenet-lab reads, with its default. Validated once at start. */
export const envSchema = z.object({
  ...serviceSettingsShape,
  /** Namespaces every BullMQ key, so several deployments (or tests) can share one Redis. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]+$/, 'may hold only letters, digits and _ . : -')
    .default('lenet-lab'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Jobs one worker process trains at once: one per GPU, or per core on CPU. */
  WORKER_CONCURRENCY: positiveInt(1),
  /** How long a training job's lock lives without renewal (ms). */
  JOB_LOCK_MS: positiveInt(30_000),
  /**
   * How often workers look for jobs whose lock expired (ms): a dead worker's job is handed on
   * within JOB_LOCK_MS + this. The check is one small script per worker.
   */
  STALLED_INTERVAL_MS: positiveInt(10_000),
  /** Stalls (dead workers) a job survives before it fails for good. */
  MAX_STALLED_COUNT: positiveInt(5),
  /** How often a worker looks for experiments whose job was lost (ms). */
  RECONCILE_INTERVAL_MS: positiveInt(60_000),
  /** A running experiment with a lost job and no sign of life for this long is queued again (ms). */
  ORPHAN_STALE_MS: positiveInt(10 * 60_000),
  ...backendSettingsShape,
  /** Comma-separated admin keys: submit, cancel, Bull Board. None set: open API, loopback only. */
  API_KEYS: z.string().optional(),
  /** Comma-separated read-only keys. */
  API_READ_KEYS: z.string().optional(),
  /**
   * How long an Idempotency-Key is remembered (hours). After that the key may be used again for
   * a new request, and workers delete it, so the table does not grow forever.
   */
  IDEMPOTENCY_KEY_TTL_HOURS: positiveInt(24),
  /** Writes (POST/DELETE) one client may make per minute. */
  WRITE_RATE_LIMIT_PER_MINUTE: positiveInt(120),
  /**
   * Wrong API keys (and dashboard sign-ins) one client may present per minute; after that it
   * gets 429 until the minute is over. A valid key is never held back.
   */
  AUTH_FAILURES_PER_MINUTE: positiveInt(20),
  ...loggingSettingsShape,
  ...datasetSettingsShape,
});

export type Env = z.output<typeof envSchema>;
