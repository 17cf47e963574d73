import {
  getNamedType,
  isObjectType,
  type FieldNode,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
} from 'graphql';
import { collectSubfields } from 'graphql/execution/collectFields';

/**
 * Which entity properties each GraphQL field of an object type reads, so that a list reads only
 * the columns its client selected (descriptions in three languages are most of an offering's row).
 * Property fields are registered when the schema is built; field resolvers declare what they read
 * with `fieldReads`. A selected field that declares nothing makes the list read every column.
 */
const reads = new Map<string, Map<string, readonly string[]>>();

/** Declares the properties the fields of `typeName` read (besides `id`, which is always read). */
export function fieldReads(typeName: string, fields: Record<string, readonly string[]>): void {
  let own = reads.get(typeName);
  if (!own) reads.set(typeName, (own = new Map()));
  for (const [field, props] of Object.entries(fields)) own.set(field, props);
}

/** A GraphQL field that is the entity property `prop` itself (see `direct-resolvers.ts`). */
export function propertyFieldReads(typeName: string, field: string, prop: string): void {
  if (!reads.get(typeName)?.has(field)) fieldReads(typeName, { [field]: [prop] });
}

/** Per request (its variables), per list field: the properties its items' selections read. */
const cache = new WeakMap<object, Map<readonly FieldNode[], readonly string[] | null>>();

function propsOfSelection(
  info: GraphQLResolveInfo,
  itemType: GraphQLObjectType,
  fieldNodes: readonly FieldNode[],
): readonly string[] | null {
  const declared = reads.get(itemType.name);
  if (!declared) return null;
  const props = new Set<string>();
  const selected = collectSubfields(info.schema, info.fragments, info.variableValues, itemType, fieldNodes);
  for (const nodes of selected.values()) {
    const name = nodes[0].name.value;
    // The global id reads the id, which every view holds.
    if (name === '__typename' || name === 'id') continue;
    const needs = declared.get(name);
    if (!needs) return null;
    for (const p of needs) props.add(p);
  }
  return [...props];
}

/**
 * The entity properties that the items of the list being resolved need for what the client
 * selected on them (through the connection's `nodes` and `edges { node }`, or a plain list), or
 * null for all of them. Read by the list resolvers and passed to the services' list functions.
 */
export function selectedProps(info: GraphQLResolveInfo): readonly string[] | null {
  let byField = cache.get(info.variableValues);
  if (!byField) cache.set(info.variableValues, (byField = new Map()));
  if (byField.has(info.fieldNodes)) return byField.get(info.fieldNodes)!;
  const result = computeSelectedProps(info);
  byField.set(info.fieldNodes, result);
  return result;
}

function computeSelectedProps(info: GraphQLResolveInfo): readonly string[] | null {
  const listType = getNamedType(info.returnType);
  if (!isObjectType(listType)) return null;
  const fields = listType.getFields();
  // A plain list of the items themselves.
  if (!fields.nodes && !fields.edges) return propsOfSelection(info, listType, info.fieldNodes);
  const top = collectSubfields(info.schema, info.fragments, info.variableValues, listType, info.fieldNodes);
  const all = new Set<string>();
  for (const nodes of top.values()) {
    const name = nodes[0].name.value;
    let props: readonly string[] | null = [];
    if (name === 'nodes') {
      const itemType = getNamedType(fields.nodes.type);
      props = isObjectType(itemType) ? propsOfSelection(info, itemType, nodes) : null;
    } else if (name === 'edges') {
      const edgeType = getNamedType(fields.edges.type);
      if (!isObjectType(edgeType)) return null;
      const itemType = getNamedType(edgeType.getFields().node.type);
      const edge = collectSubfields(info.schema, info.fragments, info.variableValues, edgeType, nodes);
      const nodeNodes = edge.get('node');
      // Cursors are read from the items' sort properties, which a list always reads.
      props = nodeNodes && isObjectType(itemType) ? propsOfSelection(info, itemType, nodeNodes) : [];
    }
    if (props === null) return null;
    for (const p of props) all.add(p);
  }
  return [...all];
}
