import { z } from 'zod';
import {
  COMPONENT_SCHEMAS,
  listExperimentsQuery,
  modelQuery,
  pageQuery,
  reportQuery,
  type ComponentName,
} from '@lenet-lab/contract';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version, license } = require('../../package.json') as { version: string; license: string };

/** JSON Schema (2020-12, which OpenAPI 3.1 uses) of a request schema, as it validates input. */
const schemaOf = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

/**
 * The contract's schemas as the document's components, generated together so that a schema
 * used inside another (an experiment's status, a cell's progress) is a reference to it.
 */
function componentSchemas(): Record<ComponentName, object> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(COMPONENT_SCHEMAS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    io: 'input',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  });
  // Each is a schema inside this document, not a document of its own with an id and a dialect.
  const inDocument = Object.entries(schemas).map(([id, schema]) => [
    id,
    Object.fromEntries(Object.entries(schema).filter(([key]) => !['$id', '$schema'].includes(key))),
  ]);
  return Object.fromEntries(inDocument);
}

/** Query parameters of an object schema, one OpenAPI parameter per field. */
function queryParameters(schema: z.ZodObject) {
  const json = schemaOf(schema) as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema: property,
  }));
}

const idParameter = (what: string) => ({
  name: 'id',
  in: 'path',
  required: true,
  description: `The ${what}'s id`,
  schema: { type: 'string', format: 'uuid' },
});

const schemaRef = (name: ComponentName) => ({ $ref: `#/components/schemas/${name}` });

/** A JSON answer whose body is the named component. */
const json = (description: string, body: ComponentName) => ({
  description,
  content: { 'application/json': { schema: schemaRef(body) } },
});

const errorResponse = (description: string) => json(description, 'Error');

const jsonBody = (body: ComponentName) => ({
  required: true,
  content: { 'application/json': { schema: schemaRef(body) } },
});

const text = { schema: { type: 'string' } };
const binary = { schema: { type: 'string', contentMediaType: 'application/octet-stream' } };

const idempotencyKeyHeader = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'The same key and body return the same resource (200, Idempotent-Replayed: true) instead of a second one; the same key with another body is a 422',
  schema: { type: 'string', minLength: 1, maxLength: 200 },
};

const common = {
  '400': errorResponse('Invalid input; the message names the field'),
  '401': errorResponse('No valid API key'),
  '403': errorResponse('The key may not do this (needs an admin key)'),
};

/** The answers of an /events route: a stream that stays open, or a refusal before it starts. */
const eventStream = (what: 'experiment' | 'ablation') => ({
  '200': {
    description: [
      `Server-Sent Events, open until the ${what} ${what === 'experiment' ? 'finishes' : 'has its report'}.`,
      `First \`snapshot\` (data: the ${what === 'experiment' ? 'Experiment' : 'Ablation'} GET answers), then as they happen`,
      '`progress` (experimentId, progress: JobProgress), `epoch` (experimentId, metric: EpochMetric),',
      '`status` (experimentId, status, error, testAccuracy)' +
        (what === 'ablation' ? ', `report` (ablationId, built, error)' : '') +
        ', and `end` ({}) before it closes.',
      'Every event has an id: reconnecting with Last-Event-ID sends the events after it, or a new snapshot',
      'when they are no longer kept. A comment every 15 s keeps idle connections open.',
    ].join(' '),
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  },
  ...common,
  '404': errorResponse(`No such ${what}`),
});

/** Answers of the routes that serve an experiment's model. */
const modelResponses = (ok: object) => ({
  '200': ok,
  ...common,
  '404': errorResponse('No such experiment, or no such model variant'),
  '409': errorResponse('The experiment has not completed'),
});

/**
 * The OpenAPI document, generated from the contract's zod schemas: the ones that validate the
 * requests, and the ones the API's answers are typed by, so neither can drift from it.
 */
export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'lenet-lab',
      version,
      description:
        'Queue LeNet-5/MNIST experiments and ablations, follow their training, read their reports.',
      // package.json's license is an SPDX identifier.
      license: { name: license, identifier: license },
    },
    servers: [{ url: '/', description: 'The server that serves this document' }],
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } },
      schemas: componentSchemas(),
    },
    security: [{ apiKey: [] }],
    paths: {
      '/api/experiments': {
        post: {
          operationId: 'submitExperiment',
          summary: 'Submit an experiment (a preset and/or config overrides)',
          parameters: [idempotencyKeyHeader],
          requestBody: jsonBody('SubmitExperiment'),
          responses: {
            '201': json('The experiment, queued', 'Experiment'),
            '200': json(
              'A replay of an earlier request with the same Idempotency-Key',
              'Experiment',
            ),
            ...common,
            '413': errorResponse('Body too large'),
            '415': errorResponse('Body is not JSON'),
            '422': errorResponse('Idempotency-Key reused with a different body'),
          },
        },
        get: {
          operationId: 'listExperiments',
          summary: 'List experiments, newest first',
          parameters: queryParameters(listExperimentsQuery),
          responses: { '200': json('A page of experiments', 'ExperimentPage'), ...common },
        },
      },
      '/api/experiments/{id}': {
        get: {
          operationId: 'getExperiment',
          summary: 'An experiment with its per-epoch metrics and live progress',
          parameters: [idParameter('experiment')],
          responses: {
            '200': json('The experiment', 'Experiment'),
            ...common,
            '404': errorResponse('No such experiment'),
          },
        },
        delete: {
          operationId: 'cancelExperiment',
          summary: 'Cancel an experiment (queued: removed; running: stopped at the next batch)',
          parameters: [idParameter('experiment')],
          responses: {
            '200': json('The cancelled experiment', 'Experiment'),
            ...common,
            '404': errorResponse('No such experiment'),
            '409': errorResponse('Already finished'),
          },
        },
      },
      '/api/experiments/{id}/events': {
        get: {
          operationId: 'followExperimentEvents',
          summary:
            "The experiment's progress, epochs and status as they happen (Server-Sent Events)",
          parameters: [idParameter('experiment')],
          responses: eventStream('experiment'),
        },
      },
      '/api/experiments/{id}/metrics.csv': {
        get: {
          operationId: 'getExperimentMetricsCsv',
          summary:
            "The experiment's epochs as CSV: the fields of its JSON metrics, accuracies as fractions",
          parameters: [idParameter('experiment')],
          responses: {
            '200': { description: 'One line per finished epoch', content: { 'text/csv': text } },
            ...common,
            '404': errorResponse('No such experiment'),
          },
        },
      },
      '/api/experiments/{id}/models': {
        get: {
          operationId: 'listModels',
          summary: 'The models a completed experiment kept, with their latency and download links',
          parameters: [idParameter('experiment')],
          responses: {
            '200': json('The kept models', 'TrainedModelList'),
            ...common,
            '404': errorResponse('No such experiment'),
            '409': errorResponse('The experiment has not completed'),
          },
        },
      },
      '/api/experiments/{id}/model': {
        get: {
          operationId: 'getModelJson',
          summary:
            'model.json in TensorFlow.js format: tf.loadLayersModel(<this URL>) loads it, weights included',
          parameters: [idParameter('experiment'), ...queryParameters(modelQuery)],
          responses: modelResponses(
            json('model.json (its weights are at model.weights.bin beside it)', 'ModelJson'),
          ),
        },
      },
      '/api/experiments/{id}/model.weights.bin': {
        get: {
          operationId: 'getModelWeights',
          summary:
            "The model's weights (float32, little-endian), as model.json's manifest lists them",
          parameters: [idParameter('experiment'), ...queryParameters(modelQuery)],
          responses: modelResponses({
            description: 'The weights',
            content: { 'application/octet-stream': binary },
          }),
        },
      },
      '/api/experiments/{id}/model.onnx': {
        get: {
          operationId: 'getModelOnnx',
          summary:
            'The model as ONNX (opset 13): input "image" [N, 28, 28, 1] normalised, outputs "logits" and "probabilities"',
          parameters: [idParameter('experiment'), ...queryParameters(modelQuery)],
          responses: modelResponses({
            description: 'The ONNX file',
            content: { 'application/octet-stream': binary },
          }),
        },
      },
      '/api/experiments/{id}/predict': {
        post: {
          operationId: 'predictDigits',
          summary:
            'Classify 28×28 grayscale images (digits on MNIST, clothes on Fashion-MNIST): JSON pixel arrays, one PNG (image/png), or PNGs uploaded in the form field "images"; a read key suffices',
          parameters: [idParameter('experiment'), ...queryParameters(modelQuery)],
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: schemaRef('PredictDigits') },
              'image/png': { schema: { type: 'string', contentMediaType: 'image/png' } },
              'multipart/form-data': {
                schema: {
                  type: 'object',
                  properties: {
                    images: {
                      type: 'array',
                      items: { type: 'string', contentMediaType: 'image/png' },
                    },
                  },
                },
              },
            },
          },
          responses: {
            ...modelResponses(
              json(
                "The images classified, in input order, each class named as in the model's dataset",
                'Prediction',
              ),
            ),
            '413': errorResponse('A PNG or the body is too large'),
            '415': errorResponse('Not JSON, PNG or multipart'),
          },
        },
      },
      '/api/ablations': {
        post: {
          operationId: 'submitAblation',
          summary:
            'Submit an ablation: one experiment per preset × seed, and a report when all finish',
          parameters: [idempotencyKeyHeader],
          requestBody: jsonBody('SubmitAblation'),
          responses: {
            '201': json('The ablation, queued', 'Ablation'),
            '200': json('A replay of an earlier request with the same Idempotency-Key', 'Ablation'),
            ...common,
            '415': errorResponse('Body is not JSON'),
            '422': errorResponse('Idempotency-Key reused with a different body'),
          },
        },
        get: {
          operationId: 'listAblations',
          summary: 'List ablations, newest first',
          parameters: queryParameters(pageQuery),
          responses: { '200': json('A page of ablations', 'AblationPage'), ...common },
        },
      },
      '/api/ablations/{id}': {
        get: {
          operationId: 'getAblation',
          summary: 'An ablation with its status and progress per preset',
          parameters: [idParameter('ablation')],
          responses: {
            '200': json('The ablation', 'Ablation'),
            ...common,
            '404': errorResponse('No such ablation'),
          },
        },
        delete: {
          operationId: 'cancelAblation',
          summary: 'Cancel every unfinished cell of an ablation',
          parameters: [idParameter('ablation')],
          responses: {
            '200': json('The ablation', 'Ablation'),
            ...common,
            '404': errorResponse('No such ablation'),
          },
        },
      },
      '/api/ablations/{id}/events': {
        get: {
          operationId: 'followAblationEvents',
          summary:
            "The ablation's cells' progress, epochs and statuses, and its report, as they happen (Server-Sent Events)",
          parameters: [idParameter('ablation')],
          responses: eventStream('ablation'),
        },
      },
      '/api/ablations/{id}/rerun': {
        post: {
          operationId: 'rerunAblation',
          summary: 'Train again the cells that failed or were cancelled (completed ones are kept)',
          parameters: [idParameter('ablation')],
          responses: {
            '200': json('Nothing to re-run', 'AblationRerun'),
            '202': json('Cells re-queued', 'AblationRerun'),
            ...common,
            '404': errorResponse('No such ablation'),
          },
        },
      },
      '/api/ablations/{id}/report': {
        get: {
          operationId: 'getAblationReport',
          summary: 'The ablation report: comparison table, curves, error analysis, reproducibility',
          parameters: [idParameter('ablation'), ...queryParameters(reportQuery)],
          responses: {
            '200': {
              description: 'The report, in the format asked for',
              content: {
                'text/html': text,
                'text/markdown': text,
                'text/csv': text,
                'application/json': { schema: schemaRef('AblationReport') },
              },
            },
            ...common,
            '404': errorResponse('No such ablation'),
            '409': errorResponse('The report has not been built yet'),
          },
        },
      },
      '/api/presets': {
        get: {
          operationId: 'listPresets',
          summary:
            'The presets an experiment or ablation can name: description, fields as written, and the whole config each trains with',
          responses: { '200': json('The presets', 'PresetList'), ...common },
        },
      },
      '/api/presets/{name}': {
        get: {
          operationId: 'getPreset',
          summary: 'One preset',
          parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': json('The preset', 'Preset'),
            ...common,
            '404': errorResponse('No such preset; the message lists the known ones'),
          },
        },
      },
      '/healthz': {
        get: {
          operationId: 'getHealth',
          summary: 'Whether Redis and Postgres answer',
          security: [],
          responses: {
            '200': json('Healthy', 'Health'),
            '503': json('A dependency is down', 'Health'),
            '4XX': {
              description:
                "A request Node's HTTP server cannot read (malformed, or headers over its size limit), refused before the API sees it; no body",
            },
          },
        },
      },
    },
  };
}
