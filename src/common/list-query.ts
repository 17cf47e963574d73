import type { EntityManager, Knex, QueryBuilder } from '@mikro-orm/postgresql';
import { ReferenceKind, type EntityDictionary, type EntityName } from '@mikro-orm/core';
import { OrderDirection } from './enums';
import { CursorKind, CursorPosition, decodeCursor, encodeCursor, Page } from './pagination';
import { readView } from './read-view';
import type { Sql } from './sql';

/** How a list is ordered: an entity property (and its column) plus the id as tie-breaker. */
export interface OrderSpec {
  prop: string;
  column: string;
  direction: OrderDirection;
}

type Row = { id: string } & object;

/**
 * `em.map` passes its options on to `em.merge`: rows read for display need neither the merge's
 * cascade over every relation nor its validation (measured: a third of a nested page's cost).
 * The typing of `em.map` names only `schema`, hence the cast.
 */
const READ_ONLY_MAP = { cascade: false, validate: false } as { schema?: string };

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

/** Decodes a list's `after` for a query builder ordered by `order.prop`, with its sort type. */
function decodeAfter<T extends object>(
  qb: QueryBuilder<T>,
  order: OrderSpec,
  after: string | null | undefined,
): CursorPosition | null {
  const props = qb.mainAlias.metadata?.properties as Record<string, { runtimeType?: string }> | undefined;
  const runtimeType = props?.[order.prop]?.runtimeType ?? '';
  return decodeCursor(
    after,
    'after',
    Object.hasOwn(CURSOR_KINDS, runtimeType) ? CURSOR_KINDS[runtimeType] : undefined,
  );
}

function keysetCondition(order: OrderSpec, after: CursorPosition): Record<string, unknown> {
  const op = order.direction === OrderDirection.ASC ? '$gt' : '$lt';
  return {
    $or: [{ [order.prop]: { [op]: after.value } }, { [order.prop]: after.value, id: { [op]: after.id } }],
  };
}

/**
 * Selects what `em.find` would load: every column but the lazy ones (the search vectors), which
 * `select *` would otherwise drag into each row. Same rule as the ORM's `Platform.shouldHaveColumn`.
 */
function selectLoadedColumns<T extends object>(qb: QueryBuilder<T>): void {
  const meta = qb.mainAlias.metadata;
  if (!meta?.props.some((p) => p.lazy)) return;
  const fields = meta.props
    .filter(
      (p) =>
        !p.lazy &&
        !p.formula &&
        p.persist !== false &&
        (p.kind === ReferenceKind.SCALAR ||
          p.kind === ReferenceKind.MANY_TO_ONE ||
          (p.kind === ReferenceKind.EMBEDDED && p.object) ||
          (p.kind === ReferenceKind.ONE_TO_ONE && p.owner)),
    )
    .map((p) => p.name);
  qb.select(fields as never);
}

/**
 * One page of a filtered query builder (alias `e`), ordered by `order` then id, with keyset
 * pagination: page 50 costs the same as page 1. The total is counted only when asked for.
 */
export async function paginate<T extends Row>(
  qb: QueryBuilder<T>,
  order: OrderSpec,
  size: number,
  after: string | null | undefined,
): Promise<Page<T>> {
  selectLoadedColumns(qb);
  const countQb = qb.clone();
  let total: Promise<number> | null = null;
  const totalCount = () => (total ??= countQb.getCount('id', true));
  const position = decodeAfter(qb, order, after);
  if (size === 0) return { items: [], cursors: [], hasNextPage: false, totalCount };
  if (position) qb.andWhere(keysetCondition(order, position) as never);
  const dir = order.direction === OrderDirection.ASC ? 'asc' : 'desc';
  qb.orderBy({ [order.prop]: dir, id: dir } as never).limit(size + 1);
  const rows = await qb.getResultList();
  const items = rows.slice(0, size);
  return {
    items,
    cursors: items.map((item) => encodeCursor({ value: sortValue(item, order.prop), id: item.id })),
    hasNextPage: rows.length > size,
    totalCount,
  };
}

/**
 * Pages of a child list for many parents in two statements at most (rows, and counts when asked):
 * `row_number()` over each parent's partition keeps the first `size + 1` rows of each. Used by
 * nested connections (an actor's services, an initiative's materials) through per-request loaders.
 *
 * @param parentColumn SQL expression naming the parent id in `qb`, e.g. `e.actor_id`.
 * @param options.readViews the rows as read views (see {@link readView}) instead of managed
 *   entities: for lists whose field resolvers load collections through loaders.
 * @param options.join a join (the SQL after `join`) that `parentColumn` reads, e.g. a derived
 *   table of (row, parent) pairs when a row belongs to several parents.
 */
export async function paginateByParent<T extends Row>(
  em: EntityManager,
  entity: EntityName<T>,
  qb: QueryBuilder<T>,
  parentColumn: string,
  parentIds: readonly string[],
  order: OrderSpec,
  size: number,
  after: string | null | undefined,
  options: { readViews?: boolean; join?: Sql } = {},
): Promise<Page<T>[]> {
  const join = options.join;
  const joined = (kq: Knex.QueryBuilder) =>
    join ? kq.joinRaw(`join ${join.text}`, [...join.params] as Knex.Value[]) : kq;
  const knex = em.getKnex();
  const position = decodeAfter(qb, order, after);
  selectLoadedColumns(qb);
  qb.andWhere(`${parentColumn} in (?)`, [parentIds as string[]]);
  const countQb = qb.clone();
  let counts: Promise<Map<string, number>> | null = null;
  const countFor = (parentId: string) => async () => {
    counts ??= (async () => {
      const kq = joined(countQb.getKnexQuery())
        .clearSelect()
        .clearOrder()
        .select(knex.raw(`${parentColumn} as parent`), knex.raw('count(distinct e.id)::int as n'))
        .groupBy(knex.raw(parentColumn));
      const rows: { parent: string; n: number }[] = await em.getConnection().execute(kq);
      return new Map(rows.map((r) => [r.parent, r.n]));
    })();
    return (await counts).get(parentId) ?? 0;
  };
  const pages = new Map<string, { items: T[]; hasNextPage: boolean }>();
  if (size > 0) {
    if (position) qb.andWhere(keysetCondition(order, position) as never);
    const dir = order.direction === OrderDirection.ASC ? 'asc' : 'desc';
    const inner = joined(qb.getKnexQuery())
      .clearOrder()
      .select(
        knex.raw(`${parentColumn} as __parent`),
        knex.raw(
          `row_number() over (partition by ${parentColumn} order by e.${order.column} ${dir}, e.id ${dir}) as __rn`,
        ),
      );
    const outer = knex
      .select('*')
      .from(inner.as('t'))
      .where('__rn', '<=', size + 1)
      .orderBy(['__parent', '__rn']);
    const rows: Record<string, unknown>[] = await em.getConnection().execute(outer);
    for (const row of rows) {
      const parent = row.__parent as string;
      delete row.__parent;
      delete row.__rn;
      const page = pages.get(parent) ?? { items: [], hasNextPage: false };
      if (page.items.length < size)
        page.items.push(
          options.readViews
            ? readView(em, entity, row)
            : (em.map(entity, row as EntityDictionary<T>, READ_ONLY_MAP) as T),
        );
      else page.hasNextPage = true;
      pages.set(parent, page);
    }
  }
  return parentIds.map((id) => {
    const page = pages.get(id) ?? { items: [], hasNextPage: false };
    return {
      items: page.items,
      cursors: page.items.map((item) => encodeCursor({ value: sortValue(item, order.prop), id: item.id })),
      hasNextPage: page.hasNextPage,
      totalCount: countFor(id),
    };
  });
}

/**
 * Which of `ids` a filtered query builder (alias `e`) matches, in one statement: the list's own
 * visibility and filter rules, used to route live announcements to subscribers.
 */
export async function matchingIds<T extends Row>(
  qb: QueryBuilder<T>,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await qb
    .select('e.id')
    .andWhere({ id: { $in: [...ids] } } as never)
    .execute<{ id: string }[]>('all', false);
  return new Set(rows.map((r) => r.id));
}

/** Narrows a query builder by an SQL condition with bound values; nothing when there is none. */
export function andWhereSql<T extends object>(qb: QueryBuilder<T>, condition: Sql | null | undefined): void {
  if (condition?.text) qb.andWhere(condition.text, [...condition.params]);
}
