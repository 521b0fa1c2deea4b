import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AccessLevel, ApiKeys } from './api-keys';

/** How long a browser sign-in lasts. */
export const SESSION_TTL_MS = 12 * 3600 * 1000;

/**
 * What each level's MAC covers besides the expiry. The level is part of what is signed, so a
 * session made with a read key never passes for an admin one, even if the same string were
 * listed as both kinds of key.
 */
const SESSION_PURPOSES: Record<AccessLevel, string> = {
  admin: 'lenet-lab dashboard session',
  read: 'lenet-lab read session',
};

function mac(key: string, level: AccessLevel, expiresAt: number): Buffer {
  return createHmac('sha256', key).update(`${SESSION_PURPOSES[level]} ${expiresAt}`).digest();
}

/**
 * A browser session for a signed-in key: its expiry and an HMAC of it keyed by the key, never
 * the key itself. Any API process with the same keys can check it, nothing is stored, and
 * removing the key from API_KEYS or API_READ_KEYS ends its sessions.
 */
export function issueSession(key: string, level: AccessLevel, now = Date.now()): string {
  const expiresAt = now + SESSION_TTL_MS;
  return `${expiresAt}.${mac(key, level, expiresAt).toString('base64url')}`;
}

/** Whether any of `keys` signed the session at `level`; every key is tried, always. */
function signedByAny(presented: Buffer, keys: string[], level: AccessLevel, expiresAt: number) {
  let valid = false;
  for (const key of keys) {
    if (timingSafeEqual(presented, mac(key, level, expiresAt))) valid = true;
  }
  return valid;
}

/**
 * The access of a session issueSession made with one of today's keys and not expired: 'admin'
 * for an admin key's, 'read' for a read key's, else null. Which key signed it does not show in
 * the timing.
 */
export function sessionAccess(
  token: string | undefined,
  keys: ApiKeys,
  now = Date.now(),
): AccessLevel | null {
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(token ?? '');
  if (!match) return null;
  const expiresAt = Number(match[1]);
  if (expiresAt <= now || expiresAt > now + SESSION_TTL_MS) return null;
  const presented = Buffer.from(match[2], 'base64url');
  const admin = signedByAny(presented, keys.admin, 'admin', expiresAt);
  const read = signedByAny(presented, keys.read, 'read', expiresAt);
  return admin ? 'admin' : read ? 'read' : null;
}
