import {
  buildDataset,
  buildImageSet,
  DatasetChecksumError,
  DatasetCountMismatchError,
  DatasetFileMissingError,
  IdxLengthError,
  sha256Hex,
} from '@lenet-lab/mnist';
import { catchError } from './support/catch-error';
import { idxImagesBuffer, idxLabelsBuffer, syntheticDataset } from './support/idx-fixtures';

describe('buildDataset', () => {
  it('parses the four files into train and test sets with their hashes', () => {
    const { files, spec } = syntheticDataset(3, 2);

    const dataset = buildDataset(spec, files, 'memory');

    expect(dataset.name).toBe('mnist');
    expect(dataset.source).toBe('memory');
    expect(dataset.train.count).toBe(3);
    expect(Array.from(dataset.test.labels)).toEqual([9, 8]);
    expect(dataset.sha256['train-labels-idx1-ubyte']).toBe(
      sha256Hex(files['train-labels-idx1-ubyte']),
    );
    expect(Object.keys(dataset.sha256)).toHaveLength(4);
  });

  it('throws DatasetChecksumError naming the file, expected and actual hash', async () => {
    const { files, spec } = syntheticDataset();
    const tampered = Buffer.from(files['t10k-images-idx3-ubyte']);
    tampered[100] ^= 0xff;

    const error = await catchError(() =>
      buildDataset(spec, { ...files, 't10k-images-idx3-ubyte': tampered }, '/data'),
    );

    expect(error).toBeInstanceOf(DatasetChecksumError);
    expect(error).toMatchObject({
      code: 'DATASET_CHECKSUM',
      fileName: 't10k-images-idx3-ubyte',
      expected: spec.files.testImages.sha256,
      actual: sha256Hex(tampered),
    });
    expect(error.message).toContain(spec.files.testImages.sha256);
  });

  it('reports a truncated file as truncated rather than as a checksum mismatch', async () => {
    const { files, spec } = syntheticDataset();
    const truncated = files['train-images-idx3-ubyte'].subarray(0, 500);

    const error = await catchError(() =>
      buildDataset(spec, { ...files, 'train-images-idx3-ubyte': truncated }, '/data'),
    );

    expect(error).toBeInstanceOf(IdxLengthError);
    expect(error.message).toMatch(/^train-images-idx3-ubyte: truncated/);
  });

  it('throws DatasetFileMissingError when a file is absent', () => {
    const { files, spec } = syntheticDataset();
    const withoutTestLabels = { ...files };
    delete withoutTestLabels['t10k-labels-idx1-ubyte'];

    expect(() => buildDataset(spec, withoutTestLabels, '/data')).toThrow(DatasetFileMissingError);
  });
});

describe('buildImageSet', () => {
  it('throws DatasetCountMismatchError when images and labels differ in number', () => {
    const attempt = () =>
      buildImageSet(idxImagesBuffer(3), idxLabelsBuffer([1, 2]), 'imgs', 'lbls');

    expect(attempt).toThrow(DatasetCountMismatchError);
    expect(attempt).toThrow('imgs has 3 images but lbls has 2 labels');
  });
});
