import DataLoader from 'dataloader';

/** Per-request DataLoaders, created on first use under a key (e.g. field name + arguments). */
export class LoaderRegistry {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();
  private readonly columns = new Map<string, { all: boolean; props: Set<string> }>();

  /**
   * A loader of list pages keyed by the list's arguments except `only` (the entity properties its
   * items need, null or absent for all): callers that differ in what they select (the same list
   * under `edges` and `nodes`, say) share one batch, which reads the union of their properties.
   */
  pages<K, V>(
    name: string,
    args: { only?: readonly string[] | null },
    batch: (keys: readonly K[], only: readonly string[] | null) => Promise<(V | Error)[]>,
  ): DataLoader<K, V> {
    const { only, ...rest } = args;
    const key = `${name}:${JSON.stringify(rest)}`;
    let wanted = this.columns.get(key);
    if (!wanted) this.columns.set(key, (wanted = { all: false, props: new Set() }));
    if (only == null) wanted.all = true;
    else for (const p of only) wanted.props.add(p);
    const read = wanted;
    return this.get<K, V>(key, (keys) => batch(keys, read.all ? null : [...read.props]));
  }

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
