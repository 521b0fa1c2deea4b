import type { Request, RequestHandler } from 'express';
import { HttpError } from '@lenet-lab/http';
import { accessFor, authIsEnabled, satisfies, type AccessLevel, type ApiKeys } from './api-keys';
import type { AuthFailureLimiter } from './auth-failures';
import { crossSiteReason } from './cross-site';
import { sessionAccess } from './dashboard-session';

/** The cookie the dashboard sign-in sets: a session (dashboard-session.ts), not a key. */
export const SESSION_COOKIE = 'lenet_lab_session';

export interface Auth {
  keys: ApiKeys;
  /** Slows key guessing; without one, wrong keys are only refused. */
  failures?: AuthFailureLimiter;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function bearerKey(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return match?.[1]?.trim() || undefined;
}

/** The address a request came from, as Express sees it (its `trust proxy` setting applies). */
export function clientOf(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/**
 * Counts a wrong key from the request's client; null while it may try again, else the 429 to
 * answer with (its Retry-After says when).
 */
export async function wrongKey(auth: Auth, req: Request): Promise<HttpError | null> {
  const waitMs = (await auth.failures?.recordFailure(clientOf(req))) ?? 0;
  if (waitMs === 0) return null;
  const seconds = Math.ceil(waitMs / 1000);
  return new HttpError(
    429,
    'TOO_MANY_WRONG_KEYS',
    `too many wrong API keys from this client; try again in ${seconds} s`,
    undefined,
    seconds,
  );
}

/**
 * Guards a route: 401 without a valid key, 403 with a read key on an admin route, 429 once a
 * client has presented too many wrong keys in a minute (a valid key still passes). With no
 * keys configured the API is open, which it only allows on a loopback address.
 */
export function requireAccess(
  auth: Auth,
  needed: AccessLevel,
  options: { allowSession?: boolean } = {},
): RequestHandler {
  return async (req, _res, next) => {
    if (!authIsEnabled(auth.keys)) return next();
    const key = bearerKey(req.headers.authorization);
    // The session cookie counts only where a browser needs it (the dashboard, the live pages
    // and the reads their script makes): writes to the REST API take the header alone, so no
    // other site can make a browser act on a user's behalf.
    const granted = key
      ? accessFor(key, auth.keys)
      : options.allowSession
        ? sessionAccess(req.cookies?.[SESSION_COOKIE], auth.keys)
        : null;
    if (!granted) {
      const limited = key ? await wrongKey(auth, req) : null;
      return next(
        limited ??
          new HttpError(
            401,
            'UNAUTHORIZED',
            'a valid API key is required (Authorization: Bearer <key>)',
          ),
      );
    }
    if (!satisfies(granted, needed)) {
      return next(new HttpError(403, 'FORBIDDEN', 'this action needs an admin API key'));
    }
    next();
  };
}

/**
 * Read routes need any key, or a signed-in browser's session (the live pages read through
 * them); anything that changes state needs an admin key in the Authorization header.
 */
export function requireAccessByMethod(auth: Auth): RequestHandler {
  const read = requireAccess(auth, 'read', { allowSession: true });
  const admin = requireAccess(auth, 'admin');
  return (req, res, next) => (SAFE_METHODS.has(req.method) ? read : admin)(req, res, next);
}

/**
 * A second line behind SameSite: a state-changing request that a session cookie authorises
 * (no Authorization header) is refused with 403 when a browser says it came from another site.
 */
export function refuseCrossSiteWrites(): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method) || req.headers.authorization) return next();
    const reason = crossSiteReason(req.headers as Record<string, string | undefined>);
    if (!reason) return next();
    next(new HttpError(403, 'CROSS_SITE_REQUEST', `refused a cross-site request (${reason})`));
  };
}
