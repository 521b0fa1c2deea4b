import { DatasetChecksumError, sha256Hex, verifySha256 } from '@lenet-lab/mnist';

const ABC_SHA256 = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

describe('checksums', () => {
  it('computes the SHA-256 of bytes as lower-case hex', () => {
    expect(sha256Hex(Buffer.from('abc'))).toBe(ABC_SHA256);
  });

  it('returns the hash when it matches', () => {
    expect(verifySha256(Buffer.from('abc'), ABC_SHA256, 'f', 'here')).toBe(ABC_SHA256);
  });

  it('throws DatasetChecksumError naming the file, where it came from and both hashes', () => {
    const attempt = () => verifySha256(Buffer.from('abd'), ABC_SHA256, 'train-labels', '/tmp/x');

    expect(attempt).toThrow(DatasetChecksumError);
    expect(attempt).toThrow(
      `train-labels from /tmp/x: SHA-256 ${sha256Hex(Buffer.from('abd'))}, expected ${ABC_SHA256}`,
    );
  });
});
