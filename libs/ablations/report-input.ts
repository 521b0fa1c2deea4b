import type { AblationExperimentModel, AblationForReport } from '@lenet-lab/db';
import {
  REPORT_MODEL_VARIANTS,
  type ReportExperiment,
  type ReportExperimentResult,
  type ReportInput,
  type ReportModel,
  readPredictionLatency,
  type ReportModelVariant,
  type ReportAblationDesign,
  type ReportSweep,
} from '@lenet-lab/report';
import { latestPerCell } from './ablation-cells';

function isVariant(variant: string): variant is ReportModelVariant {
  return (REPORT_MODEL_VARIANTS as readonly string[]).includes(variant);
}

/** A variant this code does not know (a newer writer's) is left out rather than mislabelled. */
function toReportModels(models: readonly AblationExperimentModel[]): ReportModel[] {
  return models.flatMap((m) =>
    isVariant(m.variant)
      ? [
          {
            variant: m.variant,
            epoch: m.epoch,
            testAccuracy: m.testAccuracy,
            latency: readPredictionLatency(m.latency),
            backend: m.backend,
          },
        ]
      : [],
  );
}

/**
 * The report's view of an ablation: one experiment per cell (the latest, so a re-run cell shows
 * its new result), mapped field by field from the database rows. Pure.
 */
export function toReportInput(
  ablation: AblationForReport,
  extras: Pick<ReportInput, 'testImage' | 'environment'> = {},
): ReportInput {
  const cells = [...latestPerCell(ablation.experiments).values()];
  return {
    ablation: {
      id: ablation.id,
      name: ablation.name,
      presets: ablation.presets,
      seeds: ablation.seeds,
      createdAt: ablation.createdAt,
      design: ablation.design as ReportAblationDesign,
      definedBySteps: ablation.definition !== null,
      ...sweepOf(ablation.definition),
    },
    experiments: cells.map((e): ReportExperiment => ({
      id: e.id,
      name: e.name,
      preset: e.ablationRow ?? e.preset ?? 'custom',
      seed: e.seed,
      status: e.status,
      error: e.error,
      config: e.config,
      configHash: e.configHash,
      backend: e.backend,
      device: e.device,
      codeVersion: e.codeVersion,
      datasetSha256: (e.datasetSha256 as Record<string, string> | null) ?? null,
      testAccuracy: e.testAccuracy,
      bestValAccuracy: e.bestValAccuracy,
      bestEpoch: e.bestEpoch,
      epochsRun: e.epochsRun,
      stoppedEarly: e.stoppedEarly,
      metrics: e.metrics.map((m) => ({
        epoch: m.epoch,
        trainLoss: m.trainLoss,
        trainAccuracy: m.trainAccuracy,
        valLoss: m.valLoss,
        valAccuracy: m.valAccuracy,
        testLoss: m.testLoss,
        testAccuracy: m.testAccuracy,
        learningRate: m.learningRate,
        epochSeconds: m.epochSeconds,
        imagesPerSecond: m.imagesPerSecond,
      })),
      result: (e.result as ReportExperimentResult | null) ?? null,
      models: toReportModels(e.models),
    })),
    ...extras,
  };
}

/** The sweep of an ablation whose stored definition is one. */
function sweepOf(definition: unknown): { sweep?: ReportSweep } {
  const stored = definition as { design?: string; sweep?: ReportSweep } | null;
  return stored?.design === 'sweep' && stored.sweep ? { sweep: stored.sweep } : {};
}
