import { createHash, timingSafeEqual } from 'node:crypto';

export type AccessLevel = 'admin' | 'read';

export interface ApiKeys {
  admin: string[];
  read: string[];
}

/** Keys from comma-separated lists; blanks are dropped so "a,,b" or a trailing comma is harmless. */
export function parseKeyList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((key) => key.trim())
    .filter(Boolean);
}

export function authIsEnabled(keys: ApiKeys): boolean {
  return keys.admin.length > 0 || keys.read.length > 0;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Compares against every key, always, in constant time per key: neither the position of a match
 * nor the length of a key leaks through timing (hashing first makes the lengths equal).
 */
function matchesAny(candidate: string, keys: string[]): boolean {
  const candidateDigest = digest(candidate);
  let matched = false;
  for (const key of keys) {
    if (timingSafeEqual(candidateDigest, digest(key))) matched = true;
  }
  return matched;
}

/** The access a presented key grants: admin keys can do everything read keys can. */
export function accessFor(candidate: string | undefined, keys: ApiKeys): AccessLevel | null {
  if (!candidate) return null;
  if (matchesAny(candidate, keys.admin)) return 'admin';
  if (matchesAny(candidate, keys.read)) return 'read';
  return null;
}

export function satisfies(granted: AccessLevel | null, needed: AccessLevel): boolean {
  if (granted === 'admin') return true;
  return granted === 'read' && needed === 'read';
}
