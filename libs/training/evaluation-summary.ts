import { NUM_CLASSES } from '@lenet-lab/mnist';
import type { Misclassified } from './types';

/** counts[true label][predicted label]. */
export function confusionMatrix(
  labels: ArrayLike<number>,
  predictions: ArrayLike<number>,
  classes: number = NUM_CLASSES,
): number[][] {
  const counts = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < labels.length; i++) counts[labels[i]][predictions[i]]++;
  return counts;
}

/** The mistakes, most confident first (the interesting ones for a report), at most `limit`. */
export function listMisclassified(
  labels: ArrayLike<number>,
  predictions: ArrayLike<number>,
  confidences: ArrayLike<number>,
  limit: number,
): Misclassified[] {
  const mistakes: Misclassified[] = [];
  for (let index = 0; index < labels.length; index++) {
    if (labels[index] !== predictions[index]) {
      mistakes.push({
        index,
        label: labels[index],
        predicted: predictions[index],
        confidence: confidences[index],
      });
    }
  }
  mistakes.sort((a, b) => b.confidence - a.confidence || a.index - b.index);
  return mistakes.slice(0, limit);
}
