import type { AblationProgress } from '@lenet-lab/ablations';
import type { Ablation } from '@lenet-lab/contract';
import type { Ablation as AblationRow, Experiment as ExperimentRow } from '@lenet-lab/db';
import type { TrainJobProgress } from '@lenet-lab/queue';

/** The public shape of an ablation: its cells and their progress, not their metrics. */
export function toAblationView(
  ablation: AblationRow & {
    experiments: Pick<ExperimentRow, 'id' | 'preset' | 'ablationRow' | 'seed' | 'status'>[];
  },
  progress: AblationProgress,
  jobProgress: Map<string, TrainJobProgress | null> = new Map(),
): Ablation {
  return {
    id: ablation.id,
    name: ablation.name,
    status: progress.status,
    presets: ablation.presets,
    design: ablation.design as Ablation['design'],
    // Stored as the submission validated it.
    definition: ablation.definition as Ablation['definition'],
    seeds: ablation.seeds,
    // Stored as the submission validated it: config fields by name.
    overrides: ablation.overrides as Ablation['overrides'],
    createdAt: ablation.createdAt.toISOString(),
    reportBuiltAt: ablation.reportBuiltAt?.toISOString() ?? null,
    reportError: ablation.reportError,
    progress: { cells: progress.cells, presets: progress.presets },
    experiments: ablation.experiments.map((e) => ({
      id: e.id,
      preset: e.preset,
      row: e.ablationRow,
      seed: e.seed,
      status: e.status,
      progress: jobProgress.get(e.id) ?? null,
    })),
    links: {
      self: `/api/ablations/${ablation.id}`,
      report: `/api/ablations/${ablation.id}/report?format=html`,
    },
  };
}
