import { latencyPerArchitecture } from '@lenet-lab/worker/latency-per-architecture';
import type { LayersModelArtifacts } from '@lenet-lab/training';

const model = (layers: string[], weight: number): LayersModelArtifacts => ({
  modelTopology: { class_name: 'Sequential', config: { layers } },
  weightSpecs: [],
  weightData: new Float32Array([weight]).buffer,
});

describe('latencyPerArchitecture', () => {
  it('measures once per topology, whatever the weights', async () => {
    const measured: string[][] = [];
    const latency = latencyPerArchitecture(async (artifacts) => {
      measured.push((artifacts.modelTopology as { config: { layers: string[] } }).config.layers);
      return [{ batchSize: 1, msPerBatch: measured.length, msPerImage: measured.length, calls: 1 }];
    });
    const plain = await latency(model(['conv', 'dense'], 1));
    expect(await latency(model(['conv', 'dense'], 2))).toBe(plain);
    const withBatchNorm = await latency(model(['conv', 'bn', 'dense'], 1));
    expect(withBatchNorm[0].msPerImage).toBe(2);
    expect(measured).toEqual([
      ['conv', 'dense'],
      ['conv', 'bn', 'dense'],
    ]);
  });

  it('measures again after a failed measurement', async () => {
    let calls = 0;
    const latency = latencyPerArchitecture(async () => {
      calls++;
      if (calls === 1) throw new Error('backend busy');
      return [];
    });
    await expect(latency(model(['conv'], 1))).rejects.toThrow('backend busy');
    await expect(latency(model(['conv'], 1))).resolves.toEqual([]);
    expect(calls).toBe(2);
  });
});
