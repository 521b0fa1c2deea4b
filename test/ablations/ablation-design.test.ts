import {
  leafFields,
  numericConfigFields,
  partsOnBaseline,
  rowsOfDefinition,
  rowsOfPresets,
  type AblationDefinition,
  type AblationStep,
  type ConfigPart,
  type StepDesign,
} from '@lenet-lab/ablations';
import { InvalidRequestError } from '@lenet-lab/errors';

const AUGMENT: AblationStep = { name: 'augment', config: { augmentation: { enabled: true } } };
const BATCHNORM: AblationStep = { name: 'bn', config: { model: { batchNorm: true } } };
const DECAY: AblationStep = { name: 'decay', config: { lrSchedule: { type: 'step' } } };

const define = (
  design: StepDesign,
  steps: AblationStep[] = [AUGMENT, BATCHNORM, DECAY],
  baseline: ConfigPart & { name?: string } = { config: { epochs: 2 } },
): AblationDefinition => ({ design, baseline, steps });

const labelsAndConfigs = (definition: AblationDefinition) =>
  rowsOfDefinition(definition).map((row) => [row.label, row.config]);

describe('rowsOfDefinition', () => {
  it('cumulative: each row adds its step to the row before', () => {
    expect(labelsAndConfigs(define('cumulative'))).toEqual([
      ['baseline', { epochs: 2 }],
      ['augment', { epochs: 2, augmentation: { enabled: true } }],
      ['bn', { epochs: 2, augmentation: { enabled: true }, model: { batchNorm: true } }],
      [
        'decay',
        {
          epochs: 2,
          augmentation: { enabled: true },
          model: { batchNorm: true },
          lrSchedule: { type: 'step' },
        },
      ],
    ]);
  });

  it('one-factor: each row is the baseline plus its own step only', () => {
    expect(labelsAndConfigs(define('one-factor'))).toEqual([
      ['baseline', { epochs: 2 }],
      ['augment', { epochs: 2, augmentation: { enabled: true } }],
      ['bn', { epochs: 2, model: { batchNorm: true } }],
      ['decay', { epochs: 2, lrSchedule: { type: 'step' } }],
    ]);
  });

  it('leave-one-out: the first row has every step, each other row lacks one', () => {
    expect(labelsAndConfigs(define('leave-one-out'))).toEqual([
      [
        'all steps',
        {
          epochs: 2,
          augmentation: { enabled: true },
          model: { batchNorm: true },
          lrSchedule: { type: 'step' },
        },
      ],
      ['without augment', { epochs: 2, model: { batchNorm: true }, lrSchedule: { type: 'step' } }],
      ['without bn', { epochs: 2, augmentation: { enabled: true }, lrSchedule: { type: 'step' } }],
      ['without decay', { epochs: 2, augmentation: { enabled: true }, model: { batchNorm: true } }],
    ]);
  });

  it("takes a step's preset fields, then its config over them, and names the baseline row", () => {
    const rows = rowsOfDefinition(
      define(
        'one-factor',
        [{ name: 'seed-bn', preset: 'batchnorm', config: { augmentation: { enabled: false } } }],
        { name: 'plain' },
      ),
    );
    expect(rows.map((row) => [row.label, row.preset, row.config, row.source])).toEqual([
      ['plain', null, {}, 'baseline'],
      [
        'seed-bn',
        null,
        { augmentation: { enabled: false }, model: { batchNorm: true } },
        'baseline + steps[0] "seed-bn"',
      ],
    ]);
  });

  it('refuses two leave-one-out steps that set one field differently, naming both', () => {
    const fast = { name: 'fast', config: { optimizer: { learningRate: 0.1 } } };
    const slow = { name: 'slow', config: { optimizer: { learningRate: 0.001 } } };
    const refusal = () => rowsOfDefinition(define('leave-one-out', [AUGMENT, fast, slow]));
    expect(refusal).toThrow(InvalidRequestError);
    expect(refusal).toThrow(
      'steps[1] "fast" and steps[2] "slow" both set optimizer.learningRate (0.1 and 0.001)',
    );
    // The same steps are fine where they never apply together.
    expect(rowsOfDefinition(define('one-factor', [AUGMENT, fast, slow]))).toHaveLength(4);
  });

  it('accepts leave-one-out steps that agree on a shared field', () => {
    const a = { name: 'a', config: { epochs: 3, augmentation: { enabled: true } } };
    const b = { name: 'b', config: { epochs: 3, model: { batchNorm: true } } };
    expect(rowsOfDefinition(define('leave-one-out', [a, b]))[0].config).toEqual({
      epochs: 3,
      augmentation: { enabled: true },
      model: { batchNorm: true },
    });
  });

  it('refuses a step named like the first row, and a step whose preset does not exist', () => {
    expect(() =>
      rowsOfDefinition(define('one-factor', [{ name: 'baseline', config: { epochs: 1 } }])),
    ).toThrow('steps[0].name: "baseline" already names the one-factor design\'s first row');
    expect(() =>
      rowsOfDefinition(define('leave-one-out', [{ name: 'all steps', config: { epochs: 1 } }])),
    ).toThrow('"all steps" already names the leave-one-out design\'s first row');
    expect(() =>
      rowsOfDefinition(define('cumulative', [AUGMENT, { name: 'x', preset: 'no-such-preset' }])),
    ).toThrow(/^steps\[1\] "x": unknown preset "no-such-preset"/);
  });
});

describe('a sweep', () => {
  const sweep = (field: string, values: number[]): AblationDefinition => ({
    design: 'sweep',
    baseline: { config: { epochs: 2 } },
    sweep: { field, values },
  });

  it('makes one row per value of the field, on the baseline, in the given order', () => {
    expect(labelsAndConfigs(sweep('trainLimit', [1000, 20000, 5000]))).toEqual([
      ['trainLimit=1000', { epochs: 2, trainLimit: 1000 }],
      ['trainLimit=20000', { epochs: 2, trainLimit: 20000 }],
      ['trainLimit=5000', { epochs: 2, trainLimit: 5000 }],
    ]);
    expect(labelsAndConfigs(sweep('optimizer.learningRate', [0.1, 0.01]))).toEqual([
      ['optimizer.learningRate=0.1', { epochs: 2, optimizer: { learningRate: 0.1 } }],
      ['optimizer.learningRate=0.01', { epochs: 2, optimizer: { learningRate: 0.01 } }],
    ]);
  });

  it('sweeps only numeric config fields (those defaulting to null included), never the seed', () => {
    const fields = numericConfigFields();
    expect(fields).toEqual(
      expect.arrayContaining([
        'trainLimit',
        'testLimit',
        'batchSize',
        'epochs',
        'optimizer.learningRate',
        'augmentation.rotationDegrees',
      ]),
    );
    expect(fields).not.toContain('seed');
    expect(fields).not.toContain('augmentation.enabled');
    for (const field of ['augmentation.enabled', 'seed', 'optimizer.lr']) {
      expect(() => rowsOfDefinition(sweep(field, [1, 2]))).toThrow(
        `sweep.field: "${field}" is not a numeric config field; sweepable: `,
      );
    }
  });

  it('checks each value on the baseline, named by its place in the sweep', () => {
    expect(partsOnBaseline(sweep('batchSize', [32, 64])).map((part) => part.path)).toEqual([
      'baseline',
      'sweep.values[0]',
      'sweep.values[1]',
    ]);
  });
});

describe('partsOnBaseline', () => {
  it('lists the baseline, then each step on the baseline alone', () => {
    expect(partsOnBaseline(define('cumulative', [AUGMENT, BATCHNORM]))).toEqual([
      { path: 'baseline', label: 'baseline', config: { epochs: 2 } },
      {
        path: 'steps[0]',
        label: 'step "augment"',
        config: { epochs: 2, augmentation: { enabled: true } },
      },
      { path: 'steps[1]', label: 'step "bn"', config: { epochs: 2, model: { batchNorm: true } } },
    ]);
  });
});

describe('rowsOfPresets', () => {
  it('makes one row per preset, named and resolved by the preset', () => {
    expect(rowsOfPresets(['baseline', 'batchnorm'])).toEqual([
      { label: 'baseline', preset: 'baseline', config: {}, source: 'baseline' },
      { label: 'batchnorm', preset: 'batchnorm', config: {}, source: 'batchnorm' },
    ]);
  });
});

describe('leafFields', () => {
  it('flattens nested objects to dotted paths and keeps arrays whole', () => {
    expect(leafFields({ a: { b: 1, c: { d: [1, 2] } }, e: null })).toEqual([
      ['a.b', '1'],
      ['a.c.d', '[1,2]'],
      ['e', 'null'],
    ]);
  });
});
