import type { RequestHandler } from 'express';
import { HttpError } from '@lenet-lab/http';
import { accessFor, authIsEnabled, satisfies, type AccessLevel, type ApiKeys } from './api-keys';

/** The cookie the dashboard login sets, so a browser can open Bull Board. */
export const SESSION_COOKIE = 'lenet_lab_key';

function presentedKey(header: string | undefined, cookie: string | undefined): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return match?.[1]?.trim() || cookie || undefined;
}

/**
 * Guards a route: 401 without a valid key, 403 with a read key on an admin route. With no keys
 * configured the API is open, which it only allows on a loopback address (see assertSafeBinding).
 */
export function requireAccess(
  keys: ApiKeys,
  needed: AccessLevel,
  options: { allowCookie?: boolean } = {},
): RequestHandler {
  return (req, _res, next) => {
    if (!authIsEnabled(keys)) return next();
    // The cookie counts only where a browser needs it (the dashboard): the REST API takes the
    // header alone, so no other site can make a browser send requests on a user's behalf.
    const cookie = options.allowCookie ? req.cookies?.[SESSION_COOKIE] : undefined;
    const granted = accessFor(presentedKey(req.headers.authorization, cookie), keys);
    if (!granted) {
      return next(
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

/** Read routes need any key; anything that changes state needs an admin key. */
export function requireAccessByMethod(keys: ApiKeys): RequestHandler {
  const read = requireAccess(keys, 'read');
  const admin = requireAccess(keys, 'admin');
  return (req, res, next) =>
    (['GET', 'HEAD', 'OPTIONS'].includes(req.method) ? read : admin)(req, res, next);
}
