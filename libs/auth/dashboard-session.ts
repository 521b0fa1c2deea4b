import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AccessLevel, ApiKeys } from './api-keys';

/** How long a dashboard sign-in lasts. */
export const SESSION_TTL_MS = 12 * 3600 * 1000;

const SESSION_PURPOSE = 'lenet-lab dashboard session';

function mac(adminKey: string, expiresAt: number): Buffer {
  return createHmac('sha256', adminKey).update(`${SESSION_PURPOSE} ${expiresAt}`).digest();
}

/**
 * A dashboard session for a signed-in admin: its expiry and an HMAC of it keyed by the admin
 * key, never the key itself. Any API process with the same keys can check it, nothing is
 * stored, and removing the key from API_KEYS ends its sessions.
 */
export function issueSession(adminKey: string, now = Date.now()): string {
  const expiresAt = now + SESSION_TTL_MS;
  return `${expiresAt}.${mac(adminKey, expiresAt).toString('base64url')}`;
}

/** 'admin' for a session issueSession made with one of today's admin keys and not expired. */
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
  // Every key, always: which key signed it does not show in the timing.
  let valid = false;
  for (const key of keys.admin) {
    if (timingSafeEqual(presented, mac(key, expiresAt))) valid = true;
  }
  return valid ? 'admin' : null;
}
