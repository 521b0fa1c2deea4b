import { WaitingError } from 'bullmq';
import pino from 'pino';
import { databaseRetry } from '@lenet-lab/worker/training-steps/database-retry';
import { LeaseLostError } from '@lenet-lab/worker/training-steps/lost-ownership';
import {
  endStoppedTraining,
  shouldStop,
  type StopSignals,
} from '@lenet-lab/worker/training-steps/stopped-training';

const silent = pino({ level: 'silent' });

function signals(raised: Partial<Record<keyof StopSignals, boolean>>): StopSignals {
  return {
    cancelled: () => raised.cancelled ?? false,
    shuttingDown: () => raised.shuttingDown ?? false,
    leaseLost: () => raised.leaseLost ?? false,
  };
}

/** An owner and a job that record what they were told. */
function fakes() {
  const calls: string[] = [];
  return {
    calls,
    owner: {
      experimentId: 'e1',
      retry: async (reason: string) => {
        calls.push(`retry: ${reason}`);
        return {} as never;
      },
    },
    job: {
      moveToWait: async (token?: string) => {
        calls.push(`moveToWait: ${token}`);
        return 0;
      },
    },
  };
}

function stop(raised: Parameters<typeof signals>[0]) {
  const { calls, owner, job } = fakes();
  const ended = endStoppedTraining(3, {
    signals: signals(raised),
    owner,
    job,
    token: 'lock-token',
    db: databaseRetry(silent),
    log: silent,
  });
  return { ended, calls };
}

describe('shouldStop', () => {
  it('stops for any one signal and not without one', () => {
    expect(shouldStop(signals({}))).toBe(false);
    expect(shouldStop(signals({ cancelled: true }))).toBe(true);
    expect(shouldStop(signals({ shuttingDown: true }))).toBe(true);
    expect(shouldStop(signals({ leaseLost: true }))).toBe(true);
  });
});

describe('endStoppedTraining', () => {
  it('ends a cancelled run as cancelled, with the epochs it ran, and writes nothing', async () => {
    const { ended, calls } = stop({ cancelled: true });
    await expect(ended).resolves.toEqual({ outcome: 'cancelled', epochsRun: 3 });
    expect(calls).toEqual([]);
  });

  it('hands the job back on shutdown: retrying first, then back to the queue with its token', async () => {
    const { ended, calls } = stop({ shuttingDown: true });
    await expect(ended).rejects.toThrow(WaitingError);
    expect(calls).toEqual(['retry: worker shut down; job requeued', 'moveToWait: lock-token']);
  });

  it('ends as cancelled, not requeued, when a cancel and a shutdown came together', async () => {
    const { ended, calls } = stop({ cancelled: true, shuttingDown: true });
    await expect(ended).resolves.toEqual({ outcome: 'cancelled', epochsRun: 3 });
    expect(calls).toEqual([]);
  });

  it('throws LeaseLostError and writes nothing once the lease is lost, whatever else stopped it', async () => {
    for (const raised of [{ leaseLost: true }, { leaseLost: true, shuttingDown: true }]) {
      const { ended, calls } = stop(raised);
      await expect(ended).rejects.toThrow(LeaseLostError);
      expect(calls).toEqual([]);
    }
  });
});
