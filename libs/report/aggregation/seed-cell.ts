import type { SeedCell } from '../ablation-report';
import type { ReportExperiment } from '../report-input';
import { keptModels } from './kept-models';

/** The first line of an error, cut to `maxLength`: a status line, not a stack trace. */
export function shortReason(error: string, maxLength: number): string {
  const firstLine = error.trim().split(/\r?\n/, 1)[0];
  return firstLine.length <= maxLength ? firstLine : `${firstLine.slice(0, maxLength - 1)}…`;
}

function notCountedReason(experiment: ReportExperiment, reasonLength: number): string {
  const error = experiment.error ? shortReason(experiment.error, reasonLength) : null;
  switch (experiment.status) {
    case 'completed':
      return 'completed without a test accuracy';
    case 'failed':
      return error ? `failed: ${error}` : 'failed';
    case 'retrying':
      return error ? `retrying after: ${error}` : 'retrying';
    case 'running':
      return 'still running';
    case 'queued':
      return 'queued';
    case 'cancelled':
      return 'cancelled';
  }
}

/** One seed of one preset: counted only if completed with a test accuracy, else why not. */
export function seedCell(
  seed: number,
  experiment: ReportExperiment | null,
  reasonLength: number,
): SeedCell {
  if (!experiment) {
    return {
      seed,
      status: 'not-run',
      experimentId: null,
      counted: false,
      reason: 'not run',
      testAccuracy: null,
      bestValAccuracy: null,
      bestEpoch: null,
      epochsRun: null,
      stoppedEarly: null,
      models: [],
    };
  }
  const counted = experiment.status === 'completed' && experiment.testAccuracy !== null;
  return {
    seed,
    status: experiment.status,
    experimentId: experiment.id,
    counted,
    reason: counted ? null : notCountedReason(experiment, reasonLength),
    testAccuracy: experiment.testAccuracy,
    bestValAccuracy: experiment.bestValAccuracy,
    bestEpoch: experiment.bestEpoch,
    epochsRun: experiment.epochsRun,
    stoppedEarly: experiment.stoppedEarly,
    models: keptModels(experiment),
  };
}
