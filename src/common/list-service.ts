import type { EntityManager } from '@mikro-orm/postgresql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequestContext } from './context';
import { OrderDirection } from './enums';
import { matchingIds, paginate, paginateByParent, Selection } from './list-query';
import { orderSpec } from './order';
import { Page, PageArgs, pageSize } from './pagination';
import { Sql } from './sql';
import { selectedProps } from './view-props';

/** A list's arguments as the services take them (`XFilter`, `XOrder`, the page and the selection). */
export interface ListArgs<F, O> {
  filter?: F | null;
  orderBy?: O | null;
  first?: number | null;
  after?: string | null;
  /** The properties the items need (see `view-props.ts`); all when absent. */
  only?: readonly string[] | null;
}

/**
 * A list field's arguments as the services take them, from its resolver's: the filter, order and
 * page, and the properties the query selects of the items (the page reads only those columns).
 */
export function listArgs<F, O>(
  info: GraphQLResolveInfo,
  page: PageArgs,
  filter?: F,
  orderBy?: O,
): ListArgs<F, O> {
  return { filter, orderBy, ...page, only: selectedProps(info) };
}

/** The order fields of a list: each field's entity property and column. */
export type OrderFields<K extends string> = Record<K, { prop: string; column: string }>;

/**
 * Checks what a filter names that SQL cannot reject by itself (region codes), naming `path` in its
 * errors: `requireRegionScope` of the region feature, for the lists filtered by region.
 */
export type FilterCheck<F> = (em: EntityManager, filter: F | null | undefined, path: string) => Promise<void>;

/**
 * How a nested list reaches its parents: the per-request loader's name, the SQL naming the parent
 * id (`e.actor_id`) and, when a row has several parents, the join (after `join`) that column reads.
 */
export interface ParentLink {
  name: string;
  column: string;
  join?: Sql;
}

/**
 * The list operations that events, initiatives, materials and offerings share: the page of the
 * visible rows, the same page for many parents at once, and which ids a filter matches. Each
 * feature keeps its own `visibleQuery`; this holds the one way of paging it, so the lists cannot
 * drift apart in how they check, order and batch.
 */
export function listService<T extends { id: string }, F, K extends string>(
  /** The rows the viewer may see (alias `e`), narrowed by the filter. */
  visibleQuery: (ctx: RequestContext, filter: F | null | undefined) => Selection<T>,
  orderFields: OrderFields<K>,
  /** The order when the client names none. */
  defaultOrder: { field: K; direction: OrderDirection },
  /** Nothing is checked before the query when absent. */
  check?: FilterCheck<F>,
) {
  type Args = ListArgs<F, { field: K; direction?: OrderDirection | null }>;
  const orderOf = (args: Args) => orderSpec(orderFields, args.orderBy, defaultOrder);
  const checkFilter = async (ctx: RequestContext, filter: F | null | undefined, path = 'filter') => {
    if (check) await check(ctx.em, filter, path);
  };
  return {
    /** Rejects what the filter names that SQL cannot reject by itself (BAD_USER_INPUT on `<path>.…`). */
    checkFilter,

    /**
     * Which of `ids` the viewer may see and `filter` matches: the same rules as the list query,
     * used to route live announcements to subscribers.
     */
    matchingIds(ctx: RequestContext, filter: F | null | undefined, ids: readonly string[]) {
      return matchingIds(ctx.em, visibleQuery(ctx, filter), ids);
    },

    /** One page of the visible rows the filter matches. */
    async list(ctx: RequestContext, args: Args): Promise<Page<T>> {
      if (check) await check(ctx.em, args.filter, 'filter');
      const order = orderOf(args);
      return paginate(
        ctx.em,
        visibleQuery(ctx, args.filter),
        order,
        pageSize(args.first),
        args.after,
        args.only ?? null,
      );
    },

    /** One parent's page; requests for many parents with the same arguments share one batch. */
    forParent(ctx: RequestContext, parent: ParentLink, parentId: string, args: Args): Promise<Page<T>> {
      const size = pageSize(args.first);
      const order = orderOf(args);
      return ctx.loaders
        .pages<string, Page<T>>(parent.name, args, async (ids, only) => {
          if (check) await check(ctx.em, args.filter, 'filter');
          return paginateByParent(
            ctx.em,
            visibleQuery(ctx, args.filter),
            parent.column,
            ids,
            order,
            size,
            args.after,
            { join: parent.join, only },
          );
        })
        .load(parentId);
    },
  };
}
