import type { LeNet5Activation, LeNet5Parameters, LeNet5Pooling } from './lenet5-parameters';
import {
  ONNX_BATCH_DIMENSION,
  ONNX_INPUT_NAME,
  ONNX_LOGITS_OUTPUT,
  ONNX_PROBABILITIES_OUTPUT,
} from './onnx-constants';
import {
  floatAttribute,
  floatTensor,
  floatValueInfo,
  intAttribute,
  intsAttribute,
  node,
} from './onnx-builders';
import type { OnnxGraph, OnnxNode, OnnxTensor } from './onnx-model-types';
import { hwcRowsToChwRows, hwioToOihw } from './weight-layout';

/** NHWC → NCHW, the layout of ONNX's Conv, BatchNormalization and pooling. */
const NHWC_TO_NCHW = [0, 3, 1, 2];

const ACTIVATION_OPS: Record<LeNet5Activation, string> = { relu: 'Relu', tanh: 'Tanh' };
const POOLING_OPS: Record<LeNet5Pooling, string> = { max: 'MaxPool', avg: 'AveragePool' };

/**
 * The LeNet-5 forward pass as an ONNX graph. Nodes and values are named after the tfjs layers
 * (conv1, bn1, relu1 or tanh1, ...), initializers `<layer>.<weight>`. Dropout is the identity
 * at inference, so it has no node. Pooling is 'valid' (no padding), so AveragePool divides by
 * the full window everywhere, as tfjs's does.
 *
 * Layout: the input is NHWC like the tfjs model's, and one Transpose makes it NCHW for the
 * convolutions. There is no Transpose back before Flatten: fc1's rows are permuted at export
 * instead (see hwcRowsToChwRows), which gives the same products without a runtime copy.
 * Gemm's B keeps tfjs's [in, out] layout (transB = 0).
 */
export function buildLeNet5Graph(parameters: LeNet5Parameters): OnnxGraph {
  const nodes: OnnxNode[] = [];
  const initializers: OnnxTensor[] = [];
  const addInitializer = (name: string, dims: readonly number[], values: Float32Array) => {
    initializers.push(floatTensor(name, dims, values));
    return name;
  };

  const nchw = `${ONNX_INPUT_NAME}_nchw`;
  nodes.push(
    node('Transpose', 'to_nchw', [ONNX_INPUT_NAME], [nchw], [intsAttribute('perm', NHWC_TO_NCHW)]),
  );
  let value = nchw;

  parameters.convBlocks.forEach((block, index) => {
    const n = index + 1;
    const [kernelHeight, kernelWidth, inChannels, outChannels] = block.kernelShape;
    const conv = `conv${n}`;
    const weight = addInitializer(
      `${conv}.weight`,
      [outChannels, inChannels, kernelHeight, kernelWidth],
      hwioToOihw(block.kernel, block.kernelShape),
    );
    const bias = addInitializer(`${conv}.bias`, [outChannels], block.bias);
    nodes.push(
      node(
        'Conv',
        conv,
        [value, weight, bias],
        [conv],
        [
          intsAttribute('kernel_shape', [kernelHeight, kernelWidth]),
          intsAttribute('strides', [1, 1]),
        ],
      ),
    );
    value = conv;

    if (block.batchNorm) {
      const bn = `bn${n}`;
      const { gamma, beta, movingMean, movingVariance, epsilon } = block.batchNorm;
      const inputs = [
        addInitializer(`${bn}.gamma`, [outChannels], gamma),
        addInitializer(`${bn}.beta`, [outChannels], beta),
        addInitializer(`${bn}.moving_mean`, [outChannels], movingMean),
        addInitializer(`${bn}.moving_variance`, [outChannels], movingVariance),
      ];
      nodes.push(
        node(
          'BatchNormalization',
          bn,
          [value, ...inputs],
          [bn],
          [floatAttribute('epsilon', epsilon)],
        ),
      );
      value = bn;
    }

    const activation = `${block.activation}${n}`;
    nodes.push(node(ACTIVATION_OPS[block.activation], activation, [value], [activation]));
    nodes.push(
      node(
        POOLING_OPS[block.pooling],
        `pool${n}`,
        [activation],
        [`pool${n}`],
        [
          intsAttribute('kernel_shape', block.poolSize),
          intsAttribute('strides', block.poolStrides),
        ],
      ),
    );
    value = `pool${n}`;
  });

  nodes.push(node('Flatten', 'flatten', [value], ['flatten'], [intAttribute('axis', 1)]));
  value = 'flatten';

  parameters.dense.forEach((layer, index) => {
    const fc = `fc${index + 1}`;
    const [inFeatures, units] = layer.kernelShape;
    const kernel =
      index === 0
        ? hwcRowsToChwRows(layer.kernel, parameters.flattenInputShape, units)
        : layer.kernel;
    const isLast = index === parameters.dense.length - 1;
    const output = isLast ? ONNX_LOGITS_OUTPUT : fc;
    nodes.push(
      node(
        'Gemm',
        fc,
        [
          value,
          addInitializer(`${fc}.weight`, [inFeatures, units], kernel),
          addInitializer(`${fc}.bias`, [units], layer.bias),
        ],
        [output],
      ),
    );
    value = output;
    if (layer.activation) {
      const activation = `${fc}_${layer.activation}`;
      nodes.push(node(ACTIVATION_OPS[layer.activation], activation, [value], [activation]));
      value = activation;
    }
  });

  nodes.push(
    node('Softmax', 'softmax', [value], [ONNX_PROBABILITIES_OUTPUT], [intAttribute('axis', 1)]),
  );

  const classes = parameters.dense[parameters.dense.length - 1].kernelShape[1];
  return {
    name: parameters.modelName,
    node: nodes,
    initializer: initializers,
    input: [
      floatValueInfo(
        ONNX_INPUT_NAME,
        [ONNX_BATCH_DIMENSION, ...parameters.inputShape],
        'NHWC float32 images, each pixel (value / 255 − mean) / std',
      ),
    ],
    output: [
      floatValueInfo(ONNX_LOGITS_OUTPUT, [ONNX_BATCH_DIMENSION, classes], 'raw class scores'),
      floatValueInfo(
        ONNX_PROBABILITIES_OUTPUT,
        [ONNX_BATCH_DIMENSION, classes],
        'softmax of the logits',
      ),
    ],
  };
}
