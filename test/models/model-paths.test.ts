import { experimentPath, modelPaths } from '@lenet-lab/models/model-paths';

describe('model paths', () => {
  it('names every file of an experiment’s model under its path, the variant in each query', () => {
    expect(modelPaths('/api/experiments/e1', 'best')).toEqual({
      models: '/api/experiments/e1/models',
      tfjs: '/api/experiments/e1/model?variant=best',
      weights: '/api/experiments/e1/model.weights.bin?variant=best',
      onnx: '/api/experiments/e1/model.onnx?variant=best',
      predict: '/api/experiments/e1/predict?variant=best',
    });
  });

  it('leaves the query out without a variant, so the API serves the reported model', () => {
    expect(modelPaths('http://h:3000/api/experiments/e1').onnx).toBe(
      'http://h:3000/api/experiments/e1/model.onnx',
    );
  });

  it('encodes an id as one path segment, parentheses too (they would end a Markdown link)', () => {
    expect(experimentPath('a b/(c)')).toBe('/api/experiments/a%20b%2F%28c%29');
  });
});
