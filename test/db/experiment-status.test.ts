import {
  EXPERIMENT_STATUSES,
  ExperimentStatus,
  isLiveStatus,
  LIVE_STATUSES,
  RERUNNABLE_STATUSES,
  TERMINAL_STATUSES,
  canTransition,
  isTerminalStatus,
  statusesAllowedBefore,
} from '@lenet-lab/db';

const ALL = Object.values(ExperimentStatus);

describe('experiment status lifecycle', () => {
  it('never leaves a terminal status', () => {
    for (const from of TERMINAL_STATUSES) {
      for (const to of ALL) expect(canTransition(from, to)).toBe(false);
    }
  });

  it("lists exactly the database enum's statuses, each either live or terminal", () => {
    expect([...EXPERIMENT_STATUSES].sort()).toEqual([...ALL].sort());
    expect([...LIVE_STATUSES].sort()).toEqual(['queued', 'retrying', 'running']);
    for (const status of ALL) expect(isLiveStatus(status)).toBe(!isTerminalStatus(status));
    for (const status of RERUNNABLE_STATUSES) expect(isTerminalStatus(status)).toBe(true);
    expect(RERUNNABLE_STATUSES).not.toContain('completed');
  });

  it('treats completed, failed and cancelled as terminal, and nothing else', () => {
    expect(ALL.filter(isTerminalStatus).sort()).toEqual(['cancelled', 'completed', 'failed']);
  });

  it('lets queued, retrying and (redelivered) running experiments run', () => {
    expect(statusesAllowedBefore('running').sort()).toEqual(['queued', 'retrying', 'running']);
  });

  it('completes only a running experiment', () => {
    expect(statusesAllowedBefore('completed')).toEqual(['running']);
  });

  it('retries only a running experiment', () => {
    expect(statusesAllowedBefore('retrying')).toEqual(['running']);
  });

  it('never goes back to queued', () => {
    expect(statusesAllowedBefore('queued')).toEqual([]);
  });
});
