// Throws well over a thousand malformed and hostile requests at a real API (real Postgres in a
// database of this file's own, real Redis under a queue prefix of its own) and checks that every
// one is refused cleanly: a 4xx JSON error with a message, never a 5xx or a stack trace, and that
// nothing was written or enqueued. Inputs are generated from fixed seeds, so a failure replays.
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { Queue } from 'bullmq';
import fc from 'fast-check';
import IORedis from 'ioredis';
import type { RunningApi } from '@lenet-lab/api';
import type { Env } from '@lenet-lab/env';
import { REPORT_QUEUE, TRAINING_QUEUE } from '@lenet-lab/queue';
import { migratedScratchDatabase, type MigratedScratchDatabase } from '../support/database';
import { cleanQueuePrefix, startTestApi, testEnv } from '../support/services';

const SEED = 20261127;
const CONCURRENCY = 16;
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

interface HostileRequest {
  what: string;
  method: string;
  path: string;
  /** Name/value pairs, repeats allowed; `host` is added. */
  headers?: string[];
  body?: string | Buffer;
  /** The exact status expected; any 4xx when unset. */
  status?: number;
}

interface Answer {
  status: number;
  contentType: string | undefined;
  text: string;
}

const JSON_TYPE = ['content-type', 'application/json'];
const STACK_OR_PATH = /\n\s+at |\bat .+:\d+:\d+|\/work\/|node_modules|[\w-]+\.[jt]s:\d+/;

/** A raw HTTP client: unlike fetch it sends repeated headers, any method and any raw path. */
function send(baseUrl: string, agent: http.Agent, request: HostileRequest): Promise<Answer> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: request.method,
        path: request.path,
        headers: ['host', url.host, ...(request.headers ?? [])],
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: res.headers['content-type'],
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(request.body);
  });
}

/** What is wrong with an answer to a hostile request; empty when it was refused cleanly. */
function problemsWith(request: HostileRequest, answer: Answer): string[] {
  const problems: string[] = [];
  if (answer.status >= 500) problems.push(`answered ${answer.status}`);
  else if (answer.status < 400) return [`was accepted with ${answer.status}`];
  else if (request.status !== undefined && answer.status !== request.status) {
    problems.push(`answered ${answer.status}, expected ${request.status}`);
  }
  if (STACK_OR_PATH.test(answer.text)) problems.push('leaks a stack trace or a file path');
  if (request.method === 'HEAD') return problems;
  if (!answer.contentType?.startsWith('application/json')) {
    problems.push(`answered ${answer.contentType ?? 'no content type'}, not JSON`);
    return problems;
  }
  try {
    const { error } = JSON.parse(answer.text) as { error?: { message?: unknown; code?: unknown } };
    if (typeof error?.message !== 'string' || error.message.length === 0) {
      problems.push('has no error.message');
    }
    if (typeof error?.code !== 'string') problems.push('has no error.code');
  } catch {
    problems.push('is not valid JSON');
  }
  return problems;
}

const post = (path: string, body: unknown, what: string, status?: number): HostileRequest => ({
  what,
  method: 'POST',
  path,
  headers: JSON_TYPE,
  body: typeof body === 'string' ? body : JSON.stringify(body),
  status,
});

/** The same config change (as JSON text) as an experiment's `config` and an ablation's `overrides`. */
function bothRoutesText(config: string, what: string, status?: number): HostileRequest[] {
  return [
    post('/api/experiments', `{"config": ${config}}`, `experiment ${what}`, status),
    post(
      '/api/ablations',
      `{"presets": ["baseline"], "seeds": [1], "overrides": ${config}}`,
      `ablation ${what}`,
      status,
    ),
  ];
}

const bothRoutes = (config: unknown, what: string, status?: number) =>
  bothRoutesText(JSON.stringify(config), what, status);

function withField(path: string, value: unknown): Record<string, unknown> {
  const [head, ...rest] = path.split('.');
  return { [head]: rest.length ? withField(rest.join('.'), value) : value };
}

type FieldKind = 'int' | 'number' | 'nullable-int' | 'boolean' | 'enum' | 'object';

/** Every field of the experiment config (libs/config/experiment-config.ts) with its kind. */
const CONFIG_FIELDS: [string, FieldKind][] = [
  ['dataset', 'enum'],
  ['model', 'object'],
  ['model.batchNorm', 'boolean'],
  ['model.activation', 'enum'],
  ['model.pooling', 'enum'],
  ['model.dropout', 'number'],
  ['model.width', 'object'],
  ['model.width.conv1', 'int'],
  ['model.width.conv2', 'int'],
  ['model.width.fc1', 'int'],
  ['model.width.fc2', 'int'],
  ['augmentation', 'object'],
  ['augmentation.enabled', 'boolean'],
  ['augmentation.rotationDegrees', 'number'],
  ['augmentation.translateFraction', 'number'],
  ['augmentation.scaleMin', 'number'],
  ['augmentation.scaleMax', 'number'],
  ['optimizer', 'object'],
  ['optimizer.type', 'enum'],
  ['optimizer.learningRate', 'number'],
  ['optimizer.momentum', 'number'],
  ['optimizer.beta1', 'number'],
  ['optimizer.beta2', 'number'],
  ['optimizer.epsilon', 'number'],
  ['optimizer.weightDecay', 'number'],
  ['batchSize', 'int'],
  ['epochs', 'int'],
  ['lrSchedule', 'object'],
  ['lrSchedule.type', 'enum'],
  ['lrSchedule.stepSize', 'int'],
  ['lrSchedule.gamma', 'number'],
  ['earlyStopping', 'object'],
  ['earlyStopping.enabled', 'boolean'],
  ['earlyStopping.patience', 'int'],
  ['earlyStopping.restoreBest', 'boolean'],
  ['validationSplit', 'number'],
  ['seed', 'int'],
  ['trainLimit', 'nullable-int'],
  ['testLimit', 'nullable-int'],
];

const NOT_A_NUMBER = ['1', '', 'abc', 'NaN', 'Infinity', true, false, [], [1], {}, { value: 1 }];
const WRONG_VALUES: Record<FieldKind, unknown[]> = {
  int: [...NOT_A_NUMBER, null, 1.5],
  number: [...NOT_A_NUMBER, null],
  'nullable-int': [...NOT_A_NUMBER, 2.5],
  boolean: ['true', 'false', 1, 0, null, [], {}, 'yes'],
  enum: [1, true, null, [], {}, '', 'MNIST', 'mnist ', 'rmsprop', 'exponential'],
  object: [1, 'x', true, null, [], [{}]],
};

/** An arbitrary value of the wrong JSON type for the field (fast-check). */
function wrongValue(kind: FieldKind): fc.Arbitrary<unknown> {
  const strings = fc.string({ maxLength: 20 });
  const arrays = fc.array(fc.integer(), { maxLength: 3 });
  const objects = fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 });
  const numbers = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));
  switch (kind) {
    case 'int':
    case 'number':
      return fc.oneof(strings, fc.boolean(), fc.constant(null), arrays, objects);
    case 'nullable-int':
      return fc.oneof(strings, fc.boolean(), arrays, objects);
    case 'boolean':
      return fc.oneof(strings, numbers, fc.constant(null), arrays, objects);
    case 'enum':
      return fc.oneof(
        strings.filter(
          (s) =>
            ![
              'mnist',
              'fashion-mnist',
              'sgd',
              'adam',
              'none',
              'step',
              'relu',
              'tanh',
              'max',
              'avg',
            ].includes(s),
        ),
        numbers,
        fc.boolean(),
        fc.constant(null),
        arrays,
        objects,
      );
    case 'object':
      return fc.oneof(strings, numbers, fc.boolean(), fc.constant(null), arrays);
  }
}

const OUT_OF_RANGE: [string, unknown][] = [
  ['epochs', 0],
  ['epochs', 201],
  ['epochs', 1e308],
  ['epochs', -1],
  ['epochs', 'NaN'],
  ['epochs', 2.5],
  ['batchSize', 0],
  ['batchSize', 4097],
  ['batchSize', -64],
  ['optimizer.learningRate', 0],
  ['optimizer.learningRate', 11],
  ['optimizer.learningRate', -1],
  ['optimizer.momentum', 1],
  ['optimizer.momentum', -0.1],
  ['trainLimit', 60001],
  ['trainLimit', 0],
  ['testLimit', 10001],
  ['validationSplit', 0.51],
  ['validationSplit', -0.01],
  ['seed', -1],
  ['seed', 2 ** 31],
  ['augmentation.rotationDegrees', 181],
  ['augmentation.translateFraction', 0.6],
  ['augmentation.scaleMin', 0],
  ['augmentation.scaleMax', 3],
  ['lrSchedule.stepSize', 0],
  ['lrSchedule.gamma', 1.01],
  ['earlyStopping.patience', 201],
];

/** Number literals JSON.stringify cannot write: they reach the server as text. */
const RAW_NUMBERS = [
  '1e999',
  '-1e999',
  '1E400',
  '-0',
  '0.0000000000000000000000001',
  '9'.repeat(400),
];

const MALFORMED_JSON = [
  '{',
  '}',
  '{"preset":',
  '{"preset": baseline}',
  "{'preset': 'baseline'}",
  '{"preset": "baseline",}',
  '{"seeds": [1,]}',
  '{"preset" "baseline"}',
  '{"a":NaN}',
  '{"a":Infinity}',
  '{"a":01}',
  '{"a":.5}',
  '{"a":1.}',
  '{"a":"\\x41"}',
  '{"a":"\t"}',
  '{"a":"unterminated}',
  '{"a":1}{"b":2}',
  '{} trailing',
  '/* comment */ {}',
  '{"a":1 // comment\n}',
  '{"a": 1e}',
  '{"a": -}',
  '{{}}',
  '[[]',
  '{"a":[}',
  'undefined',
  'NaN',
  '1',
  'true',
  'null',
  '"a string"',
  '0x10',
  '\u0000',
  '{"a":"\\ud800\\"}',
  '<xml/>',
  'preset=baseline',
  ' ',
];

function malformedJsonSamples(): string[] {
  const corrupt = fc
    .tuple(
      fc.json({ maxDepth: 3 }),
      fc.nat(),
      fc.constantFrom('{', '"', ',', ':', '\\', '}', ']', "'"),
    )
    .map(([json, at, char]) => {
      const cut = at % (json.length + 1);
      return at % 2 === 0 ? json.slice(0, cut) + char + json.slice(cut) : json.slice(0, cut);
    })
    // An empty body is no body, which asks for every default: not malformed.
    .filter((text) => text.length > 0)
    .filter((text) => {
      try {
        JSON.parse(text);
        return false;
      } catch {
        return true;
      }
    });
  return [...MALFORMED_JSON, ...fc.sample(corrupt, { seed: SEED, numRuns: 120 })];
}

const NON_JSON_TYPES = [
  'text/plain',
  'text/html',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/octet-stream',
  'application/json-patch+json',
  'application/vnd.api+json',
  'image/png',
  ';;;',
  'application/',
  '*/*',
  'json',
];

function contentTypeCases(): HostileRequest[] {
  const body = JSON.stringify({ preset: 'baseline' });
  return ['/api/experiments', '/api/ablations'].flatMap((path) => {
    const as = (what: string, headers: string[], status?: number): HostileRequest => ({
      what: `${path} ${what}`,
      method: 'POST',
      path,
      headers,
      body,
      status,
    });
    return [
      ...NON_JSON_TYPES.map((type) => as(`as ${type}`, ['content-type', type], 415)),
      as('with no content type', [], 415),
      as('in UTF-8 labelled UTF-16', ['content-type', 'application/json; charset=utf-16']),
      ...['iso-8859-1', 'koi8-r', 'x-unknown'].map((charset) =>
        as(`in ${charset}`, ['content-type', `application/json; charset=${charset}`], 415),
      ),
      ...['gzip', 'deflate', 'br'].map((encoding) =>
        as(`claiming ${encoding}`, [...JSON_TYPE, 'content-encoding', encoding], 400),
      ),
      ...['compress', 'x-custom', 'gzip, identity, rot13'].map((encoding) =>
        as(`in ${encoding}`, [...JSON_TYPE, 'content-encoding', encoding], 415),
      ),
    ];
  });
}

const KNOWN_KEYS = new Set([
  'preset',
  'config',
  'name',
  'presets',
  'seeds',
  'overrides',
  ...CONFIG_FIELDS.flatMap(([path]) => path.split('.')),
]);

function unknownFieldCases(): HostileRequest[] {
  const names = fc.sample(
    fc.string({ minLength: 1, maxLength: 30 }).filter((name) => !KNOWN_KEYS.has(name)),
    { seed: SEED, numRuns: 24 },
  );
  return names.flatMap((name) => [
    post('/api/experiments', { preset: 'baseline', [name]: 1 }, `experiment field ${name}`, 400),
    post('/api/ablations', { presets: ['baseline'], [name]: 1 }, `ablation field ${name}`, 400),
    ...bothRoutes({ [name]: true }, `config field ${name}`, 400),
    ...bothRoutes({ optimizer: { [name]: 0.1 } }, `optimizer field ${name}`, 400),
  ]);
}

function submissionFieldCases(): HostileRequest[] {
  const long = (n: number) => 'x'.repeat(n);
  const experiments: unknown[] = [
    { preset: '' },
    { preset: long(101) },
    { preset: 'nope' },
    { preset: '../baseline' },
    { preset: '..%2fbaseline' },
    { preset: 'BASELINE' },
    { preset: 'baseline.json' },
    { preset: 1 },
    { preset: null },
    { preset: ['baseline'] },
    { preset: { name: 'baseline' } },
    { name: '' },
    { name: '    ' },
    { name: long(201) },
    { name: long(90_000) },
    { name: 1 },
    { name: true },
    { name: null },
    { name: {} },
    { name: 'a\u0000b' },
    { config: 'epochs=1' },
    { config: null },
    { config: 1 },
  ];
  const ablations: unknown[] = [
    { presets: [] },
    { presets: ['nope'] },
    { presets: ['baseline', 'baseline'] },
    { presets: [''] },
    { presets: Array.from({ length: 21 }, (_, i) => `p${i}`) },
    { presets: ['../../etc/passwd'] },
    { presets: [1] },
    { presets: 'baseline' },
    { presets: { 0: 'baseline' } },
    { presets: null },
    { seeds: [] },
    { seeds: [-1] },
    { seeds: [2 ** 31] },
    { seeds: [1, 1] },
    { seeds: [1.5] },
    { seeds: ['1'] },
    { seeds: '1,2' },
    { seeds: { 0: 1 } },
    { seeds: Array.from({ length: 21 }, (_, i) => i) },
    { name: '' },
    { name: long(201) },
    { name: 1 },
    { name: 'a\u0000b' },
    { overrides: { seed: 3 } },
    { overrides: [] },
    { overrides: 'x' },
    { overrides: null },
  ];
  return [
    ...experiments.map((body) =>
      post('/api/experiments', body, `experiment ${JSON.stringify(body).slice(0, 60)}`, 400),
    ),
    ...ablations.map((body) =>
      post('/api/ablations', body, `ablation ${JSON.stringify(body).slice(0, 60)}`, 400),
    ),
  ];
}

/** As text: JSON.stringify itself runs out of stack on the deepest of these. */
const nestedObjects = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const nestedArrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

function structureCases(): HostileRequest[] {
  const polluting = { polluted: 'yes' };
  const cases: HostileRequest[] = [];
  // The deepest still fit the 100 kB limit, so they reach JSON.parse and the validation.
  for (const depth of [33, 100, 1_000, 15_000]) {
    const what = `${depth} deep`;
    cases.push(...bothRoutesText(`{"model": ${nestedObjects(depth)}}`, `config ${what}`, 400));
    cases.push(...bothRoutesText(nestedArrays(depth), `config as arrays ${what}`, 400));
    cases.push(post('/api/experiments', nestedObjects(depth), `body ${what}`, 400));
    cases.push(post('/api/ablations', nestedArrays(depth), `bare arrays ${what}`, 400));
    cases.push(post('/api/ablations', `{"name": ${nestedArrays(depth)}}`, `name ${what}`, 400));
  }
  cases.push(post('/api/experiments', nestedArrays(45_000), 'bare arrays 45,000 deep', 400));
  const wide = Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, i]));
  cases.push(...bothRoutes(wide, 'config of 5,000 unknown fields', 400));
  // JSON.parse keeps "__proto__" as an own key; only text can carry it.
  const proto = `{"__proto__": ${JSON.stringify(polluting)}}`;
  const constructorProto = `{"constructor": {"prototype": ${JSON.stringify(polluting)}}}`;
  for (const payload of [proto, constructorProto, '{"prototype": {"polluted": "yes"}}']) {
    cases.push(post('/api/experiments', payload, `experiment ${payload}`, 400));
    cases.push(post('/api/ablations', payload, `ablation ${payload}`, 400));
    cases.push(post('/api/experiments', `{"config": ${payload}}`, `config ${payload}`, 400));
    cases.push(
      post(
        '/api/experiments',
        `{"config": {"optimizer": ${payload}}}`,
        `optimizer ${payload}`,
        400,
      ),
    );
    cases.push(
      post(
        '/api/ablations',
        `{"presets": ["baseline"], "overrides": ${payload}}`,
        `overrides ${payload}`,
        400,
      ),
    );
    cases.push(
      post(
        '/api/ablations',
        `{"overrides": {"augmentation": ${payload}}}`,
        `augmentation ${payload}`,
        400,
      ),
    );
  }
  cases.push(
    post(
      '/api/ablations',
      '{"overrides": {"__proto__": {"seed": 5}}}',
      'seed smuggled in __proto__',
      400,
    ),
  );
  for (const body of ['[]', '[{}]', '[{"preset": "baseline"}]']) {
    cases.push(post('/api/experiments', body, `experiment body ${body}`, 400));
    cases.push(post('/api/ablations', body, `ablation body ${body}`, 400));
  }
  cases.push(...bothRoutes([], 'config []', 400));
  cases.push(...bothRoutes([{ epochs: 1 }], 'config [{epochs: 1}]', 400));
  cases.push(...bothRoutes({ optimizer: [0.1] }, 'optimizer [0.1]', 400));
  return cases;
}

const BAD_IDS = [
  'not-a-uuid',
  "1' OR '1'='1",
  '1; DROP TABLE experiments; --',
  "'; DELETE FROM ablations; --",
  'x'.repeat(8_000),
  '..',
  '{{7*7}}',
  '${7*7}',
  '<script>alert(1)</script>',
  'null',
  '-1',
  '1e30',
  '00000000000040008000000000000000',
  '{00000000-0000-4000-8000-000000000000}',
  '00000000-0000-4000-8000-00000000000g',
  '../../etc/passwd',
  'a/b',
  '\u0000',
  'ünïcödé',
];
/** Raw path segments: percent-escapes that do not decode, or decode to something odd. */
const RAW_ID_SEGMENTS = [
  '%E0%A4%A',
  '%',
  '%%',
  '%ZZ',
  '%00',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '%C0%AE',
  '%FF%FE',
];

function badIdCases(): HostileRequest[] {
  const generated = fc
    .sample(fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }), { seed: SEED, numRuns: 40 })
    .flatMap((id) => {
      try {
        return [encodeURIComponent(id)];
      } catch {
        return []; // a lone surrogate has no URL form
      }
    });
  const segments = [...BAD_IDS.map(encodeURIComponent), ...RAW_ID_SEGMENTS, ...generated];
  const routes: [string, (id: string) => string][] = [
    ['GET', (id) => `/api/experiments/${id}`],
    ['DELETE', (id) => `/api/experiments/${id}`],
    ['GET', (id) => `/api/ablations/${id}`],
    ['DELETE', (id) => `/api/ablations/${id}`],
    ['POST', (id) => `/api/ablations/${id}/rerun`],
    ['GET', (id) => `/api/ablations/${id}/report`],
    ['HEAD', (id) => `/api/experiments/${id}`],
  ];
  const cases = routes.flatMap(([method, path]) =>
    segments.map((id) => ({ what: `${method} ${path(id).slice(0, 80)}`, method, path: path(id) })),
  );
  for (const [method, path] of routes) {
    cases.push({
      what: `${method} missing ${path(MISSING_ID)}`,
      method,
      path: path(MISSING_ID),
      status: 404,
    } as HostileRequest);
  }
  return cases;
}

const BAD_QUERIES = [
  'limit=-1',
  'limit=abc',
  'limit=0',
  'limit=101',
  'limit=1e30',
  'limit=',
  'limit=1.5',
  'offset=-1',
  'offset=1e30',
  'offset=abc',
  'offset=1.5',
  'offset=1000001',
  'limit=1&limit=2',
  'offset=0&offset=1',
  'unknown=1',
  '__proto__[polluted]=yes',
  'constructor=1',
  'limit[]=1',
  'limit[a]=1',
  'limit=%E0%A4%A',
  'limit=%00',
];
const BAD_STATUS_QUERIES = [
  'status=DROP%20TABLE%20experiments',
  "status=queued'%20OR%201=1",
  'status=QUEUED',
  'status=',
  'status[]=queued',
  'status=queued&status=failed',
  'status=%00',
];

function queryCases(): HostileRequest[] {
  const get = (path: string): HostileRequest => ({
    what: `GET ${path}`,
    method: 'GET',
    path,
    status: 400,
  });
  return [
    ...[...BAD_QUERIES, ...BAD_STATUS_QUERIES].map((q) => get(`/api/experiments?${q}`)),
    ...BAD_QUERIES.map((q) => get(`/api/ablations?${q}`)),
    ...[
      'format=exe',
      'format=',
      'format=HTML',
      'format=html&format=csv',
      'format=../../etc/passwd',
    ].map((q) => get(`/api/ablations/${MISSING_ID}/report?${q}`)),
  ];
}

function oversizedCases(): HostileRequest[] {
  const bodies = [
    ['a 150 kB name', JSON.stringify({ name: 'x'.repeat(150_000) })],
    ['200 kB of whitespace', `{${' '.repeat(200_000)}}`],
    ['a 2 MB array', JSON.stringify({ config: { epochs: Array(500_000).fill(1) } })],
  ];
  const bomb = gzipSync(Buffer.alloc(5_000_000, ' '));
  return ['/api/experiments', '/api/ablations'].flatMap((path) => [
    ...bodies.map(([what, body]) => post(path, body, `${path} with ${what}`, 413)),
    {
      what: `${path} with 5 MB gzipped into ${bomb.length} bytes`,
      method: 'POST',
      path,
      headers: [...JSON_TYPE, 'content-encoding', 'gzip'],
      body: bomb,
      status: 413,
    },
  ]);
}

function routeCases(): HostileRequest[] {
  const paths = [
    '/api',
    '/api/',
    '/api/experiment',
    '/api/experiments/x/y',
    `/api/ablations/${MISSING_ID}/report/y`,
    '/api/../etc/passwd',
    '/nope',
    '/API/EXPERIMENTZ',
    '/api/ablations/x/rerun',
    '/.env',
    '/api/%E0%A4%A',
  ];
  const generated = fc
    .sample(fc.stringMatching(/^[a-z0-9._~-]{1,30}$/), { seed: SEED, numRuns: 20 })
    .filter((segment) => !['experiments', 'ablations', '.', '..'].includes(segment))
    .map((segment) => `/api/${segment}`);
  const cases: HostileRequest[] = [...paths, ...generated].flatMap((path) =>
    ['GET', 'POST', 'DELETE'].map((method) => ({
      what: `${method} ${path}`,
      method,
      path,
      headers: JSON_TYPE,
      body: method === 'POST' ? '{}' : undefined,
    })),
  );
  const methods = ['PUT', 'PATCH', 'PROPFIND', 'MKCOL', 'PURGE', 'LOCK', 'TRACE', 'COPY'];
  for (const path of [
    '/api/experiments',
    '/api/ablations',
    `/api/experiments/${MISSING_ID}`,
    `/api/ablations/${MISSING_ID}`,
  ]) {
    for (const method of methods) {
      cases.push({
        what: `${method} ${path}`,
        method,
        path,
        // Node refuses a TRACE with a body itself, before the app sees it.
        ...(method !== 'TRACE' && { headers: JSON_TYPE, body: '{}' }),
        status: 404,
      });
    }
  }
  return cases;
}

function idempotencyKeyCases(): HostileRequest[] {
  const keys: [string, string[]][] = [
    ['an empty key', ['idempotency-key', '']],
    ['a key of spaces', ['idempotency-key', '   ']],
    ['a key of 201 characters', ['idempotency-key', 'k'.repeat(201)]],
    ['a key of 8,000 characters', ['idempotency-key', 'k'.repeat(8_000)]],
    ['a key with a tab', ['idempotency-key', 'a\tb']],
    ['a key in Latin-1', ['idempotency-key', 'caf\u00e9']],
    ['a key of high bytes', ['idempotency-key', '\u0080\u00ff']],
    ['two keys', ['idempotency-key', 'a', 'idempotency-key', 'b']],
    ['the same key twice', ['idempotency-key', 'a', 'idempotency-key', 'a']],
  ];
  // Bracketed, so the server's trimming of header whitespace cannot bring one under the limit.
  const long = fc
    .sample(fc.string({ minLength: 201, maxLength: 400 }), { seed: SEED, numRuns: 10 })
    .map((key) => `[${key}]`);
  keys.push(
    ...long.map((key, i): [string, string[]] => [
      `generated long key ${i}`,
      ['idempotency-key', key],
    ]),
  );
  return [
    ['/api/experiments', { name: 'valid' }],
    ['/api/ablations', { presets: ['baseline'], seeds: [1] }],
  ].flatMap(([path, body]) =>
    keys.map(([what, headers]) => ({
      what: `${path} with ${what}`,
      method: 'POST',
      path: path as string,
      headers: [...JSON_TYPE, ...headers],
      body: JSON.stringify(body),
      status: 400,
    })),
  );
}

describe('Hostile requests', () => {
  let database: MigratedScratchDatabase;
  let env: Env;
  let api: RunningApi;
  let agent: http.Agent;
  let redis: IORedis;
  let queues: Queue[];
  let sent = 0;

  beforeAll(async () => {
    database = await migratedScratchDatabase('hostile');
    env = testEnv({ DATABASE_URL: database.url, WRITE_RATE_LIMIT_PER_MINUTE: '100000' });
    api = await startTestApi(env);
    agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    redis = new IORedis(env.REDIS_URL, { maxRetriesPerRequest: null });
    queues = [TRAINING_QUEUE, REPORT_QUEUE].map(
      (name) => new Queue(name, { connection: redis, prefix: env.QUEUE_PREFIX }),
    );
  });

  afterAll(async () => {
    agent?.destroy();
    await Promise.all((queues ?? []).map((queue) => queue.close()));
    redis?.disconnect();
    await api?.close();
    await database?.drop();
    await cleanQueuePrefix(env);
  });

  /** Sends the requests, a few at a time, and lists every answer that is not a clean refusal. */
  async function refusalProblems(requests: HostileRequest[]): Promise<string[]> {
    const problems: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const request = requests[next++];
        const answer = await send(api.url, agent, request);
        sent++;
        for (const problem of problemsWith(request, answer)) {
          problems.push(`${request.what}: ${problem} — ${answer.text.slice(0, 200)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    return problems;
  }

  async function expectNothingWritten() {
    const { prisma } = database;
    expect({
      experiments: await prisma.experiment.count(),
      ablations: await prisma.ablation.count(),
      idempotencyKeys: await prisma.idempotencyKey.count(),
    }).toEqual({ experiments: 0, ablations: 0, idempotencyKeys: 0 });
    for (const queue of queues) {
      const counts = await queue.getJobCounts();
      expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(0);
    }
  }

  const categories: [string, () => HostileRequest[]][] = [
    [
      'malformed JSON',
      () =>
        malformedJsonSamples().flatMap((body) => [
          post('/api/experiments', body, `experiment ${JSON.stringify(body).slice(0, 60)}`, 400),
          post('/api/ablations', body, `ablation ${JSON.stringify(body).slice(0, 60)}`, 400),
        ]),
    ],
    ['bodies that are not JSON (415) or not decodable', contentTypeCases],
    [
      'a wrong type for every config field',
      () =>
        CONFIG_FIELDS.flatMap(([path, kind]) =>
          WRONG_VALUES[kind].flatMap((value) =>
            bothRoutes(withField(path, value), `${path} = ${JSON.stringify(value)}`, 400),
          ),
        ),
    ],
    [
      'out-of-range numbers',
      () => [
        ...OUT_OF_RANGE.flatMap(([path, value]) =>
          bothRoutes(withField(path, value), `${path} = ${value}`, 400),
        ),
        ...RAW_NUMBERS.flatMap((n) => [
          post(
            '/api/experiments',
            `{"config": {"epochs": ${n}}}`,
            `epochs = ${n.slice(0, 20)}`,
            400,
          ),
          post(
            '/api/ablations',
            `{"overrides": {"batchSize": ${n}}}`,
            `batchSize = ${n.slice(0, 20)}`,
            400,
          ),
        ]),
        ...bothRoutes(
          { augmentation: { scaleMin: 1.5, scaleMax: 1 } },
          'scaleMin above scaleMax',
          400,
        ),
      ],
    ],
    ['unknown fields', unknownFieldCases],
    ['bad submission fields and huge strings', submissionFieldCases],
    ['deep nesting, prototype pollution and arrays where objects go', structureCases],
    ['bad ids in paths', badIdCases],
    ['bad query parameters', queryCases],
    ['oversized bodies', oversizedCases],
    ['unknown routes and methods', routeCases],
    ['bad Idempotency-Key headers', idempotencyKeyCases],
  ];

  it.each(categories)(
    'refuses %s cleanly, writing and enqueueing nothing',
    async (_what, cases) => {
      expect(await refusalProblems(cases())).toEqual([]);
      await expectNothingWritten();
    },
  );

  it('refuses a wrong-typed value in any config field, whatever the value (property)', async () => {
    const fieldAndValue = fc
      .constantFrom(...CONFIG_FIELDS)
      .chain(([path, kind]) => wrongValue(kind).map((value) => withField(path, value)));
    await fc.assert(
      fc.asyncProperty(fieldAndValue, async (config) => {
        expect(await refusalProblems(bothRoutes(config, JSON.stringify(config), 400))).toEqual([]);
      }),
      { seed: SEED, numRuns: 150 },
    );
    await expectNothingWritten();
  });

  it('quotes a huge unknown key shortened, once, whether in the query or in a config', async () => {
    const key = `k${'x'.repeat(15_000)}`;
    const answers = [
      await send(api.url, agent, {
        what: 'query',
        method: 'GET',
        path: `/api/experiments?${key}=1`,
      }),
      await send(
        api.url,
        agent,
        post('/api/experiments', JSON.stringify({ config: { [key]: 1 } }), 'config'),
      ),
      await send(
        api.url,
        agent,
        post('/api/ablations', JSON.stringify({ overrides: { [key]: 1 } }), 'overrides'),
      ),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect(answer.text.length).toBeLessThan(1_000);
      expect(JSON.parse(answer.text).error.message).toMatch(/unknown field "kxxx+…"/);
    }
  });

  it('sent over 1,000 hostile requests, and none polluted a prototype', () => {
    expect(sent).toBeGreaterThan(1_000);
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers 429 with a JSON error once a client exceeds the write rate limit', async () => {
    const limitedEnv = testEnv({ DATABASE_URL: database.url, WRITE_RATE_LIMIT_PER_MINUTE: '3' });
    const limited = await startTestApi(limitedEnv);
    try {
      const statuses: number[] = [];
      let last: Answer | undefined;
      for (let i = 0; i < 4; i++) {
        last = await send(limited.url, agent, post('/api/experiments', '{', 'malformed'));
        statuses.push(last.status);
      }
      expect(statuses).toEqual([400, 400, 400, 429]);
      const { error } = JSON.parse(last!.text);
      expect(error).toMatchObject({
        code: 'RATE_LIMITED',
        message: expect.stringMatching(/3 writes per minute/),
      });
      const read = await send(limited.url, agent, {
        what: 'read',
        method: 'GET',
        path: `/api/experiments/${MISSING_ID}`,
      });
      expect(read.status).toBe(404);
    } finally {
      await limited.close();
      await cleanQueuePrefix(limitedEnv);
    }
    await expectNothingWritten();
  });
});
