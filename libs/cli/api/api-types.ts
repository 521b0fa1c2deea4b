// The API's JSON as the CLI reads it: the contract's types, which the API's views return and its
// OpenAPI document describes (dates are ISO strings on the wire). Types only from the contract's
// index, and its lists from the one file of it that loads no zod, Prisma or BullMQ: the CLI is a
// thin HTTP client and starts without them.
export type {
  Ablation,
  AblationRerun,
  Experiment,
  ExperimentPage,
  ExperimentStatus,
  JobProgress,
  LiveEvent,
  ModelVariant,
  Prediction,
  Preset,
  PresetList,
  ReportFormat,
  SubmitAblationRequest,
  SubmitExperimentRequest,
  TrainedModel,
  TrainedModelList,
} from '@lenet-lab/contract';
export {
  EXPERIMENT_STATUSES,
  FINISHED_ABLATION_STATUSES,
  REPORT_FORMATS,
  TERMINAL_STATUSES,
} from '@lenet-lab/contract/constants';
