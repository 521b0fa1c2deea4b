import pino from 'pino';
import { StaleAttemptError } from '@lenet-lab/db';
import { databaseRetry } from '@lenet-lab/worker/training-steps/database-retry';

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

/** A call that fails with `errors` in turn, then answers `value`. */
function flaky<T>(value: T, ...errors: Error[]) {
  const call = jest.fn(async () => {
    const error = errors.shift();
    if (error) throw error;
    return value;
  });
  return call;
}

const outage = () => new Error('connect ECONNREFUSED 127.0.0.1:5432');
const fast = { initialDelayMs: 1, maxDelayMs: 1 };

describe('databaseRetry', () => {
  it('retries a read through an outage and logs each retry as a read', async () => {
    const { logger, lines } = capturingLogger();
    const call = flaky('running', outage(), outage());
    await expect(databaseRetry(logger, fast).read(call)).resolves.toBe('running');
    expect(call).toHaveBeenCalledTimes(3);
    expect(lines.map((line) => [line.msg, line.attempt])).toEqual([
      ['database unavailable; retrying the read', 1],
      ['database unavailable; retrying the read', 2],
    ]);
  });

  it('retries a write through an outage and logs it as a write', async () => {
    const { logger, lines } = capturingLogger();
    const call = flaky({ id: 'row' }, outage());
    await expect(databaseRetry(logger, fast).write(call)).resolves.toEqual({ id: 'row' });
    expect(lines.map((line) => line.msg)).toEqual(['database unavailable; retrying the write']);
  });

  it('throws a refusal at once: a fenced-out write is never retried', async () => {
    const { logger, lines } = capturingLogger();
    const call = flaky('never', new StaleAttemptError('e', 1, 2));
    await expect(databaseRetry(logger, fast).write(call)).rejects.toThrow(StaleAttemptError);
    expect(call).toHaveBeenCalledTimes(1);
    expect(lines).toEqual([]);
  });

  it('gives up once the outage outlasts its wait, with the outage’s error', async () => {
    const { logger } = capturingLogger();
    const call = jest.fn(async () => {
      throw outage();
    });
    await expect(databaseRetry(logger, { ...fast, maxWaitMs: 20 }).read(call)).rejects.toThrow(
      /ECONNREFUSED/,
    );
    expect(call.mock.calls.length).toBeGreaterThan(1);
  });
});
