import { renderTextTable } from '@lenet-lab/cli/format';
import { isSoftwareDevice } from '@lenet-lab/training';
import { evaluateGoals, perCoreRatio } from '../goals';
import { isFailure, valueOf, type BenchReport, type Outcome } from '../report';
import {
  ablationText,
  gpuText,
  latencyText,
  orchestrationText,
  peerText,
  trainingText,
} from './section-text';
import { machineLine } from '../machine';
import { loads, NONE, num } from './numbers';

/** The end-of-run summary: the machine, every section that ran, and the goals. */
export function formatSummary(report: BenchReport): string {
  const { machine, options } = report;
  const blocks = [
    [
      `command:  ${report.command}`,
      machineLine(machine),
      `software: node ${machine.node}, tfjs ${machine.tfjs}`,
      `backend:  ${workersBackend(report)}`,
      `load:     before ${loads(machine.loadBefore)}, after ${loads(machine.loadAfter)} ` +
        `(1/5/15-minute averages; the bench itself adds about 1)`,
      `time:     ${report.startedAt} → ${report.finishedAt}`,
    ].join('\n'),
    section(
      `1. Training throughput: baseline, ${options.epochs} epoch(s), batch 64, every image a ` +
        `training image; the trainer's epochSeconds (evaluation excluded)`,
      report.train,
      (rows) => trainingText(rows, options.images),
    ),
    section("2. PyTorch peer (the seed's code, one thread)", report.peer, (peer) =>
      peerText(peer, perCoreRatio(report)),
    ),
    section(
      '3. Prediction latency: measurePredictionLatency on a fresh LeNet-5, the median call of the quietest window',
      report.latency,
      latencyText,
    ),
    section(
      `4. GPU: webgpu on this machine's adapter (a software one is labelled so and not ` +
        `compared with PyTorch), a step's cost to the host on Dawn's null adapter, and the ` +
        `seed's PyTorch on CUDA`,
      report.gpu,
      gpuText,
    ),
    section(
      `5. Orchestration through the system: the baseline as submitted, ` +
        `${num(options.images)} images (1/12 of them held out for validation) × ` +
        `${options.epochs} epoch(s); API in this process, one worker process`,
      report.orchestration,
      orchestrationText,
    ),
    section(
      `6. Ablation: ${options.ablation.seeds.length * 4} cells (4 presets × seeds ` +
        `${options.ablation.seeds.join(',')}), ${options.ablation.trainLimit}/` +
        `${options.ablation.testLimit} images, ${options.ablation.epochs} epoch(s)`,
      report.ablation,
      ablationText,
    ),
    `Goals\n${renderTextTable(
      ['goal', 'target', 'measured', 'met'],
      evaluateGoals(report).map((g) => [
        g.name,
        g.target,
        g.measured ?? 'not measured',
        g.met === null ? NONE : g.met ? 'yes' : 'NO',
      ]),
    )}`,
  ];
  return blocks.filter((b): b is string => b !== null).join('\n\n');
}

function section<T>(title: string, outcome: Outcome<T>, render: (value: T) => string) {
  if (outcome === undefined) return null;
  if (isFailure(outcome)) return `${title}\nfailed: ${outcome.failed}`;
  return `${title}\n${render(outcome)}`;
}

/** What the workers trained on: the system's own answer, else the fastest backend that ran. */
function workersBackend(report: BenchReport): string {
  const o = valueOf(report.orchestration);
  if (o?.backend) return `${o.backend}, ${o.device ?? NONE} (the workers' choice)`;
  // Workers never choose a software adapter themselves.
  const row = valueOf(report.train)?.find(
    (r) => !r.unavailable && !isSoftwareDevice(r.device ?? ''),
  );
  return row ? `${row.backend}, ${row.device} (the fastest available)` : NONE;
}
