import { IdxLabelRangeError } from './dataset-errors';
import { IDX_LABELS_MAGIC } from './idx-format';
import { idxElements, readIdxHeader } from './idx-header';
import { NUM_CLASSES } from './types';

export interface IdxLabels {
  /** count labels, 0–9; a view on the input buffer. */
  labels: Uint8Array;
  count: number;
}

/** Parses an IDX labels file and checks every label is a class index. */
export function parseIdxLabels(bytes: Uint8Array, fileName = 'labels'): IdxLabels {
  const header = readIdxHeader(bytes, fileName, IDX_LABELS_MAGIC);
  const labels = idxElements(bytes, header, fileName);
  const badIndex = labels.findIndex((label) => label >= NUM_CLASSES);
  if (badIndex !== -1) {
    throw new IdxLabelRangeError(fileName, badIndex, labels[badIndex], NUM_CLASSES);
  }
  return { labels, count: header.dimensions[0] };
}
