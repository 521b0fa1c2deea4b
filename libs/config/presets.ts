import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DomainError } from '@lenet-lab/errors';
import { ConfigValidationError } from './config-error';
import { deepMerge, isPlainObject, type JsonObject } from './deep-merge';
import { experimentConfigSchema, type ExperimentConfig } from './experiment-config';

/** The four cumulative presets of the seed's table, in the table's order. */
export const ABLATION_PRESETS = [
  'baseline',
  'augmentation',
  'batchnorm',
  'lr-decay-early-stop',
] as const;

export const DEFAULT_CONFIGS_DIR = path.resolve(__dirname, '../../configs');

const presetFileSchema = z.strictObject({
  description: z.string(),
  config: z.record(z.string(), z.unknown()),
});

export interface Preset {
  name: string;
  description: string;
  /** The preset's fields as written; defaults fill the rest when resolved. */
  config: JsonObject;
}

export class UnknownPresetError extends DomainError {
  readonly code = 'UNKNOWN_PRESET';
  constructor(
    readonly preset: string,
    readonly known: string[],
  ) {
    super(`unknown preset "${preset}"; known presets: ${known.join(', ')}`);
    this.name = 'UnknownPresetError';
  }
}

const PRESET_NAME = /^[a-z0-9][a-z0-9-]*$/;

export function listPresets(configsDir = DEFAULT_CONFIGS_DIR): string[] {
  return readdirSync(configsDir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort((a, b) => presetOrder(a) - presetOrder(b) || a.localeCompare(b));
}

function presetOrder(name: string): number {
  const index = (ABLATION_PRESETS as readonly string[]).indexOf(name);
  return index === -1 ? ABLATION_PRESETS.length : index;
}

export function loadPreset(name: string, configsDir = DEFAULT_CONFIGS_DIR): Preset {
  const file = path.join(configsDir, `${name}.json`);
  if (!PRESET_NAME.test(name) || !existsSync(file)) {
    throw new UnknownPresetError(name, listPresets(configsDir));
  }
  const parsed = presetFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  // A preset that does not validate is a bug in configs/, found here rather than in a worker.
  const check = experimentConfigSchema.safeParse(parsed.config);
  if (!check.success) throw ConfigValidationError.fromZod(check.error, `configs/${name}.json`);
  return { name, description: parsed.description, config: parsed.config };
}

/**
 * The config a run trains with: defaults, then the preset (if any), then the overrides.
 * Throws ConfigValidationError naming each bad field (paths as in the overrides).
 */
export function resolveConfig(
  options: { preset?: string; overrides?: unknown },
  configsDir = DEFAULT_CONFIGS_DIR,
): ExperimentConfig {
  const overrides = options.overrides ?? {};
  if (!isPlainObject(overrides)) {
    throw new ConfigValidationError([{ path: 'config', message: 'must be a JSON object' }]);
  }
  const base = options.preset ? loadPreset(options.preset, configsDir).config : {};
  const result = experimentConfigSchema.safeParse(deepMerge(base, overrides));
  if (!result.success) throw ConfigValidationError.fromZod(result.error);
  return result.data;
}
