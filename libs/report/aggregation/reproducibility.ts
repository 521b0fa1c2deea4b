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
    codeVersions: [...new Set(chosen.map((e) => e.codeVersion))],
  };
}
