import IORedis from 'ioredis';
import type { RunningApi } from '@lenet-lab/api';
import { readEventStream, type StreamEvent } from '@lenet-lab/cli';
import { liveEventSchema } from '@lenet-lab/contract';
import { FOLLOWER_CONNECTION_NAME } from '@lenet-lab/events';
import type { Env } from '@lenet-lab/env';
import {
  cleanQueuePrefix,
  json,
  spawnWorker,
  startTestApi,
  testEnv,
  waitFor,
  type WorkerProcess,
} from '../support/services';

/** Two short epochs: enough for progress, two epoch events and the end. */
const TWO_EPOCHS = { trainLimit: 600, testLimit: 200, epochs: 2 };

/** Every event of a stream until the server closes it. */
async function collect(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const events: StreamEvent[] = [];
  for await (const event of readEventStream(response.body!)) events.push(event);
  return events;
}

describe('Event streams across API processes', () => {
  let env: Env;
  /** Takes the submissions. */
  let api: RunningApi;
  /** Streams the events: another process, sharing only Redis and PostgreSQL with the first. */
  let watcherApi: RunningApi;
  let worker: WorkerProcess;

  beforeAll(async () => {
    env = testEnv();
    [api, watcherApi] = await Promise.all([startTestApi(env), startTestApi(env)]);
    worker = spawnWorker(env);
  });

  afterAll(async () => {
    await worker?.stop();
    await Promise.all([api?.close(), watcherApi?.close()]);
    if (env) await cleanQueuePrefix(env);
  });

  const submit = (body: object) =>
    json(
      fetch(`${api.url}/api/experiments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    );

  it('sends a snapshot, then what the worker publishes, then the end; a reconnect loses no epoch', async () => {
    const submitted = await submit({ preset: 'baseline', config: TWO_EPOCHS });
    const url = `${watcherApi.url}/api/experiments/${submitted.id}/events`;
    const events = await collect(url);

    const types = events.map((event) => event.type);
    expect(types[0]).toBe('snapshot');
    expect((events[0].data as { id: string }).id).toBe(submitted.id);
    expect(types.at(-1)).toBe('end');
    expect(types.filter((type) => type === 'epoch')).toHaveLength(2);
    expect(types).toContain('progress');
    const live = events.slice(1, -1);
    for (const event of live) {
      expect(liveEventSchema.safeParse(event.data).error?.issues ?? []).toEqual([]);
      expect(event.type).toBe((event.data as { type: string }).type);
    }
    const statuses = live.filter((e) => e.type === 'status').map((e) => e.data);
    expect(statuses.at(-1)).toMatchObject({ status: 'completed', error: null });
    // The epochs arrive in order, each as the row the API shows.
    const epochs = live.filter((e) => e.type === 'epoch').map((e) => e.data as { metric: object });
    const stored = await json(fetch(`${api.url}/api/experiments/${submitted.id}`));
    expect(epochs.map((e) => e.metric)).toEqual(stored.metrics);

    // Every event after the snapshot has an id; reconnecting after the first epoch sends what
    // followed it, the second epoch included, and no snapshot.
    const firstEpoch = events.findIndex((event) => event.type === 'epoch');
    const resumed = await collect(url, { 'last-event-id': events[firstEpoch].id! });
    expect(resumed.map((event) => event.type)).toEqual(types.slice(firstEpoch + 1));
    expect(resumed.map((event) => event.id)).toEqual(events.slice(firstEpoch + 1).map((e) => e.id));

    // A finished experiment's stream is its snapshot and the end.
    expect((await collect(url)).map((event) => event.type)).toEqual(['snapshot', 'end']);
  }, 120_000);

  it("follows an ablation's cells and ends with its report", async () => {
    const ablation = await json(
      fetch(`${api.url}/api/ablations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ presets: ['baseline'], seeds: [1, 2], overrides: TWO_EPOCHS }),
      }),
    );
    const events = await collect(`${watcherApi.url}/api/ablations/${ablation.id}/events`);
    const types = events.map((event) => event.type);
    expect(types[0]).toBe('snapshot');
    expect(types.slice(-2)).toEqual(['report', 'end']);
    expect(events.at(-2)!.data).toMatchObject({ ablationId: ablation.id, built: true });
    const cells = new Set(ablation.experiments.map((cell: { id: string }) => cell.id));
    const epochCells = events
      .filter((event) => event.type === 'epoch')
      .map((event) => (event.data as { experimentId: string }).experimentId);
    expect(new Set(epochCells)).toEqual(cells);
    expect(epochCells).toHaveLength(4);
  }, 120_000);

  it('answers 404 before any stream for an experiment that does not exist', async () => {
    const response = await fetch(
      `${watcherApi.url}/api/experiments/00000000-0000-4000-8000-000000000000/events`,
    );
    expect(response.status).toBe(404);
    expect((await json(response)).error.code).toBe('NOT_FOUND');
  });

  it('lets go of its Redis connection when the client leaves', async () => {
    const redis = new IORedis(env.REDIS_URL);
    const clients = async () =>
      ((await redis.client('LIST')) as string)
        .split('\n')
        .filter((line) => line.includes(`name=${FOLLOWER_CONNECTION_NAME} `)).length;
    try {
      const submitted = await submit({ preset: 'baseline', config: { ...TWO_EPOCHS, epochs: 50 } });
      const before = await clients();
      const controller = new AbortController();
      const response = await fetch(`${watcherApi.url}/api/experiments/${submitted.id}/events`, {
        signal: controller.signal,
      });
      const reader = response.body!.getReader();
      await reader.read();
      await waitFor(clients, (count) => count === before + 1, {
        timeoutMs: 5_000,
        intervalMs: 50,
        what: 'the stream to open its own Redis connection',
      });
      controller.abort();
      await waitFor(clients, (count) => count === before, {
        timeoutMs: 5_000,
        intervalMs: 50,
        what: 'the stream to close its Redis connection after the client left',
      });
      await fetch(`${api.url}/api/experiments/${submitted.id}`, { method: 'DELETE' });
    } finally {
      redis.disconnect();
    }
  }, 60_000);
});

describe('Event streams behind API keys', () => {
  const ADMIN = 'admin-key-for-live-events';
  const READER = 'read-key-for-live-events';
  let env: Env;
  let api: RunningApi;

  beforeAll(async () => {
    env = testEnv({ API_KEYS: ADMIN, API_READ_KEYS: READER });
    api = await startTestApi(env);
  });

  afterAll(async () => {
    await api?.close();
    if (env) await cleanQueuePrefix(env);
  });

  it('refuses a stranger with 401 and lets a read key watch', async () => {
    const created = await json(
      fetch(`${api.url}/api/experiments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
        body: JSON.stringify({ config: { epochs: 1, trainLimit: 300 } }),
      }),
    );
    const url = `${api.url}/api/experiments/${created.id}/events`;
    const stranger = await fetch(url);
    expect(stranger.status).toBe(401);
    expect(stranger.headers.get('content-type')).toMatch(/^application\/json/);

    // No worker runs here: cancelling it ends the stream the reader follows.
    const watching = collect(url, { authorization: `Bearer ${READER}` });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await fetch(url.replace('/events', ''), {
      method: 'DELETE',
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    const events = await watching;
    expect(events.map((event) => event.type)).toEqual(['snapshot', 'status', 'end']);
    expect(events[1].data).toMatchObject({ status: 'cancelled' });
  }, 30_000);
});
