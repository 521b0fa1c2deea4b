import type { BaselineComparison, PresetCompleteness } from '../ablation-report';
import { meanDifference } from '../statistics/mean-difference';
import { welchTTest } from '../statistics/welch-t-test';

export interface ComparedSample {
  preset: string;
  values: readonly number[];
  completeness: PresetCompleteness;
}

/** This preset's test accuracies against the baseline's: difference, Welch 95% CI and p-value. */
export function compareWithBaseline(
  baseline: ComparedSample,
  other: ComparedSample,
): BaselineComparison {
  const difference = meanDifference(baseline.values, other.values, 0.95);
  const test = welchTTest(baseline.values, other.values);
  const notes: string[] = [];
  if (difference === null) {
    notes.push('no difference: a preset has no completed seeds');
  } else if (test === null) {
    notes.push(
      baseline.values.length < 2 || other.values.length < 2
        ? 'no CI or p-value: needs at least 2 completed seeds in both presets'
        : 'no CI or p-value: both presets have zero variance',
    );
  }
  const incomplete = [baseline, other].filter((sample) => sample.completeness === 'incomplete');
  if (difference !== null && incomplete.length > 0) {
    notes.push(
      `over completed seeds only (${incomplete.map((s) => s.preset).join(', ')} incomplete)`,
    );
  }
  return {
    baselinePreset: baseline.preset,
    difference: difference?.difference ?? null,
    ci95: difference?.ci ?? null,
    t: test?.t ?? null,
    df: test?.df ?? null,
    pValue: test?.pValue ?? null,
    note: notes.length > 0 ? notes.join('; ') : null,
  };
}
