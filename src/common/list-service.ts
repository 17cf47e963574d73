import { RequestContext } from './context';
import { OrderDirection } from './enums';
import { matchingIds, paginate, paginateByParent, Selection } from './list-query';
import { orderSpec } from './order';
import { Page, pageSize } from './pagination';
import { Sql } from './sql';

/** A list's arguments as the services take them (`XFilter`, `XOrder`, the page and the selection). */
export interface ListArgs<F, O> {
  filter?: F | null;
  orderBy?: O | null;
  first?: number | null;
  after?: string | null;
  /** The properties the items need (see `view-props.ts`); all when absent. */
  only?: readonly string[] | null;
}

/** What a feature service tells `listService` about its list. */
export interface ListSpec<T extends { id: string }, F, K extends string> {
  /** The rows the viewer may see (alias `e`), narrowed by the filter. */
  visibleQuery(ctx: RequestContext, filter: F | null | undefined): Selection<T>;
  /** The order fields' entity properties and columns. */
  orderFields: Record<K, { prop: string; column: string }>;
  /** The order when the client names none. */
  defaultOrder: { field: K; direction: OrderDirection };
  /**
   * Checks what the filter names that SQL cannot reject by itself (region codes), naming `path`
   * (`filter`) in its errors; nothing to check when absent.
   */
  checkFilter?(ctx: RequestContext, filter: F | null | undefined, path: string): Promise<void>;
}

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
export function listService<T extends { id: string }, F, K extends string>(spec: ListSpec<T, F, K>) {
  type Args = ListArgs<F, { field: K; direction?: OrderDirection | null }>;
  const orderOf = (args: Args) => orderSpec(spec.orderFields, args.orderBy, spec.defaultOrder);
  const checkFilter = async (ctx: RequestContext, filter: F | null | undefined, path = 'filter') => {
    if (spec.checkFilter) await spec.checkFilter(ctx, filter, path);
  };
  return {
    /** Rejects what the filter names that SQL cannot reject by itself (BAD_USER_INPUT on `<path>.…`). */
    checkFilter,

    /**
     * Which of `ids` the viewer may see and `filter` matches: the same rules as the list query,
     * used to route live announcements to subscribers.
     */
    matchingIds(ctx: RequestContext, filter: F | null | undefined, ids: readonly string[]) {
      return matchingIds(ctx.em, spec.visibleQuery(ctx, filter), ids);
    },

    /** One page of the visible rows the filter matches. */
    async list(ctx: RequestContext, args: Args): Promise<Page<T>> {
      if (spec.checkFilter) await spec.checkFilter(ctx, args.filter, 'filter');
      const order = orderOf(args);
      return paginate(
        ctx.em,
        spec.visibleQuery(ctx, args.filter),
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
          if (spec.checkFilter) await spec.checkFilter(ctx, args.filter, 'filter');
          return paginateByParent(
            ctx.em,
            spec.visibleQuery(ctx, args.filter),
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
