/**
 * Where the fused LeNet-5 training step keeps createLeNet5's weights in its one weights buffer,
 * and the network's fixed sizes. Pure: built from the model's weight names and shapes, so
 * anything but createLeNet5's architecture is refused (null) and trains on tfjs's ops instead.
 */

export const LENET = {
  image: 28,
  kernel: 5,
  conv1: 6,
  conv1Size: 24,
  pool1Size: 12,
  conv2: 16,
  conv2Size: 8,
  pool2Size: 4,
  flat: 256,
  fc1: 120,
  fc2: 84,
  classes: 10,
} as const;

/** A weight of the model as the step sees it: `conv1/kernel`, `bn2/moving_mean`, … */
export interface ModelWeight {
  /** Layer name and role, e.g. 'conv1/kernel' (tfjs's originalName). */
  name: string;
  shape: number[];
  trainable: boolean;
}

export interface LeNetStepLayout {
  batchNorm: boolean;
  /** Offset (floats) of each weight in the weights buffer, by name. */
  offsets: Record<string, number>;
  /** Per model weight, in the model's order: where it lives in the weights buffer. */
  weights: { name: string; shape: number[]; offset: number; size: number; trainable: boolean }[];
  /** Trainable weights come first, in the model's trainable order: the gradient's layout. */
  trainableSize: number;
  totalSize: number;
}

const EXPECTED: Record<string, number[]> = {
  'conv1/kernel': [LENET.kernel, LENET.kernel, 1, LENET.conv1],
  'conv1/bias': [LENET.conv1],
  'conv2/kernel': [LENET.kernel, LENET.kernel, LENET.conv1, LENET.conv2],
  'conv2/bias': [LENET.conv2],
  'fc1/kernel': [LENET.flat, LENET.fc1],
  'fc1/bias': [LENET.fc1],
  'fc2/kernel': [LENET.fc1, LENET.fc2],
  'fc2/bias': [LENET.fc2],
  'fc3/kernel': [LENET.fc2, LENET.classes],
  'fc3/bias': [LENET.classes],
};

const BATCH_NORM: Record<string, number[]> = Object.fromEntries(
  (
    [
      ['bn1', LENET.conv1],
      ['bn2', LENET.conv2],
    ] as const
  ).flatMap(([layer, channels]) =>
    ['gamma', 'beta', 'moving_mean', 'moving_variance'].map((role) => [
      `${layer}/${role}`,
      [channels],
    ]),
  ),
);

/** The layout for createLeNet5's weights (with or without BatchNorm), or null for any other. */
export function lenetStepLayout(weights: readonly ModelWeight[]): LeNetStepLayout | null {
  const names = weights.map((w) => w.name);
  const batchNorm = names.includes('bn1/gamma');
  const expected = { ...EXPECTED, ...(batchNorm ? BATCH_NORM : {}) };
  if (names.length !== Object.keys(expected).length) return null;
  for (const weight of weights) {
    const shape = expected[weight.name];
    const trainable = !weight.name.includes('/moving_');
    if (!shape || shape.join() !== weight.shape.join() || weight.trainable !== trainable) {
      return null;
    }
  }
  const offsets: Record<string, number> = {};
  let next = 0;
  // Trainable first (their gradients and momentum share these offsets), then the statistics.
  for (const weight of [
    ...weights.filter((w) => w.trainable),
    ...weights.filter((w) => !w.trainable),
  ]) {
    offsets[weight.name] = next;
    next += size(weight.shape);
  }
  const trainableSize = weights
    .filter((w) => w.trainable)
    .reduce((sum, w) => sum + size(w.shape), 0);
  return {
    batchNorm,
    offsets,
    weights: weights.map((w) => ({ ...w, offset: offsets[w.name], size: size(w.shape) })),
    trainableSize,
    totalSize: next,
  };
}

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
