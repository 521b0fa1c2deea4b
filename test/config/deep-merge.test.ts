import { deepMerge, isPlainObject } from '@lenet-lab/config/deep-merge';

afterEach(() => {
  // A failed pollution test must not leak into the others.
  delete (Object.prototype as Record<string, unknown>).polluted;
});

describe('deepMerge', () => {
  it('merges nested objects key by key, the override winning where both have a value', () => {
    const merged = deepMerge(
      { optimizer: { learningRate: 0.01, momentum: 0.9 }, epochs: 10 },
      { optimizer: { learningRate: 0.1 } },
    );
    expect(merged).toEqual({ optimizer: { learningRate: 0.1, momentum: 0.9 }, epochs: 10 });
  });

  it('merges objects nested several levels deep', () => {
    expect(deepMerge({ a: { b: { c: 1, d: 2 } } }, { a: { b: { d: 3, e: 4 } } })).toEqual({
      a: { b: { c: 1, d: 3, e: 4 } },
    });
  });

  it('replaces arrays whole instead of merging them index by index', () => {
    expect(deepMerge({ filters: [6, 16, 120] }, { filters: [8] })).toEqual({ filters: [8] });
    expect(deepMerge({ filters: { first: 6 } }, { filters: [8] })).toEqual({ filters: [8] });
    expect(deepMerge({ filters: [6] }, { filters: { first: 8 } })).toEqual({
      filters: { first: 8 },
    });
  });

  it('lets null replace an object and an object replace null', () => {
    expect(deepMerge({ schedule: { step: 5 } }, { schedule: null })).toEqual({ schedule: null });
    expect(deepMerge({ schedule: null }, { schedule: { step: 5 } })).toEqual({
      schedule: { step: 5 },
    });
  });

  it('replaces a primitive with an object and an object with a primitive', () => {
    expect(deepMerge({ seed: 1 }, { seed: { value: 2 } })).toEqual({ seed: { value: 2 } });
    expect(deepMerge({ seed: { value: 2 } }, { seed: 3 })).toEqual({ seed: 3 });
  });

  it('keeps an override value of undefined as a key, replacing the base value', () => {
    const merged = deepMerge({ trainLimit: 100 }, { trainLimit: undefined });
    expect('trainLimit' in merged).toBe(true);
    expect(merged.trainLimit).toBeUndefined();
  });

  it('leaves both inputs untouched, nested objects included', () => {
    const base = { optimizer: { learningRate: 0.01 }, tags: ['a'] };
    const override = { optimizer: { momentum: 0.9 }, tags: ['b'] };
    const merged = deepMerge(base, override);
    (merged.optimizer as Record<string, unknown>).learningRate = 1;
    expect(base).toEqual({ optimizer: { learningRate: 0.01 }, tags: ['a'] });
    expect(override).toEqual({ optimizer: { momentum: 0.9 }, tags: ['b'] });
  });

  it('returns a copy of the base when there is nothing to override', () => {
    const base = { epochs: 3 };
    const merged = deepMerge(base, {});
    expect(merged).toEqual(base);
    expect(merged).not.toBe(base);
  });

  it('never reaches Object.prototype through a __proto__ key parsed from JSON', () => {
    const override = JSON.parse('{"__proto__": {"polluted": true}, "epochs": 2}');
    const merged = deepMerge({ epochs: 1, nested: {} }, override);
    expect(merged.epochs).toBe(2);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('never reaches Object.prototype through a nested __proto__ key', () => {
    const override = JSON.parse('{"nested": {"__proto__": {"polluted": true}}}');
    deepMerge({ nested: { keep: 1 } }, override);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('stores a constructor key as a plain field, not merged into the Object function', () => {
    const merged = deepMerge({}, JSON.parse('{"constructor": {"prototype": {"polluted": true}}}'));
    expect(Object.prototype.hasOwnProperty.call(merged, 'constructor')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('isPlainObject', () => {
  it('is true for objects only: not arrays, null or primitives', () => {
    expect(isPlainObject({})).toBe(true);
    expect(isPlainObject({ a: 1 })).toBe(true);
    expect(isPlainObject([])).toBe(false);
    expect(isPlainObject(null)).toBe(false);
    expect(isPlainObject('x')).toBe(false);
    expect(isPlainObject(1)).toBe(false);
    expect(isPlainObject(undefined)).toBe(false);
  });
});
