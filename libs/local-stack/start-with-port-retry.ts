import { findFreePort } from './free-port';
import { ServiceStartError } from './local-stack-errors';
import type { ManagedProcess } from './managed-process';
import { waitUntil } from './wait-until';

export interface PortRetryOptions {
  /** The service's name in errors, e.g. "PostgreSQL". */
  service: string;
  /** Listen on this port. Default: a free one, chosen again on each attempt. */
  port?: number;
  /** Starts the server listening on `port`. */
  spawn: (port: number) => Promise<ManagedProcess>;
  /** Called as soon as the server process exists, so that a shutdown can reach it. */
  onSpawn?: (server: ManagedProcess) => void;
  /** Whether the server on `port` answers yet; a throw counts as "not yet". */
  isReady: (port: number) => Promise<boolean>;
  /** What is awaited, for the timeout's message, e.g. "PostgreSQL to accept connections". */
  readiness: string;
  timeoutMs: number;
  /** The signal that stops a server that did not come up. Default: SIGTERM. */
  stopSignal?: NodeJS.Signals;
  /** Matches the server's log when it could not bind its port. */
  portInUse: RegExp;
  /** Default: 3. */
  attempts?: number;
}

export interface StartedServer {
  server: ManagedProcess;
  port: number;
}

/** Another process may grab a free port between our probe and the server's bind. */
const DEFAULT_PORT_ATTEMPTS = 3;
/** How long a server that did not come up may take to stop before it is killed. */
const FAILED_START_STOP_MS = 5_000;

/**
 * Starts a server and waits until it answers. If it could not bind its port (its log matches
 * `portInUse`), it is stopped and started again on another free port, up to `attempts` times;
 * any other failure, or the last attempt's, is a ServiceStartError with the log's last lines.
 */
export async function startWithPortRetry(options: PortRetryOptions): Promise<StartedServer> {
  const attempts = options.attempts ?? DEFAULT_PORT_ATTEMPTS;
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await findFreePort());
    const server = await options.spawn(port);
    options.onSpawn?.(server);
    try {
      await waitUntil(() => options.isReady(port), {
        what: `${options.readiness} on port ${port}`,
        timeoutMs: options.timeoutMs,
        abortIf: () => {
          if (server.hasExited) {
            throw new ServiceStartError(
              options.service,
              `it ${server.describeExit()}`,
              server.logTail(),
            );
          }
        },
      });
      return { server, port };
    } catch (error) {
      await server.stop({ signal: options.stopSignal, timeoutMs: FAILED_START_STOP_MS });
      if (attempt < attempts && options.portInUse.test(server.logTail())) continue;
      if (error instanceof ServiceStartError) throw error;
      throw new ServiceStartError(options.service, (error as Error).message, server.logTail());
    }
  }
}
