import { type EpochMetricInput, InvalidEpochMetricError, validateEpochMetric } from '@lenet-lab/db';
import { groupNonFiniteFields } from '@lenet-lab/db/repositories/non-finite-floats';

const valid: EpochMetricInput = {
  experimentId: 'e',
  epoch: 0,
  trainLoss: 0.3,
  trainAccuracy: 0.91,
  valAccuracy: 0.9,
  learningRate: 0.001,
  epochSeconds: 12.5,
  imagesPerSecond: 4800,
};

describe('validateEpochMetric', () => {
  it('accepts a normal epoch, and NaN or Infinity losses', () => {
    expect(() => validateEpochMetric(valid)).not.toThrow();
    expect(() =>
      validateEpochMetric({ ...valid, trainLoss: NaN, valLoss: Infinity }),
    ).not.toThrow();
  });

  it('rejects an accuracy given in percent', () => {
    expect(() => validateEpochMetric({ ...valid, valAccuracy: 90 })).toThrow(
      InvalidEpochMetricError,
    );
  });

  it('rejects a NaN accuracy, a negative duration and a fractional epoch', () => {
    expect(() => validateEpochMetric({ ...valid, trainAccuracy: NaN })).toThrow('trainAccuracy');
    expect(() => validateEpochMetric({ ...valid, epochSeconds: -1 })).toThrow('epochSeconds');
    expect(() => validateEpochMetric({ ...valid, epoch: 1.5 })).toThrow('epoch');
  });

  it('gives a stable code', () => {
    try {
      validateEpochMetric({ ...valid, testAccuracy: 1.2 });
      throw new Error('expected a throw');
    } catch (error) {
      expect((error as InvalidEpochMetricError).code).toBe('INVALID_EPOCH_METRIC');
    }
  });
});

describe('groupNonFiniteFields', () => {
  it('groups fields by their non-finite value, first seen first', () => {
    expect(
      groupNonFiniteFields({ a: 1, b: NaN, c: Infinity, d: NaN, e: null, f: -Infinity }),
    ).toEqual([{ b: NaN, d: NaN }, { c: Infinity }, { f: -Infinity }]);
  });

  it('finds nothing to split in finite values', () => {
    expect(groupNonFiniteFields({ a: 1, b: null })).toEqual([]);
  });
});
