import { z } from 'zod';
import { epochMetricSchema, experimentStatusSchema, jobProgressSchema } from './experiment-schemas';

/**
 * The data of each event an /events stream sends after its snapshot (the snapshot is the view
 * GET answers: an Experiment or an Ablation; `end` carries `{}`). An ablation's stream carries
 * the events of all its cells, each naming its experiment, and the report's.
 */
export const liveEventSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('progress'),
    experimentId: z.uuid(),
    progress: jobProgressSchema,
  }),
  z.strictObject({
    type: z.literal('epoch'),
    experimentId: z.uuid(),
    metric: epochMetricSchema,
  }),
  z.strictObject({
    type: z.literal('status'),
    experimentId: z.uuid(),
    status: experimentStatusSchema,
    error: z.string().nullable(),
    testAccuracy: z.number().nullable(),
  }),
  z.strictObject({
    type: z.literal('report'),
    ablationId: z.uuid(),
    built: z.boolean(),
    error: z.string().nullable(),
  }),
]);
export type LiveEvent = z.infer<typeof liveEventSchema>;
export type LiveEventType = LiveEvent['type'];

/** The SSE event names of a stream, in the order a client meets them. */
export const LIVE_STREAM_EVENTS = [
  'snapshot',
  'progress',
  'epoch',
  'status',
  'report',
  'end',
] as const;
