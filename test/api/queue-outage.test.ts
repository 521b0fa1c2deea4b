import type { RunningApi } from '@lenet-lab/api';
import type { PrismaClient } from '@lenet-lab/db';
import type { Env } from '@lenet-lab/env';
import { createTestPrisma } from '../support/database';
import { cleanQueuePrefix, json, startTestApi, testEnv, waitFor } from '../support/services';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

// The API reaches the machine's Redis through a proxy this test cuts: a submission the queue
// refuses must leave no row and no claimed Idempotency-Key behind.
describe('a submission while Redis refuses jobs', () => {
  let proxy: TcpProxy;
  let env: Env;
  let api: RunningApi;
  let prisma: PrismaClient;

  beforeAll(async () => {
    proxy = await startTcpProxy({ host: '127.0.0.1', port: 6379 });
    env = testEnv({ REDIS_URL: proxy.url('redis:') });
    api = await startTestApi(env);
    prisma = createTestPrisma();
  });

  afterAll(async () => {
    proxy?.restore();
    await api?.close();
    await prisma?.$disconnect();
    // Cleaned through the proxy (the env's REDIS_URL) before it closes.
    if (env) await cleanQueuePrefix(env);
    await proxy?.close();
  });

  const post = (route: string, key: string, body: object) =>
    fetch(`${api.url}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    });
  const rowsOfThisApi = () => prisma.experiment.count({ where: { queuePrefix: env.QUEUE_PREFIX } });

  it('answers 503, keeps nothing, and lets the same key create once Redis is back', async () => {
    const experiment = { preset: 'baseline', config: { epochs: 1 } };
    const ablation = { presets: ['baseline'], seeds: [1, 2], name: `outage-${env.QUEUE_PREFIX}` };
    proxy.cut();
    for (const [route, key, body] of [
      ['/api/experiments', 'outage-experiment', experiment],
      ['/api/ablations', 'outage-ablation', ablation],
    ] as const) {
      const refused = await post(route, key, body);
      expect(refused.status).toBe(503);
      expect((await json(refused)).error.code).toBe('SERVICE_UNAVAILABLE');
    }
    expect(await rowsOfThisApi()).toBe(0);
    expect(await prisma.ablation.count({ where: { name: ablation.name } })).toBe(0);
    expect(
      await prisma.idempotencyKey.count({
        where: { key: { in: ['outage-experiment', 'outage-ablation'] } },
      }),
    ).toBe(0);

    proxy.restore();
    const created = await waitFor(
      () => post('/api/experiments', 'outage-experiment', experiment),
      (response) => response.status !== 503,
      { timeoutMs: 20_000, intervalMs: 200, what: 'Redis to take jobs again' },
    );
    expect(created.status).toBe(201);
    expect(created.headers.get('idempotent-replayed')).toBeNull();
    expect(await rowsOfThisApi()).toBe(1);
  });
});
