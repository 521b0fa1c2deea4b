/**
 * The closed lists and constants the contract is made of, re-exported from the files that own
 * them rather than from their libraries' indexes: those load Prisma, BullMQ and vega, and a thin
 * HTTP client (the CLI) imports this file, and nothing else of the contract, at run time.
 */
import { EXPERIMENT_STATUSES } from '@lenet-lab/db/experiment-status';

export { EXPERIMENT_STATUSES, TERMINAL_STATUSES } from '@lenet-lab/db/experiment-status';
export type ExperimentStatus = (typeof EXPERIMENT_STATUSES)[number];
export { MODEL_VARIANTS, type ModelVariant } from '@lenet-lab/db/model-variants';
export {
  ABLATION_STATUSES,
  FINISHED_ABLATION_STATUSES,
  type AblationStatus,
} from '@lenet-lab/ablations/ablation-progress';
export {
  ABLATION_DESIGNS,
  STEP_DESIGNS,
  type AblationDesign,
  type StepDesign,
} from '@lenet-lab/ablations/ablation-designs';
export { REPORT_FORMATS, type ReportFormat } from '@lenet-lab/report/report-format';
export { REPORT_SCHEMA_VERSION } from '@lenet-lab/report/ablation-report';
