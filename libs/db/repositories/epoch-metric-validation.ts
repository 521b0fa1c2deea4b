import { InvalidEpochMetricError } from '../db-errors';
import type { EpochMetricInput } from './epoch-metric-input';

const FRACTIONS = ['trainAccuracy', 'valAccuracy', 'testAccuracy'] as const;
const NON_NEGATIVE = ['learningRate', 'epochSeconds', 'imagesPerSecond'] as const;

/**
 * Catches the mistakes that would silently skew every chart: accuracies in percent, negative
 * timings. Losses are not checked: NaN and Infinity are real outcomes of a diverged run.
 */
export function validateEpochMetric(input: EpochMetricInput): void {
  if (!Number.isInteger(input.epoch) || input.epoch < 0) {
    throw new InvalidEpochMetricError('epoch', input.epoch, 'a non-negative integer');
  }
  for (const field of FRACTIONS) {
    const value = input[field];
    if (value !== null && value !== undefined && !(value >= 0 && value <= 1)) {
      throw new InvalidEpochMetricError(field, value, 'a fraction between 0 and 1');
    }
  }
  for (const field of NON_NEGATIVE) {
    const value = input[field];
    if (!(Number.isFinite(value) && value >= 0)) {
      throw new InvalidEpochMetricError(field, value, 'a finite number >= 0');
    }
  }
}
