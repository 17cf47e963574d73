import fc from 'fast-check';
import {
  GraphQLArgument,
  GraphQLField,
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLOutputType,
  GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
} from 'graphql';

/**
 * fast-check arbitraries of GraphQL requests for a schema: operations built from the schema's
 * own fields, arguments and input types (mostly well-typed values, some of the wrong type or
 * hostile: NUL characters, unpaired surrogates, huge numbers, SQL), as inline literals or as
 * variables; and broken ones made from them (cut, spliced, nested too deep, junk variables and
 * extensions, bodies that are not even JSON).
 */

/** A request as a client sends it: over HTTP (body or GET parameters) or in a graphql-ws subscribe. */
export interface FuzzRequest {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
  extensions?: unknown;
}

/** Values a generator may use where the data has them (ids of stored records, known codes). */
export interface FuzzContext {
  ids: string[];
  codes: string[];
}

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** Strings that have hurt servers: control and unpaired characters, quotes, SQL, long text. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udfff',
    '\ud83d\ude00',
    "'; drop table actor; --",
    '%_\\',
    '"',
    '$1',
    'null',
    'constructor',
    '__proto__',
    'x'.repeat(300),
  ),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => `a${String.fromCharCode(c)}`),
);

const junk: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(Infinity, -0, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 1, 0.5, Number.MAX_VALUE),
);

/** A value for an input type: usually of that type (with hostile content), sometimes not. */
function inputValue(type: GraphQLInputType, ctx: FuzzContext, depth: number): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: typedValue(type, ctx, depth), weight: 16 },
    { arbitrary: fc.constant(null), weight: isNonNullType(type) ? 0 : 3 },
    { arbitrary: junk, weight: 1 },
  );
}

/** Mostly what clients send (codes, words), sometimes something nasty. */
function text(ctx: FuzzContext): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...ctx.codes), weight: 4 },
    { arbitrary: nastyString, weight: 1 },
  );
}

function typedValue(type: GraphQLInputType, ctx: FuzzContext, depth: number): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return typedValue(type.ofType, ctx, depth);
  if (isListType(type))
    return fc.array(inputValue(type.ofType, ctx, depth - 1), { maxLength: depth > 0 ? 3 : 0 });
  if (isEnumType(type)) return fc.constantFrom(...type.getValues().map((v) => v.name));
  if (isInputObjectType(type)) {
    if (depth <= 0) return fc.constant({});
    const fields = Object.values(type.getFields());
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    for (const f of fields) model[f.name] = inputValue(f.type, ctx, depth - 1);
    const required = fields
      .filter((f) => isNonNullType(f.type) && f.defaultValue === undefined)
      .map((f) => f.name);
    return fc.record(model, { requiredKeys: required });
  }
  switch (type.name) {
    case 'Int':
      return fc.oneof(
        { arbitrary: fc.integer({ min: 0, max: 30 }), weight: 6 },
        { arbitrary: fc.integer({ min: -3, max: 120 }), weight: 1 },
        { arbitrary: fc.integer(), weight: 1 },
      );
    case 'Float':
      return fc.double();
    case 'Boolean':
      return fc.boolean();
    case 'ID':
      return fc.oneof(
        { arbitrary: fc.constantFrom(...ctx.ids), weight: 4 },
        { arbitrary: idLike, weight: 1 },
        { arbitrary: nastyString, weight: 1 },
      );
    case 'DateTime':
      return fc.oneof(
        fc
          .date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
          .map((d) => d.toISOString()),
        fc.constantFrom(
          '0000-01-01T00:00:00Z',
          '9999-12-31T23:59:59Z',
          '+010000-01-01T00:00:00Z',
          '2024-02-30T00:00:00Z',
        ),
      );
    case 'Date':
      return fc.constantFrom('2024-01-01', '2031-12-31', '0000-01-01', '9999-12-31', '2024-13-01');
    case 'URL':
      return fc.oneof(
        { arbitrary: fc.webUrl(), weight: 4 },
        { arbitrary: fc.constantFrom('javascript:alert(1)', 'http://', 'ftp://x'), weight: 1 },
      );
    default:
      return text(ctx);
  }
}

/** Ids in the global id format (base64url of `Type:uuid`) with any type and any tail. */
const idLike: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('Actor', 'Region', 'StaffMember', 'constructor', 'toString', '__proto__', 'X'),
    fc.oneof(fc.uuid(), nastyString),
  )
  .map(([type, id]) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64url'));

/** The GraphQL literal for a value (enum names bare where an enum is expected). */
export function literal(value: unknown, enumPosition = false): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return enumPosition && NAME.test(value) ? value : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map((v) => literal(v, enumPosition)).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([k]) => NAME.test(k));
    return `{${entries.map(([k, v]) => `${k}: ${literal(v, enumPosition)}`).join(', ')}}`;
  }
  return 'null';
}

/** The literal of a value where `type` is expected: enum values bare, also inside input objects. */
function typedLiteral(value: unknown, type: GraphQLInputType): string {
  if (isNonNullType(type)) return typedLiteral(value, type.ofType);
  if (isListType(type)) {
    return Array.isArray(value)
      ? `[${value.map((v) => typedLiteral(v, type.ofType)).join(', ')}]`
      : typedLiteral(value, type.ofType);
  }
  if (isEnumType(type)) return literal(value, true);
  if (isInputObjectType(type) && value && typeof value === 'object' && !Array.isArray(value)) {
    const fields = type.getFields();
    const entries = Object.entries(value as Record<string, unknown>).filter(([k]) => NAME.test(k));
    return `{${entries
      .map(([k, v]) => `${k}: ${Object.hasOwn(fields, k) ? typedLiteral(v, fields[k].type) : literal(v)}`)
      .join(', ')}}`;
  }
  return literal(value);
}

/** One field's arguments: each inline, as a variable (declared with the argument's type), or left out. */
interface ArgumentsOut {
  text: string;
  declarations: string[];
  variables: Record<string, unknown>;
}

function argumentsFor(
  args: readonly GraphQLArgument[],
  ctx: FuzzContext,
  prefix: string,
): fc.Arbitrary<ArgumentsOut> {
  if (args.length === 0) return fc.constant({ text: '', declarations: [], variables: {} });
  const each = args.map((arg, i) =>
    fc
      .tuple(fc.constantFrom('inline', 'variable', 'omit'), inputValue(arg.type, ctx, 3))
      .map(([how, value]) => ({
        arg,
        how: isNonNullType(arg.type) && how === 'omit' ? 'inline' : how,
        value,
        name: `${prefix}${i}`,
      })),
  );
  return fc.tuple(...each).map((parts) => {
    const out: ArgumentsOut = { text: '', declarations: [], variables: {} };
    const texts: string[] = [];
    for (const p of parts) {
      if (p.how === 'omit') continue;
      if (p.how === 'inline') {
        texts.push(`${p.arg.name}: ${typedLiteral(p.value, p.arg.type)}`);
      } else {
        texts.push(`${p.arg.name}: $${p.name}`);
        out.declarations.push(`$${p.name}: ${String(p.arg.type)}`);
        out.variables[p.name] = p.value;
      }
    }
    out.text = texts.length ? `(${texts.join(', ')})` : '';
    return out;
  });
}

/** A selection set for an output type, `depth` levels deep at most; variables named from `prefix`. */
function selectionFor(
  type: GraphQLOutputType,
  ctx: FuzzContext,
  depth: number,
  prefix: string,
): fc.Arbitrary<ArgumentsOut> {
  const named: GraphQLNamedType = getNamedType(type);
  if (isScalarType(named) || isEnumType(named))
    return fc.constant({ text: '', declarations: [], variables: {} });
  if (isUnionType(named)) {
    const members = [...named.getTypes()];
    return fc.subarray(members, { minLength: 0, maxLength: Math.min(2, members.length) }).chain((picked) =>
      fc
        .tuple(
          ...picked.map((m, k) => selectionFor(m, ctx, depth - 1, `${prefix}u${k}_`).map((s) => ({ m, s }))),
        )
        .map((parts) => ({
          text: `{ __typename ${parts.map(({ m, s }) => `... on ${m.name} ${s.text || '{ __typename }'}`).join(' ')} }`,
          declarations: parts.flatMap(({ s }) => s.declarations),
          variables: Object.assign({}, ...parts.map(({ s }) => s.variables)) as Record<string, unknown>,
        })),
    );
  }
  if (!isObjectType(named) && !isInterfaceType(named))
    return fc.constant({ text: '', declarations: [], variables: {} });
  if (depth <= 0) return fc.constant({ text: '{ __typename }', declarations: [], variables: {} });
  const fields = Object.values(named.getFields()) as GraphQLField<unknown, unknown>[];
  return fc.subarray(fields, { minLength: 1, maxLength: Math.min(3, fields.length) }).chain((picked) =>
    fc.tuple(...picked.map((f, i) => fieldText(f, ctx, depth - 1, `${prefix}${i}_`))).map((parts) => ({
      text: `{ ${parts.map((p) => p.text).join(' ')} }`,
      declarations: parts.flatMap((p) => p.declarations),
      variables: Object.assign({}, ...parts.map((p) => p.variables)) as Record<string, unknown>,
    })),
  );
}

function fieldText(
  field: GraphQLField<unknown, unknown>,
  ctx: FuzzContext,
  depth: number,
  prefix: string,
): fc.Arbitrary<ArgumentsOut> {
  return fc
    .tuple(argumentsFor(field.args, ctx, `${prefix}a`), selectionFor(field.type, ctx, depth, prefix))
    .map(([args, sel]) => ({
      text: `${field.name}${args.text} ${sel.text}`,
      declarations: [...args.declarations, ...sel.declarations],
      variables: { ...args.variables, ...sel.variables },
    }));
}

/** A well-formed operation of the schema (its values may still be wrong or hostile). */
export function operation(schema: GraphQLSchema, ctx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const roots = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
    ['subscription', schema.getSubscriptionType()],
  ] as const;
  // Queries most, mutations often, subscriptions (refused over HTTP) now and then.
  const weights = { query: 6, mutation: 3, subscription: 1 };
  const kinds = roots.filter(([, type]) => type != null);
  const kind = fc.oneof(...kinds.map((k) => ({ arbitrary: fc.constant(k), weight: weights[k[0]] })));
  return kind.chain(([kind, type]) => {
    const fields = Object.values(type!.getFields()) as GraphQLField<unknown, unknown>[];
    return fc
      .constantFrom(...fields)
      .chain((field) => fieldText(field, ctx, 3, 'v'))
      .map((body) => ({
        query: `${kind} Fuzz${body.declarations.length ? `(${body.declarations.join(', ')})` : ''} { ${body.text} }`,
        variables: body.variables,
        operationName: 'Fuzz',
      }));
  });
}

/** A broken version of a document's text. */
function breakText(text: string): fc.Arbitrary<string> {
  const at = fc.nat({ max: Math.max(0, text.length) });
  return fc.oneof(
    at.map((i) => text.slice(0, i)),
    fc
      .tuple(
        at,
        fc.constantFrom(
          '{',
          '}',
          '(',
          ')',
          '[',
          ']',
          ':',
          '$',
          '@',
          '!',
          '"',
          '"""',
          '\\',
          '#',
          '...',
          '=',
          '&',
          '|',
          '\u0000',
          ' query ',
          ' fragment F on Query ',
        ),
      )
      .map(([i, s]) => text.slice(0, i) + s + text.slice(i)),
    fc.tuple(at, at).map(([i, j]) => text.slice(0, Math.min(i, j)) + text.slice(Math.max(i, j))),
    fc.tuple(at, at).map(([i, j]) => text + text.slice(Math.min(i, j), Math.max(i, j))),
    fc.integer({ min: 60, max: 3000 }).map((n) => `${'{ a '.repeat(n)}${'}'.repeat(n)}`),
    fc
      .integer({ min: 60, max: 3000 })
      .map((n) => `{ actors(filter: ${'{ ids: ['.repeat(n)}] }) { totalCount } }`),
    fc.constant(`${text} ${text}`),
    fc.constant(`fragment F on Query { ...F } ${text}`),
    fc.constant(`{ ${'__typename '.repeat(6000)}}`),
    nastyString,
  );
}

/** Requests that are broken in some part: document, variables, operation name or extensions. */
export function brokenRequest(schema: GraphQLSchema, ctx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  return operation(schema, ctx).chain((op) =>
    fc.oneof(
      breakText(String(op.query)).map((query) => ({ ...op, query })),
      junk.map((variables) => ({ ...op, variables })),
      fc.dictionary(fc.string({ maxLength: 6 }), junk, { maxKeys: 3 }).map((extra) => ({
        ...op,
        variables: { ...(op.variables as object), ...extra },
      })),
      fc.oneof(junk, fc.constant(undefined)).map((operationName) => ({ ...op, operationName })),
      fc
        .oneof(
          junk,
          fc.record({ persistedQuery: fc.oneof(junk, fc.record({ version: junk, sha256Hash: junk })) }),
          fc.constant({ persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } }),
        )
        .map((extensions) => ({ ...op, extensions })),
      junk.map((query) => ({ ...op, query })),
    ),
  );
}

/** Any request: well-formed operations and broken ones, about half and half. */
export function anyRequest(schema: GraphQLSchema, ctx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(operation(schema, ctx), brokenRequest(schema, ctx));
}
