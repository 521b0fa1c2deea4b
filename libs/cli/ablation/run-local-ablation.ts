import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pino from 'pino';
import { startApiServer } from '@lenet-lab/api';
import { migrate } from '@lenet-lab/db';
import { loadEnv } from '@lenet-lab/env';
import { isPortOpen, LocalStack, localPaths } from '@lenet-lab/local-stack';
import type { AblationReport } from '@lenet-lab/report';
import { LenetLabClient } from '../api/api-client';
import type { Ablation, SubmitAblationRequest } from '../api/api-types';
import { CliError, describeError, InterruptedError } from '../cli-errors';
import { formatAblationSummary } from '../format/ablation-summary';
import { terminalComparisonTable, terminalLatencyTable } from '../format/comparison-table';
import { formatDuration, plural } from '../format/values';
import { createProgressDisplay } from '../progress';
import type { ProgressDisplay } from '../progress/progress-display';
import { watchAblation } from '../watch/watch-loop';
import { abortable, onInterrupt, onUncaughtError, untilAborted, withTimeout } from './interrupts';
import { chooseQueuePrefix, deleteQueueKeys } from './queue-prefix';
import { writeReportFiles } from './report-files';
import { ShutdownStack } from './shutdown-stack';
import { WorkerPool } from './worker-pool';

export interface LocalAblationOptions {
  plan: SubmitAblationRequest;
  /** Worker processes; one per core is the default the CLI passes. */
  workers: number;
  /** Keep the API and Bull Board up after the run, until Ctrl-C. */
  serve: boolean;
  /** The API's port; undefined: PORT, else 3000 when free, else any free port. */
  port?: number;
  /** The project's .lenet-lab folder (embedded database, logs, reports). */
  dataDir: string;
  /** Plain lines instead of bars, even on a terminal. */
  plain: boolean;
  env: NodeJS.ProcessEnv;
  out: (line: string) => void;
  err: (line: string) => void;
}

const PREFERRED_PORT = 3000;
const API_CLOSE_TIMEOUT_MS = 10_000;

/**
 * `lenet-lab ablation`: everything a first run needs, started here and stopped again — the
 * database and queue (see LocalStack), migrations, the API, one worker per core — then the
 * ablation submitted over REST, watched, and its report written to files. Returns the exit code.
 */
export async function runLocalAblation(options: LocalAblationOptions): Promise<number> {
  const { out, err, env } = options;
  const startedAt = Date.now();
  const paths = localPaths(options.dataDir);
  const shutdown = new ShutdownStack();
  const controller = new AbortController();
  const signal = controller.signal;
  let display: ProgressDisplay | undefined;
  const stopDisplay = () => {
    display?.stop();
    display = undefined;
  };
  const disposeInterrupts = onInterrupt({
    first: (received) => {
      stopDisplay();
      out(`\n${received}: stopping the workers, the API and the local services (again to force)…`);
      controller.abort(new InterruptedError(received));
    },
    second: () => {
      err('forced: killing every process this run started');
      shutdown.killAll();
      process.exit(130);
    },
  });
  const disposeUncaught = onUncaughtError((error) => {
    stopDisplay();
    err(`\nunexpected error, stopping everything: ${describeError(error)}`);
    controller.abort(new CliError(describeError(error)));
  });

  try {
    const stack = new LocalStack({
      dataDir: options.dataDir,
      env,
      log: (line) => out(`· ${line}`),
    });
    shutdown.push({ name: 'local services', close: () => stack.stop(), kill: () => stack.kill() });
    const urls = await abortable(stack.start(), signal);
    const redisUrl = urls.redisUrl!;

    out('· applying database migrations');
    await abortable(migrate({ databaseUrl: urls.databaseUrl }), signal);

    const queue = chooseQueuePrefix(env, urls.startedRedis);
    if (queue.private) {
      shutdown.push({ name: 'queue keys', close: () => deleteQueueKeys(redisUrl, queue.prefix) });
    }
    const port = options.port ?? (env.PORT ? Number(env.PORT) : await preferredPort());
    // The API is never left open, even on loopback: without API_KEYS this run makes a key.
    const generatedKey = env.API_KEYS?.trim() ? undefined : randomBytes(24).toString('base64url');
    const apiEnv = loadEnv({
      ...env,
      ...(generatedKey && { API_KEYS: generatedKey }),
      DATABASE_URL: urls.databaseUrl,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: queue.prefix,
      PORT: String(port),
      HOST: '127.0.0.1',
    });
    const apiLog = path.join(paths.logs, 'api.log');
    const logger = pino(
      { name: 'api', level: 'info' },
      pino.destination({ dest: apiLog, mkdir: true, sync: true }),
    );
    const api = await abortable(
      shutdown.adopt(startApiServer(apiEnv, logger), (running) => ({
        name: 'API',
        close: () => withTimeout(running.close(), API_CLOSE_TIMEOUT_MS, 'closing the API'),
      })),
      signal,
    );
    out(`· API and dashboard on ${api.url} (log: ${apiLog})`);
    if (generatedKey) {
      out(`· API key for this run (dashboard sign-in, Authorization: Bearer): ${generatedKey}`);
    }

    const pool = await abortable(
      shutdown.adopt(
        WorkerPool.start({
          count: options.workers,
          logsDir: paths.logs,
          env: {
            ...env,
            DATABASE_URL: urls.databaseUrl,
            REDIS_URL: redisUrl,
            QUEUE_PREFIX: queue.prefix,
            WORKER_CONCURRENCY: '1',
            LOG_LEVEL: 'info',
          },
          onSpawn: (worker) =>
            stack.recordProcess({
              name: worker.name,
              pid: worker.pid,
              commandMarker: 'apps/worker/main.ts',
            }),
        }),
        (workers) => ({ name: 'workers', close: () => workers.stop(), kill: () => workers.kill() }),
      ),
      signal,
    );
    out(
      `· started ${plural(options.workers, 'worker process', 'worker processes')}, pid ${pool.workers.map((w) => w.pid).join(', ')} ` +
        `(logs: ${paths.logs}/worker-*.log)`,
    );

    const client = new LenetLabClient({ baseUrl: api.url, apiKey: generatedKey ?? apiKeyFor(env) });
    const submitted = await abortable(client.submitAblation(options.plan), signal);
    let finished = false;
    shutdown.push({
      name: 'the unfinished ablation',
      // Cancelling marks the cells cancelled in the (persistent) database and stops running
      // jobs at their next batch, so the workers can exit promptly.
      close: async () => {
        if (finished) return;
        out(`· cancelling ablation ${submitted.id}`);
        await withTimeout(client.cancelAblation(submitted.id), 15_000, 'cancelling').catch(
          (error) => err(`could not cancel the ablation: ${describeError(error)}`),
        );
      },
    });
    out(
      `\nAblation ${submitted.id}: ${submitted.presets.join(', ')} × seeds ${submitted.seeds.join(', ')} ` +
        `(${plural(submitted.experiments.length, 'experiment')}), overrides ${JSON.stringify(submitted.overrides)}\n` +
        `Live page: ${api.url}/ablations/${submitted.id} (sign in with an API key of this run)\n`,
    );

    display = createProgressDisplay({ plain: options.plain });
    const final = await watchAblation(client, submitted.id, {
      display,
      signal,
      check: () => pool.checkAlive(),
    });
    finished = true;
    stopDisplay();

    const exitCode = await reportOutcome(final, client, options, paths.reports, startedAt);
    if (options.serve) {
      out(
        `\nServing until Ctrl-C:\n  Live page: ${api.url}/ablations/${final.id}\n` +
          `  API:       ${api.url}/api/ablations/${final.id}\n` +
          `  Dashboard: ${api.url}/admin/queues\n` +
          `  Report:    ${api.url}/api/ablations/${final.id}/report?format=html`,
      );
      await untilAborted(signal);
    }
    return exitCode;
  } catch (error) {
    stopDisplay();
    if (signal.aborted) return (signal.reason as CliError).exitCode;
    err(`\nlenet-lab ablation failed: ${describeError(error)}`);
    return error instanceof CliError ? error.exitCode : 1;
  } finally {
    stopDisplay();
    await shutdown.closeAll((name, error) =>
      err(`could not stop ${name}: ${describeError(error)}`),
    );
    disposeInterrupts();
    disposeUncaught();
    out(`· everything stopped (${formatDuration((Date.now() - startedAt) / 1000)} in all)`);
  }
}

async function reportOutcome(
  ablation: Ablation,
  client: LenetLabClient,
  options: LocalAblationOptions,
  reportsDir: string,
  startedAt: number,
): Promise<number> {
  const { out, err } = options;
  const took = formatDuration((Date.now() - startedAt) / 1000);
  const { cells } = ablation.progress;
  const failedCells = ablation.progress.presets.reduce((n, p) => n + p.failed + p.cancelled, 0);
  if (ablation.status !== 'completed') {
    err(`\nAblation ${ablation.id} ${ablation.status} after ${took}.\n`);
    err(formatAblationSummary(ablation));
    return 1;
  }
  out(`\nAblation ${ablation.id} completed in ${took}: ${cells.finished}/${cells.total} cells.`);
  if (failedCells > 0) {
    err(`Warning: ${failedCells} cell(s) failed or were cancelled; the report marks them.`);
  }
  const dir = path.join(reportsDir, ablation.id);
  let json = '';
  const files = await writeReportFiles(dir, async (format) => {
    const text = await client.report(ablation.id, format);
    if (format === 'json') json = text;
    return text;
  });
  // The tables are drawn from the report itself, not from one of its renderings.
  const report = JSON.parse(json) as AblationReport;
  out(`\n${terminalComparisonTable(report)}\n`);
  const latency = terminalLatencyTable(report);
  if (latency)
    out(`Prediction latency of the trained models (measured by the workers):\n${latency}\n`);
  out(`Reports (md, csv, json, html): ${dir}/`);
  out(`HTML report: ${files.html}`);
  out(
    `Served at ${client.urlOf(`/api/ablations/${ablation.id}/report?format=html`)}` +
      (options.serve ? '' : ' while the API runs (add --serve to keep it up)'),
  );
  return 0;
}

/** 3000 like `npm run api` when it is free, so that URLs look familiar; else any free port. */
async function preferredPort(): Promise<number> {
  return (await isPortOpen(PREFERRED_PORT)) ? 0 : PREFERRED_PORT;
}

/** The in-process API enforces API_KEYS when set; the CLI then needs one of them. */
function apiKeyFor(env: NodeJS.ProcessEnv): string | undefined {
  const explicit = env.LENET_LAB_API_KEY?.trim();
  if (explicit) return explicit;
  return env.API_KEYS?.split(',')
    .map((key) => key.trim())
    .find(Boolean);
}
