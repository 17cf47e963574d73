import type { GraphQLResolveInfo } from 'graphql';
import { ArgsType, ClassType, Ctx, Field, Info, Int, ObjectType } from 'type-graphql';
import type { RequestContext } from './context';
import { preloadEdges, preloadNodes } from './preload';
import { ValidationError } from './errors';
import { isStorableDate, unstorableText } from './input-checks';
import { isUuid } from './node';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    nullable: true,
    description: `Page size: default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}.`,
  })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last edge already seen.' })
  after?: string | null;
}

/** Checks `first`; returns the page size to fetch. */
export function pageSize(first: number | null | undefined): number {
  if (first == null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw new ValidationError(`first must be between 0 and ${MAX_PAGE_SIZE}`, ['first']);
  }
  return first;
}

/** A keyset position: the sort value and the id of the last row seen. */
export interface CursorPosition {
  value: string | number | boolean | Date | null;
  id: string;
}

/**
 * The one cursor format of the hub's keyset pages: base64url of a JSON array (the sort values,
 * then the id). Opaque to clients; only `unpackCursor` reads it back.
 */
export function packCursor(parts: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
}

/**
 * The array inside a cursor of `length` parts, passed to `accept`, which returns the position or
 * undefined when a part is not what the list expects. Throws BAD_USER_INPUT on anything that is
 * not such a cursor, so no tampered cursor reaches the database.
 */
export function unpackCursor<P>(
  cursor: string,
  length: number,
  accept: (parts: unknown[]) => P | undefined,
  field = 'after',
): P {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === length) {
      const position = accept(parsed);
      if (position !== undefined) return position;
    }
  } catch {
    // fall through to the error below
  }
  throw new ValidationError(`${field} is not a valid cursor`, [field]);
}

export function encodeCursor(pos: CursorPosition): string {
  return packCursor([pos.value instanceof Date ? { d: pos.value.toISOString() } : pos.value, pos.id]);
}

/** The type of a list's sort value, which a cursor's value must have (or be null). */
export type CursorKind = 'date' | 'string' | 'number' | 'boolean';

/** A cursor's sort value as the kind expected, or undefined when it is not one. */
function sortValueOf(raw: unknown, kind: CursorKind | undefined): CursorPosition['value'] | undefined {
  if (raw === null) return null;
  if (raw && typeof raw === 'object' && 'd' in raw && typeof raw.d === 'string') {
    const date = new Date(raw.d);
    return (!kind || kind === 'date') && isStorableDate(date) ? date : undefined;
  }
  if (typeof raw === 'string') return (!kind || kind === 'string') && !unstorableText(raw) ? raw : undefined;
  if (typeof raw === 'number') return (!kind || kind === 'number') && Number.isFinite(raw) ? raw : undefined;
  if (typeof raw === 'boolean') return !kind || kind === 'boolean' ? raw : undefined;
  return undefined;
}

/**
 * Decodes `after`; throws BAD_USER_INPUT on anything that is not one of our cursors: a cursor
 * is only used when its id is a UUID and its value of the list's sort type (`kind`), so no
 * tampered cursor reaches the database.
 */
export function decodeCursor(
  cursor: string | null | undefined,
  field = 'after',
  kind?: CursorKind,
): CursorPosition | null {
  if (cursor == null) return null;
  return unpackCursor(
    cursor,
    2,
    ([value, id]) => {
      if (typeof id !== 'string' || !isUuid(id)) return undefined;
      const sortValue = sortValueOf(value, kind);
      return sortValue === undefined ? undefined : { value: sortValue, id };
    },
    field,
  );
}

@ObjectType('PageInfo')
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

/** What a service returns for a list: one page plus a lazily computed total. */
export interface Page<T> {
  items: T[];
  cursors: string[];
  hasNextPage: boolean;
  totalCount: () => Promise<number>;
}

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
  countTotal: () => Promise<number>;
}

/**
 * Turns a service's page into the Relay connection shape. Edges and page info are made when a
 * client asks for them: a list read for its `nodes` encodes no cursor.
 */
export function toConnection<T>(page: Page<T>): ConnectionShape<T> {
  let edges: { cursor: string; node: T }[] | null = null;
  let pageInfo: PageInfo | null = null;
  return {
    get edges() {
      return (edges ??= page.items.map((node, i) => ({ node, cursor: page.cursors[i] })));
    },
    nodes: page.items,
    get pageInfo() {
      return (pageInfo ??= { hasNextPage: page.hasNextPage, endCursor: page.cursors.at(-1) ?? null });
    },
    countTotal: page.totalCount,
  };
}

/** A page whose cursors are encoded from its items when first read. */
export function lazyCursorPage<T>(
  items: T[],
  hasNextPage: boolean,
  totalCount: () => Promise<number>,
  cursorsOf: (items: T[]) => string[],
): Page<T> {
  let cursors: string[] | null = null;
  return {
    items,
    hasNextPage,
    totalCount,
    get cursors() {
      return (cursors ??= cursorsOf(items));
    },
  };
}

/**
 * Declares `<Name>Connection` and `<Name>Edge` for a node type (Relay connection spec).
 * `totalCount` is computed only when a client asks for it.
 */
export function Connection<T extends object>(nodeType: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String)
    cursor!: string;

    @Field(() => nodeType)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType {
    edges!: Edge[];

    nodes!: T[];

    /** The edges, with what their nodes' selected relations need loaded for all of them at once. */
    @Field(() => [Edge], { name: 'edges' })
    loadedEdges(@Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Edge[] | Promise<Edge[]> {
      const edges = this.edges;
      const loading = preloadEdges(
        ctx,
        edges.map((e) => e.node),
        info,
      );
      return loading ? loading.then(() => edges) : edges;
    }

    /** The nodes, with what their selected relations need loaded for all of them at once. */
    @Field(() => [nodeType], { name: 'nodes' })
    loadedNodes(@Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): T[] | Promise<T[]> {
      const nodes = this.nodes;
      const loading = preloadNodes(ctx, nodes, info);
      return loading ? loading.then(() => nodes) : nodes;
    }

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    countTotal!: () => Promise<number>;

    @Field(() => Int, { description: 'Number of items matching the filter (all pages).' })
    totalCount(): Promise<number> {
      return this.countTotal();
    }
  }
  return ConnectionType;
}
