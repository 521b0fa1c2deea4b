import { UnrecoverableError, WaitingError } from 'bullmq';
import pino from 'pino';
import { ExperimentNotRunningError, StaleAttemptError, type ExperimentStatus } from '@lenet-lab/db';
import { InvalidTrainingSetupError } from '@lenet-lab/training';
import { LeaseLostError } from '@lenet-lab/worker/training-steps/lost-ownership';
import {
  handleTrainingFailure,
  isFinalAttempt,
  type TrainingFailureDeps,
} from '@lenet-lab/worker/training-steps/training-failure';

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

/** An owner that records what it was told; `refuse` makes its writes fail. */
function fakeOwner(refuse?: Error) {
  const recorded: string[] = [];
  const record = (what: string) => async (reason: string) => {
    recorded.push(`${what}: ${reason}`);
    if (refuse) throw refuse;
    return {} as never;
  };
  return { recorded, fail: record('fail'), retry: record('retry') };
}

function setup(
  options: {
    attemptsMade?: number;
    attempts?: number;
    status?: ExperimentStatus | null | Error;
    leaseLost?: boolean;
    claimed?: boolean;
    refuse?: Error;
  } = {},
) {
  const { logger, lines } = capturingLogger();
  const owner = fakeOwner(options.refuse);
  const deps: TrainingFailureDeps = {
    experimentId: 'e1',
    job: { attemptsMade: options.attemptsMade ?? 0, opts: { attempts: options.attempts ?? 3 } },
    owner: options.claimed === false ? undefined : owner,
    experiments: {
      findStatus: async () => {
        if (options.status instanceof Error) throw options.status;
        return options.status === undefined ? 'running' : options.status;
      },
    },
    leaseLost: () => options.leaseLost ?? false,
    log: logger,
  };
  return { deps, owner, lines };
}

describe('isFinalAttempt', () => {
  it('is true on the last of the job’s attempts, and on the only one by default', () => {
    expect(isFinalAttempt({ attemptsMade: 0, opts: { attempts: 3 } })).toBe(false);
    expect(isFinalAttempt({ attemptsMade: 1, opts: { attempts: 3 } })).toBe(false);
    expect(isFinalAttempt({ attemptsMade: 2, opts: { attempts: 3 } })).toBe(true);
    expect(isFinalAttempt({ attemptsMade: 0, opts: {} })).toBe(true);
  });
});

describe('handleTrainingFailure', () => {
  it('passes a WaitingError through untouched: the job went back to the queue', async () => {
    const { deps, owner } = setup();
    const waiting = new WaitingError();
    await expect(handleTrainingFailure(waiting, deps)).rejects.toBe(waiting);
    expect(owner.recorded).toEqual([]);
  });

  it('ends as cancelled, recording nothing, when a write found the experiment cancelled', async () => {
    const { deps, owner } = setup();
    const error = new ExperimentNotRunningError('e1', 'cancelled');
    await expect(handleTrainingFailure(error, deps)).resolves.toEqual({ outcome: 'cancelled' });
    expect(owner.recorded).toEqual([]);
  });

  it.each([
    ['another attempt fenced it out', new StaleAttemptError('e1', 1, 2), 'attempt 2 owns it now'],
    [
      'the experiment is no longer running',
      new ExperimentNotRunningError('e1', 'retrying'),
      'the experiment is retrying',
    ],
    ['the job’s lock was lost', new LeaseLostError('e1'), 'the job lock expired or was taken'],
  ])('ends as lost, recording nothing, when %s', async (_case, error, reason) => {
    const { deps, owner, lines } = setup();
    await expect(handleTrainingFailure(error, deps)).resolves.toEqual({ outcome: 'lost' });
    expect(owner.recorded).toEqual([]);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        reason,
        msg: 'lost the experiment to another attempt; stopped, wrote nothing more',
      }),
    ]);
  });

  it('ends as lost whatever the error once the lease is lost: the outcome is not its to write', async () => {
    const { deps, owner } = setup({ leaseLost: true });
    await expect(handleTrainingFailure(new Error('boom'), deps)).resolves.toEqual({
      outcome: 'lost',
    });
    expect(owner.recorded).toEqual([]);
  });

  it('ends as cancelled when the row says cancelled, whatever the error was', async () => {
    const { deps, owner } = setup({ status: 'cancelled' });
    await expect(handleTrainingFailure(new Error('boom'), deps)).resolves.toEqual({
      outcome: 'cancelled',
    });
    expect(owner.recorded).toEqual([]);
  });

  it('marks the experiment retrying and throws the error again before the last attempt', async () => {
    const { deps, owner, lines } = setup({ attemptsMade: 0 });
    const error = new Error('out of memory');
    await expect(handleTrainingFailure(error, deps)).rejects.toBe(error);
    expect(owner.recorded).toEqual(['retry: out of memory']);
    expect(lines.map((line) => line.msg)).toContain('training failed');
  });

  it('marks the experiment failed on the last attempt', async () => {
    const { deps, owner } = setup({ attemptsMade: 2, attempts: 3 });
    const error = new Error('out of memory');
    await expect(handleTrainingFailure(error, deps)).rejects.toBe(error);
    expect(owner.recorded).toEqual(['fail: out of memory']);
  });

  it('fails a setup that cannot train at once, as unrecoverable, on the first attempt', async () => {
    const { deps, owner } = setup({ attemptsMade: 0 });
    const error = new InvalidTrainingSetupError('the test set is empty');
    const thrown = await handleTrainingFailure(error, deps).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(UnrecoverableError);
    expect((thrown as Error).message).toBe(error.message);
    expect(owner.recorded).toEqual([`fail: ${error.message}`]);
  });

  it('fails an UnrecoverableError at once and throws that same error', async () => {
    const { deps, owner } = setup({ attemptsMade: 0 });
    const error = new UnrecoverableError('stored checkpoint is unreadable');
    await expect(handleTrainingFailure(error, deps)).rejects.toBe(error);
    expect(owner.recorded).toEqual(['fail: stored checkpoint is unreadable']);
  });

  it('records nothing when the experiment was never claimed, and still throws', async () => {
    const { deps, owner } = setup({ claimed: false, attemptsMade: 2 });
    const error = new Error('database down');
    await expect(handleTrainingFailure(error, deps)).rejects.toBe(error);
    expect(owner.recorded).toEqual([]);
  });

  it('throws the training error, not the recording’s, when recording the failure fails', async () => {
    const { deps, lines } = setup({ refuse: new Error('database down') });
    const error = new Error('out of memory');
    await expect(handleTrainingFailure(error, deps)).rejects.toBe(error);
    expect(lines.map((line) => line.msg)).toContain('could not record the failure');
  });

  it('treats an unreadable status as not cancelled', async () => {
    const { deps, owner } = setup({ status: new Error('database down') });
    const error = new Error('out of memory');
    await expect(handleTrainingFailure(error, deps)).rejects.toBe(error);
    expect(owner.recorded).toEqual(['retry: out of memory']);
  });
});
