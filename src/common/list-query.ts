import type { EntityName } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { readRows } from '../db/query';
import { OrderDirection } from './enums';
import { CursorKind, CursorPosition, decodeCursor, encodeCursor, lazyCursorPage, Page } from './pagination';
import { tableOf, viewShape } from './read-view';
import { anyOf, joinSql, rawSql, Sql, sql } from './sql';

/** How a list is ordered: an entity property (and its column) plus the id as tie-breaker. */
/**
 * A list filter's values as the services take them: null when none are given (no condition),
 * else each value once.
 */
export function present<T>(list: readonly T[] | null | undefined): T[] | null {
  return list?.length ? [...new Set(list)] : null;
}

export interface OrderSpec {
  prop: string;
  column: string;
  direction: OrderDirection;
}

type Row = { id: string } & object;

/**
 * The rows of one table that a list shows: the records of `entity` (alias `e`) for which every
 * condition holds (the viewer's visibility and the filter). What a feature service's
 * `visibleQuery` returns; lists, nested lists, counts, search and subscriptions read it.
 */
export interface Selection<T extends object> {
  entity: EntityName<T>;
  where: readonly Sql[];
}

/** A selection of `entity`'s rows where all `conditions` hold (absent ones are left out). */
export function selection<T extends object>(
  entity: EntityName<T>,
  ...conditions: (Sql | null | undefined)[]
): Selection<T> {
  return { entity, where: conditions.filter((c): c is Sql => !!c?.text) };
}

/** The selection narrowed by more conditions. */
export function narrowed<T extends object>(
  s: Selection<T>,
  ...conditions: (Sql | null | undefined)[]
): Selection<T> {
  return selection(s.entity, ...s.where, ...conditions);
}

/** `from <table> e [join …] where …` of a selection. */
export function fromWhere<T extends object>(em: EntityManager, s: Selection<T>, join?: Sql | null): Sql {
  const where = s.where.length ? joinSql(s.where, ' and ') : rawSql('true');
  return sql`from ${tableOf(em, s.entity)} e${join ? sql` join ${join}` : rawSql('')} where ${where}`;
}

function sortValue(item: Row, prop: string): CursorPosition['value'] {
  const v = (item as Record<string, unknown>)[prop];
  if (v instanceof Date || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return null;
}

const CURSOR_KINDS: Record<string, CursorKind> = {
  Date: 'date',
  string: 'string',
  number: 'number',
  boolean: 'boolean',
};

/** Decodes a list's `after` for a list of `entity` ordered by `order.prop`, with its sort type. */
function decodeAfter<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  order: OrderSpec,
  after: string | null | undefined,
): CursorPosition | null {
  if (after == null) return null;
  const props = em.getMetadata().get(entity as never).properties as Record<string, { runtimeType?: string }>;
  const runtimeType = props[order.prop]?.runtimeType ?? '';
  return decodeCursor(
    after,
    'after',
    Object.hasOwn(CURSOR_KINDS, runtimeType) ? CURSOR_KINDS[runtimeType] : undefined,
  );
}

/** After the position: `(col > v) or (col = v and id > id)` (`col is null` for a null value). */
function keysetCondition(order: OrderSpec, after: CursorPosition): Sql {
  const op = rawSql(order.direction === OrderDirection.ASC ? '>' : '<');
  const col = rawSql(`e."${order.column}"`);
  if (after.value === null) return sql`(${col} is null and e.id ${op} ${after.id})`;
  return sql`(${col} ${op} ${after.value} or (${col} = ${after.value} and e.id ${op} ${after.id}))`;
}

function orderBy(order: OrderSpec): Sql {
  const dir = order.direction === OrderDirection.ASC ? 'asc' : 'desc';
  return rawSql(`e."${order.column}" ${dir}, e.id ${dir}`);
}

/** The properties a page reads: those its client selected (see `view-props.ts`) and its sort's. */
function readsFor(order: OrderSpec, only: readonly string[] | null): readonly string[] | null {
  return only ? [...only, order.prop] : null;
}

/** The visible rows' page cursors, from the sort value and id of each. */
function cursorsOf<T extends Row>(items: T[], order: OrderSpec): string[] {
  return items.map((item) => encodeCursor({ value: sortValue(item, order.prop), id: item.id }));
}

/**
 * One page of a selection as read views, ordered by `order` then id, with keyset pagination:
 * page 50 costs the same as page 1. The total is counted (one more statement) only when asked for.
 * With `only`, the views hold just those properties (and the id and sort ones).
 */
export async function paginate<T extends Row>(
  em: EntityManager,
  s: Selection<T>,
  order: OrderSpec,
  size: number,
  after: string | null | undefined,
  only: readonly string[] | null = null,
): Promise<Page<T>> {
  const from = fromWhere(em, s);
  let total: Promise<number> | null = null;
  const totalCount = () =>
    (total ??= readRows<{ n: number }>(em, sql`select count(*)::int as n ${from}`).then((r) => r[0].n));
  const position = decodeAfter(em, s.entity, order, after);
  if (size === 0) return { items: [], cursors: [], hasNextPage: false, totalCount };
  const shape = viewShape(em, s.entity, readsFor(order, only));
  const page = position ? fromWhere(em, narrowed(s, keysetCondition(order, position))) : from;
  const rows = await readRows(
    em,
    sql`select ${shape.columns('e')} ${page} order by ${orderBy(order)} limit ${size + 1}`,
    { prepare: true },
  );
  const items = rows.slice(0, size).map((r) => shape.map(r));
  return lazyCursorPage(items, rows.length > size, totalCount, (xs) => cursorsOf(xs, order));
}

/**
 * Pages of a child list for many parents in two statements at most (rows, and counts when asked):
 * `row_number()` over each parent's partition keeps the first `size + 1` rows of each. Used by
 * nested connections (an actor's services, an initiative's materials) through per-request loaders.
 *
 * @param parentColumn SQL expression naming the parent id, e.g. `e.actor_id`.
 * @param options.join a join (the SQL after `join`) that `parentColumn` reads, e.g. a derived
 *   table of (row, parent) pairs when a row belongs to several parents.
 */
export async function paginateByParent<T extends Row>(
  em: EntityManager,
  s: Selection<T>,
  parentColumn: string,
  parentIds: readonly string[],
  order: OrderSpec,
  size: number,
  after: string | null | undefined,
  options: { join?: Sql; only?: readonly string[] | null } = {},
): Promise<Page<T>[]> {
  const parent = rawSql(parentColumn);
  const position = decodeAfter(em, s.entity, order, after);
  const ofParents = narrowed(s, sql`${parent} ${anyOf(parentIds as string[])}`);
  let counts: Promise<Map<string, number>> | null = null;
  const countFor = (parentId: string) => async () => {
    counts ??= readRows<{ parent: string; n: number }>(
      em,
      sql`select ${parent} as parent, count(distinct e.id)::int as n ${fromWhere(em, ofParents, options.join)} group by ${parent}`,
      { prepare: true },
    ).then((rows) => new Map(rows.map((r) => [r.parent, r.n])));
    return (await counts).get(parentId) ?? 0;
  };
  const pages = new Map<string, { items: T[]; hasNextPage: boolean }>();
  if (size > 0) {
    const shape = viewShape(em, s.entity, readsFor(order, options.only ?? null));
    const rowsOf = position ? narrowed(ofParents, keysetCondition(order, position)) : ofParents;
    const rows = await readRows<Record<string, unknown>>(
      em,
      sql`select * from (select ${shape.columns('e')}, ${parent} as __parent,
          row_number() over (partition by ${parent} order by ${orderBy(order)}) as __rn
        ${fromWhere(em, rowsOf, options.join)}) t
      where __rn <= ${size + 1} order by __parent, __rn`,
      { prepare: true },
    );
    for (const row of rows) {
      const id = row.__parent as string;
      const page = pages.get(id) ?? { items: [], hasNextPage: false };
      if (page.items.length < size) page.items.push(shape.map(row));
      else page.hasNextPage = true;
      pages.set(id, page);
    }
  }
  return parentIds.map((id) => {
    const page = pages.get(id) ?? { items: [], hasNextPage: false };
    return lazyCursorPage(page.items, page.hasNextPage, countFor(id), (xs) => cursorsOf(xs, order));
  });
}

/**
 * Which of `ids` a selection holds, in one statement: the list's own visibility and filter rules,
 * used to route live announcements to subscribers.
 */
export async function matchingIds<T extends object>(
  em: EntityManager,
  s: Selection<T>,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await readRows<{ id: string }>(
    em,
    sql`select e.id ${fromWhere(em, narrowed(s, sql`e.id ${anyOf(ids as string[])}`))}`,
  );
  return new Set(rows.map((r) => r.id));
}

/** The read views of a selection, in the given order (no paging: bounded lists such as units). */
export async function listAll<T extends object>(
  em: EntityManager,
  s: Selection<T>,
  order: Sql,
): Promise<T[]> {
  const shape = viewShape(em, s.entity);
  const rows = await readRows(em, sql`select ${shape.columns('e')} ${fromWhere(em, s)} order by ${order}`);
  return rows.map((r) => shape.map(r));
}

/** The ids of a selection's rows in `order`, a slice of them (offset paging, e.g. open-data APIs). */
export async function idsOf<T extends object>(
  em: EntityManager,
  s: Selection<T>,
  order: Sql,
  limit: number,
  offset = 0,
): Promise<string[]> {
  const rows = await readRows<{ id: string }>(
    em,
    sql`select e.id ${fromWhere(em, s)} order by ${order} limit ${limit} offset ${offset}`,
  );
  return rows.map((r) => r.id);
}

/** How many rows a selection holds. */
export async function countOf<T extends object>(em: EntityManager, s: Selection<T>): Promise<number> {
  const rows = await readRows<{ n: number }>(em, sql`select count(*)::int as n ${fromWhere(em, s)}`);
  return rows[0].n;
}
