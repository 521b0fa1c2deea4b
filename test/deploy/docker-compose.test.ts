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
    ]);
  });

  it('runs the same npm scripts a user runs by hand', () => {
    for (const [service, script] of [
      ['migrate', 'db:migrate'],
      ['api', 'api'],
      ['worker', 'worker'],
    ]) {
      expect(compose.services[service].command).toEqual(['npm', 'run', script]);
      expect(packageJson.scripts[script]).toBeDefined();
    }
  });

  it('uses only environment variables the code validates, and the ones it needs', () => {
    const known = Object.keys(envSchema.shape);
    for (const service of ['migrate', 'api', 'worker']) {
      const variables = Object.keys(compose.services[service].environment);
      expect(variables.filter((name) => !known.includes(name))).toEqual([]);
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
    const devices = compose.services.worker.deploy.resources.reservations.devices;
    expect(devices).toEqual([{ driver: 'nvidia', count: 1, capabilities: ['gpu'] }]);
    expect(compose.services.worker.ports).toBeUndefined();
    expect(compose.services.worker.container_name).toBeUndefined();
  });

  it('has a healthcheck for every long-running service and waits for the migration', () => {
    for (const service of ['redis', 'postgres', 'api']) {
      expect(compose.services[service].healthcheck?.test).toBeDefined();
    }
    for (const service of ['api', 'worker']) {
      expect(compose.services[service].depends_on.migrate.condition).toBe(
        'service_completed_successfully',
      );
    }
  });
});
