import type { RequestHandler } from 'express';
import { authIsEnabled, satisfies, type AccessLevel } from './api-keys';
import { loginUrl } from './dashboard-login';
import { sessionAccess } from './dashboard-session';
import { requireAccess, SESSION_COOKIE, type Auth } from './require-access';

/**
 * Guards pages people open in a browser: a browser's GET of a page without a session of the
 * needed level goes to the sign-in form (which brings it back here afterwards); anything else
 * is checked as requireAccess checks it, with the session cookie accepted (401 for strangers).
 */
export function browserGate(auth: Auth, needed: AccessLevel, loginPath: string): RequestHandler {
  const guard = requireAccess(auth, needed, { allowSession: true });
  return (req, res, next) => {
    const signedIn =
      !authIsEnabled(auth.keys) ||
      satisfies(sessionAccess(req.cookies?.[SESSION_COOKIE], auth.keys), needed) ||
      /^Bearer\s/i.test(req.headers.authorization ?? '');
    if (!signedIn && req.method === 'GET' && req.headers.accept?.includes('text/html')) {
      return res.redirect(303, loginUrl(loginPath, req.originalUrl));
    }
    guard(req, res, next);
  };
}
