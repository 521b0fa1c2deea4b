import { renderTextTable } from '@lenet-lab/cli/format';
import type { AblationResult } from '../sections/ablation';
import type { GpuBatchRow } from '../sections/gpu';
import type { LatencyRow } from '../sections/latency';
import type { OrchestrationResult, StartupTiming } from '../sections/orchestration';
import type { PeerResult } from '../sections/peer';
import type { TrainingRow } from '../sections/training';
import { NONE, num } from './numbers';

/** One text block per section of the summary; pure, so the layout is testable. */
export function trainingText(rows: TrainingRow[], fullImages: number): string {
  const table = renderTextTable(
    ['backend', 'device', 'images', 's/epoch', 'images/s'],
    rows.map((r) =>
      r.unavailable
        ? [r.backend, unavailable(r.unavailable), '', '', '']
        : [
            r.backend,
            r.device ?? NONE,
            r.images! < fullImages ? `${num(r.images)} of ${num(fullImages)}` : num(r.images),
            num(r.secondsPerEpoch, 2),
            num(r.imagesPerSecond),
          ],
    ),
  );
  const subset = rows.some((r) => r.backend === 'cpu' && !r.unavailable && r.images! < fullImages);
  return subset
    ? `${table}\ncpu trains a subset by default (plain JavaScript, ~20 images/s); --cpu-images N`
    : table;
}

export function peerText(peer: PeerResult, perCore: { backend: string; ratio: number } | null) {
  if (peer.status !== 'measured') return `${peer.status}: ${peer.reason}`;
  return [
    `${peer.python} ${peer.script} --threads 1: ${num(peer.imagesPerSecond)} images/s ` +
      `(${num(peer.secondsPerEpoch, 2)} s/epoch, ${num(peer.images)} images, ` +
      `${peer.epochs} epoch(s), test accuracy ${num(peer.testAccuracy, 2)}%, ` +
      `inference ${num(peer.inferMsPerImage, 3)} ms/image)`,
    perCore
      ? `ours / PyTorch, images/s per core (both one thread): ${perCore.ratio.toFixed(2)}× (${perCore.backend})`
      : 'ours / PyTorch per core: no single-threaded backend of ours was measured',
  ].join('\n');
}

export function latencyText(rows: LatencyRow[]): string {
  return renderTextTable(
    ['backend', 'device', '1 image, ms', 'batch 256, ms/image', 'batch 256, ms/call'],
    rows.map((r) => {
      if (r.unavailable) return [r.backend, unavailable(r.unavailable), '', '', ''];
      const at = (size: number) => r.latencies?.find((l) => l.batchSize === size);
      return [
        r.backend,
        r.device ?? NONE,
        num(at(1)?.msPerImage, 3),
        num(at(256)?.msPerImage, 4),
        num(at(256)?.msPerBatch, 1),
      ];
    }),
  );
}

export function orchestrationText(o: OrchestrationResult): string {
  const startup = (s: StartupTiming) =>
    `${num(s.totalSeconds, 2)} s = POST → running ${num(s.queueSeconds, 3)} s (the 201 ` +
    `took ${num(s.apiSeconds, 3)} s) + running → first batch ${num(s.loadSeconds, 3)} s`;
  const lines = [
    `(a) POST → first finished batch, cold (fresh API and worker): ${startup(o.startup[0])}`,
    ...o.startup.slice(1).map((s, i) => `    warm (job ${i + 2}): ${startup(s)}`),
  ];
  if ('error' in o.writes) {
    lines.push(`(b) one epoch's writes: failed: ${o.writes.error}`);
  } else {
    const m = o.writes.medianMs;
    lines.push(
      `(b) one epoch's writes, median of ${o.writes.samples}: ${num(m.total, 1)} ms = ` +
        `metrics upsert ${num(m.metrics, 1)} + checkpoint read and encode ` +
        `${num(m.checkpointEncode, 1)} + checkpoint upsert ${num(m.checkpointSave, 1)} ` +
        `(${num(o.writes.checkpointBytes / 1024)} KB) + status read ${num(m.statusRead, 1)}`,
    );
  }
  const s = o.share;
  if (!s) {
    lines.push('(c) orchestration share: no warm run to compare');
  } else {
    lines.push(
      `(c) POST → completed ${num(s.systemSeconds, 2)} s, of which outside the training ` +
        `batches ${num(s.systemOtherSeconds, 3)} s (median of ${o.runs.length - 1} warm run(s))`,
      `    the same job called directly ${num(s.directSeconds, 2)} s, of which outside the ` +
        `training batches ${num(s.directOtherSeconds, 3)} s (loading, evaluation; median of ` +
        `${o.direct.length})`,
      `    orchestration by difference ${num(s.overheadSeconds, 3)} s = ${num(s.percent, 2)}% ` +
        `of the wall time; itemised (POST → running + epochs × writes) ` +
        `${num(s.itemisedSeconds, 3)} s = ${num(s.itemisedPercent, 2)}%`,
    );
  }
  return lines.join('\n');
}

export function ablationText(a: AblationResult): string {
  const table = renderTextTable(
    ['workers', 'POST → report built, s', 'status', 'report, s', 'cells: start + seconds'],
    a.runs.map((r) => [
      String(r.workers),
      num(r.seconds, 1),
      `${r.status}, ${r.cells.finished}/${r.cells.total}`,
      num(r.reportSeconds, 2),
      r.cellSeconds
        .map((c) => `${c.preset} ${num(c.startedAfter, 1)}+${num(c.seconds, 1)}`)
        .join(', '),
    ]),
  );
  return (
    `${table}\nratio ${num(a.ratio, 2)}; for these cells a perfect machine would give ` +
    `${num(a.idealRatio, 2)} (the first run's cells, list-scheduled in queue order)`
  );
}

/** The reason alone: the row already names the backend. */
function unavailable(reason: string): string {
  const line = reason.split('\n')[0].replace(/^backend "[^"]+" is not available: /, '');
  return `unavailable: ${line.length > 80 ? `${line.slice(0, 77)}...` : line}`;
}

/**
 * webgpu per batch size: its throughput on this machine's adapter, what a step costs the host
 * (Dawn's null adapter: the bound no GPU driven from this CPU can beat; the fused step the
 * trainer uses, and tfjs's ops for comparison), and PyTorch on CUDA.
 */
export function gpuText(rows: GpuBatchRow[]): string {
  const table = renderTextTable(
    [
      'batch',
      'webgpu device',
      'images',
      'images/s',
      'host ms/step',
      'host bound, images/s',
      'tfjs ops: host ms/step',
      'PyTorch CUDA images/s',
      'webgpu / PyTorch',
    ],
    rows.map((r) => {
      const host = 'unavailable' in r.host ? null : r.host;
      const cuda = r.cuda.status === 'measured' ? r.cuda.imagesPerSecond : null;
      const ours = r.webgpu.imagesPerSecond ?? null;
      return [
        String(r.batchSize),
        r.webgpu.unavailable ? unavailable(r.webgpu.unavailable) : (r.webgpu.device ?? NONE),
        num(r.webgpu.images),
        num(ours ?? undefined),
        num(host?.fused.msPerStep, 3),
        num(host?.fused.imagesPerSecondBound),
        num(host?.tfjsOps.msPerStep, 3),
        num(cuda ?? undefined),
        ours !== null && cuda !== null ? `${(ours / cuda).toFixed(2)}×` : NONE,
      ];
    }),
  );
  const notes = rows
    .filter((r) => r.cuda.status !== 'measured')
    .slice(0, 1)
    .map((r) => `PyTorch on CUDA: ${r.cuda.status}: ${'reason' in r.cuda ? r.cuda.reason : ''}`);
  return [table, ...notes].join('\n');
}
