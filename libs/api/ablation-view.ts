import type { AblationProgress } from '@lenet-lab/ablations';
import type { Ablation, Experiment } from '@lenet-lab/db';
import type { TrainJobProgress } from '@lenet-lab/queue';

/** The public shape of an ablation: its cells and their progress, not their metrics. */
export function toAblationView(
  ablation: Ablation & { experiments: Pick<Experiment, 'id' | 'preset' | 'seed' | 'status'>[] },
  progress: AblationProgress,
  jobProgress: Map<string, TrainJobProgress | null> = new Map(),
) {
  return {
    id: ablation.id,
    name: ablation.name,
    status: progress.status,
    presets: ablation.presets,
    seeds: ablation.seeds,
    overrides: ablation.overrides,
    createdAt: ablation.createdAt,
    reportBuiltAt: ablation.reportBuiltAt,
    reportError: ablation.reportError,
    progress: { cells: progress.cells, presets: progress.presets },
    experiments: ablation.experiments.map((e) => ({
      id: e.id,
      preset: e.preset,
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
