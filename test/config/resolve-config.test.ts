import {
  ABLATION_PRESETS,
  ConfigValidationError,
  configHash,
  listPresets,
  resolveConfig,
  UnknownPresetError,
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

describe('resolveConfig', () => {
  it('gives the seed protocol when nothing is set', () => {
    const config = resolveConfig({});
    expect(config).toMatchObject({
      dataset: 'mnist',
      model: { batchNorm: false },
      augmentation: { enabled: false },
      optimizer: { type: 'sgd', learningRate: 0.01, momentum: 0.9 },
      batchSize: 64,
      epochs: 20,
      lrSchedule: { type: 'none' },
      earlyStopping: { enabled: false, patience: 3 },
      seed: 1,
      trainLimit: null,
      testLimit: null,
    });
    expect(Math.round(60000 * config.validationSplit)).toBe(5000);
  });

  it('builds the four presets cumulatively, as in the seed table', () => {
    const [baseline, augmentation, batchnorm, decay] = ABLATION_PRESETS.map((preset) =>
      resolveConfig({ preset }),
    );
    expect(baseline.augmentation.enabled).toBe(false);
    expect(augmentation.augmentation).toMatchObject({
      enabled: true,
      rotationDegrees: 10,
      translateFraction: 0.1,
      scaleMin: 0.95,
      scaleMax: 1.05,
    });
    expect(augmentation.model.batchNorm).toBe(false);
    expect(batchnorm.model.batchNorm).toBe(true);
    expect(batchnorm.augmentation.enabled).toBe(true);
    expect(batchnorm.lrSchedule.type).toBe('none');
    expect(decay).toMatchObject({
      model: { batchNorm: true },
      augmentation: { enabled: true },
      lrSchedule: { type: 'step', stepSize: 5, gamma: 0.1 },
      earlyStopping: { enabled: true, patience: 3 },
    });
  });

  it('applies overrides on top of the preset, merging nested objects', () => {
    const config = resolveConfig({
      preset: 'batchnorm',
      overrides: { trainLimit: 2000, epochs: 2, augmentation: { rotationDegrees: 5 } },
    });
    expect(config.trainLimit).toBe(2000);
    expect(config.epochs).toBe(2);
    expect(config.augmentation).toMatchObject({ enabled: true, rotationDegrees: 5 });
    expect(config.model.batchNorm).toBe(true);
  });

  it.each([
    [{ epochs: 0 }, 'epochs'],
    [{ epochs: 201 }, 'epochs'],
    [{ batchSize: 4097 }, 'batchSize'],
    [{ batchSize: 1.5 }, 'batchSize'],
    [{ optimizer: { learningRate: 0 } }, 'optimizer.learningRate'],
    [{ optimizer: { learningRate: 11 } }, 'optimizer.learningRate'],
    [{ trainLimit: 60001 }, 'trainLimit'],
    [{ testLimit: 0 }, 'testLimit'],
    [{ dataset: 'cifar10' }, 'dataset'],
    [{ model: { batchNorm: 'yes' } }, 'model.batchNorm'],
    [{ lrSchedule: { type: 'cosine' } }, 'lrSchedule.type'],
    [{ augmentation: { scaleMin: 1.2, scaleMax: 1.1 } }, 'augmentation.scaleMin'],
  ])('rejects %j naming the field %s', (overrides, field) => {
    const error = validationError(() => resolveConfig({ preset: 'baseline', overrides }));
    expect(error.issues.map((issue) => issue.path)).toContain(field);
    expect(error.message).toContain(field);
  });

  it.each([
    [{ validationSplit: 0, earlyStopping: { enabled: true } }, 'earlyStopping.enabled'],
    // 10 images × 0.04 rounds to no validation image at all.
    [
      { trainLimit: 10, validationSplit: 0.04, earlyStopping: { enabled: true } },
      'earlyStopping.enabled',
    ],
    // 1 image × 0.5 rounds to one validation image and none to train on.
    [{ trainLimit: 1, validationSplit: 0.5 }, 'validationSplit'],
  ])(
    'rejects %j, which no worker could train, naming %s and the field it conflicts with',
    (overrides, field) => {
      const error = validationError(() => resolveConfig({ preset: 'baseline', overrides }));
      expect(error.issues.map((issue) => issue.path)).toEqual([field]);
      expect(error.message).toMatch(/validationSplit/);
      expect(error.message).toMatch(/trainLimit/);
    },
  );

  it('accepts early stopping wherever the split holds out an image', () => {
    const config = resolveConfig({
      preset: 'lr-decay-early-stop',
      overrides: { trainLimit: 12, validationSplit: 0.05 },
    });
    expect(config.earlyStopping.enabled).toBe(true);
  });

  it('rejects unknown fields by name, at any depth', () => {
    expect(
      validationError(() => resolveConfig({ overrides: { learningRate: 0.1 } })).message,
    ).toMatch(/learningRate/);
    const nested = validationError(() =>
      resolveConfig({ overrides: { model: { residual: true } } }),
    );
    expect(nested.message).toMatch(/model.*residual/);
  });

  it('rejects overrides that are not an object', () => {
    expect(validationError(() => resolveConfig({ overrides: [1, 2] })).message).toMatch(/object/);
  });

  it('names the known presets when the preset is unknown', () => {
    expect(() => resolveConfig({ preset: 'resnet' })).toThrow(UnknownPresetError);
    expect(() => resolveConfig({ preset: 'resnet' })).toThrow(/baseline/);
    expect(() => resolveConfig({ preset: '../package' })).toThrow(UnknownPresetError);
  });

  it('lists the presets in the order of the seed table', () => {
    expect(listPresets().slice(0, 4)).toEqual([...ABLATION_PRESETS]);
  });
});

describe('configHash', () => {
  it('is the same for equal configs whatever the key order, and differs otherwise', () => {
    const a = resolveConfig({ overrides: { epochs: 3, seed: 2 } });
    const b = resolveConfig({ overrides: { seed: 2, epochs: 3 } });
    expect(configHash(a)).toBe(configHash(b));
    expect(configHash(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(configHash(resolveConfig({ overrides: { epochs: 4, seed: 2 } }))).not.toBe(
      configHash(a),
    );
  });
});
