import type { RunningApi } from '@lenet-lab/api';
import type { Env } from '@lenet-lab/env';
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

describe('A worker stopped with SIGTERM during a run', () => {
  let env: Env;
  let api: RunningApi;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    env = testEnv();
    api = await startTestApi(env);
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop('SIGKILL')));
    await api?.close();
    await cleanQueuePrefix(env);
  });

  it('exits promptly and hands the job back; another worker resumes it from the checkpoint', async () => {
    const created = await submitExperiment(api.url, {
      preset: 'baseline',
      config: { trainLimit: 20000, testLimit: 500, epochs: 3 },
    });
    const read = () => json(fetch(`${api.url}/api/experiments/${created.id}`));
    const first = spawnWorker(env);
    workers.push(first);
    await waitFor(
      read,
      (e) => e.metrics?.length >= 1 && e.progress?.phase === 'training' && e.progress.epoch >= 2,
      {
        timeoutMs: 120_000,
        intervalMs: 100,
        what: () => `epoch 2 to start (${first.output().slice(-1500)})`,
      },
    );

    const stoppedAt = Date.now();
    expect(await first.stop('SIGTERM')).toBe(0);
    // The current batch, the hand-back and closing the connections; not the rest of the epoch.
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    expect(first.output()).toContain('job returned to the queue');
    const handedBack = await read();
    expect(handedBack.status).toBe('retrying');

    const second = spawnWorker(env);
    workers.push(second);
    const finished = await waitFor(read, (e) => ['completed', 'failed'].includes(e.status), {
      timeoutMs: 120_000,
      what: () => `the run to finish (${second.output().slice(-1500)})`,
    });
    expect(finished.status).toBe('completed');
    expect(finished.metrics.map((m: { epoch: number }) => m.epoch)).toEqual([1, 2, 3]);
    const checkpointed = handedBack.metrics.length;
    expect(second.output()).toMatch(
      new RegExp(`"fromEpoch":${checkpointed},.*"msg":"resuming from checkpoint"`),
    );
  }, 300_000);
});
