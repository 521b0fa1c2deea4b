import express, { Router } from 'express';
import { accessFor, authIsEnabled, type AccessLevel } from './api-keys';
import { issueSession, SESSION_TTL_MS } from './dashboard-session';
import { SESSION_COOKIE, wrongKey, type Auth } from './require-access';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The query parameter that says where to go after signing in. */
export const NEXT_PARAM = 'next';

/**
 * A path on this site, or undefined: `//host` and `/\host` are other sites to a browser, so
 * only a single leading slash followed by something else passes.
 */
export function localPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 2000) return undefined;
  return /^\/(?![/\\])[^\s\\]*$/.test(value) ? value : undefined;
}

/** The sign-in form's address, remembering the page the browser asked for. */
export function loginUrl(loginPath: string, next: string): string {
  return `${loginPath}?${new URLSearchParams({ [NEXT_PARAM]: next })}`;
}

function loginPage(action: string, message = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>lenet-lab · sign in</title>
<style>body{font-family:sans-serif;max-width:28rem;margin:4rem auto}input,button{font-size:1rem;padding:.4rem;width:100%;margin:.3rem 0}.error{color:#b00}</style></head>
<body><h1>lenet-lab</h1><p>Sign in with an API key: a read key (one of <code>API_READ_KEYS</code>) to watch experiments and ablations, an admin key (one of <code>API_KEYS</code>) for the queue dashboard as well.</p>
${message ? `<p class="error" id="login-error">${escapeHtml(message)}</p>` : ''}
<form method="post" action="${escapeHtml(action)}"><input type="password" name="key" id="key" placeholder="API key" autocomplete="current-password" required>
<button type="submit" id="sign-in">Sign in</button></form></body></html>`;
}

export interface LoginOptions {
  loginPath: string;
  /** Where an admin goes after signing in when no page asked for it: the queue dashboard. */
  dashboardPath: string;
  /** Where a read key goes after signing in when no page asked for it: the list of runs. */
  homePath: string;
  /** Whether the cookie is sent over HTTPS only. */
  secure: boolean;
}

/**
 * A sign-in form for browsers: an API key in, an HttpOnly session cookie out (a signed expiry
 * and level, not the key), valid on the whole site so the live pages' streams carry it too.
 * Wrong keys count against the client like wrong API keys.
 */
export function dashboardLoginRouter(auth: Auth, options: LoginOptions): Router {
  const { keys } = auth;
  const router = Router();
  const actionFor = (next: string | undefined) =>
    next ? loginUrl(options.loginPath, next) : options.loginPath;
  const defaultTarget = (level: AccessLevel) =>
    level === 'admin' ? options.dashboardPath : options.homePath;

  router.get(options.loginPath, (req, res) => {
    res.type('html').send(loginPage(actionFor(localPath(req.query[NEXT_PARAM]))));
  });
  router.post(
    options.loginPath,
    express.urlencoded({ extended: false, limit: '2kb' }),
    async (req, res) => {
      const next = localPath(req.query[NEXT_PARAM]);
      if (!authIsEnabled(keys)) return res.redirect(303, next ?? options.dashboardPath);
      const key = typeof req.body?.key === 'string' ? req.body.key : undefined;
      const level = key ? accessFor(key, keys) : null;
      if (!key || !level) {
        const limited = await wrongKey(auth, req);
        if (limited) {
          res.setHeader('Retry-After', String(limited.retryAfterSeconds));
          return res
            .status(429)
            .type('html')
            .send(loginPage(actionFor(next), limited.message));
        }
        return res
          .status(401)
          .type('html')
          .send(loginPage(actionFor(next), 'That is not an API key.'));
      }
      res.cookie(SESSION_COOKIE, issueSession(key, level), {
        httpOnly: true,
        sameSite: 'strict',
        secure: options.secure,
        path: '/',
        maxAge: SESSION_TTL_MS,
      });
      res.redirect(303, next ?? defaultTarget(level));
    },
  );
  return router;
}
