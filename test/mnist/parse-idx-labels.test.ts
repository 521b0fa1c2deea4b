import {
  IDX_IMAGES_MAGIC,
  IdxLabelRangeError,
  IdxLengthError,
  IdxMagicError,
  parseIdxLabels,
} from '@lenet-lab/mnist';
import { idxLabelsBuffer } from './support/idx-fixtures';

describe('parseIdxLabels', () => {
  it('reads every label', () => {
    const parsed = parseIdxLabels(idxLabelsBuffer([5, 0, 4, 1, 9]));

    expect(parsed.count).toBe(5);
    expect(Array.from(parsed.labels)).toEqual([5, 0, 4, 1, 9]);
  });

  it('throws IdxLabelRangeError naming the file, index and value of a label above 9', () => {
    const attempt = () => parseIdxLabels(idxLabelsBuffer([1, 2, 10, 3]), 'train-labels');

    expect(attempt).toThrow(IdxLabelRangeError);
    expect(attempt).toThrow('train-labels: label 2 is 10, expected 0–9');
  });

  it('throws IdxMagicError when given an images file', () => {
    expect(() => parseIdxLabels(idxLabelsBuffer([1], { magic: IDX_IMAGES_MAGIC }))).toThrow(
      IdxMagicError,
    );
  });

  it('throws IdxLengthError when labels are missing', () => {
    const attempt = () => parseIdxLabels(idxLabelsBuffer([1, 2, 3]).subarray(0, 9), 'labels');

    expect(attempt).toThrow(IdxLengthError);
    expect(attempt).toThrow('labels: truncated: expected 11 bytes, got 9');
  });
});
