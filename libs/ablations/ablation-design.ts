import {
  deepMerge,
  isPlainObject,
  loadPreset,
  resolveConfig,
  type JsonObject,
} from '@lenet-lab/config';
import { InvalidRequestError } from '@lenet-lab/errors';
import type { StepDesign } from './ablation-designs';

/** Config fields over the defaults: a preset's, then `config` on top. */
export interface ConfigPart {
  preset?: string;
  config?: JsonObject;
}

export interface AblationStep extends ConfigPart {
  name: string;
}

/** One numeric config field and the values the rows give it. */
export interface AblationSweep {
  /** Dotted path into the config, e.g. `trainLimit` or `optimizer.learningRate`. */
  field: string;
  values: number[];
}

/** An ablation as a researcher defines it: steps and how they make rows, or a sweep. */
export type AblationDefinition =
  | { design: StepDesign; baseline: ConfigPart & { name?: string }; steps: AblationStep[] }
  | { design: 'sweep'; baseline: ConfigPart; sweep: AblationSweep };

/**
 * One row of the comparison table: its label, the preset its cells name (an ablation of
 * presets) and the config fields its cells train with before the ablation's overrides and seed.
 */
export interface AblationRow {
  label: string;
  preset: string | null;
  config: JsonObject;
  /** Where the row's fields come from, for error messages: `baseline + steps[0] "adam"`. */
  source: string;
}

export const DEFAULT_BASELINE_LABEL = 'baseline';
/** The leave-one-out design's first row: every step at once. */
export const ALL_STEPS_LABEL = 'all steps';

export const leftOutLabel = (step: string) => `without ${step}`;

/** The rows of an ablation of presets: each row is one preset, as configs/ defines it. */
export function rowsOfPresets(presets: readonly string[]): AblationRow[] {
  return presets.map((preset) => ({ label: preset, preset, config: {}, source: preset }));
}

/**
 * The baseline, and each step applied to the baseline alone: where a field that cannot
 * train is checked first, so the error names the step that set it rather than a row.
 */
export function partsOnBaseline(
  definition: AblationDefinition,
): { path: string; label: string; config: JsonObject }[] {
  const baseline = partFields(definition.baseline, 'baseline');
  const first = { path: 'baseline', label: 'baseline', config: baseline };
  if (definition.design === 'sweep') {
    const { field, values } = definition.sweep;
    assertNumericField(field);
    return [
      first,
      ...values.map((value, index) => ({
        path: `sweep.values[${index}]`,
        label: sweepLabel(field, value),
        config: deepMerge(baseline, fieldObject(field, value)),
      })),
    ];
  }
  return [
    first,
    ...definition.steps.map((step, index) => ({
      path: `steps[${index}]`,
      label: `step "${step.name}"`,
      config: deepMerge(baseline, partFields(step, `steps[${index}] "${step.name}"`)),
    })),
  ];
}

/** The rows a definition's design makes, in table order; refuses what cannot make a table. */
export function rowsOfDefinition(definition: AblationDefinition): AblationRow[] {
  if (definition.design === 'sweep') {
    const baseline = partFields(definition.baseline, 'baseline');
    const { field, values } = definition.sweep;
    assertNumericField(field);
    return values.map((value) => ({
      label: sweepLabel(field, value),
      preset: null,
      config: deepMerge(baseline, fieldObject(field, value)),
      source: `baseline + sweep ${sweepLabel(field, value)}`,
    }));
  }
  const baselineLabel = definition.baseline.name ?? DEFAULT_BASELINE_LABEL;
  const baseline = partFields(definition.baseline, 'baseline');
  const steps = definition.steps.map((step, index) => ({
    name: step.name,
    where: `steps[${index}] "${step.name}"`,
    fields: partFields(step, `steps[${index}] "${step.name}"`),
  }));
  assertDistinctLabels(baselineLabel, definition);
  const row = (label: string, parts: typeof steps): AblationRow => ({
    label,
    preset: null,
    config: parts.reduce((fields, step) => deepMerge(fields, step.fields), baseline),
    source: ['baseline', ...parts.map((step) => step.where)].join(' + '),
  });

  switch (definition.design) {
    case 'cumulative':
      return [
        row(baselineLabel, []),
        ...steps.map((step, index) => row(step.name, steps.slice(0, index + 1))),
      ];
    case 'one-factor':
      return [row(baselineLabel, []), ...steps.map((step) => row(step.name, [step]))];
    case 'leave-one-out':
      assertNoConflicts(steps);
      return [
        row(ALL_STEPS_LABEL, steps),
        ...steps.map((left, index) =>
          row(
            leftOutLabel(left.name),
            steps.filter((_, other) => other !== index),
          ),
        ),
      ];
  }
}

/** A part's preset's fields, then its config over them. */
function partFields(part: ConfigPart, where: string): JsonObject {
  let presetFields: JsonObject = {};
  if (part.preset !== undefined) {
    try {
      presetFields = loadPreset(part.preset).config;
    } catch (error) {
      throw new InvalidRequestError(`${where}: ${(error as Error).message}`);
    }
  }
  return deepMerge(presetFields, part.config ?? {});
}

/** A sweep row's label, which is also how the report finds the row's value. */
export const sweepLabel = (field: string, value: number) => `${field}=${value}`;

/** `{ optimizer: { learningRate: value } }` for `optimizer.learningRate`. */
function fieldObject(field: string, value: number): JsonObject {
  return field
    .split('.')
    .reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as JsonObject;
}

/**
 * The config fields a sweep can vary: the numeric leaves of the default config, and those
 * whose default is null meaning "all" (trainLimit, testLimit).
 */
export function numericConfigFields(): string[] {
  return leafFields(resolveConfig({}))
    .filter(([, value]) => value === 'null' || typeof JSON.parse(value) === 'number')
    .map(([field]) => field)
    .filter((field) => field !== 'seed');
}

function assertNumericField(field: string): void {
  const fields = numericConfigFields();
  if (!fields.includes(field)) {
    throw new InvalidRequestError(
      `sweep.field: "${field}" is not a numeric config field; sweepable: ${fields.join(', ')}`,
    );
  }
}

function assertDistinctLabels(
  baselineLabel: string,
  definition: Extract<AblationDefinition, { steps: AblationStep[] }>,
): void {
  const reserved = definition.design === 'leave-one-out' ? ALL_STEPS_LABEL : baselineLabel;
  const clash = definition.steps.findIndex((step) => step.name === reserved);
  if (clash !== -1) {
    throw new InvalidRequestError(
      `steps[${clash}].name: "${reserved}" already names the ${definition.design} design's first row; rename the step`,
    );
  }
}

/**
 * In leave-one-out every step is in the first row at once, so two steps that set the same
 * field differently would make a row that is neither: refused, naming both and the field.
 */
function assertNoConflicts(steps: { where: string; fields: JsonObject }[]): void {
  const setBy = new Map<string, { where: string; value: string }>();
  for (const step of steps) {
    for (const [field, value] of leafFields(step.fields)) {
      const earlier = setBy.get(field);
      if (earlier && earlier.value !== value) {
        throw new InvalidRequestError(
          `${earlier.where} and ${step.where} both set ${field} (${earlier.value} and ${value}): ` +
            'a leave-one-out ablation needs steps that can all apply at once',
        );
      }
      setBy.set(field, { where: step.where, value });
    }
  }
}

/** Every leaf of a config object as [dotted path, JSON value]; arrays are leaves. */
export function leafFields(fields: JsonObject, prefix = ''): [string, string][] {
  return Object.entries(fields).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return isPlainObject(value) ? leafFields(value, path) : [[path, JSON.stringify(value)]];
  });
}
