import type { RunningApi } from '@lenet-lab/api';
import type { Env } from '@lenet-lab/env';
import type { PrismaClient } from '../../libs/db/generated/client';
import { createTestPrisma } from '../support/database';
import {
  cleanQueuePrefix,
  json,
  submitExperiment,
  spawnWorker,
  startTestApi,
  testEnv,
  waitFor,
  type WorkerProcess,
} from '../support/services';

/** Short locks so a dead worker's job is redelivered within seconds, not a minute. */
const FAST_STALL_DETECTION = {
  JOB_LOCK_MS: '3000',
  STALLED_INTERVAL_MS: '1500',
  MAX_STALLED_COUNT: '10',
};
const EPOCHS = 5;

function logLines(output: string): { msg?: string; epoch?: number; fromEpoch?: number }[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
}

describe('A worker killed with SIGKILL in the middle of epochs', () => {
  let env: Env;
  let api: RunningApi;
  let prisma: PrismaClient;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    env = testEnv();
    api = await startTestApi(env);
    prisma = createTestPrisma();
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop('SIGKILL')));
    await api?.close();
    await prisma?.$disconnect();
    await cleanQueuePrefix(env);
  });

  it('loses only the interrupted epochs: the run completes with one metric row per epoch', async () => {
    const created = await submitExperiment(api.url, {
      preset: 'baseline',
      // Epochs of several seconds, so that the one-second progress reports catch each one mid-way.
      config: { trainLimit: 20000, testLimit: 500, epochs: EPOCHS },
    });
    const read = () => json(fetch(`${api.url}/api/experiments/${created.id}`));

    const killedDuringEpoch: number[] = [];
    for (let kill = 0; kill < 3; kill++) {
      const worker = spawnWorker(env, FAST_STALL_DETECTION);
      workers.push(worker);
      // Mid-epoch: a later epoch than the one interrupted before, some batches into it.
      const running = await waitFor(
        read,
        (e) =>
          e.status === 'running' &&
          e.progress?.phase === 'training' &&
          e.progress.batch >= 20 &&
          e.progress.epoch > (killedDuringEpoch.at(-1) ?? 0),
        {
          timeoutMs: 120_000,
          intervalMs: 100,
          what: () => `training to be under way (${worker.output()})`,
        },
      );
      killedDuringEpoch.push(running.progress.epoch);

      await worker.stop('SIGKILL');
    }

    const last = spawnWorker(env, FAST_STALL_DETECTION);
    workers.push(last);
    const finished = await waitFor(read, (e) => ['completed', 'failed'].includes(e.status), {
      timeoutMs: 180_000,
      intervalMs: 500,
      what: 'the experiment to finish',
    });
    expect(finished.status).toBe('completed');
    expect(finished.metrics.map((m: { epoch: number }) => m.epoch)).toEqual([1, 2, 3, 4, 5]);
    expect(await prisma.epochMetric.count({ where: { experimentId: created.id } })).toBe(EPOCHS);

    // Every epoch finished exactly once across all the workers: none was trained from
    // scratch again, only the interrupted ones were redone from their checkpoint.
    const lines = workers.flatMap((worker) => logLines(worker.output()));
    const finishedEpochs = lines.filter((l) => l.msg === 'epoch done').map((l) => l.epoch);
    expect(finishedEpochs.sort()).toEqual([1, 2, 3, 4, 5]);
    const resumedFrom = lines
      .filter((l) => l.msg === 'resuming from checkpoint')
      .map((l) => l.fromEpoch);
    expect(resumedFrom).toEqual(killedDuringEpoch.map((epoch) => epoch - 1).filter((e) => e > 0));
  }, 400_000);
});
