import { BenchUsageError } from '../../bench/options';
import { parseTrainBenchOptions, trainImagesFor } from '../../bench/train-options';

describe('npm run bench:train options', () => {
  it('defaults to every backend, the baseline, 1 epoch and per-backend image counts', () => {
    const options = parseTrainBenchOptions([], {});
    expect(options).toMatchObject({ preset: 'baseline', epochs: 1, images: null, full: false });
    expect(options.backends).toEqual(['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu']);
    expect(trainImagesFor('cpu', options)).toBe(1_000);
    expect(trainImagesFor('wasm', options)).toBe(10_000);
    expect(trainImagesFor('wasm', parseTrainBenchOptions(['--full'], {}))).toBe(60_000);
  });

  it('takes config fields over the preset as JSON, none by default', () => {
    expect(parseTrainBenchOptions([], {}).overrides).toEqual({});
    const config = '{"model":{"pooling":"avg"},"optimizer":{"type":"adam"}}';
    expect(parseTrainBenchOptions(['--config', config], {}).overrides).toEqual(JSON.parse(config));
  });

  it('takes a list of backends, spaces and repeats allowed', () => {
    const options = parseTrainBenchOptions(['--backends', ' cpu, wasm,cpu', '--images', '500'], {});
    expect(options.backends).toEqual(['wasm', 'cpu']);
    expect(trainImagesFor('cpu', options)).toBe(500);
  });

  it.each([
    [['--backends', 'wasm,metal'], '--backends: unknown "metal"'],
    [['--backends', ''], '--backends'],
    [['--epochs', '0'], '--epochs'],
    [['--images', '60001'], '--images'],
    [['--turbo'], 'turbo'],
    [['--config', '{model'], '--config is not JSON'],
    [['--config', '[1]'], '--config must be a JSON object'],
    [['--config', '{"model":{"activation":"relu6"}}'], 'model.activation'],
  ])('refuses %j with a message naming %s', (argv, message) => {
    const parse = () => parseTrainBenchOptions(argv, {});
    expect(parse).toThrow(BenchUsageError);
    expect(parse).toThrow(message);
  });
});
