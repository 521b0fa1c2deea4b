import type { RunningApi } from '@lenet-lab/api';
import type { Env } from '@lenet-lab/env';
import type { PrismaClient } from '../../libs/db/generated/client';
import { createTestPrisma } from '../support/database';
import {
  cleanQueuePrefix,
  json,
  spawnWorker,
  startTestApi,
  submitExperiment,
  testEnv,
  testRedisUrl,
  waitFor,
  type WorkerProcess,
} from '../support/services';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

/** Short locks: a lost worker's job is handed on within seconds. */
const LOCK_MS = 3000;
const FAST_LOCKS = { JOB_LOCK_MS: String(LOCK_MS), STALLED_INTERVAL_MS: '1500' };
/** Epochs of ~2 s on wasm, so a worker can be stopped in the middle of one. */
const LONG_RUN = { preset: 'baseline', config: { trainLimit: 15000, testLimit: 500, epochs: 4 } };

interface Row {
  epoch: number;
  attempt: number;
}

describe('Workers that lose their job: killed, frozen, cut off from Redis', () => {
  let env: Env;
  let api: RunningApi;
  let prisma: PrismaClient;
  let proxy: TcpProxy;
  const workers: WorkerProcess[] = [];
  const start = (extra: Record<string, string> = {}) => {
    const worker = spawnWorker(env, { ...FAST_LOCKS, ...extra });
    workers.push(worker);
    return worker;
  };
  const read = (id: string) => json(fetch(`${api.url}/api/experiments/${id}`));
  const inEpoch = (id: string, epoch: number, worker: WorkerProcess) =>
    waitFor(
      () => read(id),
      (e) =>
        e.progress?.phase === 'training' && e.progress.epoch === epoch && e.progress.batch >= 20,
      {
        timeoutMs: 120_000,
        intervalMs: 100,
        what: () => `epoch ${epoch} (${worker.output().slice(-2000)})`,
      },
    );
  const finished = (id: string, worker: WorkerProcess) =>
    waitFor(
      () => read(id),
      (e) => ['completed', 'failed', 'cancelled'].includes(e.status),
      { timeoutMs: 180_000, what: () => `the run to finish (${worker.output().slice(-2000)})` },
    );
  const rows = async (id: string): Promise<Row[]> =>
    prisma.epochMetric.findMany({
      where: { experimentId: id },
      orderBy: { epoch: 'asc' },
      select: { epoch: true, attempt: true },
    });
  const logLines = (worker: WorkerProcess, from = 0) =>
    worker
      .output()
      .slice(from)
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map(
        (line) => JSON.parse(line) as { msg: string; attempt?: number; err?: { message: string } },
      );

  beforeAll(async () => {
    env = testEnv();
    api = await startTestApi(env);
    prisma = createTestPrisma();
    const redis = new URL(testRedisUrl());
    proxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
  });

  // Each test starts its own workers: an idle one left over would take the next test's job.
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.stop('SIGKILL')));
  });

  afterAll(async () => {
    await proxy?.close();
    await api?.close();
    await prisma?.$disconnect();
    await cleanQueuePrefix(env);
  });

  it(`shows a killed worker's experiment as retrying within the lock's ${LOCK_MS / 1000} s`, async () => {
    const worker = start();
    const created = await submitExperiment(api.url, LONG_RUN);
    await inEpoch(created.id, 1, worker);
    await worker.stop('SIGKILL');
    const killedAt = Date.now();
    const retrying = await waitFor(
      () => read(created.id),
      (e) => e.status === 'retrying',
      { timeoutMs: LOCK_MS + 5_000, intervalMs: 100, what: 'the experiment to show retrying' },
    );
    const seconds = (Date.now() - killedAt) / 1000;
    expect(seconds).toBeLessThanOrEqual(LOCK_MS / 1000 + 1);
    expect(retrying.error).toMatch(/stopped renewing the job's lock/);
    // Nobody takes it up in this test: cancel it so the next workers do not.
    await fetch(`${api.url}/api/experiments/${created.id}`, { method: 'DELETE' });
  });

  it('a frozen worker that comes back while its successor trains writes nothing more, and is idle within seconds', async () => {
    const frozen = start();
    const created = await submitExperiment(api.url, LONG_RUN);
    await inEpoch(created.id, 2, frozen);
    frozen.child.kill('SIGSTOP');
    const successor = start();
    // Thawed while its successor trains: its own epoch 2 is still open in its memory.
    await inEpoch(created.id, 3, successor);
    const mark = frozen.output().length;
    frozen.child.kill('SIGCONT');
    const done = await finished(created.id, successor);
    expect(done.status).toBe('completed');
    // It notices at its next batch: long before its next epoch's end would be due.
    await waitFor(
      async () => logLines(frozen, mark).map((line) => line.msg),
      (messages) =>
        messages.includes('lost the experiment to another attempt; stopped, wrote nothing more'),
      {
        timeoutMs: 20_000,
        intervalMs: 100,
        what: () => `the frozen worker to give up (${frozen.output().slice(mark)})`,
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 2 * LOCK_MS));

    const after = logLines(frozen, mark);
    expect(after.filter((l) => l.msg.startsWith('lost the experiment'))).toHaveLength(1);
    expect(after.map((l) => l.msg)).not.toContain('epoch done');
    // BullMQ's refused renewals are not logged every second.
    expect(after.filter((l) => /lock/.test(l.err?.message ?? ''))).toEqual([]);
    expect(await prisma.checkpoint.count({ where: { experimentId: created.id } })).toBe(0);
    const owner = (await read(created.id)).attempts;
    expect(owner).toBe(2);
    // Epoch 1 was the frozen worker's; every later row is its successor's.
    expect(await rows(created.id)).toEqual(
      [1, 2, 3, 4].map((epoch) => ({ epoch, attempt: epoch === 1 ? 1 : 2 })),
    );

    // Idle, and takes new work: the successor stops, the thawed worker trains the next run.
    await successor.stop();
    const next = await submitExperiment(api.url, {
      preset: 'baseline',
      config: { trainLimit: 600, testLimit: 100, epochs: 1 },
    });
    expect((await finished(next.id, frozen)).status).toBe('completed');
  });

  it('a worker cut off from Redis but not from PostgreSQL stops, and its successor’s run stands', async () => {
    const cutOff = start({ REDIS_URL: proxy.url('redis:') });
    const created = await submitExperiment(api.url, LONG_RUN);
    await inEpoch(created.id, 2, cutOff);
    const mark = cutOff.output().length;
    proxy.cut();
    const successor = start();
    const done = await finished(created.id, successor);
    expect(done.status).toBe('completed');
    proxy.restore();
    await waitFor(
      async () => logLines(cutOff, mark).map((line) => line.msg),
      (messages) =>
        messages.includes('lost the experiment to another attempt; stopped, wrote nothing more'),
      {
        timeoutMs: 30_000,
        intervalMs: 200,
        what: () => `the cut-off worker to give up (${cutOff.output().slice(mark)})`,
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 2 * LOCK_MS));

    const after = logLines(cutOff, mark);
    expect(after.filter((l) => l.msg.startsWith('lost the experiment'))).toHaveLength(1);
    expect(await prisma.checkpoint.count({ where: { experimentId: created.id } })).toBe(0);
    const written = await rows(created.id);
    expect(written.map((row) => row.epoch)).toEqual([1, 2, 3, 4]);
    // Every epoch the successor trained carries its attempt; the cut-off worker's last
    // epochs (at most the one it finished before its lock expired) carry the first.
    const successorAttempt = (await read(created.id)).attempts;
    expect(successorAttempt).toBe(2);
    const firstOfSuccessor = written.findIndex((row) => row.attempt === successorAttempt);
    expect(firstOfSuccessor).toBeGreaterThan(0);
    expect(written.slice(firstOfSuccessor).every((row) => row.attempt === successorAttempt)).toBe(
      true,
    );
    expect(written.slice(0, firstOfSuccessor).every((row) => row.attempt === 1)).toBe(true);
  });
});
