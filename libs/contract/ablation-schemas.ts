import { z } from 'zod';
import {
  ABLATION_DESIGNS,
  ABLATION_STATUSES,
  REPORT_SCHEMA_VERSION,
  STEP_DESIGNS,
} from './constants';
import { experimentStatusSchema, jobProgressSchema } from './experiment-schemas';
import { isoDateTime, jsonObject, pageOf } from './json-values';
import { ablationBaselineBody, ablationStepBody, ablationSweepBody } from './request-schemas';

/** Derived from the cells, never stored: an ablation is not cancelled, its cells are. */
export const ablationStatusSchema = z.enum(ABLATION_STATUSES);

/** How the cells of one row stand; a re-run cell counts by its latest experiment. */
export const presetProgressSchema = z.strictObject({
  preset: z.string().describe("The row's label"),
  total: z.int().min(0),
  queued: z.int().min(0),
  running: z.int().min(0).describe('Running or retrying'),
  completed: z.int().min(0),
  failed: z.int().min(0),
  cancelled: z.int().min(0),
});

/** One experiment of the ablation; a re-run adds one to its cell, listed after the first. */
export const ablationCellSchema = z.strictObject({
  id: z.uuid(),
  preset: z.string().nullable().describe('The preset it names; null in an ablation of steps'),
  row: z.string().nullable().describe('The label of the row it is a cell of'),
  seed: z.int(),
  status: experimentStatusSchema,
  progress: jobProgressSchema
    .nullable()
    .describe("Its job's latest progress on GET and DELETE; null in lists, submissions, re-runs"),
});
export type AblationCell = z.infer<typeof ablationCellSchema>;

/** An ablation: its cells and their progress, not their metrics (the report has those). */
export const ablationSchema = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  status: ablationStatusSchema,
  presets: z
    .array(z.string())
    .describe(
      "The rows' labels in table order (the presets, or the rows the steps made); the first is the reference the differences are taken against",
    ),
  design: z.enum(ABLATION_DESIGNS),
  definition: z
    .union([
      z.strictObject({
        design: z.enum(STEP_DESIGNS),
        baseline: ablationBaselineBody,
        steps: z.array(ablationStepBody),
      }),
      z.strictObject({
        design: z.literal('sweep'),
        baseline: ablationBaselineBody,
        sweep: ablationSweepBody,
      }),
    ])
    .nullable()
    .describe('The baseline and steps, or sweep, as submitted; null for an ablation of presets'),
  seeds: z.array(z.int()),
  overrides: jsonObject().describe('Config fields applied to every cell'),
  createdAt: isoDateTime(),
  reportBuiltAt: isoDateTime().nullable(),
  reportError: z.string().nullable(),
  progress: z.strictObject({
    cells: z.strictObject({ total: z.int().min(0), finished: z.int().min(0) }),
    presets: z.array(presetProgressSchema),
  }),
  experiments: z.array(ablationCellSchema),
  links: z.strictObject({ self: z.string(), report: z.string() }),
});
export type Ablation = z.infer<typeof ablationSchema>;

export const ablationRerunSchema = ablationSchema.extend({
  rerun: z
    .array(z.uuid())
    .describe('The experiments queued for the cells that had failed or were cancelled'),
});
export type AblationRerun = z.infer<typeof ablationRerunSchema>;

export const ablationPageSchema = pageOf(ablationSchema);
export type AblationPage = z.infer<typeof ablationPageSchema>;

/**
 * The report as data (format=json), which every other format renders from. Its top level; the
 * fields below it are documented with AblationReport in libs/report/ablation-report.ts.
 */
export const ablationReportSchema = z.looseObject({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  ablation: z.looseObject({
    id: z.uuid(),
    name: z.string(),
    presets: z.array(z.string()),
    seeds: z.array(z.int()),
    createdAt: isoDateTime(),
  }),
  generatedAt: z.iso.datetime({ offset: true }).nullable(),
  baselinePreset: z.string().nullable(),
  rows: z.array(jsonObject()).describe('One summary per preset, in table order'),
  curves: z.array(jsonObject()).describe("Each preset's learning curves"),
  errorAnalysis: z
    .array(jsonObject())
    .describe("Each preset's confusions and misclassified digits"),
  reproducibility: jsonObject(),
  warnings: z.array(z.string()),
});
