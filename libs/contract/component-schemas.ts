import type { z } from 'zod';
import { experimentConfigSchema } from '@lenet-lab/config';
import {
  ablationPageSchema,
  ablationReportSchema,
  ablationRerunSchema,
  ablationSchema,
  ablationStatusSchema,
  presetProgressSchema,
} from './ablation-schemas';
import {
  epochMetricSchema,
  experimentPageSchema,
  experimentSchema,
  experimentStatusSchema,
  jobProgressSchema,
} from './experiment-schemas';
import {
  modelJsonSchema,
  predictionLatencySchema,
  predictionSchema,
  trainedModelListSchema,
  trainedModelSchema,
} from './model-schemas';
import { presetListSchema, presetSchema } from './preset-schemas';
import { predictBody, submitAblationBody, submitExperimentBody } from './request-schemas';
import { errorSchema, healthSchema } from './service-schemas';

/**
 * Every schema the OpenAPI document names, under its component name. The document's
 * components are generated from these (a schema used inside another becomes a reference), and
 * the contract test validates each answer with the schema its documented response names.
 */
export const COMPONENT_SCHEMAS = {
  ExperimentConfig: experimentConfigSchema,
  ExperimentStatus: experimentStatusSchema,
  JobProgress: jobProgressSchema,
  EpochMetric: epochMetricSchema,
  Experiment: experimentSchema,
  ExperimentPage: experimentPageSchema,
  SubmitExperiment: submitExperimentBody,
  TrainedModel: trainedModelSchema,
  TrainedModelList: trainedModelListSchema,
  PredictionLatency: predictionLatencySchema,
  ModelJson: modelJsonSchema,
  PredictDigits: predictBody,
  Prediction: predictionSchema,
  AblationStatus: ablationStatusSchema,
  PresetProgress: presetProgressSchema,
  Ablation: ablationSchema,
  AblationRerun: ablationRerunSchema,
  AblationPage: ablationPageSchema,
  AblationReport: ablationReportSchema,
  SubmitAblation: submitAblationBody,
  Preset: presetSchema,
  PresetList: presetListSchema,
  Health: healthSchema,
  Error: errorSchema,
} as const satisfies Record<string, z.ZodType>;

export type ComponentName = keyof typeof COMPONENT_SCHEMAS;
