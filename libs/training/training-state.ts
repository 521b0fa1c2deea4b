import type { EarlyStoppingState } from './early-stopping';
import { INITIAL_EARLY_STOPPING_STATE } from './early-stopping';
import { deriveSeed } from './seeded-random';
import type { EpochMetrics } from './types';

/**
 * Everything about a run that is not a tensor, in one plain object: with the model's weights
 * and the optimiser's momentum it is all a checkpoint needs to resume exactly (the PRNG
 * states make the next epoch's shuffle and augmentation the same as in an unbroken run).
 */
export interface TrainingState {
  epochsCompleted: number;
  shuffleRandomState: number;
  augmentationRandomState: number;
  earlyStopping: EarlyStoppingState;
  history: EpochMetrics[];
  trainingSeconds: number;
}

const SHUFFLE_STREAM = 1;
const AUGMENTATION_STREAM = 2;

export function initialTrainingState(seed: number): TrainingState {
  return {
    epochsCompleted: 0,
    shuffleRandomState: deriveSeed(seed, SHUFFLE_STREAM),
    augmentationRandomState: deriveSeed(seed, AUGMENTATION_STREAM),
    earlyStopping: { ...INITIAL_EARLY_STOPPING_STATE },
    history: [],
    trainingSeconds: 0,
  };
}

export function copyTrainingState(state: TrainingState): TrainingState {
  return {
    ...state,
    earlyStopping: { ...state.earlyStopping },
    history: state.history.map((epoch) => ({ ...epoch })),
  };
}
