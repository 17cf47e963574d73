import type { EntityManager } from '@mikro-orm/postgresql';

/** Compaction folds `data_change` into `data_version.base` once it holds this many rows. */
const COMPACT_AFTER = 1000;

/**
 * Results computed from versioned data (see DataVersion), kept per key for as long as the data's
 * version is unchanged; the oldest entries go first beyond `capacity`. In-process: each instance
 * keeps its own, and each one sees every instance's writes through the version in the database.
 */
export class VersionedCache<T> {
  private readonly entries = new Map<string, { version: string; value: T }>();

  constructor(private readonly capacity = 64) {}

  get(key: string, version: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.version !== version) return undefined;
    // Most recently used last.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, version: string, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, { version, value });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}

/** The coverage sources' version as seen by `em`'s transaction (its snapshot). */
export async function coverageVersion(em: EntityManager): Promise<string> {
  const [row] = await em.execute<{ version: string }[]>(
    `select (v.base + (select count(*) from data_change))::text as version
       from data_version v where v.name = 'coverage'`,
  );
  return row.version;
}

/**
 * Folds the recorded changes into the base once they are many, in one statement (so every
 * snapshot sees the same version before and after; concurrent compactions each fold only the rows
 * they deleted). One cheap statement when there is nothing to do.
 */
export async function compactCoverageChanges(em: EntityManager): Promise<void> {
  await em.execute(
    `with d as (delete from data_change where (select count(*) from data_change) >= ? returning 1)
     update data_version set base = base + (select count(*) from d)
      where name = 'coverage' and exists (select 1 from d)`,
    [COMPACT_AFTER],
  );
}
