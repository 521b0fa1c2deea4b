import type { LayersModel } from '@tensorflow/tfjs-layers';
import { MNIST_MEAN, MNIST_STD, PIXEL_MAX } from '@lenet-lab/mnist';
import { buildLeNet5Graph } from './lenet5-graph';
import { readLeNet5Parameters, type LeNet5Parameters } from './lenet5-parameters';
import {
  ONNX_INPUT_NAME,
  ONNX_IR_VERSION,
  ONNX_LOGITS_OUTPUT,
  ONNX_OPSET_VERSION,
  ONNX_PROBABILITIES_OUTPUT,
  ONNX_PRODUCER_NAME,
} from './onnx-constants';
import type { OnnxExportOptions } from './onnx-export-options';
import type { OnnxModel, OnnxStringStringEntry } from './onnx-model-types';
import { onnxModelType } from './onnx-schema';

/**
 * A trained LeNet-5 from createLeNet5 (with or without BatchNorm) as an ONNX model file
 * (opset 13, IR 7), ready for onnxruntime and other ONNX runtimes.
 *
 * - Input `image`: float32 [batch, 28, 28, 1], NHWC, the tfjs model's own layout; each pixel
 *   normalised as in training, (value / 255 − 0.1307) / 0.3081.
 * - Outputs `logits` and `probabilities` (softmax of the logits): float32 [batch, 10]; index
 *   i is digit i.
 * - BatchNorm is exported in inference form (its moving statistics), as tfjs's predict runs.
 *
 * Rejects with NotLeNet5Error when the model's layers differ from createLeNet5's. The weights
 * are read asynchronously: webgpu has no synchronous read in Node.
 */
export async function exportLeNet5ToOnnx(
  model: LayersModel,
  options: OnnxExportOptions = {},
): Promise<Uint8Array> {
  const onnxModel = buildLeNet5OnnxModel(await readLeNet5Parameters(model), options);
  const type = onnxModelType();
  return type.encode(type.fromObject(onnxModel)).finish();
}

/** The ModelProto as a plain object, before encoding: pure. */
function buildLeNet5OnnxModel(
  parameters: LeNet5Parameters,
  options: OnnxExportOptions = {},
): OnnxModel {
  const metadata = { ...defaultMetadata(parameters), ...options.metadata };
  return {
    ir_version: ONNX_IR_VERSION,
    opset_import: [{ domain: '', version: ONNX_OPSET_VERSION }],
    producer_name: ONNX_PRODUCER_NAME,
    ...(options.producerVersion ? { producer_version: options.producerVersion } : {}),
    doc_string: docString(parameters),
    graph: buildLeNet5Graph(parameters),
    metadata_props: Object.entries(metadata).map(([key, value]): OnnxStringStringEntry => ({
      key,
      value,
    })),
  };
}

function classLabels(parameters: LeNet5Parameters): string[] {
  const classes = parameters.dense[parameters.dense.length - 1].kernelShape[1];
  return Array.from({ length: classes }, (_, digit) => String(digit));
}

/** What a user needs to feed the model and read its answer, without reading this code. */
function defaultMetadata(parameters: LeNet5Parameters): Record<string, string> {
  return {
    architecture: 'LeNet-5',
    batch_norm: String(parameters.batchNorm),
    activation: parameters.convBlocks[0].activation,
    pooling: parameters.convBlocks[0].pooling,
    width: layerWidths(parameters).join(','),
    input_name: ONNX_INPUT_NAME,
    input_layout: 'NHWC',
    input_shape: `[batch, ${parameters.inputShape.join(', ')}]`,
    normalization: `(pixel / ${PIXEL_MAX} - mean) / std`,
    normalization_mean: String(MNIST_MEAN),
    normalization_std: String(MNIST_STD),
    output_names: `${ONNX_LOGITS_OUTPUT},${ONNX_PROBABILITIES_OUTPUT}`,
    class_labels: classLabels(parameters).join(','),
  };
}

/** Conv channels then hidden dense units: 6,16,120,84 for the seed's LeNet-5. */
function layerWidths(parameters: LeNet5Parameters): number[] {
  return [
    ...parameters.convBlocks.map((block) => block.kernelShape[3]),
    ...parameters.dense.slice(0, -1).map((layer) => layer.kernelShape[1]),
  ];
}

function docString(parameters: LeNet5Parameters): string {
  const [height, width, channels] = parameters.inputShape;
  const classes = classLabels(parameters).length;
  const { activation, pooling } = parameters.convBlocks[0];
  const variations = [
    parameters.batchNorm ? 'BatchNorm' : null,
    activation === 'tanh' ? 'tanh' : null,
    pooling === 'avg' ? 'average pooling' : null,
  ].filter((variation) => variation !== null);
  return [
    `LeNet-5${variations.length ? ` with ${variations.join(', ')}` : ''} ` +
      `(widths ${layerWidths(parameters).join(', ')}) trained on MNIST by lenet-lab.`,
    `Input "${ONNX_INPUT_NAME}": float32 [batch, ${height}, ${width}, ${channels}], NHWC ` +
      `(as in TensorFlow.js), grayscale with 0 the background and 255 the ink, each pixel ` +
      `normalised as ` +
      `(value / ${PIXEL_MAX} - ${MNIST_MEAN}) / ${MNIST_STD}.`,
    `Outputs "${ONNX_LOGITS_OUTPUT}" and "${ONNX_PROBABILITIES_OUTPUT}" (softmax): ` +
      `float32 [batch, ${classes}]; index i is digit i.`,
  ].join('\n');
}
