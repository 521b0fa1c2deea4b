import { z } from 'zod';
import { experimentConfigSchema } from '@lenet-lab/config';
import { REPORT_FORMATS } from '@lenet-lab/report';
import { EXPERIMENT_STATUSES } from '@lenet-lab/db';
import {
  listExperimentsQuery,
  modelQuery,
  pageQuery,
  predictBody,
  submitAblationBody,
  submitExperimentBody,
} from './request-schemas';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('../../package.json') as { version: string };

/** JSON Schema (2020-12, which OpenAPI 3.1 uses) of a request schema, as it validates input. */
const schemaOf = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

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

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

const jsonBody = (ref: string) => ({
  required: true,
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } },
});

const idempotencyKeyHeader = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'The same key and body return the same resource (200, Idempotent-Replayed: true) instead of a second one; the same key with another body is a 422',
  schema: { type: 'string', minLength: 1, maxLength: 200 },
};

const ok = (description: string) => ({ description, content: { 'application/json': {} } });

const common = {
  '400': errorResponse('Invalid input; the message names the field'),
  '401': errorResponse('No valid API key'),
  '403': errorResponse('The key may not do this (needs an admin key)'),
};

/** Answers of the routes that serve an experiment's model. */
const modelResponses = (description: string, type = 'application/json') => ({
  '200': { description, content: { [type]: {} } },
  ...common,
  '404': errorResponse('No such experiment, or no such model variant'),
  '409': errorResponse('The experiment has not completed'),
});

/**
 * The OpenAPI document, generated from the zod schemas that validate the requests, so the two
 * cannot drift apart.
 */
export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'lenet-lab',
      version,
      description:
        'Queue LeNet-5/MNIST experiments and ablations, follow their training, read their reports.',
    },
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } },
      schemas: {
        ExperimentConfig: schemaOf(experimentConfigSchema),
        SubmitExperiment: schemaOf(submitExperimentBody),
        SubmitAblation: schemaOf(submitAblationBody),
        PredictDigits: schemaOf(predictBody),
        ExperimentStatus: { type: 'string', enum: [...EXPERIMENT_STATUSES] },
        Error: {
          type: 'object',
          properties: {
            error: {
              type: 'object',
              properties: {
                status: { type: 'integer' },
                code: { type: 'string' },
                message: { type: 'string' },
                details: {},
              },
              required: ['status', 'code', 'message'],
            },
          },
        },
      },
    },
    security: [{ apiKey: [] }],
    paths: {
      '/api/experiments': {
        post: {
          summary: 'Submit an experiment (a preset and/or config overrides)',
          parameters: [idempotencyKeyHeader],
          requestBody: jsonBody('SubmitExperiment'),
          responses: {
            '201': ok('The experiment, queued'),
            '200': ok('A replay of an earlier request with the same Idempotency-Key'),
            ...common,
            '413': errorResponse('Body too large'),
            '415': errorResponse('Body is not JSON'),
            '422': errorResponse('Idempotency-Key reused with a different body'),
          },
        },
        get: {
          summary: 'List experiments, newest first',
          parameters: queryParameters(listExperimentsQuery),
          responses: { '200': ok('A page of experiments'), ...common },
        },
      },
      '/api/experiments/{id}': {
        get: {
          summary: 'An experiment with its per-epoch metrics and live progress',
          parameters: [idParameter('experiment')],
          responses: {
            '200': ok('The experiment'),
            ...common,
            '404': errorResponse('No such experiment'),
          },
        },
        delete: {
          summary: 'Cancel an experiment (queued: removed; running: stopped at the next batch)',
          parameters: [idParameter('experiment')],
          responses: {
            '200': ok('The cancelled experiment'),
            ...common,
            '404': errorResponse('No such experiment'),
            '409': errorResponse('Already finished'),
          },
        },
      },
      '/api/experiments/{id}/metrics.csv': {
        get: {
          summary:
            "The experiment's epochs as CSV: the fields of its JSON metrics, accuracies as fractions",
          parameters: [idParameter('experiment')],
          responses: {
            '200': { description: 'One line per finished epoch', content: { 'text/csv': {} } },
            ...common,
            '404': errorResponse('No such experiment'),
          },
        },
      },
      '/api/experiments/{id}/models': {
        get: {
          summary: 'The models a completed experiment kept, with their latency and download links',
          parameters: [idParameter('experiment')],
          responses: {
            '200': ok('{ items: [{ variant, epoch, testAccuracy, latency, links }] }'),
            ...common,
            '404': errorResponse('No such experiment'),
            '409': errorResponse('The experiment has not completed'),
          },
        },
      },
      '/api/experiments/{id}/model': {
        get: {
          summary:
            'model.json in TensorFlow.js format: tf.loadLayersModel(<this URL>) loads it, weights included',
          parameters: [idParameter('experiment'), ...queryParameters(modelQuery)],
          responses: modelResponses('model.json (its weights are at model.weights.bin beside it)'),
        },
      },
      '/api/experiments/{id}/model.weights.bin': {
        get: {
          summary:
            "The model's weights (float32, little-endian), as model.json's manifest lists them",
          parameters: [idParameter('experiment'), ...queryParameters(modelQuery)],
          responses: modelResponses('The weights', 'application/octet-stream'),
        },
      },
      '/api/experiments/{id}/model.onnx': {
        get: {
          summary:
            'The model as ONNX (opset 13): input "image" [N, 28, 28, 1] normalised, outputs "logits" and "probabilities"',
          parameters: [idParameter('experiment'), ...queryParameters(modelQuery)],
          responses: modelResponses('The ONNX file', 'application/octet-stream'),
        },
      },
      '/api/experiments/{id}/predict': {
        post: {
          summary:
            'Classify 28×28 grayscale digits: JSON pixel arrays, one PNG (image/png), or PNGs uploaded in the form field "images"; a read key suffices',
          parameters: [idParameter('experiment'), ...queryParameters(modelQuery)],
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/PredictDigits' } },
              'image/png': { schema: { type: 'string', format: 'binary' } },
              'multipart/form-data': {
                schema: {
                  type: 'object',
                  properties: {
                    images: { type: 'array', items: { type: 'string', format: 'binary' } },
                  },
                },
              },
            },
          },
          responses: {
            ...modelResponses(
              '{ experimentId, variant, predictions: [{ digit, probabilities }] } in input order',
            ),
            '413': errorResponse('A PNG or the body is too large'),
            '415': errorResponse('Not JSON, PNG or multipart'),
          },
        },
      },
      '/api/ablations': {
        post: {
          summary:
            'Submit an ablation: one experiment per preset × seed, and a report when all finish',
          parameters: [idempotencyKeyHeader],
          requestBody: jsonBody('SubmitAblation'),
          responses: {
            '201': ok('The ablation, queued'),
            '200': ok('A replay of an earlier request with the same Idempotency-Key'),
            ...common,
            '415': errorResponse('Body is not JSON'),
            '422': errorResponse('Idempotency-Key reused with a different body'),
          },
        },
        get: {
          summary: 'List ablations, newest first',
          parameters: queryParameters(pageQuery),
          responses: { '200': ok('A page of ablations'), ...common },
        },
      },
      '/api/ablations/{id}': {
        get: {
          summary: 'An ablation with its status and progress per preset',
          parameters: [idParameter('ablation')],
          responses: {
            '200': ok('The ablation'),
            ...common,
            '404': errorResponse('No such ablation'),
          },
        },
        delete: {
          summary: 'Cancel every unfinished cell of an ablation',
          parameters: [idParameter('ablation')],
          responses: {
            '200': ok('The ablation'),
            ...common,
            '404': errorResponse('No such ablation'),
          },
        },
      },
      '/api/ablations/{id}/rerun': {
        post: {
          summary: 'Train again the cells that failed or were cancelled (completed ones are kept)',
          parameters: [idParameter('ablation')],
          responses: { '200': ok('Nothing to re-run'), '202': ok('Cells re-queued'), ...common },
        },
      },
      '/api/ablations/{id}/report': {
        get: {
          summary: 'The ablation report: comparison table, curves, error analysis, reproducibility',
          parameters: [
            idParameter('ablation'),
            {
              name: 'format',
              in: 'query',
              required: false,
              schema: { type: 'string', enum: [...REPORT_FORMATS], default: 'html' },
            },
          ],
          responses: {
            '200': {
              description: 'The report',
              content: {
                'text/html': {},
                'text/markdown': {},
                'text/csv': {},
                'application/json': {},
              },
            },
            ...common,
            '404': errorResponse('No such ablation'),
          },
        },
      },
      '/api/presets': {
        get: {
          summary:
            'The presets an experiment or ablation can name: description, fields as written, and the whole config each trains with',
          responses: { '200': ok('The presets, in the seed table’s order'), ...common },
        },
      },
      '/api/presets/{name}': {
        get: {
          summary: 'One preset',
          parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': ok('The preset'),
            ...common,
            '404': errorResponse('No such preset; the message lists the known ones'),
          },
        },
      },
      '/healthz': {
        get: {
          summary: 'Whether Redis and Postgres answer',
          security: [],
          responses: { '200': ok('Healthy'), '503': ok('A dependency is down') },
        },
      },
    },
  };
}
