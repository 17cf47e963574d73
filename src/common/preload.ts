import {
  getNamedType,
  isObjectType,
  type FieldNode,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
} from 'graphql';
import { collectSubfields } from 'graphql/execution/collectFields';
import type { RequestContext } from './context';

/**
 * Loads one relation field (without arguments) for many objects of one type at once, e.g. the
 * regions of every offering on a page: the values in the objects' order.
 */
export type BatchLoad = (ctx: RequestContext, ids: readonly string[]) => Promise<unknown[]>;

const preloaders = new Map<string, Map<string, BatchLoad>>();
/**
 * The values preloaded for an object, by field, kept on the object itself (a symbol property no
 * serialization sees): a WeakMap entry per object of every list cost more to write and to collect.
 */
const PRELOADED = Symbol('preloaded');
type Preloaded = { [PRELOADED]?: Map<string, unknown> };

/**
 * Registers `load` as the batch load of `typeName.field`: a list that shows objects of that type
 * loads the field for all of them before they are resolved, when the client selected it.
 */
export function preloadable(typeName: string, field: string, load: BatchLoad): void {
  let fields = preloaders.get(typeName);
  if (!fields) preloaders.set(typeName, (fields = new Map()));
  fields.set(field, load);
}

/** The value preloaded for `object.field`, or undefined when none was (resolve it as usual). */
export function preloaded<T>(object: object, field: string): T | undefined {
  return (object as Preloaded)[PRELOADED]?.get(field) as T | undefined;
}

/** The object type of a list field's items (a connection's `nodes`, an edge's `node`). */
function objectTypeOf(type: GraphQLOutputType): GraphQLObjectType | null {
  const named = getNamedType(type);
  return isObjectType(named) ? named : null;
}

/**
 * Before a list's items are resolved: for each relation field the client selected on them that
 * has a batch load (see `preloadable`), loads it for all the items at once and keeps the values
 * with the items, so that their field resolvers answer synchronously. Graphql-js then completes
 * the items without a promise each; lists of the same request asked in the same tick share the
 * loaders' statements as before.
 */
function preloadSelected(
  ctx: RequestContext,
  items: readonly object[],
  itemType: GraphQLObjectType,
  info: GraphQLResolveInfo,
  fieldNodes: readonly FieldNode[],
): Promise<void> | null {
  const loads = preloaders.get(itemType.name);
  if (!loads || items.length === 0) return null;
  const selected = selectedPreloads(info, itemType, fieldNodes, loads);
  if (selected.length === 0) return null;
  const ids = items.map((i) => (i as { id: string }).id);
  return Promise.all(
    selected.map(async (field) => {
      const loaded = await loads.get(field)!(ctx, ids);
      items.forEach((item, n) => {
        ((item as Preloaded)[PRELOADED] ??= new Map()).set(field, loaded[n]);
      });
    }),
  ).then(() => undefined);
}

/** Per request (its variables), per list field: the preloadable fields selected on its items. */
const selections = new WeakMap<object, Map<readonly FieldNode[], string[]>>();

function selectedPreloads(
  info: GraphQLResolveInfo,
  itemType: GraphQLObjectType,
  fieldNodes: readonly FieldNode[],
  loads: Map<string, BatchLoad>,
): string[] {
  let byField = selections.get(info.variableValues);
  if (!byField) selections.set(info.variableValues, (byField = new Map()));
  let selected = byField.get(fieldNodes);
  if (!selected) {
    selected = [];
    for (const nodes of subfields(info, itemType, fieldNodes).values()) {
      const name = nodes[0].name.value;
      if (loads.has(name) && !nodes.some((n) => n.arguments?.length) && !selected.includes(name))
        selected.push(name);
    }
    byField.set(fieldNodes, selected);
  }
  return selected;
}

/** The selections on `type` of `fieldNodes` (graphql-js's own collection: fragments, skip/include). */
function subfields(
  info: GraphQLResolveInfo,
  type: GraphQLObjectType,
  fieldNodes: readonly FieldNode[],
): Map<string, readonly FieldNode[]> {
  return collectSubfields(info.schema, info.fragments, info.variableValues, type, fieldNodes as FieldNode[]);
}

/** Preloads what a connection's `nodes` items need (see `preloadSelected`); null when nothing. */
export function preloadNodes(
  ctx: RequestContext,
  items: readonly object[],
  info: GraphQLResolveInfo,
): Promise<void> | null {
  const itemType = objectTypeOf(info.returnType);
  return itemType ? preloadSelected(ctx, items, itemType, info, info.fieldNodes) : null;
}

/** Preloads what a connection's `edges { node }` items need. */
export function preloadEdges(
  ctx: RequestContext,
  items: readonly object[],
  info: GraphQLResolveInfo,
): Promise<void> | null {
  const edgeType = objectTypeOf(info.returnType);
  const nodeField = edgeType?.getFields().node;
  const itemType = nodeField ? objectTypeOf(nodeField.type) : null;
  if (!edgeType || !itemType) return null;
  const nodeNodes = subfields(info, edgeType, info.fieldNodes).get('node');
  return nodeNodes ? preloadSelected(ctx, items, itemType, info, nodeNodes) : null;
}

/**
 * A relation field's resolution, preloadable (see `preloadable`): `loadOne` loads the field of one
 * object (batched per request by its loader); a list that selects the field loads it for all its
 * objects first, and the returned function then answers from what was preloaded.
 */
export function batchField<T>(
  typeName: string,
  field: string,
  loadOne: (ctx: RequestContext, id: string) => Promise<T>,
): (ctx: RequestContext, object: { id: string }) => T | Promise<T> {
  preloadable(typeName, field, (ctx, ids) => Promise.all(ids.map((id) => loadOne(ctx, id))));
  return (ctx, object) => {
    const values = preloaded<T>(object, field);
    return values !== undefined ? values : loadOne(ctx, object.id);
  };
}
