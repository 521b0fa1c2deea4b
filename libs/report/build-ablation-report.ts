import {
  REPORT_SCHEMA_VERSION,
  type AblationReport,
  type PresetErrorAnalysis,
  type PresetSummary,
  type SeedCell,
} from './ablation-report';
import { compareWithBaseline } from './aggregation/baseline-comparison';
import { analyzeErrors } from './aggregation/error-analysis';
import { buildExperimentGrid } from './aggregation/experiment-grid';
import { meanCurves } from './aggregation/mean-curves';
import { summarizePreset } from './aggregation/preset-summary';
import { collectReproducibility } from './aggregation/reproducibility';
import { finiteValues } from './aggregation/sample-summary';
import { seedCell } from './aggregation/seed-cell';
import { ReportInputError } from './report-errors';
import type { ReportExperiment, ReportInput, ReportSweep } from './report-input';
import { resolveReportOptions, type ReportOptions } from './report-options';

function assertNoDuplicates(kind: string, values: readonly unknown[]): void {
  const duplicate = values.find((value, index) => values.indexOf(value) !== index);
  if (duplicate !== undefined) {
    throw new ReportInputError(`the ablation lists ${kind} ${String(duplicate)} twice`);
  }
}

function isoTime(value: Date | string): string {
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) {
    throw new ReportInputError(`the ablation's createdAt is not a time: ${String(value)}`);
  }
  return time.toISOString();
}

/**
 * The whole report from the ablation's data. Pure: the same input gives the same report (the
 * caller supplies generatedAt), and nothing is read from a database, the network or the clock.
 */
export function buildAblationReport(input: ReportInput, options?: ReportOptions): AblationReport {
  const settings = resolveReportOptions(options);
  const { ablation } = input;
  assertNoDuplicates('preset', ablation.presets);
  assertNoDuplicates('seed', ablation.seeds);

  // Rows a researcher defined are called by their own names and have no published number,
  // even when a step's name is also one of the seed's presets.
  const ownLabels = ablation.definedBySteps ?? false;
  const labelled = <T extends { preset: string; label: string }>(item: T): T =>
    ownLabels ? { ...item, label: item.preset } : item;

  const grid = buildExperimentGrid(input);
  const warnings = [...grid.warnings];
  const rows: Omit<PresetSummary, 'vsBaseline'>[] = [];
  const countedByPreset: ReportExperiment[][] = [];
  for (const preset of ablation.presets) {
    const cells: SeedCell[] = [];
    const counted: ReportExperiment[] = [];
    for (const seed of ablation.seeds) {
      const experiment = grid.cell(preset, seed);
      const cell = seedCell(seed, experiment, settings.reasonLength);
      cells.push(cell);
      if (cell.counted && experiment) counted.push(experiment);
    }
    const summary = labelled(summarizePreset(preset, cells, counted));
    rows.push(ownLabels ? { ...summary, publishedTestAccuracy: null } : summary);
    countedByPreset.push(counted);
  }

  const accuracies = countedByPreset.map((counted) =>
    finiteValues(counted.map((e) => e.testAccuracy)),
  );
  const fullRows: PresetSummary[] = rows.map((row, index) => ({
    ...row,
    vsBaseline:
      index === 0
        ? null
        : compareWithBaseline(
            { preset: rows[0].preset, values: accuracies[0], completeness: rows[0].completeness },
            { preset: row.preset, values: accuracies[index], completeness: row.completeness },
          ),
  }));

  const errorAnalysis: PresetErrorAnalysis[] = ablation.presets.map((preset, index) => {
    const { analysis, warnings: analysisWarnings } = analyzeErrors(preset, countedByPreset[index], {
      confusedPairs: settings.confusedPairs,
      galleryLimit: settings.galleryLimit,
      testImage: input.testImage,
    });
    warnings.push(...analysisWarnings);
    return labelled(analysis);
  });

  const reproducibility = collectReproducibility(
    grid.chosen,
    input.environment?.packageVersions ?? {},
  );
  warnings.push(...consistencyWarnings(countedByPreset.flat(), reproducibility.codeVersions));
  warnings.push(...latencyWarnings(fullRows));

  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    ablation: {
      id: ablation.id,
      name: ablation.name,
      presets: [...ablation.presets],
      seeds: [...ablation.seeds],
      createdAt: isoTime(ablation.createdAt),
      design: ablation.design ?? 'cumulative',
      definedBySteps: ablation.definedBySteps ?? false,
      ...(ablation.sweep && { sweep: checkedSweep(ablation.sweep, ablation.presets) }),
    },
    generatedAt: input.environment?.generatedAt ?? null,
    baselinePreset: ablation.presets[0] ?? null,
    rows: fullRows,
    curves: ablation.presets.map((preset, index) =>
      labelled(meanCurves(preset, countedByPreset[index])),
    ),
    errorAnalysis,
    reproducibility,
    warnings,
  };
}

/** A sweep has one value per row, or its chart would pair rows with the wrong values. */
function checkedSweep(sweep: ReportSweep, rows: readonly string[]): ReportSweep {
  if (sweep.values.length !== rows.length) {
    throw new ReportInputError(
      `the sweep of ${sweep.field} has ${sweep.values.length} values for ${rows.length} rows`,
    );
  }
  return { field: sweep.field, values: [...sweep.values] };
}

/** Differences between runs that make their numbers less comparable than the table suggests. */
function consistencyWarnings(
  counted: readonly ReportExperiment[],
  codeVersions: readonly (string | null)[],
): string[] {
  const warnings: string[] = [];
  const backends = [...new Set(counted.map((e) => e.backend ?? 'unknown'))].sort();
  if (backends.length > 1) {
    warnings.push(
      `runs used different backends (${backends.join(', ')}): seconds per epoch are not comparable across them`,
    );
  }
  if (codeVersions.length > 1) {
    warnings.push(
      `runs used ${codeVersions.length} code versions (${codeVersions.map((v) => v ?? 'unknown').join(', ')})`,
    );
  }
  const datasets = new Set(
    counted.filter((e) => e.datasetSha256).map((e) => canonicalHashes(e.datasetSha256!)),
  );
  if (datasets.size > 1) {
    warnings.push(
      `runs used ${datasets.size} different sets of dataset files (their SHA-256s differ)`,
    );
  }
  return warnings;
}

function latencyWarnings(rows: readonly PresetSummary[]): string[] {
  const backends = [...new Set(rows.flatMap((row) => row.predictionLatency.backends))].sort();
  return backends.length > 1
    ? [
        `prediction latency was measured on different backends (${backends.join(', ')}): it is not comparable across them`,
      ]
    : [];
}

function canonicalHashes(hashes: Record<string, string>): string {
  return JSON.stringify(Object.entries(hashes).sort(([a], [b]) => a.localeCompare(b)));
}
