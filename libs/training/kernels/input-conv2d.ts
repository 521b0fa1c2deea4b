import * as tf from '@tensorflow/tfjs-core';
// Loaded for its side effect (registering the layer classes): the rest is types only.
import '@tensorflow/tfjs-layers';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Conv2D } from '@tensorflow/tfjs-layers/dist/layers/convolutional';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types';

type ConvLayerArgs = Parameters<typeof tfl.layers.conv2d>[0];
type Conv2DClass = new (args: ConvLayerArgs) => Conv2D;

/** tfjs-layers does not export its Conv2D class; its serialisation registry holds it. */
function registeredConv2D(): Conv2DClass {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap.Conv2D;
  if (!entry) throw new Error('@tensorflow/tfjs-layers did not register its Conv2D class');
  return entry[0] as unknown as Conv2DClass;
}

/**
 * A Conv2D layer for a model's input: backprop treats its input as a constant, so no input
 * gradient is computed. tfjs's fused convolution (which Conv2D uses with a linear activation)
 * computes the input gradient eagerly with the filter's, even when the input is a batch of
 * images that nothing trains; for LeNet's conv1 that is a 64×28×28 transposed convolution per
 * step thrown away. Forward values and the filter and bias gradients are the stock layer's,
 * bit for bit; the class name stays 'Conv2D', so a saved model loads as a plain Conv2D.
 *
 * Only for a model's first layer: a gradient with respect to the images through it is an
 * error ("Cannot compute gradient"), not zeros.
 */
class InputConv2D extends registeredConv2D() {
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const fusable =
      this.bias != null &&
      this.dataFormat === 'channelsLast' &&
      this.padding !== 'causal' &&
      // Its filter gradient below has no dilations: dilated layers take the stock path.
      (this.dilationRate as number[]).every((rate) => rate === 1) &&
      x.rank === 4 &&
      this.activation?.getClassName() === 'linear';
    if (!fusable) return super.call(inputs, kwargs) as tf.Tensor;
    return tf.tidy(() => {
      const strides = this.strides as [number, number];
      const pad = this.padding as 'valid' | 'same';
      const dilations = this.dilationRate as [number, number];
      const convolve = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
        const [filter, bias] = args as [tf.Tensor4D, tf.Tensor1D];
        const value = tf.fused.conv2d({
          x: x as tf.Tensor4D,
          filter,
          bias,
          strides,
          pad,
          dilations,
          dataFormat: 'NHWC',
          activation: 'linear',
        });
        const gradFunc = (dy: tf.Tensor) => [
          tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, {
            strides,
            pad,
            dataFormat: 'NHWC',
            filterShape: filter.shape,
          } as never) as tf.Tensor,
          tf.reshape(tf.sum(dy, [0, 1, 2]), bias.shape),
        ];
        return { value, gradFunc };
      });
      return convolve(this.kernel.read(), this.bias.read());
    });
  }
}

/** tfl.layers.conv2d for a model's first layer (see InputConv2D). */
export function createInputConv2D(args: ConvLayerArgs): Conv2D {
  return new InputConv2D(args);
}
