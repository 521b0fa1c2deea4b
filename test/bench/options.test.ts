import {
  BenchUsageError,
  DEFAULT_BENCH_DATABASE_URL,
  DEFAULT_PEER_SCRIPT,
  parseBenchOptions,
  SECTIONS,
} from '../../bench/options';

const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseBenchOptions(argv, env)!;

function usageError(argv: string[]): BenchUsageError {
  try {
    parse(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(BenchUsageError);
    return error as BenchUsageError;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
}

describe('parseBenchOptions', () => {
  it('runs every section on the full training set for one epoch by default', () => {
    const options = parse([]);
    expect(options.sections).toEqual([...SECTIONS]);
    expect(options.backends).toEqual(['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu']);
    expect(options.images).toBe(60_000);
    expect(options.cpuImages).toBe(1_000);
    expect(options.epochs).toBe(1);
    expect(options.peerScript).toBe(DEFAULT_PEER_SCRIPT);
    expect(options.ablation).toEqual({
      trainLimit: 5_000,
      testLimit: 2_000,
      epochs: 3,
      seeds: [1],
      workers: [1, 2],
    });
  });

  it('gives the peer script beside the repository as ../shared/peer/seed_lenet.py', () => {
    expect(DEFAULT_PEER_SCRIPT.endsWith('/shared/peer/seed_lenet.py')).toBe(true);
  });

  it('uses a database of its own unless DATABASE_URL is set', () => {
    expect(parse([]).databaseUrl).toBe(DEFAULT_BENCH_DATABASE_URL);
    const url = 'postgresql://postgres@db:5432/mine';
    expect(parse([], { DATABASE_URL: url, REDIS_URL: 'redis://r:6379' })).toMatchObject({
      databaseUrl: url,
      redisUrl: 'redis://r:6379',
    });
  });

  it('runs the named sections in their fixed order', () => {
    expect(parse(['--only', 'ablation, train']).sections).toEqual(['train', 'ablation']);
  });

  it('shrinks every default with --quick, and an explicit flag still wins', () => {
    const options = parse(['--quick', '--images', '8000']);
    expect(options.quick).toBe(true);
    expect(options.images).toBe(8_000);
    expect(options.cpuImages).toBeLessThan(1_000);
    expect(options.ablation.trainLimit).toBeLessThan(5_000);
  });

  it('reads lists of seeds and worker counts', () => {
    const options = parse(['--ablation-seeds', '1,2,3', '--ablation-workers', '1,4']);
    expect(options.ablation.seeds).toEqual([1, 2, 3]);
    expect(options.ablation.workers).toEqual([1, 4]);
  });

  it('returns null for --help', () => {
    expect(parseBenchOptions(['--help'], {})).toBeNull();
  });

  it.each([
    [['--frobnicate'], '--frobnicate'],
    [['--epochs', '0'], '--epochs'],
    [['--epochs', '1.5'], '--epochs'],
    [['--images', '70000'], '--images'],
    [['--only', 'train,warp'], '--only'],
    [['--backends', 'metal'], '--backends'],
    [['--ablation-seeds', ''], '--ablation-seeds'],
    [['--json', ' '], '--json'],
  ])('refuses %j with a message naming %s', (argv, flag) => {
    expect(usageError(argv).message).toContain(flag);
  });
});
