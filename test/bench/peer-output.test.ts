import { parsePeerOutput, peerEpochSeconds } from '../../bench/peer-output';

describe('parsePeerOutput', () => {
  it("reads the seed script's epoch lines", () => {
    const text =
      'epoch 1 train_s 7.70 images_per_s 7817 test_acc 98.10 infer_ms_per_image 0.335 threads 1\n' +
      'epoch 2 train_s 7.52 images_per_s 7979 test_acc 98.62 infer_ms_per_image 0.301 threads 1\n';
    expect(parsePeerOutput(text)).toEqual([
      {
        epoch: 1,
        trainSeconds: 7.7,
        imagesPerSecond: 7817,
        testAccuracy: 98.1,
        inferMsPerImage: 0.335,
        threads: 1,
      },
      {
        epoch: 2,
        trainSeconds: 7.52,
        imagesPerSecond: 7979,
        testAccuracy: 98.62,
        inferMsPerImage: 0.301,
        threads: 1,
      },
    ]);
  });

  it('ignores warnings and other lines, and reads fields in any order and separator', () => {
    const text = [
      'UserWarning: the given NumPy array is not writable',
      'Epoch 1: images_per_s=8000, train_s: 7.5',
      'epoch summary follows',
    ].join('\r\n');
    expect(parsePeerOutput(text)).toEqual([
      expect.objectContaining({ epoch: 1, trainSeconds: 7.5, imagesPerSecond: 8000 }),
    ]);
  });

  it('skips an epoch line with no timing at all', () => {
    expect(parsePeerOutput('epoch 1 test_acc 98.1')).toEqual([]);
  });
});

describe('peerEpochSeconds', () => {
  const epoch = {
    epoch: 1,
    trainSeconds: 7.7,
    imagesPerSecond: 8000,
    testAccuracy: null,
    inferMsPerImage: null,
    threads: 1,
  };

  it('prefers images/s, which the script does not round to centiseconds', () => {
    expect(peerEpochSeconds(epoch, 60_000)).toBeCloseTo(7.5);
  });

  it('falls back to train_s', () => {
    expect(peerEpochSeconds({ ...epoch, imagesPerSecond: null }, 60_000)).toBe(7.7);
  });
});
