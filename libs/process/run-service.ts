import { EnvValidationError, loadEnv, loadLoggingSettings, type Env } from '@lenet-lab/env';
import { createLogger, type Logger } from '@lenet-lab/logger';
import { runUntilSignal } from './run-until-signal';

/**
 * Starts a service from the validated environment: its logger at LOG_LEVEL, then `start` with the
 * whole Env. A bad environment (LOG_LEVEL included) is logged as one clear line and exits 1,
 * like any other start-up error.
 */
export function runService(
  name: string,
  start: (env: Env, logger: Logger) => Promise<() => Promise<void>>,
): void {
  let level: Env['LOG_LEVEL'] = 'info';
  try {
    level = loadLoggingSettings().LOG_LEVEL;
  } catch (error) {
    if (!(error instanceof EnvValidationError)) throw error;
    // Left at info: loadEnv below reports the bad value through this logger.
  }
  const logger = createLogger(name, level);
  runUntilSignal(logger, async () => start(loadEnv(), logger));
}
