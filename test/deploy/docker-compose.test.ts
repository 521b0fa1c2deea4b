import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { envSchema } from '@lenet-lab/env';

// Docker cannot run on the development machines, so the file is checked for consistency with
// the code instead: the services it must have, and only environment variables the code reads.
const compose = parse(readFileSync(path.resolve(__dirname, '../../docker-compose.yml'), 'utf8'), {
  merge: true,
});
const packageJson = JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8'));

describe('docker-compose.yml', () => {
  it('has redis, postgres, a one-shot migration, the api and the workers', () => {
    expect(Object.keys(compose.services).sort()).toEqual([
      'api',
      'migrate',
      'postgres',
      'redis',
      'worker',
      'worker-cuda',
    ]);
  });

  it('runs the same npm scripts a user runs by hand', () => {
    for (const [service, script] of [
      ['migrate', 'db:migrate'],
      ['api', 'api'],
      ['worker', 'worker'],
      ['worker-cuda', 'worker'],
    ]) {
      expect(compose.services[service].command).toEqual(['npm', 'run', script]);
      expect(packageJson.scripts[script]).toBeDefined();
    }
  });

  it('uses only environment variables the code validates, and the ones it needs', () => {
    const known = Object.keys(envSchema.shape);
    // Read by NVIDIA's container toolkit, not by lenet-lab.
    const forTheContainerRuntime = (name: string) => name.startsWith('NVIDIA_');
    for (const service of ['migrate', 'api', 'worker', 'worker-cuda']) {
      const variables = Object.keys(compose.services[service].environment);
      expect(
        variables.filter((name) => !known.includes(name) && !forTheContainerRuntime(name)),
      ).toEqual([]);
      expect(variables).toEqual(
        expect.arrayContaining(['DATABASE_URL', 'REDIS_URL', 'QUEUE_PREFIX']),
      );
    }
    expect(compose.services.api.environment.API_KEYS).toBeTruthy();
  });

  it('keeps every BullMQ key in Redis: persistence on, never evict', () => {
    const command = compose.services.redis.command.join(' ');
    expect(command).toMatch(/--appendonly yes/);
    expect(command).toMatch(/--maxmemory-policy noeviction/);
  });

  it('gives every worker one GPU, scalable with --scale worker=N', () => {
    for (const service of ['worker', 'worker-cuda']) {
      const devices = compose.services[service].deploy.resources.reservations.devices;
      expect(devices).toEqual([{ driver: 'nvidia', count: 1, capabilities: ['gpu'] }]);
      expect(compose.services[service].ports).toBeUndefined();
      expect(compose.services[service].container_name).toBeUndefined();
    }
  });

  it('runs webgpu workers by default, on an image with a Vulkan loader and the GPU’s graphics driver', () => {
    const worker = compose.services.worker;
    expect(worker.profiles).toBeUndefined();
    expect(worker.environment.TRAIN_BACKEND).toBe('webgpu');
    // Without `graphics`, the toolkit mounts no Vulkan driver and Dawn finds no adapter.
    expect(worker.environment.NVIDIA_DRIVER_CAPABILITIES.split(',')).toContain('graphics');
    expect(worker.build.dockerfile_inline).toMatch(/apt-get install .*libvulkan1/);
    expect(worker.environment.WEBGPU_ALLOW_SOFTWARE).toBeUndefined();
  });

  it('builds the CUDA worker on a CUDA 11.2 + cuDNN 8 runtime with tfjs-node-gpu at tfjs’s version', () => {
    const worker = compose.services['worker-cuda'];
    expect(worker.profiles).toEqual(['cuda']);
    expect(worker.environment.TRAIN_BACKEND).toBe('tensorflow-gpu');
    const dockerfile: string = worker.build.dockerfile_inline;
    expect(dockerfile).toMatch(/^FROM nvidia\/cuda:11\.2\.\d+-cudnn8-runtime-/m);
    expect(dockerfile).toMatch(/^FROM node:20-/m);
    const tfjsCore = packageJson.dependencies['@tensorflow/tfjs-core'].replace(/^\^/, '');
    expect(dockerfile).toContain(`@tensorflow/tfjs-node-gpu@${tfjsCore}`);
  });

  it('has a healthcheck for every long-running service and waits for the migration', () => {
    for (const service of ['redis', 'postgres', 'api']) {
      expect(compose.services[service].healthcheck?.test).toBeDefined();
    }
    for (const service of ['api', 'worker', 'worker-cuda']) {
      expect(compose.services[service].depends_on.migrate.condition).toBe(
        'service_completed_successfully',
      );
    }
  });
});
