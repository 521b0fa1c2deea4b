import { confusionMatrix, listMisclassified } from '@lenet-lab/training';

describe('confusionMatrix', () => {
  it('counts rows by true label and columns by prediction', () => {
    const matrix = confusionMatrix([0, 0, 1, 2, 2], [0, 1, 1, 2, 0], 3);
    expect(matrix).toEqual([
      [1, 1, 0],
      [0, 1, 0],
      [1, 0, 1],
    ]);
  });

  it('is 10×10 for MNIST and sums to the number of images', () => {
    const matrix = confusionMatrix([3, 9, 9], [3, 4, 9]);
    expect(matrix).toHaveLength(10);
    expect(matrix.every((row) => row.length === 10)).toBe(true);
    expect(matrix.flat().reduce((a, b) => a + b)).toBe(3);
  });
});

describe('listMisclassified', () => {
  const labels = [1, 2, 3, 4, 5];
  const predictions = [1, 7, 3, 9, 0];
  const confidences = [0.99, 0.6, 0.9, 0.8, 0.6];

  it('lists only the mistakes, most confident first, ties by index', () => {
    expect(listMisclassified(labels, predictions, confidences, 10)).toEqual([
      { index: 3, label: 4, predicted: 9, confidence: 0.8 },
      { index: 1, label: 2, predicted: 7, confidence: 0.6 },
      { index: 4, label: 5, predicted: 0, confidence: 0.6 },
    ]);
  });

  it('caps the list', () => {
    expect(listMisclassified(labels, predictions, confidences, 1)).toHaveLength(1);
  });
});
