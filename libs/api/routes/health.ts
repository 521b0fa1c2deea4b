import { Router } from 'express';
import type { Health } from '@lenet-lab/contract';

export interface HealthChecks {
  [dependency: string]: () => Promise<unknown>;
}

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** 200 when every dependency answers, 503 naming the ones that do not. */
export function healthRouter(checks: HealthChecks): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    const entries = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          await withTimeout(check(), CHECK_TIMEOUT_MS);
          return [name, { ok: true }] as const;
        } catch (error) {
          return [name, { ok: false, error: (error as Error).message }] as const;
        }
      }),
    );
    const ok = entries.every(([, result]) => result.ok);
    const body: Health = { status: ok ? 'ok' : 'unavailable', checks: Object.fromEntries(entries) };
    res.status(ok ? 200 : 503).json(body);
  });
  return router;
}
