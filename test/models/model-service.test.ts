import { configHash, resolveConfig } from '@lenet-lab/config';
import { ExperimentRepository, TrainedModelRepository } from '@lenet-lab/db';
import { ModelService } from '@lenet-lab/models';
import { captureModelArtifacts, createLeNet5, initBackend } from '@lenet-lab/training';
import type { PrismaClient } from '../../libs/db/generated/client';
import { createTestPrisma } from '../support/database';

describe('ModelService', () => {
  let prisma: PrismaClient;
  let service: ModelService;
  let experimentId: string;

  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
    prisma = createTestPrisma();
    const experiments = new ExperimentRepository(prisma);
    const models = new TrainedModelRepository(prisma);
    const config = resolveConfig({ preset: 'baseline' });
    const experiment = await experiments.create({
      name: 'model-service test',
      config,
      configHash: configHash(config),
      seed: 1,
    });
    experimentId = experiment.id;
    await experiments.markRunning(experimentId, { backend: 'wasm', device: 'test' });
    const artifacts = await captureModelArtifacts(createLeNet5({ seed: 3 }));
    await models.save({
      experimentId,
      variant: 'final',
      epoch: 1,
      testAccuracy: null,
      topology: artifacts.modelTopology as never,
      weightSpecs: artifacts.weightSpecs as never,
      weightData: new Uint8Array(artifacts.weightData),
      latency: null,
      backend: 'wasm',
      tfjsVersion: null,
    });
    service = new ModelService({ experiments, models });
  });

  afterAll(async () => {
    service?.close();
    await prisma?.$disconnect();
  });

  it('refuses to serve the model of an experiment that has not completed', async () => {
    await expect(service.find(experimentId)).rejects.toThrow(/running: its model is kept/);
  });

  it('loads a model once and serves later predictions from memory', async () => {
    await new ExperimentRepository(prisma).markCompleted(experimentId, {
      testAccuracy: 0.1,
      bestValAccuracy: null,
      bestEpoch: null,
      epochsRun: 1,
      stoppedEarly: false,
      datasetSha256: {},
      result: {},
    });
    const stored = await service.find(experimentId);
    const first = await service.loaded(stored);
    await service.predict(experimentId, [new Uint8Array(784)]);
    expect(await service.loaded(await service.find(experimentId))).toBe(first);
  });
});
