import { createHash } from 'node:crypto';
import { DatasetChecksumError } from './dataset-errors';

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Throws unless `bytes` hash to `expected`; returns the hash so callers need not compute it
 * twice. `location` (a path or URL) goes into the message so the bad copy can be found.
 */
export function verifySha256(
  bytes: Uint8Array,
  expected: string,
  fileName: string,
  location: string,
): string {
  const actual = sha256Hex(bytes);
  if (actual !== expected.toLowerCase()) {
    throw new DatasetChecksumError(fileName, expected, actual, location);
  }
  return actual;
}
