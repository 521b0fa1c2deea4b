import { DATASET_REGISTRY, datasetOfConfig } from '@lenet-lab/mnist';
import type { GalleryItem, PresetErrorAnalysis } from '../ablation-report';
import { digitPngDataUri } from '../digit-png';
import type { ReportExperiment, ReportInput } from '../report-input';
import { presetLabel } from '../seed-reference';
import { mostConfusedPairs, perClassAccuracy, sumMatrices, totalErrors } from './confusion-matrix';

export interface ErrorAnalysisOptions {
  confusedPairs: number;
  galleryLimit: number;
  testImage?: ReportInput['testImage'];
}

function isSquare(matrix: number[][], size: number): boolean {
  return matrix.length === size && matrix.every((row) => Array.isArray(row) && row.length === size);
}

/**
 * Errors of a preset's final models: the confusion matrices of its counted seeds summed, and a
 * gallery from the first of them. `counted` is in seed order.
 */
export function analyzeErrors(
  preset: string,
  counted: readonly ReportExperiment[],
  options: ErrorAnalysisOptions,
): { analysis: PresetErrorAnalysis; warnings: string[] } {
  const warnings: string[] = [];
  const withResult = counted.filter((e) => e.result !== null);
  const size = withResult[0]?.result?.confusionMatrix.length ?? 0;
  const usable = withResult.filter((e) => {
    if (isSquare(e.result!.confusionMatrix, size)) return true;
    warnings.push(
      `experiment ${e.id} (preset ${preset}, seed ${e.seed}) has a confusion matrix of another shape; left out of the error analysis`,
    );
    return false;
  });

  const matrix = sumMatrices(usable.map((e) => e.result!.confusionMatrix));
  const first = usable[0] ?? null;
  // A preset's seeds share their config but for the seed, so the first one's dataset is theirs.
  const dataset = datasetOfConfig(counted[0]?.config);
  const gallery: GalleryItem[] = first
    ? first.result!.misclassified.slice(0, options.galleryLimit).map((item) => ({
        seed: first.seed,
        index: item.index,
        label: item.label,
        predicted: item.predicted,
        confidence: item.confidence,
        image: options.testImage ? digitPngDataUri(options.testImage(item.index, dataset)) : null,
      }))
    : [];
  const total = matrix ? matrix.flat().reduce((a, b) => a + b, 0) : 0;
  const errors = matrix ? totalErrors(matrix) : 0;

  return {
    analysis: {
      preset,
      label: presetLabel(preset),
      dataset,
      classNames: [...DATASET_REGISTRY[dataset].classNames],
      seeds: usable.map((e) => e.seed),
      confusionMatrix: matrix,
      total,
      errors,
      perClassAccuracy: matrix ? perClassAccuracy(matrix) : [],
      confusedPairs: matrix ? mostConfusedPairs(matrix, options.confusedPairs) : [],
      gallerySeed: first?.seed ?? null,
      gallery,
    },
    warnings,
  };
}
