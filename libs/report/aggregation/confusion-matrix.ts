import type { ConfusedPair } from '../ablation-report';

// Confusion matrices are counts[true label][predicted label], as the trainer stores them.

/** Element-wise sum of equally sized square matrices; null for none. */
export function sumMatrices(matrices: readonly number[][][]): number[][] | null {
  if (matrices.length === 0) return null;
  const size = matrices[0].length;
  const sum = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  for (const matrix of matrices) {
    for (let row = 0; row < size; row++) {
      for (let column = 0; column < size; column++) sum[row][column] += matrix[row][column];
    }
  }
  return sum;
}

/** Correct / total of each true class (a row); null for a class absent from the test set. */
export function perClassAccuracy(matrix: readonly number[][]): (number | null)[] {
  return matrix.map((row, label) => {
    const total = row.reduce((a, b) => a + b, 0);
    return total === 0 ? null : row[label] / total;
  });
}

/** The largest off-diagonal cells, ties broken by true then predicted label for a stable order. */
export function mostConfusedPairs(matrix: readonly number[][], limit: number): ConfusedPair[] {
  const errors = totalErrors(matrix);
  const pairs: ConfusedPair[] = [];
  matrix.forEach((row, label) => {
    const classTotal = row.reduce((a, b) => a + b, 0);
    row.forEach((count, predicted) => {
      if (predicted === label || count === 0) return;
      pairs.push({
        label,
        predicted,
        count,
        shareOfErrors: count / errors,
        rateOfClass: count / classTotal,
      });
    });
  });
  pairs.sort((a, b) => b.count - a.count || a.label - b.label || a.predicted - b.predicted);
  return pairs.slice(0, limit);
}

/** Everything off the diagonal. */
export function totalErrors(matrix: readonly number[][]): number {
  let errors = 0;
  for (let label = 0; label < matrix.length; label++) {
    for (let predicted = 0; predicted < matrix[label].length; predicted++) {
      if (predicted !== label) errors += matrix[label][predicted];
    }
  }
  return errors;
}
