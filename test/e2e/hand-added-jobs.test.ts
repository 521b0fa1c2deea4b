import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import type { Env } from '@lenet-lab/env';
import {
  REPORT_JOB_NAME,
  REPORT_JOB_OPTIONS,
  REPORT_QUEUE,
  TRAIN_JOB_NAME,
  TRAIN_JOB_OPTIONS,
  TRAINING_QUEUE,
} from '@lenet-lab/queue';
import {
  cleanQueuePrefix,
  spawnWorker,
  testEnv,
  waitFor,
  type WorkerProcess,
} from '../support/services';

// Bull Board lets an admin add a job with any payload; so does any script with Redis access.
describe('A job added by hand whose payload is not one of ours', () => {
  let env: Env;
  let worker: WorkerProcess;
  let redis: IORedis;
  const queues: Queue[] = [];

  beforeAll(async () => {
    env = testEnv();
    redis = new IORedis(env.REDIS_URL, { maxRetriesPerRequest: null });
    worker = spawnWorker(env);
  });

  afterAll(async () => {
    await worker?.stop();
    await Promise.all(queues.map((queue) => queue.close()));
    redis?.disconnect();
    await cleanQueuePrefix(env);
  });

  it.each([
    [
      TRAINING_QUEUE,
      TRAIN_JOB_NAME,
      TRAIN_JOB_OPTIONS,
      { experimentId: 'not-a-uuid' },
      /not a training job \(experimentId: /,
    ],
    [
      TRAINING_QUEUE,
      TRAIN_JOB_NAME,
      TRAIN_JOB_OPTIONS,
      { hello: 'world' },
      /not a training job \(experimentId: .*hello/,
    ],
    [REPORT_QUEUE, REPORT_JOB_NAME, REPORT_JOB_OPTIONS, [1, 2, 3], /not a report job \(data: /],
  ] as const)(
    'fails once on %s, with a message saying what is wrong, and is not retried',
    async (queueName, jobName, options, data, reason) => {
      const queue = new Queue(queueName, { connection: redis, prefix: env.QUEUE_PREFIX });
      queues.push(queue);
      const job = await queue.add(jobName, data as never, options);
      await waitFor(
        () => queue.getJobState(job.id!),
        (state) => state === 'failed',
        { timeoutMs: 60_000, intervalMs: 200, what: () => `the job to fail (${worker.output()})` },
      );
      // Read once it has failed: a copy read while it was still active has no failedReason.
      const failed = (await queue.getJob(job.id!))!;
      expect(failed.failedReason).toMatch(reason);
      expect(failed.failedReason).not.toMatch(/prisma|invocation/i);
      expect(failed.attemptsMade).toBe(1);
    },
  );
});
