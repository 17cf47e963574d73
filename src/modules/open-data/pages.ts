import type { RequestContext } from '../../common/context';
import type { InternalQueries, InternalQuery } from './internal-query';

/** A GraphQL connection as the open-data reads select it. */
export interface Connection<T> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: T[];
}

/** The most rows one GraphQL page holds (the lists' own maximum). */
const PAGE = 100;

/**
 * Up to `max` rows of a GraphQL list, page after page from `after`. The list is counted first
 * (a page of 0 rows, which also checks the filter), then the cost of every page is charged
 * before any is read, so that a refusal (RATE_LIMITED) comes before anything is sent. `next` is
 * the cursor to go on from when rows were left.
 */
export async function readPages<D, T>(
  queries: InternalQueries,
  ctx: RequestContext,
  query: InternalQuery,
  variables: Record<string, unknown>,
  connection: (data: D) => Connection<T>,
  options: { max: number; after?: string | null; charge(cost: number): Promise<void> },
): Promise<{ rows: T[]; total: number; next: string | null; first: D }> {
  const after = options.after ?? null;
  const counted = await queries.run<D>(ctx, query, { ...variables, first: 0, after });
  const total = connection(counted).totalCount;
  const wanted = Math.min(options.max, total);
  let cost = queries.cost(query, { ...variables, first: 0 });
  for (let left = wanted; left > 0; left -= PAGE) {
    cost += queries.cost(query, { ...variables, first: Math.min(PAGE, left) });
  }
  await options.charge(cost);
  const rows: T[] = [];
  let cursor = after;
  let next: string | null = null;
  while (rows.length < wanted) {
    const page = connection(
      await queries.run<D>(ctx, query, {
        ...variables,
        first: Math.min(PAGE, wanted - rows.length),
        after: cursor,
      }),
    );
    rows.push(...page.nodes);
    next = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    if (!next || page.nodes.length === 0) break;
    cursor = next;
  }
  return { rows, total, next, first: counted };
}
