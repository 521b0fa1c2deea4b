import type { SubmitAblationRequest } from '../api/api-types';
import { CliError } from '../cli-errors';

/** The flags of `lenet-lab ablation` and `submit-ablation` that shape what is trained. */
export interface AblationFlags {
  /** The seed's whole protocol instead of the quick default. */
  full?: boolean;
  /** Presets in table order (--preset a,b); the first is the baseline. */
  preset?: string[];
  seeds?: number[];
  epochs?: number;
  /** null: every image. */
  trainLimit?: number | null;
  testLimit?: number | null;
  /** More config fields for every cell, as JSON. */
  overrides?: Record<string, unknown>;
  name?: string;
  /** A JSON or YAML file defining the ablation (baseline, steps, design, …). */
  definition?: string;
}

/**
 * The default for a first run, measured at 1m50s on a 2-core CPU (two workers, 12 experiments):
 * every preset on 5,000 training and 2,000 test images. Six epochs, so that the step decay at
 * epoch 5 separates the last preset from BatchNorm (at three epochs the two are identical);
 * three seeds, so that the intervals and Welch p-values mean something (with two, the t
 * quantile of one degree of freedom makes every interval useless).
 */
export const QUICK_ABLATION = {
  seeds: [1, 2, 3],
  overrides: { trainLimit: 5000, testLimit: 2000, epochs: 6 },
} as const;

/** The seed's protocol: every image, the presets' own 20 epochs, three seeds. */
export const FULL_ABLATION = { seeds: [1, 2, 3], overrides: {} } as const;

/**
 * The ablation to submit. Presets left out mean the API's default (the four seed presets);
 * single flags win over --overrides, which wins over a definition file's fields, which win
 * over the quick/full defaults.
 */
export function planAblation(
  flags: AblationFlags,
  definition: SubmitAblationRequest = {},
): SubmitAblationRequest {
  if (flags.preset && definition.steps) {
    throw new CliError('--preset and a definition with steps both say what the rows are: use one');
  }
  const base = flags.full ? FULL_ABLATION : QUICK_ABLATION;
  const overrides: Record<string, unknown> = {
    ...base.overrides,
    ...definition.overrides,
    ...flags.overrides,
  };
  if (flags.epochs !== undefined) overrides.epochs = flags.epochs;
  if (flags.trainLimit !== undefined) overrides.trainLimit = flags.trainLimit;
  if (flags.testLimit !== undefined) overrides.testLimit = flags.testLimit;
  const seeds = flags.seeds ?? definition.seeds ?? [...base.seeds];
  return {
    ...definition,
    ...(flags.preset && { presets: flags.preset }),
    seeds,
    overrides,
    name: flags.name ?? definition.name ?? defaultName(flags.full === true, seeds, overrides),
  };
}

function defaultName(full: boolean, seeds: number[], overrides: Record<string, unknown>) {
  const shape = Object.entries(overrides)
    .map(([key, value]) => `${key}=${typeof value === 'object' ? JSON.stringify(value) : value}`)
    .join(', ');
  const kind = full ? 'full ablation' : 'quick ablation';
  return `${kind}, seeds ${seeds.join(',')}${shape ? ` (${shape})` : ''}`;
}
