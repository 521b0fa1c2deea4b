import type { AblationReport } from '../ablation-report';
import type { ReportAblationDesign } from '../report-input';
import { MISSING } from './format';

/** What each design's rows are, for a reader of the report. */
export const DESIGN_DESCRIPTIONS: Record<ReportAblationDesign, string> = {
  cumulative: 'each row adds its step to the row before',
  'one-factor': 'each row is the baseline plus that one step',
  'leave-one-out': 'the first row has every step, each other row leaves one out',
  sweep: 'one row per value of one config field, on the baseline',
};

/** The rows, how they were made, and which one the differences are taken against. */
export function rowsMetadata(report: AblationReport): [string, string][] {
  const { ablation } = report;
  if (!ablation.definedBySteps) {
    return [
      ['Presets', ablation.presets.join(', ')],
      ['Baseline', report.baselinePreset ?? MISSING],
    ];
  }
  const design = ablation.design ?? 'cumulative';
  return [
    ['Rows', ablation.presets.join(', ')],
    ['Design', `${design}: ${DESIGN_DESCRIPTIONS[design]}`],
    ['Differences against', report.baselinePreset ?? MISSING],
  ];
}

/** What the report calls its rows: presets, or the rows an ablation's steps (or sweep) made. */
export function rowHeader(report: AblationReport): string {
  return report.ablation.definedBySteps ? 'Row' : 'Preset';
}

/** Table headers with the rows' column named as `rowHeader` says. */
export function withRowHeader(report: AblationReport, headers: readonly string[]): string[] {
  return headers.map((header) => (header === 'Preset' ? rowHeader(report) : header));
}
