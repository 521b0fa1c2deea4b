import { z } from 'zod';
import { EXPERIMENT_STATUSES, MODEL_VARIANTS, REPORT_FORMATS, STEP_DESIGNS } from './constants';

/** Request shapes: the API validates with them, the OpenAPI document is generated from them. */

export const submitExperimentBody = z.strictObject({
  preset: z.string().min(1).max(100).optional().describe('A preset in configs/, e.g. "baseline"'),
  config: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('Overrides applied on top of the preset (or the defaults)'),
  name: z.string().trim().min(1).max(200).optional(),
});
export type SubmitExperimentBody = z.output<typeof submitExperimentBody>;

export const experimentIdParams = z.strictObject({
  id: z.uuid({ message: 'must be an experiment id (a UUID)' }),
});

export const listExperimentsQuery = z.strictObject({
  status: z.enum(EXPERIMENT_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type ListExperimentsQuery = z.output<typeof listExperimentsQuery>;

const presetName = z.string().min(1).max(100);
const configFields = z.record(z.string(), z.unknown());
/** A row label: shown in the report and in each cell's experiment name. */
const rowName = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .regex(/^\P{Cc}*$/u, 'must not hold control characters');

export const ablationBaselineBody = z
  .strictObject({
    name: rowName.optional().describe('The first row\'s label. Default: "baseline"'),
    preset: presetName.optional().describe('A preset in configs/ the baseline starts from'),
    config: configFields.optional().describe('Config fields over the preset (or the defaults)'),
  })
  .describe("What every row starts from. Default: the defaults (the seed's baseline)");

export const ablationStepBody = z
  .strictObject({
    name: rowName.describe("The row's label in the report"),
    preset: presetName.optional().describe('A preset whose config fields the step applies'),
    config: configFields.optional().describe('Config fields the step applies (over its preset)'),
  })
  .refine((step) => step.preset !== undefined || step.config !== undefined, {
    message: 'a step needs a preset or a config',
  });

export const ablationSweepBody = z
  .strictObject({
    field: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/, 'must be a dotted config path')
      .describe('A numeric config field, e.g. "trainLimit" or "optimizer.learningRate"'),
    values: z
      .array(z.number())
      .min(2)
      .max(20)
      .refine((list) => new Set(list).size === list.length, 'must not repeat a value')
      .describe('One row per value, in this order; the first is the reference'),
  })
  .describe(
    'One row per value of one numeric field, on the baseline (instead of presets or steps)',
  );

export const submitAblationBody = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    design: z
      .enum(STEP_DESIGNS)
      .optional()
      .describe(
        'With steps: how rows are made. cumulative: each row adds its step to the row before; one-factor: baseline plus one step; leave-one-out: every step, then each left out. Default: cumulative',
      ),
    baseline: ablationBaselineBody.optional(),
    steps: z
      .array(ablationStepBody)
      .min(1)
      .max(19)
      .refine(
        (steps) => new Set(steps.map((step) => step.name)).size === steps.length,
        'must not repeat a step name',
      )
      .optional()
      .describe('The variants to compare, defined inline (instead of presets)'),
    sweep: ablationSweepBody.optional(),
    presets: z
      .array(z.string().min(1).max(100))
      .min(1)
      .max(20)
      .refine((list) => new Set(list).size === list.length, 'must not repeat a preset')
      .optional()
      .describe(
        'Presets in table order; the first is the baseline. Default: the four seed presets',
      ),
    seeds: z
      .array(
        z
          .int()
          .min(0)
          .max(2 ** 31 - 1),
      )
      .min(1)
      .max(20)
      .refine((list) => new Set(list).size === list.length, 'must not repeat a seed')
      .optional()
      .describe('Default: [1, 2, 3]'),
    overrides: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('Config fields applied to every cell, e.g. {"trainLimit": 5000, "epochs": 3}'),
  })
  .superRefine((body, context) => {
    const rows = (['presets', 'steps', 'sweep'] as const).filter((key) => body[key] !== undefined);
    if (rows.length > 1) {
      context.addIssue({
        code: 'custom',
        path: [rows[1]],
        message: 'give one of presets, steps or sweep: each says what the rows are',
      });
    }
    if (body.design !== undefined && body.steps === undefined) {
      context.addIssue({ code: 'custom', path: ['design'], message: 'needs steps' });
    }
    if (body.baseline !== undefined && body.steps === undefined && body.sweep === undefined) {
      context.addIssue({ code: 'custom', path: ['baseline'], message: 'needs steps or a sweep' });
    }
  });

export const ablationIdParams = z.strictObject({
  id: z.uuid({ message: 'must be an ablation id (a UUID)' }),
});

export const reportQuery = z.strictObject({
  format: z.enum(REPORT_FORMATS).default('html'),
});

export const pageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const modelQuery = z.strictObject({
  variant: z
    .enum(MODEL_VARIANTS)
    .optional()
    .describe(
      '"final" (after the last epoch) or "best" (the best-validation weights early stopping restored). Default: the one the experiment reports',
    ),
});

/** Digits one prediction request may carry: bounds its memory and time. */
export const MAX_PREDICT_IMAGES = 1024;

export const predictBody = z.strictObject({
  images: z
    .array(z.array(z.unknown()))
    .min(1)
    .max(MAX_PREDICT_IMAGES)
    .describe('28×28 grayscale digits, each 784 values 0–255 (row-major, light digit on dark)'),
});

/** The bodies as a client writes them, before the API's defaults and trimming. */
export type SubmitExperimentRequest = z.input<typeof submitExperimentBody>;
export type SubmitAblationRequest = z.input<typeof submitAblationBody>;
