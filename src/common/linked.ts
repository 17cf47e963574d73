import type { EntityName } from '@mikro-orm/core';
import { readRows } from '../db/query';
import { loadByKey } from './by-id';
import type { RequestContext } from './context';
import { rawSql, sql } from './sql';

/** A pivot table linking owners to the records of `entity` (the list a field resolver shows). */
export interface Link<T extends object> {
  table: string;
  ownerColumn: string;
  targetColumn: string;
  entity: EntityName<T>;
  /** The target's primary key property (matched against `targetColumn`). */
  key: keyof T & string;
  /** Order of each owner's list: by the targets, or as the pivot's `orderColumn` keeps it. */
  compare?(a: T, b: T): number;
  orderColumn?: string;
}

/**
 * The records linked to `ownerId` through `link`, batched per request: the pivot rows of every
 * owner asked for in one statement, the records (read views, see `by-id.ts`) in a second. Cheaper than the ORM's collection
 * loading, which rebuilds and merges the pivot rows per owner, and usable on read views (which
 * have no collections).
 */
export function loadLinked<T extends object>(
  ctx: RequestContext,
  link: Link<T>,
  ownerId: string,
): Promise<T[]> {
  return ctx.loaders
    .get<string, T[]>(`linked:${link.table}`, async (ownerIds) => {
      const rows = await readRows<{ owner: string; target: string }>(
        ctx.em,
        sql`select ${rawSql(link.ownerColumn)} as owner, ${rawSql(link.targetColumn)} as target from ${rawSql(
          link.table,
        )} where ${rawSql(link.ownerColumn)} in (${ownerIds as string[]})${rawSql(
          link.orderColumn ? ` order by ${link.orderColumn}` : '',
        )}`,
      );
      const keys = [...new Set(rows.map((r) => String(r.target)))];
      const found = await Promise.all(keys.map((k) => loadByKey(ctx, link.entity, k, link.key)));
      const targets = found.filter((t): t is Awaited<T> => t != null) as T[];
      const byKey = new Map(targets.map((t) => [String(t[link.key]), t]));
      const byOwner = new Map<string, T[]>();
      for (const row of rows) {
        const target = byKey.get(String(row.target));
        if (!target) continue;
        const list = byOwner.get(row.owner) ?? [];
        list.push(target);
        byOwner.set(row.owner, list);
      }
      const compare = link.compare;
      return ownerIds.map((id) => {
        const list = byOwner.get(id) ?? [];
        return compare ? list.sort(compare) : list;
      });
    })
    .load(ownerId);
}
