import type { EntityName } from '@mikro-orm/core';
import { readRows } from '../db/query';
import type { RequestContext } from './context';
import { tableOf, viewShape } from './read-view';
import { anyOf, rawSql, sql } from './sql';

/**
 * Read views of `entity` by a unique column (`id` by default), batched per request: every key asked
 * for in the same tick is read by one statement. Null for a key no row has. No visibility rules:
 * the caller decides what the viewer may see.
 */
export function loadByKey<T extends object>(
  ctx: Pick<RequestContext, 'em' | 'loaders'>,
  entity: EntityName<T>,
  key: string,
  column = 'id',
): Promise<T | null> {
  const name = typeof entity === 'string' ? entity : (entity as { name: string }).name;
  return ctx.loaders
    .get<string, T | null>(`byKey:${name}.${column}`, async (keys) => {
      const shape = viewShape(ctx.em, entity);
      const col = rawSql(`e."${column}"`);
      const rows = await readRows(
        ctx.em,
        sql`select ${shape.columns('e')} from ${tableOf(ctx.em, entity)} e where ${col} ${anyOf(keys as string[])}`,
        { prepare: true },
      );
      const found = new Map<string, T>();
      for (const row of rows) found.set(String(row[column]), shape.map(row));
      return keys.map((k) => found.get(k) ?? null);
    })
    .load(key);
}

/** Read views of `entity` by id (see {@link loadByKey}). */
export function loadById<T extends object>(
  ctx: Pick<RequestContext, 'em' | 'loaders'>,
  entity: EntityName<T>,
  id: string,
): Promise<T | null> {
  return loadByKey(ctx, entity, id);
}

/** Read views of `entity` for each id, in order (absent ones left out). */
export async function loadManyById<T extends object>(
  ctx: Pick<RequestContext, 'em' | 'loaders'>,
  entity: EntityName<T>,
  ids: readonly string[],
): Promise<T[]> {
  const found = await Promise.all(ids.map((id) => loadById(ctx, entity, id)));
  return found.filter((x): x is Awaited<T> => x != null) as T[];
}
