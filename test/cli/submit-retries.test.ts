import net from 'node:net';
import { LenetLabClient } from '@lenet-lab/cli';
import type { PrismaClient } from '../../libs/db/generated/client';
import { createTestPrisma } from '../support/database';
import { cleanQueuePrefix, useTestApi } from '../support/services';

/**
 * In front of the API: the first `drops` connections carry the request to the API, then close
 * before its answer reaches the client (a dropped connection after the server acted).
 */
async function answerDroppingProxy(apiUrl: string, drops: number) {
  const target = new URL(apiUrl);
  let dropped = 0;
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    const drop = dropped < drops;
    if (drop) dropped++;
    client.pipe(upstream);
    upstream.on('data', (chunk) => (drop ? client.destroy() : client.write(chunk)));
    upstream.on('end', () => client.end());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    dropped: () => dropped,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('The CLI’s submissions when the answer is lost', () => {
  const running = useTestApi();
  let prisma: PrismaClient;

  beforeAll(() => {
    prisma = createTestPrisma();
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await cleanQueuePrefix(running.env);
  });

  it('retries with the same Idempotency-Key and gets the one experiment the API made', async () => {
    const proxy = await answerDroppingProxy(running.api.url, 1);
    try {
      const client = new LenetLabClient({ baseUrl: proxy.url });
      const name = `retried-${Date.now()}`;
      const experiment = await client.submitExperiment({
        preset: 'baseline',
        name,
        config: { trainLimit: 100, epochs: 1 },
      });
      expect(proxy.dropped()).toBe(1);
      expect(experiment).toMatchObject({ name, status: 'queued' });
      // The dropped request did create it; the retry got that experiment, not a second one.
      expect(await prisma.experiment.count({ where: { name } })).toBe(1);
    } finally {
      await proxy.close();
    }
  });

  it('does the same for an ablation', async () => {
    const proxy = await answerDroppingProxy(running.api.url, 2);
    try {
      const client = new LenetLabClient({ baseUrl: proxy.url });
      const name = `retried-ablation-${Date.now()}`;
      const ablation = await client.submitAblation({
        name,
        presets: ['baseline'],
        seeds: [1],
        overrides: { trainLimit: 100, epochs: 1 },
      });
      expect(proxy.dropped()).toBe(2);
      expect(await prisma.ablation.count({ where: { name } })).toBe(1);
      expect(ablation.id).toBeDefined();
    } finally {
      await proxy.close();
    }
  });
});
