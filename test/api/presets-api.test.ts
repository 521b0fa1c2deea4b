import { ABLATION_PRESETS, resolveConfig } from '@lenet-lab/config';
import { json, useTestApi } from '../support/services';

describe('Presets API', () => {
  const running = useTestApi();

  it('lists the four presets in the seed table’s order, each with the config it trains with', async () => {
    const response = await fetch(`${running.api.url}/api/presets`);
    expect(response.status).toBe(200);
    const { items } = await json(response);

    expect(items.map((preset: { name: string }) => preset.name)).toEqual([...ABLATION_PRESETS]);
    const batchnorm = items[2];
    expect(batchnorm.description).toMatch(/BatchNorm/);
    expect(batchnorm.config).toEqual({
      augmentation: { enabled: true },
      model: { batchNorm: true },
    });
    expect(batchnorm.resolved).toEqual(
      JSON.parse(JSON.stringify(resolveConfig({ preset: 'batchnorm' }))),
    );
    expect(batchnorm.resolved).toMatchObject({
      epochs: 20,
      batchSize: 64,
      model: { batchNorm: true },
    });
    expect(items[0].resolved.model.batchNorm).toBe(false);
  });

  it('serves one preset by name, and answers 404 naming the known ones for any other', async () => {
    const one = await json(fetch(`${running.api.url}/api/presets/lr-decay-early-stop`));
    expect(one.name).toBe('lr-decay-early-stop');
    expect(one.resolved.earlyStopping).toMatchObject({ enabled: true, patience: 3 });

    const missing = await fetch(`${running.api.url}/api/presets/resnet`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: {
        status: 404,
        code: 'UNKNOWN_PRESET',
        message:
          'unknown preset "resnet"; known presets: baseline, augmentation, batchnorm, lr-decay-early-stop',
      },
    });
  });
});
