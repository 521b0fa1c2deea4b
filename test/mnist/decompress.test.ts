import { gzipSync } from 'node:zlib';
import { decompressIfGzip, DatasetGzipError, isGzip } from '@lenet-lab/mnist';
import { idxLabelsBuffer } from './support/idx-fixtures';

describe('decompressIfGzip', () => {
  it('returns raw IDX bytes unchanged', () => {
    const raw = idxLabelsBuffer([1, 2]);

    expect(isGzip(raw)).toBe(false);
    expect(decompressIfGzip(raw, 'labels')).toBe(raw);
  });

  it('detects gzip by its magic bytes, whatever the file is called', () => {
    const raw = idxLabelsBuffer([1, 2]);

    expect(decompressIfGzip(gzipSync(raw), 'labels-without-suffix')).toEqual(raw);
  });

  it('throws DatasetGzipError naming the file for a damaged gzip stream', () => {
    const damaged = gzipSync(idxLabelsBuffer([1, 2, 3, 4])).subarray(0, 12);

    expect(() => decompressIfGzip(damaged, 'labels.gz')).toThrow(DatasetGzipError);
    expect(() => decompressIfGzip(damaged, 'labels.gz')).toThrow(/^labels\.gz: not a valid gzip/);
  });
});
