import { z } from 'zod';

/**
 * A moment as JSON carries it: an ISO 8601 string in UTC, as Date.prototype.toJSON writes it.
 * The views convert their Dates with toISOString, so their types say what the client receives.
 */
export const isoDateTime = () => z.iso.datetime();

/**
 * A float the worker measured, as JSON carries it: JSON has no NaN or Infinity and
 * JSON.stringify writes them as null, so a diverged run's loss reaches the client as null.
 */
export const measuredNumber = () => z.number().nullable();

/** A JSON object whose fields the contract leaves open (config overrides, say). */
export const jsonObject = () => z.record(z.string(), z.unknown());

/** One page of a collection, newest first, with the query that chose it. */
export const pageOf = <Item extends z.ZodType>(item: Item) =>
  z.strictObject({
    items: z.array(item),
    total: z.int().min(0).describe('Items in the whole collection (of the status asked for)'),
    limit: z.int().min(1),
    offset: z.int().min(0),
  });
