import { InvalidArgumentError } from 'commander';
import {
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
