import DataLoader from 'dataloader';

/** Per-request DataLoaders, created on first use under a key (e.g. field name + arguments). */
export class LoaderRegistry {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  get<K, V>(key: string, batch: (keys: readonly K[]) => Promise<(V | Error)[]>): DataLoader<K, V> {
    let loader = this.loaders.get(key) as DataLoader<K, V> | undefined;
    if (!loader) {
      // A batch that throws at once (a filter with a malformed id, say) rejects every load with
      // that error, which keeps its code; DataLoader would wrap it in a TypeError of its own.
      const safe = (keys: readonly K[]) => {
        try {
          return batch(keys);
        } catch (e) {
          return Promise.reject(e as Error);
        }
      };
      loader = new DataLoader<K, V>(safe, { maxBatchSize: 1000 });
      this.loaders.set(key, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }
}
