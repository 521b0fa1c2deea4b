import { z } from 'zod';
import { experimentConfigSchema } from '@lenet-lab/config';
import type { TrainJobProgress } from '@lenet-lab/queue';
import { EXPERIMENT_STATUSES } from './constants';
import { isoDateTime, jsonObject, measuredNumber, pageOf } from './json-values';

export const experimentStatusSchema = z.enum(EXPERIMENT_STATUSES);

/** The training job's phases; the type check keeps them within the worker's own. */
const JOB_PHASES = [
  'loading',
  'training',
  'evaluating',
  'done',
] as const satisfies readonly TrainJobProgress['phase'][];

/** A training job's live progress, as its worker last reported it. */
export const jobProgressSchema = z.strictObject({
  phase: z.enum(JOB_PHASES),
  epoch: z.int(),
  epochs: z.int(),
  batch: z.int(),
  batches: z.int(),
  fraction: z.number().describe('Fraction of the whole run done, 0–1'),
  trainLoss: measuredNumber().optional(),
  valAccuracy: z.number().nullable().optional(),
  testAccuracy: z.number().optional(),
  etaSeconds: z.number().optional(),
  firstBatchAt: isoDateTime()
    .optional()
    .describe("When this attempt's first training batch finished: the end of its start-up"),
});
export type JobProgress = z.infer<typeof jobProgressSchema>;

/** One finished epoch; accuracies are fractions 0–1, null where the epoch did not measure one. */
export const epochMetricSchema = z.strictObject({
  epoch: z.int(),
  trainLoss: measuredNumber(),
  trainAccuracy: z.number(),
  valLoss: measuredNumber(),
  valAccuracy: z.number().nullable(),
  testLoss: measuredNumber(),
  testAccuracy: z.number().nullable(),
  learningRate: z.number(),
  epochSeconds: z.number(),
  imagesPerSecond: z.number(),
  attempt: z.int().describe('The attempt (the experiment’s `attempts` then) whose worker wrote it'),
});
export type EpochMetric = z.infer<typeof epochMetricSchema>;

/**
 * An experiment's config as stored at submission: valid then. A row can hold one that today's
 * rules refuse (written before a rule, or by hand); the API still shows it, and a worker fails
 * that experiment with the reason rather than training it.
 */
const storedConfigSchema = z.union([
  experimentConfigSchema,
  jsonObject().describe("A stored config today's rules refuse"),
]);

export const experimentSchema = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  preset: z.string().nullable(),
  status: experimentStatusSchema,
  config: storedConfigSchema,
  configHash: z.string(),
  seed: z.int(),
  backend: z.string().nullable(),
  device: z.string().nullable(),
  attempts: z.int().min(0).describe('Deliveries to a worker so far'),
  error: z.string().nullable(),
  testAccuracy: z.number().nullable(),
  bestValAccuracy: z.number().nullable(),
  bestEpoch: z.int().nullable(),
  epochsRun: z.int().min(0),
  stoppedEarly: z.boolean(),
  createdAt: isoDateTime(),
  startedAt: isoDateTime().nullable(),
  finishedAt: isoDateTime().nullable(),
  progress: jobProgressSchema
    .nullable()
    .optional()
    .describe("On GET of one experiment: its job's latest progress, null when there is none"),
  links: z
    .strictObject({ models: z.string(), model: z.string(), onnx: z.string(), predict: z.string() })
    .optional()
    .describe(
      'Paths of the reported model, once the experiment has completed: `model` is model.json',
    ),
  metrics: z
    .array(epochMetricSchema)
    .optional()
    .describe('Its finished epochs in order; absent from list pages'),
});
export type Experiment = z.infer<typeof experimentSchema>;

export const experimentPageSchema = pageOf(experimentSchema);
export type ExperimentPage = z.infer<typeof experimentPageSchema>;
