import type { EntityManager } from '@mikro-orm/postgresql';
import { LRUCache } from 'lru-cache';

/**
 * A versioned data set: its row in `data_version` and its change table, where a statement-level
 * trigger on each source table records every writing transaction once (its txid). The version is
 * `base` plus the number of change rows: the set of committed changes only grows, so an equal
 * version means equal data. Writers only insert (no shared row to lock); compaction moves the
 * rows it deletes into `base` in the same statement, so no snapshot sees the version change.
 */
export interface VersionedData {
  /** Its key in `data_version`. */
  name: string;
  /** Its change table. */
  changes: string;
  /** Compaction folds the change rows into `base` once there are this many. */
  compactAfter: number;
}

/** What the coverage matrix is computed from (see the coverage migration). */
export const COVERAGE_DATA: VersionedData = { name: 'coverage', changes: 'data_change', compactAfter: 1000 };

/** Everything the API reads, for the response cache (see its migration). */
export const CONTENT_DATA: VersionedData = { name: 'content', changes: 'content_change', compactAfter: 1000 };

/** The data's version as `em`'s snapshot sees it, and how many change rows it holds: one statement. */
export async function readVersion(
  em: EntityManager,
  data: VersionedData,
): Promise<{ version: string; changes: number }> {
  const [row] = await em.execute<{ base: string; changes: number }[]>(
    `select v.base::text as base, (select count(*) from ${data.changes})::int as changes
       from data_version v where v.name = ?`,
    [data.name],
  );
  return { version: (BigInt(row.base) + BigInt(row.changes)).toString(), changes: row.changes };
}

/**
 * Compacts when a version read (`readVersion`'s `changes`) saw `compactAfter` change rows or more:
 * no statement at all otherwise. Every reader of a versioned data set calls this after its read.
 */
export async function compactWhenDue(em: EntityManager, data: VersionedData, changes: number): Promise<void> {
  if (changes >= data.compactAfter) await compactChanges(em, data);
}

/**
 * Folds the change rows into `base` once there are `compactAfter` of them, in one statement (so
 * every snapshot sees the same version before and after; concurrent compactions each fold only
 * the rows they deleted). One cheap statement when there is nothing to do.
 */
async function compactChanges(em: EntityManager, data: VersionedData): Promise<void> {
  await em.execute(
    `with d as (delete from ${data.changes} where (select count(*) from ${data.changes}) >= ? returning 1)
     update data_version set base = base + (select count(*) from d)
      where name = ? and exists (select 1 from d)`,
    [data.compactAfter, data.name],
  );
}

/**
 * Results computed from versioned data, kept per key for as long as the data's version is
 * unchanged; the least recently used go first beyond `capacity`. In-process: each instance keeps
 * its own, and each one sees every instance's writes through the version in the database.
 */
export class VersionedCache<T extends object> {
  private readonly entries: LRUCache<string, { version: string; value: T }>;
  /** Computations running now, by key and version: concurrent misses share one. */
  private readonly running = new Map<string, Promise<T>>();

  constructor(capacity = 64) {
    this.entries = new LRUCache({ max: capacity });
  }

  /**
   * The cached value for this version, or the one being computed for it, or `compute`'s (then
   * kept). Requests that miss at the same moment (a cold cache under load) wait for one
   * computation instead of each running its own; a failure reaches each of them, and the next
   * request computes again.
   */
  async getOrCompute(key: string, version: string, compute: () => Promise<T>): Promise<T> {
    const cached = this.get(key, version);
    if (cached) return cached;
    const id = `${version}|${key}`;
    let running = this.running.get(id);
    if (!running) {
      running = compute().then(
        (value) => {
          this.running.delete(id);
          this.set(key, version, value);
          return value;
        },
        (e: unknown) => {
          this.running.delete(id);
          throw e;
        },
      );
      this.running.set(id, running);
    }
    return running;
  }

  get(key: string, version: string): T | undefined {
    const entry = this.entries.get(key);
    return entry && entry.version === version ? entry.value : undefined;
  }

  set(key: string, version: string, value: T): void {
    this.entries.set(key, { version, value });
  }
}
