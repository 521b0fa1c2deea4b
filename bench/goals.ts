import { isSoftwareDevice } from '@lenet-lab/training';
import type { BenchReport } from './report';
import { valueOf } from './report';
import type { TrainingRow } from './sections/training';
import { isSingleThreaded } from './sections/training';
import { ratio } from './stats';

/** The seed's batch size: the GPU goal is met there, not only at a size that suits a GPU. */
const SEED_BATCH = 64;

export interface Goal {
  name: string;
  target: string;
  /** What was measured, as printed; null when the section did not run or failed. */
  measured: string | null;
  met: boolean | null;
}

/** The targets: per core and prediction on CPU, and webgpu against PyTorch on one GPU. */
export const GOALS = {
  perCoreVsPyTorch: 1.0,
  gpuVsPyTorchCuda: 1.0,
  twoWorkersRatio: 0.55,
  orchestrationPercent: 2,
  singleImageMs: 0.8,
};

/** Our single-threaded images/s that is compared with PyTorch's: wasm, else plain cpu. */
export function perCoreRow(rows: TrainingRow[]): TrainingRow | undefined {
  const single = rows.filter((r) => !r.unavailable && isSingleThreaded(r));
  return single.find((r) => r.backend !== 'cpu') ?? single[0];
}

export function perCoreRatio(report: BenchReport): { backend: string; ratio: number } | null {
  const row = perCoreRow(valueOf(report.train) ?? []);
  const peer = valueOf(report.peer);
  if (!row || peer?.status !== 'measured') return null;
  const value = ratio(row.imagesPerSecond, peer.imagesPerSecond);
  return value === null ? null : { backend: row.backend, ratio: value };
}

export function evaluateGoals(report: BenchReport): Goal[] {
  const goals: Goal[] = [];
  const perCore = perCoreRatio(report);
  goals.push({
    name: 'training images/s per core vs PyTorch (1 thread)',
    target: `≥ ${GOALS.perCoreVsPyTorch.toFixed(1)}×`,
    measured: perCore ? `${perCore.ratio.toFixed(2)}× (${perCore.backend})` : null,
    met: perCore ? perCore.ratio >= GOALS.perCoreVsPyTorch : null,
  });

  const ablation = valueOf(report.ablation);
  const runs = ablation?.runs ?? [];
  goals.push({
    name: `ablation wall time, ${runs.at(-1)?.workers ?? 2} workers / ${runs[0]?.workers ?? 1}`,
    target: `≤ ${GOALS.twoWorkersRatio}`,
    measured: ablation?.ratio != null ? ablation.ratio.toFixed(2) : null,
    met: ablation?.ratio != null ? ablation.ratio <= GOALS.twoWorkersRatio : null,
  });

  const share = valueOf(report.orchestration)?.share;
  goals.push({
    name: 'orchestration share of an experiment',
    target: `< ${GOALS.orchestrationPercent}%`,
    measured: share
      ? `${share.percent.toFixed(1)}% by difference` +
        (share.itemisedPercent === null ? '' : `, ${share.itemisedPercent.toFixed(2)}% itemised`)
      : null,
    met: share ? share.percent < GOALS.orchestrationPercent : null,
  });

  // The backends are tried fastest first, so the first one that ran is the workers' choice;
  // a software adapter is not, since workers never pick one themselves.
  const latency = (valueOf(report.latency) ?? []).find(
    (row) => row.latencies && !isSoftwareDevice(row.device ?? ''),
  );
  const single = latency?.latencies?.find((l) => l.batchSize === 1);
  goals.push({
    name: 'single-image prediction',
    target: `< ${GOALS.singleImageMs} ms`,
    measured: single ? `${single.msPerImage.toFixed(3)} ms (${latency!.backend})` : null,
    met: single ? single.msPerImage < GOALS.singleImageMs : null,
  });

  const seedBatch = (valueOf(report.gpu) ?? []).find((row) => row.batchSize === SEED_BATCH);
  const cuda = seedBatch?.cuda.status === 'measured' ? seedBatch.cuda : null;
  const gpuRatio = cuda ? ratio(seedBatch!.webgpu.imagesPerSecond, cuda.imagesPerSecond) : null;
  goals.push({
    name: `webgpu vs PyTorch on the same GPU, batch ${SEED_BATCH}`,
    target: `≥ ${GOALS.gpuVsPyTorchCuda.toFixed(1)}×`,
    measured: gpuRatio === null ? null : `${gpuRatio.toFixed(2)}× (${seedBatch!.webgpu.device})`,
    met: gpuRatio === null ? null : gpuRatio >= GOALS.gpuVsPyTorchCuda,
  });
  return goals;
}
