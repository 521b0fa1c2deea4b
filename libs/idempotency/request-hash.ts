import { createHash } from 'node:crypto';
import { canonicalJson } from '@lenet-lab/config';

/**
 * SHA-256 of the validated request's canonical JSON: key order and whitespace do not make two
 * requests different, a changed value does.
 */
export function requestHash(request: unknown): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}
