import { ModelCache } from '@lenet-lab/models';

describe('ModelCache', () => {
  it('loads a key once, even for concurrent first requests', async () => {
    let loads = 0;
    const cache = new ModelCache<string>(2, () => undefined);
    const load = async () => `model ${++loads}`;
    const [a, b] = await Promise.all([cache.get('x', load), cache.get('x', load)]);
    expect([a, b, await cache.get('x', load)]).toEqual(['model 1', 'model 1', 'model 1']);
    expect(loads).toBe(1);
  });

  it('drops the least recently used entry beyond its capacity and releases it', async () => {
    const released: string[] = [];
    const cache = new ModelCache<string>(2, (value) => released.push(value));
    await cache.get('a', async () => 'A');
    await cache.get('b', async () => 'B');
    await cache.get('a', async () => 'A again'); // a is now the most recent
    await cache.get('c', async () => 'C');
    await new Promise((resolve) => setImmediate(resolve));
    expect(released).toEqual(['B']);
    expect(cache.size).toBe(2);
    expect(await cache.get('a', async () => 'reloaded')).toBe('A');
  });

  it('forgets a failed load, so the next request tries again', async () => {
    const cache = new ModelCache<string>(2, () => undefined);
    await expect(cache.get('x', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await cache.get('x', async () => 'ok')).toBe('ok');
  });
});
