import type { RunningApi } from '@lenet-lab/api';
import { LenetLabClient, type StreamEvent } from '@lenet-lab/cli';
import type { Env } from '@lenet-lab/env';
import {
  cleanQueuePrefix,
  json,
  spawnWorker,
  startTestApi,
  testEnv,
  type WorkerProcess,
} from '../support/services';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

/** Long enough to cut the connection between its epochs. */
const FOUR_EPOCHS = { trainLimit: 2_000, testLimit: 200, epochs: 4 };

// The CLI reaches the API through a proxy this test cuts mid-stream, as a flaky network or a
// restarting proxy would: the client must reconnect with the last id and miss nothing.
describe('The CLI following an event stream through a dropped connection', () => {
  let env: Env;
  let api: RunningApi;
  let worker: WorkerProcess;
  let proxy: TcpProxy;

  beforeAll(async () => {
    env = testEnv();
    api = await startTestApi(env);
    worker = spawnWorker(env);
    const { port } = new URL(api.url);
    proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(port) });
  });

  afterAll(async () => {
    await proxy?.close();
    await worker?.stop();
    await api?.close();
    if (env) await cleanQueuePrefix(env);
  });

  it('reconnects with the last event id and gets every epoch exactly once, then the end', async () => {
    const created = await json(
      fetch(`${api.url}/api/experiments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ preset: 'baseline', config: FOUR_EPOCHS }),
      }),
    );
    const client = new LenetLabClient({ baseUrl: proxy.url('http:') });
    const events: StreamEvent[] = [];
    let cuts = 0;
    for await (const event of client.followEvents('experiments', created.id)) {
      events.push(event);
      // Cut after the first epoch, and restore a moment later: the stream drops mid-run.
      if (event.type === 'epoch' && cuts === 0) {
        cuts++;
        proxy.cut();
        setTimeout(() => proxy.restore(), 1_500);
      }
    }

    const epochs = events
      .filter((event) => event.type === 'epoch')
      .map((event) => (event.data as { metric: { epoch: number } }).metric.epoch);
    expect(epochs).toEqual([1, 2, 3, 4]);
    expect(events.at(-1)!.type).toBe('end');
    // One snapshot: the reconnect continued from the last id instead of starting over.
    expect(events.filter((event) => event.type === 'snapshot')).toHaveLength(1);
    // No event twice (`end` repeats the id of the last one: it is no stream entry of its own).
    const ids = events.filter((event) => event.type !== 'end').map((event) => event.id);
    expect(new Set(ids).size).toBe(ids.length);
  }, 120_000);
});
