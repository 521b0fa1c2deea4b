import type { Reproducibility } from '../ablation-report';
import type { ReportExperiment } from '../report-input';

/** What it takes to re-run or check each experiment, plus the software it ran on. */
export function collectReproducibility(
  chosen: readonly ReportExperiment[],
  packageVersions: Record<string, string>,
): Reproducibility {
  return {
    experiments: chosen.map((e) => ({
      experimentId: e.id,
      name: e.name,
      preset: e.preset,
      seed: e.seed,
      status: e.status,
      configHash: e.configHash,
      datasetSha256: e.datasetSha256,
      codeVersion: e.codeVersion,
      backend: e.backend,
      device: e.device,
    })),
    packageVersions: Object.fromEntries(
      Object.entries(packageVersions).sort(([a], [b]) => a.localeCompare(b)),
    ),
    // A cell that has not run yet has no code version: it is not a second one.
    codeVersions: [...new Set(chosen.filter(hasRun).map((e) => e.codeVersion))],
  };
}

/** Whether a worker has trained (or tried to train) the experiment. */
function hasRun(experiment: ReportExperiment): boolean {
  return experiment.codeVersion !== null || !NOT_RUN_YET.includes(experiment.status);
}

const NOT_RUN_YET: readonly ReportExperiment['status'][] = ['queued', 'running', 'retrying'];
