import * as tf from '@tensorflow/tfjs-core';
// Loaded for its side effect (registering the layer classes): the rest is types only.
import '@tensorflow/tfjs-layers';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { BatchNormalization } from '@tensorflow/tfjs-layers/dist/layers/normalization';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types';
import type { LayerVariable } from '@tensorflow/tfjs-layers/dist/variables';
import {
  BATCH_NORM_TRAINING,
  BATCH_NORM_TRAINING_GRAD,
  type BatchNormTrainingAttrs,
} from './batch-norm-training';

type BatchNormLayerArgs = Parameters<typeof tfl.layers.batchNormalization>[0];
type BatchNormalizationClass = new (args?: BatchNormLayerArgs) => BatchNormalization;

/** The stock layer's state, private in its typings; the fields are set by its constructor. */
interface BatchNormalizationState {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma: LayerVariable;
  beta: LayerVariable;
  movingMean: LayerVariable;
  movingVariance: LayerVariable;
}

/** tfjs-layers does not export its BatchNormalization class; its serialisation registry holds it. */
function registeredBatchNormalization(): BatchNormalizationClass {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap.BatchNormalization;
  if (!entry) throw new Error('@tensorflow/tfjs-layers did not register BatchNormalization');
  return entry[0] as unknown as BatchNormalizationClass;
}

/**
 * tfjs's BatchNormalization whose training mode (over every axis but the last, with γ and β)
 * runs as one forward and one gradient kernel (see wasm-batch-norm-training.ts) on backends
 * that have them, instead of tfjs's moments and batchNorm differentiated op by op. The moving
 * mean and variance are updated with the stock layer's arithmetic from the batch's mean and
 * biased variance. Inference, other axes and other backends run the stock layer's code. The
 * weights, their names and the class name are the stock layer's, so saved models and
 * checkpoints load either way.
 */
class FusedBatchNormalization extends registeredBatchNormalization() {
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const state = this as unknown as BatchNormalizationState;
    const lastAxis = state.axis === -1 || state.axis === x.rank - 1;
    const fusable =
      kwargs['training'] === true &&
      lastAxis &&
      x.rank >= 2 &&
      x.dtype === 'float32' &&
      state.center &&
      state.scale &&
      tf.getKernel(BATCH_NORM_TRAINING, tf.getBackend()) !== undefined;
    if (!fusable) return super.call(inputs, kwargs);
    return tf.tidy(() => {
      const attrs: BatchNormTrainingAttrs = { epsilon: state.epsilon };
      const moments: tf.Tensor[] = [];
      const normalise = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
        const [input, gamma, beta] = args as tf.Tensor[];
        const save = args[3] as tf.GradSaveFunc;
        const [y, mean, variance] = tf
          .engine()
          .runKernel(BATCH_NORM_TRAINING, { x: input, gamma, beta }, attrs as never) as tf.Tensor[];
        moments.push(tf.keep(mean), tf.keep(variance));
        save([input, gamma, mean, variance]);
        const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [savedX, savedGamma, savedMean, savedVariance] = saved;
          return tf
            .engine()
            .runKernel(
              BATCH_NORM_TRAINING_GRAD,
              { dy, x: savedX, gamma: savedGamma, mean: savedMean, variance: savedVariance },
              attrs as never,
            ) as tf.Tensor[];
        };
        return { value: y, gradFunc };
      });
      const normed = normalise(x, state.gamma.read(), state.beta.read());
      const [mean, variance] = moments;
      const decay = 1 - state.momentum;
      for (const [variable, value] of [
        [state.movingMean, mean],
        [state.movingVariance, variance],
      ] as const) {
        const previous = variable.read();
        variable.write(tf.sub(previous, tf.mul(tf.sub(previous, value), decay)));
      }
      tf.dispose(moments);
      return normed;
    });
  }
}

/** tfl.layers.batchNormalization with the fused training kernels (see FusedBatchNormalization). */
export function createFusedBatchNormalization(args: BatchNormLayerArgs): BatchNormalization {
  return new FusedBatchNormalization(args);
}
