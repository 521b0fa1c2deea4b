import type { RunningApi } from '@lenet-lab/api';
import type { Env } from '@lenet-lab/env';
import type { PrismaClient } from '../../libs/db/generated/client';
import { createTestPrisma } from '../support/database';
import { cleanQueuePrefix, json, startTestApi, testEnv } from '../support/services';

/** Small enough that nothing here waits on training: no worker runs in this file. */
const QUICK = { trainLimit: 500, testLimit: 200, epochs: 1 };

describe('Ablations defined by steps over REST', () => {
  let env: Env;
  let api: RunningApi;
  let prisma: PrismaClient;

  beforeAll(async () => {
    env = testEnv();
    api = await startTestApi(env);
    prisma = createTestPrisma();
  });

  afterAll(async () => {
    await api?.close();
    await prisma?.$disconnect();
    if (env) await cleanQueuePrefix(env);
  });

  const send = (method: string, path: string, body?: unknown) =>
    fetch(`${api.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const ablationsNamed = (name: string) => prisma.ablation.count({ where: { name } });

  it('makes one-factor rows from inline steps: labels, configs, cells and the definition', async () => {
    const response = await send('POST', '/api/ablations', {
      name: 'one-factor over REST',
      design: 'one-factor',
      baseline: { config: { optimizer: { learningRate: 0.02 } } },
      steps: [
        { name: 'augment', config: { augmentation: { enabled: true } } },
        { name: 'seed batchnorm', preset: 'batchnorm' },
      ],
      seeds: [1, 2],
      overrides: QUICK,
    });
    expect(response.status).toBe(201);
    const ablation = await json(response);
    expect(ablation).toMatchObject({
      presets: ['baseline', 'augment', 'seed batchnorm'],
      design: 'one-factor',
      definition: {
        design: 'one-factor',
        steps: [{ name: 'augment' }, { name: 'seed batchnorm' }],
      },
    });
    expect(ablation.progress.presets.map((row: { preset: string }) => row.preset)).toEqual([
      'baseline',
      'augment',
      'seed batchnorm',
    ]);
    expect(
      ablation.experiments.map((cell: { row: string; seed: number; preset: string | null }) => [
        cell.row,
        cell.seed,
        cell.preset,
      ]),
    ).toEqual([
      ['baseline', 1, null],
      ['baseline', 2, null],
      ['augment', 1, null],
      ['augment', 2, null],
      ['seed batchnorm', 1, null],
      ['seed batchnorm', 2, null],
    ]);

    const stored = await prisma.experiment.findMany({
      where: { ablationId: ablation.id, seed: 1 },
      orderBy: { createdAt: 'asc' },
    });
    const byRow = new Map(stored.map((e) => [e.ablationRow, e.config as Record<string, never>]));
    // One factor each: the baseline's learning rate everywhere, each step's own change alone.
    expect(byRow.get('baseline')).toMatchObject({
      optimizer: { learningRate: 0.02 },
      augmentation: { enabled: false },
      model: { batchNorm: false },
      ...QUICK,
    });
    expect(byRow.get('augment')).toMatchObject({
      optimizer: { learningRate: 0.02 },
      augmentation: { enabled: true },
      model: { batchNorm: false },
    });
    // The batchnorm preset brings its augmentation too: a preset step applies all its fields.
    expect(byRow.get('seed batchnorm')).toMatchObject({
      optimizer: { learningRate: 0.02 },
      augmentation: { enabled: true },
      model: { batchNorm: true },
    });
    expect(stored.find((e) => e.ablationRow === 'augment')?.name).toBe('augment-seed1');

    // A re-run rebuilds the same rows from the stored definition.
    await send('DELETE', `/api/ablations/${ablation.id}`);
    const rerun = await json(send('POST', `/api/ablations/${ablation.id}/rerun`));
    expect(rerun.rerun).toHaveLength(6);
    const again = await prisma.experiment.findMany({ where: { id: { in: rerun.rerun } } });
    for (const cell of again) {
      const first = await prisma.experiment.findFirstOrThrow({
        where: { ablationId: ablation.id, ablationRow: cell.ablationRow, seed: cell.seed },
        orderBy: { createdAt: 'asc' },
      });
      expect(cell.configHash).toBe(first.configHash);
    }
    await send('DELETE', `/api/ablations/${ablation.id}`);
  });

  it('makes leave-one-out rows, the row of every step first', async () => {
    const response = await send('POST', '/api/ablations', {
      name: 'leave-one-out over REST',
      design: 'leave-one-out',
      steps: [
        { name: 'augment', config: { augmentation: { enabled: true } } },
        { name: 'bn', config: { model: { batchNorm: true } } },
      ],
      seeds: [3],
      overrides: QUICK,
    });
    expect(response.status).toBe(201);
    const ablation = await json(response);
    expect(ablation.presets).toEqual(['all steps', 'without augment', 'without bn']);
    const configs = await prisma.experiment.findMany({ where: { ablationId: ablation.id } });
    const fields = new Map(configs.map((e) => [e.ablationRow, e.config as Record<string, never>]));
    expect(fields.get('all steps')).toMatchObject({
      augmentation: { enabled: true },
      model: { batchNorm: true },
    });
    expect(fields.get('without augment')).toMatchObject({
      augmentation: { enabled: false },
      model: { batchNorm: true },
    });
    await send('DELETE', `/api/ablations/${ablation.id}`);
  });

  it('makes one row per value of a sweep, on the baseline', async () => {
    const response = await send('POST', '/api/ablations', {
      name: 'sweep over REST',
      baseline: { config: { augmentation: { enabled: true } } },
      sweep: { field: 'trainLimit', values: [600, 1200, 6000] },
      seeds: [5],
      overrides: { testLimit: 200, epochs: 1 },
    });
    expect(response.status).toBe(201);
    const ablation = await json(response);
    expect(ablation).toMatchObject({
      name: 'sweep over REST',
      design: 'sweep',
      presets: ['trainLimit=600', 'trainLimit=1200', 'trainLimit=6000'],
      definition: { design: 'sweep', sweep: { field: 'trainLimit', values: [600, 1200, 6000] } },
    });
    const cells = await prisma.experiment.findMany({ where: { ablationId: ablation.id } });
    expect(
      cells
        .map((e) => e.config as { trainLimit: number; augmentation: { enabled: boolean } })
        .map((config) => [config.trainLimit, config.augmentation.enabled])
        .sort((a, b) => Number(a[0]) - Number(b[0])),
    ).toEqual([
      [600, true],
      [1200, true],
      [6000, true],
    ]);
    await send('DELETE', `/api/ablations/${ablation.id}`);
  });

  it.each([
    [
      'a step whose config cannot train',
      {
        steps: [
          { name: 'ok', config: { augmentation: { enabled: true } } },
          { name: 'broken', config: { optimizer: { learningRate: -1 } } },
        ],
      },
      'INVALID_CONFIG',
      /steps\[1\]\.optimizer\.learningRate: .*\(step "broken", with the overrides\)/,
    ],
    [
      'a step with an unknown field',
      { steps: [{ name: 'typo', config: { augmentaton: { enabled: true } } }] },
      'INVALID_CONFIG',
      /steps\[0\]: unknown field "augmentaton"/,
    ],
    [
      'leave-one-out steps that conflict',
      {
        design: 'leave-one-out',
        steps: [
          { name: 'fast', config: { optimizer: { learningRate: 0.1 } } },
          { name: 'slow', config: { optimizer: { learningRate: 0.001 } } },
        ],
      },
      'BAD_REQUEST',
      /steps\[0\] "fast" and steps\[1\] "slow" both set optimizer\.learningRate/,
    ],
    [
      'presets and steps together',
      { presets: ['baseline'], steps: [{ name: 'a', config: { epochs: 2 } }] },
      'BAD_REQUEST',
      /steps: give one of presets, steps or sweep: each says what the rows are/,
    ],
    ['a design without steps', { design: 'one-factor' }, 'BAD_REQUEST', /design: needs steps/],
    [
      'two steps of one name',
      {
        steps: [
          { name: 'a', config: { epochs: 2 } },
          { name: 'a', config: { epochs: 3 } },
        ],
      },
      'BAD_REQUEST',
      /steps: must not repeat a step name/,
    ],
    [
      'a sweep of a field that is not a numeric config field',
      { sweep: { field: 'augmentation.enabled', values: [0, 1] } },
      'BAD_REQUEST',
      /sweep\.field: "augmentation\.enabled" is not a numeric config field; sweepable: .*trainLimit/,
    ],
    [
      'a sweep value the field cannot take',
      { sweep: { field: 'batchSize', values: [64, 0] } },
      'INVALID_CONFIG',
      /sweep\.values\[1\]\.batchSize: .*\(batchSize=0, with the overrides\)/,
    ],
    [
      'overrides that set the swept field',
      { sweep: { field: 'epochs', values: [1, 2] } },
      'BAD_REQUEST',
      /overrides\.epochs: sweep\.field sets it too/,
    ],
    [
      'a sweep and steps together',
      {
        sweep: { field: 'epochs', values: [1, 2] },
        steps: [{ name: 'a', config: { batchSize: 32 } }],
      },
      'BAD_REQUEST',
      /sweep: give one of presets, steps or sweep/,
    ],
    [
      'overrides that undo a step',
      { steps: [{ name: 'longer', config: { epochs: 2 } }] },
      'BAD_REQUEST',
      /overrides\.epochs: steps\[0\] "longer" sets it too/,
    ],
    [
      'a step with neither preset nor config',
      { steps: [{ name: 'empty' }] },
      'BAD_REQUEST',
      /a step needs a preset or a config/,
    ],
  ])('refuses %s with a 400 that names it, writing nothing', async (_, body, code, message) => {
    const name = `refused ${code} ${Math.random()}`;
    const response = await send('POST', '/api/ablations', {
      name,
      seeds: [1],
      overrides: QUICK,
      ...body,
    });
    expect(response.status).toBe(400);
    const { error } = await json(response);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(await ablationsNamed(name)).toBe(0);
  });
});
