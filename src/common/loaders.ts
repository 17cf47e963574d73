import DataLoader from 'dataloader';

/** Per-request DataLoaders, created on first use under a key (e.g. field name + arguments). */
export class LoaderRegistry {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  get<K, V>(key: string, batch: (keys: readonly K[]) => Promise<(V | Error)[]>): DataLoader<K, V> {
    let loader = this.loaders.get(key) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V>(batch, { maxBatchSize: 1000 });
      this.loaders.set(key, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }
}
