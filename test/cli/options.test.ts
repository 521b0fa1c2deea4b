import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InvalidArgumentError } from 'commander';
import {
  CliError,
  readAblationDefinition,
  parseJsonObject,
  parseLimit,
  parseList,
  parseSeeds,
  planAblation,
  QUICK_ABLATION,
  formatOfFile,
} from '@lenet-lab/cli';

describe('option parsers', () => {
  it('splits comma-separated lists and drops empty items', () => {
    expect(parseList('baseline, batchnorm,,')).toEqual(['baseline', 'batchnorm']);
    expect(() => parseList(' , ')).toThrow(InvalidArgumentError);
  });

  it('accepts seeds as distinct whole numbers only', () => {
    expect(parseSeeds('1,2,3')).toEqual([1, 2, 3]);
    expect(() => parseSeeds('1,x')).toThrow('"x" is not a seed');
    expect(() => parseSeeds('1,1')).toThrow('repeated');
  });

  it('reads an image limit as a positive number or "all"', () => {
    expect(parseLimit('300')).toBe(300);
    expect(parseLimit('all')).toBeNull();
    expect(() => parseLimit('0')).toThrow(InvalidArgumentError);
  });

  it('accepts only a JSON object for configs and overrides', () => {
    expect(parseJsonObject('{"epochs": 1}')).toEqual({ epochs: 1 });
    expect(() => parseJsonObject('[1]')).toThrow('Expected a JSON object');
    expect(() => parseJsonObject('{epochs')).toThrow('Not valid JSON');
  });

  it('infers a report format from the output file', () => {
    expect(formatOfFile('out/report.HTML')).toBe('html');
    expect(formatOfFile('r.markdown')).toBe('md');
    expect(formatOfFile('r.pdf')).toBeUndefined();
    expect(formatOfFile(undefined)).toBeUndefined();
  });
});

describe('planAblation', () => {
  it('defaults to the quick ablation of every preset', () => {
    const plan = planAblation({});
    expect(plan.presets).toBeUndefined();
    expect(plan.seeds).toEqual(QUICK_ABLATION.seeds);
    expect(plan.overrides).toEqual({ trainLimit: 5000, testLimit: 2000, epochs: 6 });
    expect(plan.name).toBe(
      'quick ablation, seeds 1,2,3 (trainLimit=5000, testLimit=2000, epochs=6)',
    );
  });

  it("runs the seed's whole protocol with --full", () => {
    expect(planAblation({ full: true })).toMatchObject({ seeds: [1, 2, 3], overrides: {} });
  });

  it('lets single flags win over --overrides, and --overrides over the defaults', () => {
    const plan = planAblation({
      preset: ['baseline'],
      seeds: [7],
      overrides: { epochs: 5, batchSize: 128 },
      epochs: 2,
      trainLimit: null,
      name: 'mine',
    });
    expect(plan).toEqual({
      presets: ['baseline'],
      seeds: [7],
      overrides: { trainLimit: null, testLimit: 2000, epochs: 2, batchSize: 128 },
      name: 'mine',
    });
  });
});

describe('an ablation defined in a file', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'lenet-lab-definition-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('reads YAML (and so JSON) into the body POST /api/ablations takes', async () => {
    const file = write(
      'one-factor.yaml',
      [
        'name: optimisers',
        'design: one-factor',
        'steps:',
        '  - name: augment',
        '    config: { augmentation: { enabled: true } }',
        '  - name: bn',
        '    preset: batchnorm',
        'seeds: [1, 2]',
        'overrides: { epochs: 2 }',
      ].join('\n'),
    );
    const definition = await readAblationDefinition(file);
    expect(definition).toEqual({
      name: 'optimisers',
      design: 'one-factor',
      steps: [
        { name: 'augment', config: { augmentation: { enabled: true } } },
        { name: 'bn', preset: 'batchnorm' },
      ],
      seeds: [1, 2],
      overrides: { epochs: 2 },
    });
    const json = write('same.json', JSON.stringify(definition));
    expect(await readAblationDefinition(json)).toEqual(definition);
  });

  it("keeps the file's rows and seeds; its overrides sit between the defaults and the flags", () => {
    const plan = planAblation(
      { epochs: 3 },
      {
        design: 'leave-one-out',
        steps: [{ name: 'a', config: { augmentation: { enabled: true } } }],
        seeds: [4],
        overrides: { batchSize: 32, epochs: 9 },
      },
    );
    expect(plan).toMatchObject({
      design: 'leave-one-out',
      steps: [{ name: 'a' }],
      seeds: [4],
      overrides: { trainLimit: 5000, testLimit: 2000, batchSize: 32, epochs: 3 },
    });
    expect(() => planAblation({ preset: ['baseline'] }, { steps: [{ name: 'a' }] })).toThrow(
      CliError,
    );
  });

  it('names the file and the problem when it is missing, malformed or not an object', async () => {
    await expect(readAblationDefinition(path.join(dir, 'none.yaml'))).rejects.toThrow(
      /cannot read the ablation definition: ENOENT/,
    );
    const broken = write('broken.yaml', 'steps: [unclosed');
    await expect(readAblationDefinition(broken)).rejects.toThrow(
      `${broken} is neither JSON nor YAML`,
    );
    const list = write('list.json', '[1, 2]');
    await expect(readAblationDefinition(list)).rejects.toThrow(`${list} must hold one object`);
  });
});
