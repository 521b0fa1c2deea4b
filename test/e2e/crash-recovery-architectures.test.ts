import type { RunningApi } from '@lenet-lab/api';
import { resolveConfig, type ExperimentConfigInput } from '@lenet-lab/config';
import type { Env } from '@lenet-lab/env';
import { loadMnist } from '@lenet-lab/mnist';
import { initBackend, train, type EpochMetrics } from '@lenet-lab/training';
import {
  cleanQueuePrefix,
  json,
  spawnWorker,
  startTestApi,
  submitExperiment,
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

/**
 * Every option whose state a checkpoint must carry: Adam's moments and step count, and the
 * dropout masks' step. Epochs of a few seconds on wasm, so a kill lands mid-epoch.
 */
const CONFIG: ExperimentConfigInput = {
  trainLimit: 12_000,
  testLimit: 500,
  epochs: 3,
  model: { activation: 'tanh', pooling: 'avg', dropout: 0.2, width: { fc1: 100 } },
  optimizer: { type: 'adam', learningRate: 0.002, weightDecay: 1e-4 },
};

/** What must repeat exactly (timings cannot). */
const learned = (epochs: EpochMetrics[]) =>
  epochs.map(({ epochSeconds: _s, imagesPerSecond: _i, ...rest }) => rest);

describe('A worker killed with SIGKILL while training Adam with dropout', () => {
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

  it('resumes from its checkpoint to the very numbers of a run never interrupted', async () => {
    const created = await submitExperiment(api.url, { preset: 'baseline', config: CONFIG });
    const read = () => json(fetch(`${api.url}/api/experiments/${created.id}`));
    const killed = spawnWorker(env, FAST_STALL_DETECTION);
    workers.push(killed);
    await waitFor(
      read,
      (e) => e.status === 'running' && e.progress?.epoch === 2 && e.progress.batch >= 20,
      { timeoutMs: 120_000, intervalMs: 100, what: () => `epoch 2 (${killed.output()})` },
    );
    await killed.stop('SIGKILL');

    const last = spawnWorker(env, FAST_STALL_DETECTION);
    workers.push(last);
    const finished = await waitFor(read, (e) => ['completed', 'failed'].includes(e.status), {
      timeoutMs: 180_000,
      intervalMs: 500,
      what: () => `the experiment to finish (${last.output()})`,
    });
    expect(finished).toMatchObject({ status: 'completed', backend: 'wasm' });
    const resumed = last
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line))
      .filter((line) => line.msg === 'resuming from checkpoint');
    expect(resumed.map((line) => line.fromEpoch)).toEqual([1]);

    // The same config trained here without a break, on the same backend and data.
    await initBackend({ backend: 'wasm' });
    const dataset = await loadMnist({
      trainLimit: CONFIG.trainLimit,
      testLimit: CONFIG.testLimit,
      sources: ['package'],
    });
    const unbroken = await train({
      config: resolveConfig({ preset: 'baseline', overrides: CONFIG }),
      dataset,
    });
    // Each stored epoch also names the attempt that wrote it: 1 before the kill, 2 after.
    const stored = finished.metrics.map(
      ({ attempt, ...epoch }: EpochMetrics & { attempt: number }) => {
        expect(attempt).toBe(epoch.epoch === 1 ? 1 : 2);
        return epoch;
      },
    );
    expect(learned(stored)).toEqual(learned(unbroken.epochs));
    expect(finished.testAccuracy).toBe(unbroken.testAccuracy);
  }, 400_000);
});
