import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AblationReportService, AblationService } from '@lenet-lab/ablations';
import {
  AblationRepository,
  createPrismaClient,
  ExperimentRepository,
  IdempotencyRepository,
  TrainedModelRepository,
} from '@lenet-lab/db';
import { assertSafeBinding, parseKeyList, redisAuthFailureLimiter } from '@lenet-lab/auth';
import type { Env } from '@lenet-lab/env';
import { ExperimentService } from '@lenet-lab/experiments';
import { ModelService } from '@lenet-lab/models';
import { initBackend } from '@lenet-lab/training';
import type { Logger } from '@lenet-lab/logger';
import {
  createFlowProducer,
  createRedisConnection,
  createReportQueue,
  createTrainingQueue,
} from '@lenet-lab/queue';
import { LiveEventFeed, LiveEventPublisher } from '@lenet-lab/events';
import { createApp } from './app';

export interface RunningApi {
  url: string;
  close(): Promise<void>;
}

/** Wires the API to Postgres and Redis and listens; close() releases everything it opened. */
export async function startApiServer(env: Env, logger: Logger): Promise<RunningApi> {
  const keys = { admin: parseKeyList(env.API_KEYS), read: parseKeyList(env.API_READ_KEYS) };
  assertSafeBinding(env.HOST, keys);
  const prisma = createPrismaClient(env.DATABASE_URL);
  // Prisma connects and prepares its query engine on the first query (~0.2 s here): do it now,
  // not in the first user's request. Not awaited: an API whose database is down still starts,
  // and /healthz says what is wrong.
  void prisma.experiment
    .findFirst({ select: { id: true } })
    .catch((error) => logger.debug({ err: error }, 'database warm-up query failed'));
  const redis = createRedisConnection(env.REDIS_URL, 'producer');
  redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
  const trainingQueue = createTrainingQueue(redis, env.QUEUE_PREFIX);
  const reportQueue = createReportQueue(redis, env.QUEUE_PREFIX);
  const flows = createFlowProducer(redis, env.QUEUE_PREFIX);
  // During a Redis outage these fire on every reconnect attempt; /healthz reports the outage.
  const onQueueError = (error: Error) => logger.debug({ err: error }, 'queue connection error');
  trainingQueue.on('error', onQueueError);
  reportQueue.on('error', onQueueError);
  flows.on('error', onQueueError);
  const experiments = new ExperimentRepository(prisma);
  const ablations = new AblationRepository(prisma);
  const idempotency = new IdempotencyRepository(prisma);
  const idempotencyTtlMs = env.IDEMPOTENCY_KEY_TTL_HOURS * 3_600_000;
  const experimentService = new ExperimentService({
    experiments,
    idempotency,
    idempotencyTtlMs,
    trainingQueue,
    redis,
    queuePrefix: env.QUEUE_PREFIX,
    events: new LiveEventPublisher(redis, env.QUEUE_PREFIX, logger),
  });
  const liveEvents = new LiveEventFeed(redis, env.QUEUE_PREFIX);
  // The tensor backend starts with the first prediction: an API that never predicts pays nothing.
  const models = new ModelService(
    { experiments, models: new TrainedModelRepository(prisma) },
    { ready: () => initBackend({ backend: env.TRAIN_BACKEND }) },
  );
  const app = createApp({
    logger,
    auth: {
      keys,
      failures: redisAuthFailureLimiter(redis, env.QUEUE_PREFIX, env.AUTH_FAILURES_PER_MINUTE),
    },
    writeRateLimitPerMinute: env.WRITE_RATE_LIMIT_PER_MINUTE,
    liveEvents,
    experiments: experimentService,
    ablations: new AblationService({
      ablations,
      experiments,
      idempotency,
      idempotencyTtlMs,
      flows,
      trainingQueue,
      queuePrefix: env.QUEUE_PREFIX,
      cancelExperiment: (id) => experimentService.cancel(id),
    }),
    reports: new AblationReportService(ablations),
    models,
    queues: [trainingQueue, reportQueue],
    healthChecks: {
      redis: () => redis.ping(),
      postgres: () => prisma.$queryRaw`SELECT 1`,
    },
  });

  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(env.PORT, env.HOST, (error?: Error) =>
      error ? reject(error) : resolve(listening),
    );
  });
  const { port } = server.address() as AddressInfo;
  const host = env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST;
  const url = `http://${host}:${port}`;
  logger.info({ url }, 'api listening');

  return {
    url,
    async close() {
      // Open event streams would keep the server from closing: they end first.
      liveEvents.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      models.close();
      await Promise.all([trainingQueue.close(), reportQueue.close(), flows.close()]);
      redis.disconnect();
      await prisma.$disconnect();
    },
  };
}
