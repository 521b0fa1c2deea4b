import type { ExperimentConfig } from '@lenet-lab/config';

export type LrScheduleConfig = Pick<ExperimentConfig, 'optimizer' | 'lrSchedule'>;

/**
 * The learning rate used during `epoch` (1-based): PyTorch's StepLR stepped once after each
 * epoch, i.e. lr · gamma^floor((epoch − 1) / stepSize). With the presets' stepSize 5 and gamma
 * 0.1: epochs 1–5 train at 0.01, 6–10 at 0.001, and so on.
 */
export function lrForEpoch(config: LrScheduleConfig, epoch: number): number {
  if (!Number.isInteger(epoch) || epoch < 1) {
    throw new RangeError(`epoch must be an integer ≥ 1, got ${epoch}`);
  }
  const { learningRate } = config.optimizer;
  if (config.lrSchedule.type === 'none') return learningRate;
  const decays = Math.floor((epoch - 1) / config.lrSchedule.stepSize);
  return learningRate * config.lrSchedule.gamma ** decays;
}
