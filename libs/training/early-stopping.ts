/**
 * Early stopping on validation accuracy, as seed_protocol.py: an epoch improves only with a
 * strictly greater accuracy than the best so far; after `patience` consecutive epochs without
 * one, training stops. A plain value so a checkpoint can store it and a resumed run continues
 * the count where it was.
 */
export interface EarlyStoppingState {
  bestValAccuracy: number | null;
  bestEpoch: number | null;
  epochsWithoutImprovement: number;
}

export interface EarlyStoppingDecision {
  state: EarlyStoppingState;
  /** This epoch is the new best (so a restoreBest run keeps its weights). */
  improved: boolean;
  shouldStop: boolean;
}

export const INITIAL_EARLY_STOPPING_STATE: EarlyStoppingState = {
  bestValAccuracy: null,
  bestEpoch: null,
  epochsWithoutImprovement: 0,
};

/**
 * Folds one epoch's validation accuracy into the state. `patience` null tracks the best epoch
 * without ever stopping (early stopping disabled). A NaN accuracy never counts as better.
 */
export function updateEarlyStopping(
  state: EarlyStoppingState,
  epoch: number,
  valAccuracy: number,
  patience: number | null,
): EarlyStoppingDecision {
  const improved =
    !Number.isNaN(valAccuracy) &&
    (state.bestValAccuracy === null || valAccuracy > state.bestValAccuracy);
  const next: EarlyStoppingState = improved
    ? { bestValAccuracy: valAccuracy, bestEpoch: epoch, epochsWithoutImprovement: 0 }
    : { ...state, epochsWithoutImprovement: state.epochsWithoutImprovement + 1 };
  const shouldStop = patience !== null && next.epochsWithoutImprovement >= patience;
  return { state: next, improved, shouldStop };
}
