// The entry points start from the validated environment: a bad variable, LOG_LEVEL included,
// stops the process with one line naming it, before it touches Redis or PostgreSQL.
import { spawnWorker, testEnv } from '../support/services';

describe('a service started with a bad environment', () => {
  it.each([
    ['LOG_LEVEL', 'loud', /LOG_LEVEL/],
    ['MNIST_MIRROR', 'ftp://mirror/mnist', /MNIST_MIRROR must be a URL/],
    ['JOB_LOCK_MS', '-5', /JOB_LOCK_MS/],
  ])('exits 1 and names %s', async (name, value, message) => {
    const worker = spawnWorker(testEnv(), { [name]: value });
    const code = await worker.stop('SIGCONT');
    expect(code).toBe(1);
    const lines = worker.output().trim().split('\n');
    const fatal = lines.map((line) => JSON.parse(line)).find((entry) => entry.level === 60);
    expect(fatal?.msg).toMatch(/invalid environment/);
    expect(fatal?.msg).toMatch(message);
  });
});
