import type { ReportExperiment, ReportExperimentStatus, ReportInput } from '../report-input';

/** The experiment chosen for each (preset, seed) cell, plus what did not fit the grid. */
export interface ExperimentGrid {
  cell(preset: string, seed: number): ReportExperiment | null;
  /** Every chosen experiment, in preset then seed order. */
  chosen: ReportExperiment[];
  warnings: string[];
}

// When a cell has several experiments (a re-run), the most useful one wins: finished work over
// work in progress over a failure; among equals the later one, as callers list in creation order.
const STATUS_PREFERENCE: Record<ReportExperimentStatus, number> = {
  completed: 5,
  running: 4,
  retrying: 3,
  queued: 2,
  failed: 1,
  cancelled: 0,
};

function preference(experiment: ReportExperiment): number {
  const completedWithResult = experiment.status === 'completed' && experiment.testAccuracy !== null;
  return STATUS_PREFERENCE[experiment.status] * 2 + (completedWithResult ? 1 : 0);
}

export function buildExperimentGrid(input: ReportInput): ExperimentGrid {
  const { presets, seeds } = input.ablation;
  const key = (preset: string, seed: number) => JSON.stringify([preset, seed]);
  const candidates = new Map<string, ReportExperiment[]>();
  const warnings: string[] = [];

  for (const experiment of input.experiments) {
    if (!presets.includes(experiment.preset) || !seeds.includes(experiment.seed)) {
      warnings.push(
        `experiment ${experiment.id} (preset ${experiment.preset}, seed ${experiment.seed}) is outside the ablation's grid and is ignored`,
      );
      continue;
    }
    const list = candidates.get(key(experiment.preset, experiment.seed)) ?? [];
    list.push(experiment);
    candidates.set(key(experiment.preset, experiment.seed), list);
  }

  const chosenByKey = new Map<string, ReportExperiment>();
  const chosen: ReportExperiment[] = [];
  for (const preset of presets) {
    for (const seed of seeds) {
      const list = candidates.get(key(preset, seed));
      if (!list) continue;
      const best = list.reduce((a, b) => (preference(b) >= preference(a) ? b : a));
      if (list.length > 1) {
        warnings.push(
          `preset ${preset}, seed ${seed} has ${list.length} experiments; the report uses ${best.id} (${best.status})`,
        );
      }
      chosenByKey.set(key(preset, seed), best);
      chosen.push(best);
    }
  }

  return { cell: (preset, seed) => chosenByKey.get(key(preset, seed)) ?? null, chosen, warnings };
}
