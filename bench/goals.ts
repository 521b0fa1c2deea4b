import type { BenchReport } from './report';
import { valueOf } from './report';
import type { TrainingRow } from './sections/training';
import { isSingleThreaded } from './sections/training';
import { ratio } from './stats';

export interface Goal {
  name: string;
  target: string;
  /** What was measured, as printed; null when the section did not run or failed. */
  measured: string | null;
  met: boolean | null;
}

/** issue 6's targets */
export const GOALS = {
  perCoreVsPyTorch: 1.0,
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

  // The backends are tried fastest first, so the first one that ran is the workers' choice.
  const latency = (valueOf(report.latency) ?? []).find((row) => row.latencies);
  const single = latency?.latencies?.find((l) => l.batchSize === 1);
  goals.push({
    name: 'single-image prediction',
    target: `< ${GOALS.singleImageMs} ms`,
    measured: single ? `${single.msPerImage.toFixed(3)} ms (${latency!.backend})` : null,
    met: single ? single.msPerImage < GOALS.singleImageMs : null,
  });
  return goals;
}
