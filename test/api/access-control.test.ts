import type { RunningApi } from '@lenet-lab/api';
import type { Env } from '@lenet-lab/env';
import { cleanQueuePrefix, json, startTestApi, testEnv, useTestApi } from '../support/services';

const ADMIN = 'admin-key-for-tests-0123456789';
const READER = 'read-key-for-tests-0123456789';

describe('Access control', () => {
  let env: Env;
  let api: RunningApi;

  beforeAll(async () => {
    env = testEnv({ API_KEYS: `${ADMIN},second-admin-key`, API_READ_KEYS: READER });
    api = await startTestApi(env);
  });

  afterAll(async () => {
    await api?.close();
    await cleanQueuePrefix(env);
  });

  const call = (method: string, path: string, key?: string, body?: unknown) =>
    fetch(`${api.url}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        ...(key && { authorization: `Bearer ${key}` }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  const submitBody = { preset: 'baseline', config: { epochs: 1, trainLimit: 100 } };
  const someId = '00000000-0000-4000-8000-000000000000';

  it.each([
    ['POST', '/api/experiments', submitBody],
    ['DELETE', `/api/experiments/${someId}`, undefined],
    ['POST', '/api/ablations', { seeds: [1] }],
    ['DELETE', `/api/ablations/${someId}`, undefined],
    ['POST', `/api/ablations/${someId}/rerun`, undefined],
  ])(
    'refuses %s %s without a key (401) and with a read-only key (403)',
    async (method, path, body) => {
      const anonymous = await call(method, path, undefined, body);
      expect(anonymous.status).toBe(401);
      expect((await json(anonymous)).error.message).toMatch(/API key/);
      expect((await call(method, path, 'wrong-key', body)).status).toBe(401);
      expect((await call(method, path, READER, body)).status).toBe(403);
    },
  );

  it('lets an admin key submit, and any key read', async () => {
    const created = await call('POST', '/api/experiments', ADMIN, submitBody);
    expect(created.status).toBe(201);
    const { id } = await json(created);
    expect((await call('GET', `/api/experiments/${id}`)).status).toBe(401);
    expect((await call('GET', `/api/experiments/${id}`, READER)).status).toBe(200);
    expect((await call('GET', '/api/experiments', 'second-admin-key')).status).toBe(200);
    expect((await call('DELETE', `/api/experiments/${id}`, ADMIN)).status).toBe(200);
  });

  it.each([
    ['POST', `/api/experiments/${someId}/predict`, { images: [new Array(784).fill(0)] }],
    ['GET', `/api/experiments/${someId}/model`, undefined],
    ['GET', `/api/experiments/${someId}/model.onnx`, undefined],
    ['GET', `/api/experiments/${someId}/models`, undefined],
  ])('lets a read key, and no anonymous caller, %s %s', async (method, path, body) => {
    expect((await call(method, path, undefined, body)).status).toBe(401);
    // Past the guard: the made-up experiment is not found, which is not a 401 or 403.
    expect((await call(method, path, READER, body)).status).toBe(404);
  });

  it('keeps /healthz and /openapi.json open, with security headers', async () => {
    const health = await call('GET', '/healthz');
    expect(health.status).toBe(200);
    expect(health.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await call('GET', '/openapi.json')).status).toBe(200);
  });

  it('guards Bull Board: 401 for API clients, the login page for browsers, a cookie after sign-in', async () => {
    expect((await call('GET', '/admin/queues/api/queues')).status).toBe(401);
    expect((await call('GET', '/admin/queues/api/queues', READER)).status).toBe(403);
    expect((await call('GET', '/admin/queues/api/queues', ADMIN)).status).toBe(200);

    const browser = await fetch(`${api.url}/admin/queues`, {
      redirect: 'manual',
      headers: { accept: 'text/html' },
    });
    expect(browser.status).toBe(303);
    expect(browser.headers.get('location')).toBe('/admin/login?next=%2Fadmin%2Fqueues');

    const signIn = (key: string) =>
      fetch(`${api.url}/admin/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ key }).toString(),
      });
    expect((await signIn('not-a-key')).status).toBe(401);
    const signedIn = await signIn(ADMIN);
    expect(signedIn.status).toBe(303);
    const cookie = signedIn.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);

    const withCookie = await fetch(`${api.url}/admin/queues/api/queues`, {
      headers: { cookie: cookie.split(';')[0] },
    });
    expect(withCookie.status).toBe(200);
    // The cookie opens the REST API's reads (the live pages' script makes them), never a write.
    const apiWithCookie = (method: string) =>
      fetch(`${api.url}/api/experiments`, {
        method,
        headers: { cookie: cookie.split(';')[0], 'content-type': 'application/json' },
        body: method === 'POST' ? JSON.stringify(submitBody) : undefined,
      });
    expect((await apiWithCookie('GET')).status).toBe(200);
    expect((await apiWithCookie('POST')).status).toBe(401);
  });

  it('lets a read key sign a browser in to watch, not to use the dashboard', async () => {
    const signedIn = await fetch(`${api.url}/admin/login?next=%2Fexperiments`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ key: READER }).toString(),
    });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe('/experiments');
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0];
    const withCookie = (path: string, accept = '*/*') =>
      fetch(`${api.url}${path}`, { redirect: 'manual', headers: { cookie, accept } });
    expect((await withCookie('/api/experiments')).status).toBe(200);
    expect((await withCookie('/')).status).toBe(200);
    expect((await withCookie('/admin/queues/api/queues')).status).toBe(403);
    expect((await withCookie('/admin/queues', 'text/html')).status).toBe(303);
  });

  it('sends a browser back only to a page of this site after sign-in', async () => {
    const signIn = (next: string) =>
      fetch(`${api.url}/admin/login?${new URLSearchParams({ next })}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ key: READER }).toString(),
      });
    for (const elsewhere of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
      expect((await signIn(elsewhere)).headers.get('location')).toBe('/');
    }
  });

  it('refuses to start without keys on an address others can reach', async () => {
    await expect(startTestApi(testEnv({ HOST: '0.0.0.0' }))).rejects.toThrow(/API_KEYS/);
  });
});

describe('The dashboard against other sites and guessed keys', () => {
  let env: Env;
  let api: RunningApi;

  beforeAll(async () => {
    env = testEnv({ API_KEYS: ADMIN, API_READ_KEYS: READER, AUTH_FAILURES_PER_MINUTE: '20' });
    api = await startTestApi(env);
  });

  afterAll(async () => {
    await api?.close();
    await cleanQueuePrefix(env);
  });

  const signIn = (key: string) =>
    fetch(`${api.url}/admin/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ key }).toString(),
    });
  const sessionCookie = async () =>
    ((await signIn(ADMIN)).headers.get('set-cookie') ?? '').split(';')[0];
  const pause = (headers: Record<string, string>) =>
    fetch(`${api.url}/admin/queues/api/queues/training/pause`, { method: 'PUT', headers });
  const isPaused = async () => {
    const { queues } = await json(
      fetch(`${api.url}/admin/queues/api/queues`, {
        headers: { authorization: `Bearer ${ADMIN}` },
      }),
    );
    return queues.find((q: { name: string }) => q.name === 'training').isPaused as boolean;
  };

  it('keeps a session in the cookie, never the key, and no forged cookie opens the board', async () => {
    const cookie = await sessionCookie();
    expect(cookie).toMatch(/^lenet_lab_session=\d+\.[\w-]{43}$/);
    expect(cookie).not.toContain(ADMIN);
    const asCookie = (value: string) =>
      fetch(`${api.url}/admin/queues/api/queues`, { headers: { cookie: value } });
    expect((await asCookie(cookie)).status).toBe(200);
    expect((await asCookie(`lenet_lab_session=${ADMIN}`)).status).toBe(401);
    // A session's expiry cannot be moved: the MAC covers it.
    const [, expiry, mac] = /=(\d+)\.(.+)$/.exec(cookie)!;
    expect((await asCookie(`lenet_lab_session=${Number(expiry) + 1000}.${mac}`)).status).toBe(401);
  });

  it('refuses a signed-in browser’s change that another site started (403), and allows its own', async () => {
    const cookie = await sessionCookie();
    const crossSite = await pause({
      cookie,
      origin: 'http://evil.example',
      'sec-fetch-site': 'cross-site',
    });
    expect(crossSite.status).toBe(403);
    expect((await json(crossSite)).error.code).toBe('CROSS_SITE_REQUEST');
    expect((await pause({ cookie, origin: 'http://evil.example' })).status).toBe(403);
    expect(await isPaused()).toBe(false);

    const own = await pause({ cookie, origin: api.url, 'sec-fetch-site': 'same-origin' });
    expect(own.status).toBe(200);
    expect(await isPaused()).toBe(true);
    await fetch(`${api.url}/admin/queues/api/queues/training/resume`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(await isPaused()).toBe(false);
  });

  it('answers 429 with Retry-After past 20 wrong keys a minute, and still lets a valid key in', async () => {
    const withKey = (key: string) =>
      fetch(`${api.url}/api/experiments`, { headers: { authorization: `Bearer ${key}` } });
    for (let attempt = 1; attempt <= 20; attempt++) {
      expect((await withKey(`guess-${attempt}`)).status).toBe(401);
    }
    const limited = await withKey('guess-21');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect((await json(limited)).error.code).toBe('TOO_MANY_WRONG_KEYS');
    // The same client with the right keys is not slowed.
    expect((await withKey(READER)).status).toBe(200);
    expect((await withKey(ADMIN)).status).toBe(200);
    // The sign-in form counts against the same limit.
    const login = await signIn('another-guess');
    expect(login.status).toBe(429);
    expect(login.headers.get('retry-after')).toBeTruthy();
    expect((await signIn(ADMIN)).status).toBe(303);
  });
});

describe('Bull Board’s own answers', () => {
  const running = useTestApi();

  it('do not announce the server software', async () => {
    const response = await fetch(`${running.api.url}/admin/queues/api/queues`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-powered-by')).toBeNull();
  });
});
