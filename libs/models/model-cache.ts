/**
 * Loaded models by key, least recently used dropped beyond `capacity`. Holds promises, so
 * concurrent first requests for a model share one load; a failed load is forgotten.
 */
export class ModelCache<T> {
  private readonly entries = new Map<string, Promise<T>>();

  constructor(
    private readonly capacity: number,
    private readonly release: (value: T) => void,
  ) {}

  get(key: string, load: () => Promise<T>): Promise<T> {
    let entry = this.entries.get(key);
    if (entry) {
      // Map keeps insertion order: re-inserting marks the entry most recently used.
      this.entries.delete(key);
      this.entries.set(key, entry);
      return entry;
    }
    entry = load();
    this.entries.set(key, entry);
    entry.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    while (this.entries.size > this.capacity) {
      const [oldestKey, oldest] = this.entries.entries().next().value!;
      this.entries.delete(oldestKey);
      oldest.then(this.release, () => undefined);
    }
    return entry;
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    for (const entry of this.entries.values()) entry.then(this.release, () => undefined);
    this.entries.clear();
  }
}
