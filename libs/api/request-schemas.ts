import { z } from 'zod';

/** Request shapes, shared by validation and (later) the OpenAPI document. */

export const EXPERIMENT_STATUSES = [
  'queued',
  'running',
  'retrying',
  'completed',
  'failed',
  'cancelled',
] as const;

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
