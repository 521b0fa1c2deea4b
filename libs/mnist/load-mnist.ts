import { buildDataset } from './build-dataset';
import { DATASET_REGISTRY, type DatasetSpec } from './dataset-registry';
import { limitImageSet } from './limit-image-set';
import { resolveLoadMnistOptions, type LoadMnistOptions } from './load-mnist-options';
import type { DatasetSource } from './sources/dataset-source';
import { resolveSource } from './sources/resolve-source';
import type { Dataset } from './types';

/**
 * Full datasets already read in this process, keyed by source. A worker trains many
 * experiments, and reading, hashing and parsing 55 MB for each would be waste. Promises are
 * kept so that concurrent first calls share one read. Filled on first call, never at import.
 */
const loaded = new Map<string, Promise<Dataset>>();

/**
 * MNIST, or another dataset of the registry (`options.dataset`), from the first available
 * source (see LoadMnistOptions.sources), verified against the official checksums. The arrays
 * are shared between calls: treat them as read-only.
 */
export async function loadMnist(options: LoadMnistOptions = {}): Promise<Dataset> {
  const resolved = resolveLoadMnistOptions(options);
  const spec = DATASET_REGISTRY[resolved.dataset];
  const full = await loadFullDataset(spec, resolveSource(spec, resolved));
  return {
    ...full,
    sha256: { ...full.sha256 },
    train: limitImageSet(full.train, resolved.trainLimit, 'train'),
    test: limitImageSet(full.test, resolved.testLimit, 'test'),
  };
}

/** Forgets every dataset read so far, e.g. to release the memory or in tests. */
export function clearMnistCache(): void {
  loaded.clear();
}

function loadFullDataset(spec: DatasetSpec, source: DatasetSource): Promise<Dataset> {
  const key = `${spec.name}|${source.key}`;
  const existing = loaded.get(key);
  if (existing !== undefined) return existing;

  const pending = source.readFiles().then((files) => buildDataset(spec, files, source.description));
  loaded.set(key, pending);
  // A failure (e.g. a network error) must not be remembered, so that a later call can retry.
  pending.catch(() => {
    if (loaded.get(key) === pending) loaded.delete(key);
  });
  return pending;
}
