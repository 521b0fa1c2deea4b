import { architectureOf, latencyPerArchitecture } from '@lenet-lab/worker/latency-per-architecture';
import {
  captureModelArtifacts,
  createLeNet5,
  initBackend,
  type LayersModelArtifacts,
} from '@lenet-lab/training';

const model = (layers: string[], weight: number): LayersModelArtifacts => ({
  modelTopology: {
    class_name: 'Sequential',
    config: { layers: layers.map((name) => ({ class_name: name, config: { seed: weight } })) },
  },
  weightSpecs: [],
  weightData: new Float32Array([weight]).buffer,
});

describe('latencyPerArchitecture', () => {
  it('measures once per sequence of layer classes, whatever the weights and initialiser seeds', async () => {
    const measured: string[][] = [];
    const latency = latencyPerArchitecture(async (artifacts) => {
      measured.push(architectureOf(artifacts).split(' > '));
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

  it('gives LeNet-5 one architecture per BatchNorm setting, whatever the seed', async () => {
    await initBackend({ backend: 'wasm' });
    const architecture = async (batchNorm: boolean, seed: number) => {
      const lenet = createLeNet5({ batchNorm, seed });
      try {
        return architectureOf(await captureModelArtifacts(lenet));
      } finally {
        lenet.dispose();
      }
    };
    expect(await architecture(false, 1)).toBe(await architecture(false, 2));
    expect(await architecture(true, 1)).toBe(await architecture(true, 3));
    expect(await architecture(true, 1)).not.toBe(await architecture(false, 1));
    expect(await architecture(true, 1)).toMatch(/BatchNormalization/);
  });

  it('tells LeNet-5 widths apart, and names them', async () => {
    await initBackend({ backend: 'wasm' });
    const architecture = async (width?: {
      conv1: number;
      conv2: number;
      fc1: number;
      fc2: number;
    }) => {
      const lenet = createLeNet5({ width });
      try {
        return architectureOf(await captureModelArtifacts(lenet));
      } finally {
        lenet.dispose();
      }
    };
    expect(await architecture()).toMatch(/ReLU > MaxPooling2D > .* \(widths 6, 16, 120, 84, 10\)$/);
    expect(await architecture({ conv1: 12, conv2: 32, fc1: 240, fc2: 168 })).toMatch(
      /\(widths 12, 32, 240, 168, 10\)$/,
    );
  });
});
