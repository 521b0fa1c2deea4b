import * as tf from '@tensorflow/tfjs-core';
// Loaded for its side effect (registering the layer classes): the rest is types only.
import '@tensorflow/tfjs-layers';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Dropout } from '@tensorflow/tfjs-layers/dist/layers/core';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types';
import { deriveSeed } from './seeded-random';

type DropoutArgs = Parameters<typeof tfl.layers.dropout>[0];
type DropoutClass = new (args: DropoutArgs) => Dropout;

/** tfjs-layers does not export its Dropout class; its serialisation registry holds it. */
function registeredDropout(): DropoutClass {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap.Dropout;
  if (!entry) throw new Error('@tensorflow/tfjs-layers did not register its Dropout class');
  return entry[0] as unknown as DropoutClass;
}

/**
 * Dropout whose masks are a function of the run's seed and the training step, so a run with
 * dropout repeats exactly and a resumed one continues as the unbroken one would. tfjs's own
 * takes either no seed (Math.random: never the same run twice) or one fixed seed, which draws
 * the same mask at every step. Each training-mode call is one optimiser step (the trainer
 * applies the model once per batch), so the step count is the optimiser's iteration count,
 * which a resumed run sets (setDropoutStep). The class name stays 'Dropout': a saved model
 * loads as tfjs's own, which is the identity at inference either way.
 */
class SeededDropout extends registeredDropout() {
  /** Training-mode calls so far. */
  step = 0;

  constructor(
    args: DropoutArgs,
    private readonly streamSeed: number,
  ) {
    super(args);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    // Dropout reads its (private, read-only in the types) seed at every call; tfjs treats 0
    // as "unseeded".
    if (kwargs.training) {
      (this as unknown as { seed: number }).seed = deriveSeed(this.streamSeed, this.step++) || 1;
    }
    return super.call(inputs, kwargs);
  }
}

export function createSeededDropout(args: DropoutArgs, streamSeed: number): Dropout {
  return new SeededDropout(args, streamSeed);
}

/** Sets every seeded dropout layer's step, e.g. to a resumed run's optimiser iterations. */
export function setDropoutStep(model: tfl.LayersModel, step: number): void {
  for (const layer of model.layers) {
    if (layer instanceof SeededDropout) layer.step = step;
  }
}
