import {
  GraphQLObjectType,
  GraphQLSchema,
  isInterfaceType,
  isObjectType,
  isUnionType,
  type GraphQLFieldResolver,
} from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { propertyFieldReads } from '../common/view-props';

/**
 * type-graphql wraps every field of every object in its own resolver: middlewares and auth checks,
 * the conversion of each argument to its class and its validation, and the resolver class's
 * instance from the container, on every field of every object of a response. For a list of
 * hundreds of objects that machinery was most of what executing a query cost, and the hub uses
 * none of it on output fields (no middlewares, no `@Authorized`, authorization is in the services).
 *
 * After the schema is built, this gives such fields a plain resolver instead, with exactly the
 * arguments type-graphql would pass: property fields read the property (graphql-js's default),
 * field resolvers are called directly with the root, the context, the info and their scalar or
 * enum arguments (values graphql-js has already coerced; type-graphql converts and validates only
 * class-typed ones). Fields whose resolvers take input classes (`@Args()` pages, filters), have
 * middlewares or roles, or take parameters of another kind keep type-graphql's resolver.
 */

/** type-graphql's metadata, as much of it as is read here (its own types are internal). */
interface ParamMeta {
  kind: string;
  index: number;
  name?: string;
  propertyName?: string;
  getType?: () => unknown;
}
interface FieldResolverMeta {
  kind: 'internal' | 'external';
  target: new () => Record<string, (...args: unknown[]) => unknown>;
  methodName: string;
  params?: ParamMeta[];
  middlewares?: unknown[];
  roles?: unknown[];
  getObjectType?: () => unknown;
}
interface FieldMeta {
  name: string;
  schemaName: string;
  target: unknown;
  middlewares?: unknown[];
  roles?: unknown[];
  params?: ParamMeta[];
}
interface ClassMeta {
  name: string;
  target: unknown;
  fields?: FieldMeta[];
  interfaceClasses?: unknown[];
}
type ResolveTypeFn = (...args: unknown[]) => unknown;
interface Storage {
  objectTypes: ClassMeta[];
  interfaceTypes: (ClassMeta & { resolveType?: ResolveTypeFn })[];
  unions: { name: string; resolveType?: ResolveTypeFn }[];
  inputTypes: { target: unknown }[];
  argumentTypes: { target: unknown }[];
  fieldResolvers: FieldResolverMeta[];
}

type Resolve = GraphQLFieldResolver<unknown, unknown, Record<string, unknown>>;
type Get = (root: unknown, args: Record<string, unknown>, ctx: unknown, info: unknown) => unknown;

const SCALAR_CLASSES: unknown[] = [String, Number, Boolean, Date];

/** How one parameter is read from graphql-js's arguments, or null when type-graphql must do it. */
function getterOf(param: ParamMeta, inputClasses: Set<unknown>): Get | null {
  switch (param.kind) {
    case 'root':
      return param.propertyName ? null : (root) => root;
    case 'context':
      return param.propertyName ? null : (_root, _args, ctx) => ctx;
    case 'info':
      return (_root, _args, _ctx, info) => info;
    case 'arg': {
      const type = param.getType?.();
      const plain = typeof type !== 'function' || SCALAR_CLASSES.includes(type);
      if (!plain || inputClasses.has(type) || !param.name) return null;
      const name = param.name;
      return (_root, args) => args[name];
    }
    default:
      return null;
  }
}

function directResolver(meta: FieldResolverMeta, inputClasses: Set<unknown>): Resolve | null {
  if (meta.middlewares?.length || meta.roles) return null;
  const params = [...(meta.params ?? [])].sort((a, b) => a.index - b.index);
  const getters: Get[] = [];
  for (const p of params) {
    const get = getterOf(p, inputClasses);
    if (!get) return null;
    getters.push(get);
  }
  const method = meta.methodName;
  if (meta.kind === 'internal') {
    // A method (or getter) of the object type itself (e.g. `Node.id`, a connection's `totalCount`),
    // called with the object as `this`: where type-graphql would first copy a plain object into an
    // instance of the class, its method is applied to the object as it is.
    const ofClass = (meta.target.prototype as Record<string, unknown>)[method];
    return (root, args, ctx, info) => {
      const self = root as Record<string, unknown>;
      const own = self[method];
      const fn = typeof own === 'function' ? own : own === undefined ? ofClass : undefined;
      if (typeof fn !== 'function') return own;
      return (fn as (...a: unknown[]) => unknown).apply(
        self,
        getters.map((g) => g(root, args, ctx, info)),
      );
    };
  }
  const instance = new meta.target();
  const fn = instance[method];
  return (root, args, ctx, info) =>
    fn.apply(
      instance,
      getters.map((g) => g(root, args, ctx, info)),
    );
}

/** Object types with their fields as declared: their interfaces', their superclasses' and their own. */
function declaredFields(storage: Storage): { typeName: string; fields: FieldMeta[] }[] {
  const interfaces = new Map(storage.interfaceTypes.map((i) => [i.target, i]));
  const objects = new Map(storage.objectTypes.map((o) => [o.target, o]));
  return storage.objectTypes.map((o) => {
    const chain: ClassMeta[] = [];
    for (
      let c = o.target;
      typeof c === 'function' && c !== Function.prototype;
      c = Object.getPrototypeOf(c)
    ) {
      const meta = objects.get(c) ?? interfaces.get(c);
      if (meta) chain.unshift(meta);
    }
    return {
      typeName: o.name,
      fields: chain.flatMap((m) => [
        ...(m.interfaceClasses ?? []).flatMap((c) => interfaces.get(c)?.fields ?? []),
        ...(m.fields ?? []),
      ]),
    };
  });
}

/**
 * Replaces type-graphql's per-field wrappers of `schema`'s object types by direct resolvers where
 * that changes nothing but the cost (see above), and registers which entity property each
 * property field reads (see `view-props.ts`). Returns how many fields it changed.
 */
export function useDirectResolvers(schema: GraphQLSchema): number {
  const storage = getMetadataStorage() as unknown as Storage;
  const inputClasses = new Set<unknown>([
    ...storage.inputTypes.map((t) => t.target),
    ...storage.argumentTypes.map((t) => t.target),
  ]);
  const resolverCache = new Map<FieldResolverMeta, Resolve | null>();
  let changed = 0;
  for (const { typeName, fields } of declaredFields(storage)) {
    const type = schema.getType(typeName);
    if (!type || !isObjectType(type) || isRootType(schema, type)) continue;
    const gqlFields = type.getFields();
    for (const field of fields) {
      const gqlField = gqlFields[field.schemaName];
      if (!gqlField) continue;
      const fieldResolver = storage.fieldResolvers.find(
        (r) => r.getObjectType?.() === field.target && r.methodName === field.name,
      );
      if (fieldResolver) {
        if (!resolverCache.has(fieldResolver))
          resolverCache.set(fieldResolver, directResolver(fieldResolver, inputClasses));
        const direct = resolverCache.get(fieldResolver);
        if (!direct) continue;
        gqlField.resolve = direct;
      } else {
        propertyFieldReads(typeName, field.schemaName, field.name);
        if (field.middlewares?.length || field.roles) continue;
        const name = field.name;
        gqlField.resolve =
          name === field.schemaName ? undefined : (root) => (root as Record<string, unknown>)[name];
      }
      changed++;
    }
  }
  useDirectTypeResolvers(schema, storage);
  return changed;
}

/**
 * type-graphql wraps a union's or interface's `resolveType` in an async function, so the type of
 * every item of a search or `nodes` list is known only a promise later, and graphql-jit (see
 * `compiled-execution.ts`) takes only a type resolved at once. This gives them type-graphql's exact
 * mapping without the wrapper: the declared function's answer as it is when it is a type name, the
 * name of the object type of a class it returns, and a promise only when the declared function
 * itself returns one.
 */
function useDirectTypeResolvers(schema: GraphQLSchema, storage: Storage): void {
  const nameOfClass = new Map(storage.objectTypes.map((o) => [o.target, o.name]));
  const toName = (resolved: unknown): unknown =>
    resolved == null || typeof resolved === 'string' ? (resolved ?? undefined) : nameOfClass.get(resolved);
  for (const declared of [...storage.unions, ...storage.interfaceTypes]) {
    const type = schema.getType(declared.name);
    const resolveType = declared.resolveType;
    if (!resolveType || !type || !(isUnionType(type) || isInterfaceType(type))) continue;
    type.resolveType = ((...args: unknown[]) => {
      const resolved = resolveType(...args);
      return resolved instanceof Promise ? resolved.then(toName) : toName(resolved);
    }) as typeof type.resolveType;
  }
}

function isRootType(schema: GraphQLSchema, type: GraphQLObjectType): boolean {
  return (
    type === schema.getQueryType() ||
    type === schema.getMutationType() ||
    type === schema.getSubscriptionType()
  );
}
