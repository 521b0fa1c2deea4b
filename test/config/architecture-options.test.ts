import {
  ABLATION_PRESETS,
  ConfigValidationError,
  OPTIMIZER_DEFAULTS,
  resolveConfig,
  SEED_MODEL,
} from '@lenet-lab/config';

function validationError(run: () => unknown): ConfigValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigValidationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigValidationError');
}

const resolve = (overrides: object) => resolveConfig({ preset: 'baseline', overrides });

describe('The model and optimizer options', () => {
  it("default to the seed's LeNet-5 and SGD, so every preset trains what it did", () => {
    for (const preset of ABLATION_PRESETS) {
      const config = resolveConfig({ preset });
      expect(config.model).toEqual({ ...SEED_MODEL, batchNorm: config.model.batchNorm });
      expect(config.optimizer).toEqual(OPTIMIZER_DEFAULTS);
    }
    expect(resolveConfig({}).model).toEqual({
      batchNorm: false,
      activation: 'relu',
      pooling: 'max',
      dropout: 0,
      width: { conv1: 6, conv2: 16, fc1: 120, fc2: 84 },
    });
    expect(resolveConfig({}).optimizer).toEqual({
      type: 'sgd',
      learningRate: 0.01,
      momentum: 0.9,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-8,
      weightDecay: 0,
    });
  });

  it('accepts every new option, and keeps the width fields not set at their defaults', () => {
    const config = resolve({
      model: { activation: 'tanh', pooling: 'avg', dropout: 0.25, width: { conv1: 4, fc2: 42 } },
      optimizer: { type: 'adam', learningRate: 0.001, beta2: 0.99, weightDecay: 5e-4 },
    });
    expect(config.model).toEqual({
      batchNorm: false,
      activation: 'tanh',
      pooling: 'avg',
      dropout: 0.25,
      width: { conv1: 4, conv2: 16, fc1: 120, fc2: 42 },
    });
    expect(config.optimizer).toMatchObject({ type: 'adam', beta1: 0.9, beta2: 0.99 });
    expect(config.optimizer.weightDecay).toBe(5e-4);
  });

  it.each([
    [{ model: { activation: 'sigmoid' } }, 'model.activation'],
    [{ model: { pooling: 'min' } }, 'model.pooling'],
    [{ model: { dropout: 1 } }, 'model.dropout'],
    [{ model: { dropout: -0.1 } }, 'model.dropout'],
    [{ model: { width: { conv1: 0 } } }, 'model.width.conv1'],
    [{ model: { width: { conv2: 2.5 } } }, 'model.width.conv2'],
    [{ model: { width: { fc1: 5000 } } }, 'model.width.fc1'],
    [{ model: { width: { fc3: 10 } } }, 'model.width'],
    [{ model: { width: [6, 16, 120, 84] } }, 'model.width'],
    [{ optimizer: { type: 'rmsprop' } }, 'optimizer.type'],
    [{ optimizer: { type: 'adam', beta1: 1 } }, 'optimizer.beta1'],
    [{ optimizer: { type: 'adam', epsilon: 0 } }, 'optimizer.epsilon'],
    [{ optimizer: { weightDecay: -1e-4 } }, 'optimizer.weightDecay'],
  ])('rejects %j naming the field %s', (overrides, field) => {
    const error = validationError(() => resolve(overrides));
    expect(error.issues.map((issue) => issue.path)).toContain(field);
    expect(error.message).toContain(field);
  });

  it.each([
    [
      { type: 'adam', momentum: 0.5 },
      'optimizer.momentum',
      /momentum is not a setting of the adam/,
    ],
    [{ beta1: 0.8 }, 'optimizer.beta1', /beta1 is not a setting of the sgd optimizer/],
    [{ epsilon: 1e-6 }, 'optimizer.epsilon', /epsilon is not a setting of the sgd optimizer/],
  ])(
    'rejects %j: a setting the chosen optimizer would ignore (%s)',
    (optimizer, field, message) => {
      const error = validationError(() => resolve({ optimizer }));
      expect(error.issues.map((issue) => issue.path)).toEqual([field]);
      expect(error.message).toMatch(message);
    },
  );
});
