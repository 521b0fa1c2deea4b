import { randomUUID } from 'node:crypto';
import { PNG } from 'pngjs';
import type { RunningApi } from '@lenet-lab/api';
import { openApiDocument } from '@lenet-lab/api/openapi-document';
import {
  COMPONENT_SCHEMAS,
  FINISHED_ABLATION_STATUSES,
  type Ablation,
  type ComponentName,
} from '@lenet-lab/contract';
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

/** Trains in seconds: the answers' shapes are the point, not the model. */
const TINY = { trainLimit: 300, testLimit: 200, epochs: 1 };
/** Long enough that a cancel sent right after the submission finds it unfinished. */
const SLOW = { trainLimit: 20_000, epochs: 50 };
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

interface DocumentedResponse {
  content?: Record<string, { schema?: { $ref?: string; type?: string } }>;
}

interface Operation {
  route: string;
  responses: Record<string, DocumentedResponse>;
}

/** The document's operations by operationId. */
function documentedOperations(): Map<string, Operation> {
  const operations = new Map<string, Operation>();
  for (const [path, methods] of Object.entries(openApiDocument().paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const { operationId, responses } = operation as {
        operationId: string;
        responses: Operation['responses'];
      };
      operations.set(operationId, { route: `${method.toUpperCase()} ${path}`, responses });
    }
  }
  return operations;
}

/** A blank 28×28 digit as a PNG. */
function blankDigitPng(): Uint8Array<ArrayBuffer> {
  const image = new PNG({ width: 28, height: 28 });
  image.data.fill(0);
  for (let alpha = 3; alpha < image.data.length; alpha += 4) image.data[alpha] = 255;
  return new Uint8Array(PNG.sync.write(image));
}

describe('Every documented route answers as its OpenAPI response says', () => {
  let env: Env;
  let api: RunningApi;
  let worker: WorkerProcess;
  /** A finished one-cell ablation, and that cell: a completed experiment with its models. */
  let trained: { ablationId: string; experimentId: string };
  const operations = documentedOperations();

  const call = (method: string, path: string, init: RequestInit = {}) =>
    fetch(`${api.url}${path}`, { method, ...init });
  const send = (method: string, path: string, body: unknown, headers = {}) =>
    call(method, path, {
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const ablationOf = (response: Promise<Response>): Promise<Ablation> => json(response);

  beforeAll(async () => {
    env = testEnv();
    api = await startTestApi(env);
    worker = spawnWorker(env);
    const submitted = await ablationOf(
      send('POST', '/api/ablations', {
        name: 'contract',
        presets: ['baseline'],
        seeds: [1],
        overrides: TINY,
      }),
    );
    const finished = await waitFor(
      () => ablationOf(call('GET', `/api/ablations/${submitted.id}`)),
      (ablation) => FINISHED_ABLATION_STATUSES.includes(ablation.status),
      {
        timeoutMs: 180_000,
        intervalMs: 500,
        what: () => `the ablation to finish (worker: ${worker.output().slice(-2000)})`,
      },
    );
    expect(finished.status).toBe('completed');
    trained = { ablationId: finished.id, experimentId: finished.experiments[0].id };
  }, 240_000);

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    if (env) await cleanQueuePrefix(env);
  });

  /**
   * The answers each operation gives in its normal success cases. Requests made only to set a
   * case up are not returned, so only the operation's own answers are checked.
   */
  const SUCCESS_CASES: Record<string, () => Promise<Response[]>> = {
    submitExperiment: async () => {
      const key = { 'idempotency-key': randomUUID() };
      const body = { preset: 'baseline', config: TINY, name: 'contract submission' };
      const created = await send('POST', '/api/experiments', body, key);
      const replayed = await send('POST', '/api/experiments', body, key);
      return [created, replayed];
    },
    listExperiments: async () => [
      await call('GET', '/api/experiments'),
      await call('GET', '/api/experiments?status=completed&limit=5&offset=0'),
    ],
    getExperiment: async () => {
      const queued = await json(send('POST', '/api/experiments', { config: SLOW }));
      const answers = [
        await call('GET', `/api/experiments/${trained.experimentId}`),
        await call('GET', `/api/experiments/${queued.id}`),
      ];
      await call('DELETE', `/api/experiments/${queued.id}`);
      return answers;
    },
    cancelExperiment: async () => {
      const queued = await json(send('POST', '/api/experiments', { config: SLOW }));
      return [await call('DELETE', `/api/experiments/${queued.id}`)];
    },
    // A finished experiment's stream sends its snapshot and end, then closes.
    followExperimentEvents: async () => [
      await call('GET', `/api/experiments/${trained.experimentId}/events`),
    ],
    followAblationEvents: async () => [
      await call('GET', `/api/ablations/${trained.ablationId}/events`),
    ],
    getExperimentMetricsCsv: async () => [
      await call('GET', `/api/experiments/${trained.experimentId}/metrics.csv`),
    ],
    listModels: async () => [await call('GET', `/api/experiments/${trained.experimentId}/models`)],
    getModelJson: async () => [
      await call('GET', `/api/experiments/${trained.experimentId}/model`),
      await call('GET', `/api/experiments/${trained.experimentId}/model?variant=final`),
    ],
    getModelWeights: async () => [
      await call('GET', `/api/experiments/${trained.experimentId}/model.weights.bin`),
    ],
    getModelOnnx: async () => [
      await call('GET', `/api/experiments/${trained.experimentId}/model.onnx`),
    ],
    predictDigits: async () => {
      const path = `/api/experiments/${trained.experimentId}/predict`;
      const form = new FormData();
      form.append('images', new Blob([blankDigitPng()], { type: 'image/png' }), 'blank.png');
      return [
        await send('POST', path, { images: [new Array(784).fill(0)] }),
        await call('POST', path, {
          headers: { 'content-type': 'image/png' },
          body: blankDigitPng(),
        }),
        await call('POST', `${path}?variant=final`, { body: form }),
      ];
    },
    submitAblation: async () => {
      const key = { 'idempotency-key': randomUUID() };
      const body = { presets: ['baseline'], seeds: [7], overrides: SLOW };
      const created = await send('POST', '/api/ablations', body, key);
      const replayed = await send('POST', '/api/ablations', body, key);
      await call('DELETE', `/api/ablations/${(await json(created.clone())).id}`);
      return [created, replayed];
    },
    listAblations: async () => [
      await call('GET', '/api/ablations'),
      await call('GET', '/api/ablations?limit=1&offset=0'),
    ],
    getAblation: async () => [await call('GET', `/api/ablations/${trained.ablationId}`)],
    cancelAblation: async () => {
      const body = { presets: ['baseline'], seeds: [8], overrides: SLOW };
      const created = await json(send('POST', '/api/ablations', body));
      return [await call('DELETE', `/api/ablations/${created.id}`)];
    },
    rerunAblation: async () => {
      const body = { presets: ['baseline'], seeds: [9], overrides: SLOW };
      const cancelled = await json(send('POST', '/api/ablations', body));
      await call('DELETE', `/api/ablations/${cancelled.id}`);
      const answers = [
        await call('POST', `/api/ablations/${trained.ablationId}/rerun`),
        await call('POST', `/api/ablations/${cancelled.id}/rerun`),
      ];
      await call('DELETE', `/api/ablations/${cancelled.id}`);
      return answers;
    },
    getAblationReport: async () =>
      Promise.all(
        ['json', 'html', 'md', 'csv'].map((format) =>
          call('GET', `/api/ablations/${trained.ablationId}/report?format=${format}`),
        ),
      ),
    listPresets: async () => [await call('GET', '/api/presets')],
    getPreset: async () => [await call('GET', '/api/presets/batchnorm')],
    getHealth: async () => [await call('GET', '/healthz')],
  };

  /** Refusals, whose bodies the document describes too. */
  const ERROR_CASES: [string, string, () => Promise<Response>][] = [
    ['getExperiment', 'a missing experiment', () => call('GET', `/api/experiments/${MISSING_ID}`)],
    ['getExperiment', 'an id that is not one', () => call('GET', '/api/experiments/not-an-id')],
    [
      'submitExperiment',
      'an unknown preset',
      () => send('POST', '/api/experiments', { preset: 'resnet50' }),
    ],
    ['getAblation', 'a missing ablation', () => call('GET', `/api/ablations/${MISSING_ID}`)],
    ['getPreset', 'an unknown preset', () => call('GET', '/api/presets/resnet')],
  ];

  /** The answer has a documented status and media type, and its body fits that schema. */
  async function expectAsDocumented(operationId: string, response: Response): Promise<void> {
    const operation = operations.get(operationId)!;
    const where = `${operation.route} answered ${response.status}`;
    const documented = operation.responses[String(response.status)];
    expect({ where, documented: documented !== undefined }).toEqual({ where, documented: true });
    const mediaType = (response.headers.get('content-type') ?? '').split(';')[0].trim();
    const media = documented.content?.[mediaType];
    expect({ where, mediaType, documented: media !== undefined }).toEqual({
      where,
      mediaType,
      documented: true,
    });
    const ref = media?.schema?.$ref;
    if (!ref) {
      // Text and files: a string of bytes, whatever they say.
      expect(media?.schema?.type).toBe('string');
      await response.arrayBuffer();
      return;
    }
    const component = ref.replace('#/components/schemas/', '') as ComponentName;
    const parsed = COMPONENT_SCHEMAS[component].safeParse(await response.json());
    expect({ where, component, issues: parsed.error?.issues ?? [] }).toEqual({
      where,
      component,
      issues: [],
    });
  }

  it('has a success case for every documented operation', () => {
    expect(Object.keys(SUCCESS_CASES).sort()).toEqual([...operations.keys()].sort());
  });

  it.each(Object.keys(SUCCESS_CASES))(
    '%s answers with a documented success whose body fits its schema',
    async (operationId) => {
      const answers = await SUCCESS_CASES[operationId]();
      expect(answers.length).toBeGreaterThan(0);
      for (const response of answers) {
        expect(response.status).toBeLessThan(300);
        await expectAsDocumented(operationId, response);
      }
    },
  );

  it.each(ERROR_CASES)(
    '%s refuses %s with a documented error body',
    async (operationId, _what, request) => {
      const response = await request();
      expect(response.status).toBeGreaterThanOrEqual(400);
      await expectAsDocumented(operationId, response);
    },
  );
});
