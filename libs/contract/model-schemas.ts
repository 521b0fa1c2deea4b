import { z } from 'zod';
import { DATASETS } from '@lenet-lab/config';
import { MODEL_VARIANTS } from './constants';
import { isoDateTime } from './json-values';

export const modelVariantSchema = z.enum(MODEL_VARIANTS);

/** Median prediction time on the backend that trained the model. */
export const predictionLatencySchema = z.strictObject({
  batchSize: z.int().min(1),
  msPerBatch: z.number(),
  msPerImage: z.number(),
  calls: z.int().min(1).describe('Calls timed, over all windows'),
});
export type PredictionLatency = z.infer<typeof predictionLatencySchema>;

/** One of an experiment's kept models, with the paths to fetch it in each format. */
export const trainedModelSchema = z.strictObject({
  variant: modelVariantSchema,
  epoch: z.int().describe('The epoch whose weights these are'),
  testAccuracy: z.number().nullable(),
  latency: z.array(predictionLatencySchema).nullable(),
  backend: z.string().nullable(),
  tfjsVersion: z.string().nullable(),
  createdAt: isoDateTime(),
  links: z.strictObject({
    tfjs: z.string(),
    weights: z.string(),
    onnx: z.string(),
    predict: z.string(),
  }),
});
export type TrainedModel = z.infer<typeof trainedModelSchema>;

export const trainedModelListSchema = z.strictObject({ items: z.array(trainedModelSchema) });
export type TrainedModelList = z.infer<typeof trainedModelListSchema>;

/** model.json in TensorFlow.js's format; the metadata is ours, the rest is tfjs's. */
export const modelJsonSchema = z.looseObject({
  format: z.literal('layers-model'),
  generatedBy: z.string(),
  convertedBy: z.null(),
  modelTopology: z.record(z.string(), z.unknown()).describe('The Keras layers topology'),
  weightsManifest: z.array(
    z.looseObject({
      paths: z.array(z.string()).describe('Relative to model.json’s URL, query kept'),
      weights: z.array(
        z.looseObject({ name: z.string(), shape: z.array(z.int()), dtype: z.string() }),
      ),
    }),
  ),
  userDefinedMetadata: z.strictObject({
    experimentId: z.uuid(),
    variant: modelVariantSchema,
    epoch: z.int(),
    testAccuracy: z.number().nullable(),
    input: z.string(),
    normalization: z.strictObject({ mean: z.number(), std: z.number() }),
    output: z.string(),
    dataset: z.enum(DATASETS),
    classNames: z.array(z.string()).length(10).describe('What each output means, in order'),
  }),
});

export const digitPredictionSchema = z.strictObject({
  digit: z
    .int()
    .min(0)
    .max(9)
    .describe('The most probable class’s index: the digit itself on MNIST'),
  label: z
    .string()
    .describe('That class’s name in the model’s dataset: "7" on MNIST, "Sneaker" on Fashion-MNIST'),
  probabilities: z
    .array(z.number())
    .length(10)
    .describe('Of the ten classes, in index order (the digits 0–9 on MNIST)'),
});
export type DigitPrediction = z.infer<typeof digitPredictionSchema>;

/** The images of a predict request, classified in the order they were sent. */
export const predictionSchema = z.strictObject({
  experimentId: z.uuid(),
  variant: modelVariantSchema,
  dataset: z
    .enum(DATASETS)
    .describe('The dataset the model was trained on, which names its classes'),
  predictions: z.array(digitPredictionSchema),
});
export type Prediction = z.infer<typeof predictionSchema>;
