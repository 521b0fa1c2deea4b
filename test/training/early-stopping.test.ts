import {
  INITIAL_EARLY_STOPPING_STATE,
  updateEarlyStopping,
  type EarlyStoppingDecision,
} from '@lenet-lab/training';

/** Feeds accuracies for epochs 1, 2, … and returns every decision until the first stop. */
function replay(accuracies: number[], patience: number | null): EarlyStoppingDecision[] {
  const decisions: EarlyStoppingDecision[] = [];
  let state = INITIAL_EARLY_STOPPING_STATE;
  for (const [i, accuracy] of accuracies.entries()) {
    const decision = updateEarlyStopping(state, i + 1, accuracy, patience);
    decisions.push(decision);
    state = decision.state;
    if (decision.shouldStop) break;
  }
  return decisions;
}

describe('updateEarlyStopping', () => {
  it('treats the first epoch as an improvement', () => {
    const [first] = replay([0.1], 3);
    expect(first.improved).toBe(true);
    expect(first.state).toEqual({
      bestValAccuracy: 0.1,
      bestEpoch: 1,
      epochsWithoutImprovement: 0,
    });
  });

  it('stops after patience epochs without a strictly better accuracy', () => {
    const decisions = replay([0.9, 0.95, 0.94, 0.95, 0.93, 0.99], 3);
    expect(decisions).toHaveLength(5);
    expect(decisions.at(-1)!.shouldStop).toBe(true);
    expect(decisions.at(-1)!.state.bestEpoch).toBe(2);
  });

  it('does not count an equal accuracy as an improvement', () => {
    const decisions = replay([0.5, 0.5], 1);
    expect(decisions[1].improved).toBe(false);
    expect(decisions[1].shouldStop).toBe(true);
  });

  it('resets the count when the accuracy improves', () => {
    const decisions = replay([0.5, 0.4, 0.4, 0.6, 0.5, 0.5], 3);
    expect(decisions.map((d) => d.state.epochsWithoutImprovement)).toEqual([0, 1, 2, 0, 1, 2]);
    expect(decisions.some((d) => d.shouldStop)).toBe(false);
  });

  it('stops right after the first non-improving epoch with patience 1', () => {
    expect(replay([0.5, 0.6, 0.6, 0.7], 1)).toHaveLength(3);
  });

  it('tracks the best epoch but never stops when patience is null (disabled)', () => {
    const decisions = replay([0.5, 0.4, 0.3, 0.2, 0.1], null);
    expect(decisions).toHaveLength(5);
    expect(decisions.every((d) => !d.shouldStop)).toBe(true);
    expect(decisions.at(-1)!.state.bestEpoch).toBe(1);
  });

  it('never counts NaN as better', () => {
    const decisions = replay([Number.NaN, 0.2, Number.NaN], 5);
    expect(decisions.map((d) => d.improved)).toEqual([false, true, false]);
    expect(decisions.at(-1)!.state.bestValAccuracy).toBe(0.2);
  });

  it('does not mutate the state it is given', () => {
    const state = { bestValAccuracy: 0.5, bestEpoch: 1, epochsWithoutImprovement: 0 };
    updateEarlyStopping(state, 2, 0.4, 3);
    expect(state).toEqual({ bestValAccuracy: 0.5, bestEpoch: 1, epochsWithoutImprovement: 0 });
  });
});
