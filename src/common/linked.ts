import type { EntityName } from '@mikro-orm/core';
import { readRows } from '../db/query';
import { loadByKey } from './by-id';
import { tableOf, viewShape } from './read-view';
import type { RequestContext } from './context';
import { anyOf, rawSql, sql } from './sql';

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
  /**
   * Read the pivot rows and their records in one joined statement rather than two: for small
   * records that many owners share (taxonomy terms), where repeating them costs less than a round trip.
   */
  joined?: boolean;
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
      if (link.joined) return loadJoined(ctx, link, ownerIds);
      const rows = await readRows<{ owner: string; target: string }>(
        ctx.em,
        sql`select ${rawSql(link.ownerColumn)} as owner, ${rawSql(link.targetColumn)} as target from ${rawSql(
          link.table,
        )} where ${rawSql(link.ownerColumn)} ${anyOf(ownerIds as string[])}${rawSql(
          link.orderColumn ? ` order by ${link.orderColumn}` : '',
        )}`,
        { prepare: true },
      );
      const keys = [...new Set(rows.map((r) => String(r.target)))];
      const found = await Promise.all(keys.map((k) => loadByKey(ctx, link.entity, k, link.key)));
      const targets = found.filter((t): t is Awaited<T> => t != null) as T[];
      const byKey = new Map(targets.map((t) => [String(t[link.key]), t]));
      return listsByOwner(
        ownerIds,
        rows.map((row) => [row.owner, byKey.get(String(row.target))]),
        link.compare,
      );
    })
    .load(ownerId);
}

/** {@link loadLinked}'s batch as one statement: each pivot row joined to its record. */
async function loadJoined<T extends object>(
  ctx: RequestContext,
  link: Link<T>,
  ownerIds: readonly string[],
): Promise<T[][]> {
  const shape = viewShape(ctx.em, link.entity);
  const meta = ctx.em.getMetadata().get<T>(link.entity as never);
  const keyColumn = (meta.properties as Record<string, { fieldNames: string[] }>)[link.key].fieldNames[0];
  const rows = await readRows(
    ctx.em,
    sql`select p.${rawSql(`"${link.ownerColumn}"`)} as "__owner", ${shape.columns('e')} from ${rawSql(
      link.table,
    )} p join ${tableOf(ctx.em, link.entity)} e on e.${rawSql(`"${keyColumn}"`)} = p.${rawSql(
      `"${link.targetColumn}"`,
    )} where p.${rawSql(`"${link.ownerColumn}"`)} ${anyOf(ownerIds as string[])}${rawSql(
      link.orderColumn ? ` order by p."${link.orderColumn}"` : '',
    )}`,
    { prepare: true },
  );
  return listsByOwner(
    ownerIds,
    rows.map((row) => [String(row.__owner), shape.map(row)]),
    link.compare,
  );
}

/** Each owner's records, in the order of `pairs` or by `compare` (an absent record left out). */
function listsByOwner<T>(
  ownerIds: readonly string[],
  pairs: [owner: string, record: T | undefined][],
  compare?: (a: T, b: T) => number,
): T[][] {
  const byOwner = new Map<string, T[]>();
  for (const [owner, record] of pairs) {
    if (record === undefined) continue;
    const list = byOwner.get(owner) ?? [];
    list.push(record);
    byOwner.set(owner, list);
  }
  return ownerIds.map((id) => {
    const list = byOwner.get(id) ?? [];
    return compare ? list.sort(compare) : list;
  });
}
