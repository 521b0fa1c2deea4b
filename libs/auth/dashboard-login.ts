import express, { Router } from 'express';
import { accessFor, authIsEnabled } from './api-keys';
import { issueSession, SESSION_TTL_MS } from './dashboard-session';
import { SESSION_COOKIE, wrongKey, type Auth } from './require-access';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(target: string, message = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>lenet-lab · sign in</title>
<style>body{font-family:sans-serif;max-width:28rem;margin:4rem auto}input,button{font-size:1rem;padding:.4rem;width:100%;margin:.3rem 0}.error{color:#b00}</style></head>
<body><h1>lenet-lab dashboard</h1><p>Sign in with an admin API key (one of <code>API_KEYS</code>).</p>
${message ? `<p class="error" id="login-error">${escapeHtml(message)}</p>` : ''}
<form method="post" action="${escapeHtml(target)}"><input type="password" name="key" id="key" placeholder="API key" autocomplete="current-password" required>
<button type="submit" id="sign-in">Sign in</button></form></body></html>`;
}

/**
 * A sign-in form for browsers: an admin key in, an HttpOnly session cookie for the dashboard
 * out (a signed expiry, not the key). Wrong keys count against the client like wrong API keys.
 */
export function dashboardLoginRouter(
  auth: Auth,
  options: { loginPath: string; dashboardPath: string; secure: boolean },
): Router {
  const { keys } = auth;
  const router = Router();
  router.get(options.loginPath, (_req, res) => {
    res.type('html').send(loginPage(options.loginPath));
  });
  router.post(
    options.loginPath,
    express.urlencoded({ extended: false, limit: '2kb' }),
    async (req, res) => {
      if (!authIsEnabled(keys)) return res.redirect(303, options.dashboardPath);
      const key = typeof req.body?.key === 'string' ? req.body.key : undefined;
      if (!key || accessFor(key, keys) !== 'admin') {
        const limited = await wrongKey(auth, req);
        if (limited) {
          res.setHeader('Retry-After', String(limited.retryAfterSeconds));
          return res.status(429).type('html').send(loginPage(options.loginPath, limited.message));
        }
        return res
          .status(401)
          .type('html')
          .send(loginPage(options.loginPath, 'That is not an admin key.'));
      }
      res.cookie(SESSION_COOKIE, issueSession(key), {
        httpOnly: true,
        sameSite: 'strict',
        secure: options.secure,
        path: options.dashboardPath,
        maxAge: SESSION_TTL_MS,
      });
      res.redirect(303, options.dashboardPath);
    },
  );
  return router;
}
