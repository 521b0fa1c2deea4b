import { z } from 'zod';
import { experimentConfigSchema } from '@lenet-lab/config';
import { jsonObject } from './json-values';

/** A preset an experiment or ablation can name: its file's fields and the config it trains. */
export const presetSchema = z.strictObject({
  name: z.string(),
  description: z.string(),
  config: jsonObject().describe("The preset's fields as written; the defaults fill the rest"),
  resolved: experimentConfigSchema,
});
export type Preset = z.infer<typeof presetSchema>;

export const presetListSchema = z.strictObject({
  items: z.array(presetSchema).describe('In the seed table’s order'),
});
export type PresetList = z.infer<typeof presetListSchema>;
