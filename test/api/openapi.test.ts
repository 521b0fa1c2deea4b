import { experimentConfigSchema } from '@lenet-lab/config';
import { openApiDocument } from '@lenet-lab/api/openapi-document';
import { json, useTestApi } from '../support/services';

describe('GET /openapi.json', () => {
  const running = useTestApi();

  it('serves an OpenAPI 3.1 document listing every route the API has', async () => {
    const document = await json(fetch(`${running.api.url}/openapi.json`));
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths).sort()).toEqual([
      '/api/ablations',
      '/api/ablations/{id}',
      '/api/ablations/{id}/events',
      '/api/ablations/{id}/report',
      '/api/ablations/{id}/rerun',
      '/api/experiments',
      '/api/experiments/{id}',
      '/api/experiments/{id}/events',
      '/api/experiments/{id}/metrics.csv',
      '/api/experiments/{id}/model',
      '/api/experiments/{id}/model.onnx',
      '/api/experiments/{id}/model.weights.bin',
      '/api/experiments/{id}/models',
      '/api/experiments/{id}/predict',
      '/api/presets',
      '/api/presets/{name}',
      '/healthz',
    ]);
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const method of Object.keys(operations as object)) {
        const concrete = path.replace('{id}', '00000000-0000-4000-8000-000000000000');
        const response = await fetch(`${running.api.url}${concrete}`, {
          method: method.toUpperCase(),
        });
        // The route exists: whatever it answers (404 for the made-up id is fine), it is not
        // "no such route".
        expect(await response.text()).not.toMatch(/route (GET|POST|DELETE) /);
      }
    }
  });

  it('derives the config schema from the zod schema that validates configs', () => {
    const config = openApiDocument().components.schemas.ExperimentConfig as {
      properties: Record<string, { minimum?: number; maximum?: number; default?: unknown }>;
    };
    expect(config.properties.epochs).toMatchObject({ minimum: 1, maximum: 200, default: 20 });
    expect(config.properties.batchSize).toMatchObject({ minimum: 1, maximum: 4096, default: 64 });
    expect(Object.keys(config.properties).sort()).toEqual(
      Object.keys(experimentConfigSchema.shape).sort(),
    );
  });
});
