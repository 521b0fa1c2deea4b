import type { Experiment } from '../api/api-types';
import { progressDetail } from './progress-rows';
import { renderTextTable } from './text-table';
import {
  formatDuration,
  formatNumber,
  formatPercent,
  formatTimestamp,
  secondsBetween,
} from './values';

/** `lenet-lab status <experiment>`: what it is, where it stands, how it did per epoch. */
export function formatExperimentSummary(experiment: Experiment, now = Date.now()): string {
  const lines = [
    `Experiment ${experiment.id}${experiment.name ? ` (${experiment.name})` : ''}`,
    `  status:        ${experiment.status}`,
    `  preset:        ${experiment.preset ?? 'none (defaults + config)'}`,
    `  seed:          ${experiment.seed ?? '–'}`,
  ];
  if (experiment.status === 'running' || experiment.status === 'retrying') {
    lines.push(`  progress:      ${progressDetail(experiment.status, experiment.progress)}`);
  }
  if (experiment.backend) {
    lines.push(
      `  backend:       ${experiment.backend}${experiment.device ? ` (${experiment.device})` : ''}`,
    );
  }
  lines.push(`  created:       ${formatTimestamp(experiment.createdAt)}`);
  if (experiment.startedAt) {
    const took = formatDuration(secondsBetween(experiment.startedAt, experiment.finishedAt, now));
    lines.push(
      `  started:       ${formatTimestamp(experiment.startedAt)} (${experiment.finishedAt ? 'took' : 'running for'} ${took})`,
    );
  }
  if (experiment.status === 'completed') {
    lines.push(
      `  test accuracy: ${formatPercent(experiment.testAccuracy)}`,
      `  best val. acc: ${formatPercent(experiment.bestValAccuracy)} at epoch ${experiment.bestEpoch ?? '–'}`,
      `  epochs run:    ${experiment.epochsRun ?? '–'}${experiment.stoppedEarly ? ' (stopped early)' : ''}`,
    );
  }
  if (experiment.attempts > 1) lines.push(`  attempts:      ${experiment.attempts}`);
  if (experiment.error) lines.push(`  error:         ${experiment.error}`);
  const metrics = experiment.metrics ?? [];
  if (metrics.length > 0) {
    lines.push(
      '',
      renderTextTable(
        ['epoch', 'train loss', 'train acc', 'val acc', 'test acc', 's/epoch'],
        metrics.map((m) => [
          String(m.epoch),
          formatNumber(m.trainLoss),
          formatPercent(m.trainAccuracy),
          formatPercent(m.valAccuracy),
          formatPercent(m.testAccuracy),
          formatNumber(m.epochSeconds, 1),
        ]),
      ),
    );
  }
  return lines.join('\n');
}
