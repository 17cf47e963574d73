import {
  ReferenceKind,
  type EntityMetadata,
  type EntityName,
  type EntityProperty,
  type Platform,
} from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { rawSql, Sql } from './sql';

type Row = Record<string, unknown>;

/** A to-one relation of a read view: the target's id only (load the target through a loader). */
export interface IdRef {
  readonly id: string;
}

/** How one row becomes one read view: the columns to select and the mapping of a row. */
export interface ViewShape<T> {
  /** `alias.column, …` of every column the view holds. */
  columns(alias: string): Sql;
  /** The view of a row selected with `columns` (keyed by column name). */
  map(row: Row): T;
}

/** How one property of a view is read from a row: a column as it is, or through a function. */
type Step = { name: string; column: string } | { name: string; read: (row: Row) => unknown };

const shapes = new WeakMap<EntityMetadata, Map<string, ViewShape<object>>>();

/**
 * The conversion of a column's value to the property's, as the ORM hydrates it: custom types
 * through their type, timestamps (which the driver leaves as text) to `Date`.
 */
function converter(prop: EntityProperty, platform: Platform): ((value: unknown) => unknown) | null {
  const type = prop.customType;
  if (type) return (value) => (value == null ? value : type.convertToJSValue(value, platform));
  if (prop.runtimeType === 'Date')
    return (value) => (value == null || value instanceof Date ? value : platform.parseDate(value as string));
  return null;
}

/**
 * The steps that copy one property from a row to a view: scalars (through their custom type, as
 * the ORM does), inline embeddables (the localised texts) and JSON ones as instances of their
 * class, to-one relations as `{ id }`. Lazy (search vectors), formula and collection properties
 * are not read.
 */
function stepFor(prop: EntityProperty, platform: Platform, columns: string[]): Step | null {
  if (prop.persist === false || prop.lazy || prop.formula || prop.embedded) return null;
  const name = prop.name;
  switch (prop.kind) {
    case ReferenceKind.SCALAR: {
      const column = prop.fieldNames[0];
      columns.push(column);
      const convert = converter(prop, platform);
      return convert ? { name, read: (row) => convert(row[column]) } : { name, column };
    }
    case ReferenceKind.EMBEDDED: {
      const proto = (prop.embeddable as { prototype: object }).prototype;
      const parts = Object.values(prop.embeddedProps).map(
        (p) => [p.embedded![1], p.fieldNames[0], converter(p, platform)] as const,
      );
      if (prop.object) {
        const column = prop.fieldNames[0];
        columns.push(column);
        return {
          name,
          read: (row) => {
            const json = row[column] as Row | null;
            if (json == null) return null;
            const value = Object.create(proto) as Row;
            for (const [key, field, convert] of parts) {
              const v = json[field] ?? null;
              value[key] = convert ? convert(v) : v;
            }
            return value;
          },
        };
      }
      for (const [, column] of parts) columns.push(column);
      return {
        name,
        read: (row) => {
          let present = false;
          const value = Object.create(proto) as Row;
          for (const [key, column] of parts) {
            const v = row[column] ?? null;
            value[key] = v;
            if (v !== null) present = true;
          }
          return present || !prop.nullable ? value : null;
        },
      };
    }
    case ReferenceKind.MANY_TO_ONE:
    case ReferenceKind.ONE_TO_ONE: {
      if (prop.kind === ReferenceKind.ONE_TO_ONE && !prop.owner) return null;
      const column = prop.fieldNames[0];
      columns.push(column);
      return {
        name,
        read: (row) => {
          const id = row[column];
          return id == null ? null : ({ id } as IdRef);
        },
      };
    }
    default:
      return null;
  }
}

/**
 * The mapping of a row to a view as one function with a statement per property (generated from
 * the metadata once per shape): a loop over per-property closures with computed keys was a third
 * of the cost of mapping a page.
 */
function compileMapper(proto: object, steps: Step[]): (row: Row) => object {
  const readers: ((row: Row) => unknown)[] = [];
  const lines = steps.map((step) => {
    const target = `v[${JSON.stringify(step.name)}]`;
    if ('column' in step) return `${target} = row[${JSON.stringify(step.column)}];`;
    readers.push(step.read);
    return `${target} = readers[${readers.length - 1}](row);`;
  });
  // Property and column names come from the entity metadata only, quoted by JSON.stringify.
  const factory = new Function(
    'proto',
    'readers',
    `return function map(row) {\n  const v = Object.create(proto);\n  ${lines.join('\n  ')}\n  return v;\n};`,
  ) as (proto: object, readers: ((row: Row) => unknown)[]) => (row: Row) => object;
  return factory(proto, readers);
}

function shapeOf<T extends object>(
  meta: EntityMetadata<T>,
  platform: Platform,
  only: readonly string[] | null,
): ViewShape<T> {
  const key = only ? [...new Set(only)].sort().join(',') : '*';
  let variants = shapes.get(meta);
  if (!variants) shapes.set(meta, (variants = new Map()));
  const known = variants.get(key);
  if (known) return known as ViewShape<T>;
  const wanted = only ? new Set(['id', ...only]) : null;
  const steps: Step[] = [];
  const copied: string[] = [];
  const left: string[] = [];
  const columns: string[] = [];
  for (const prop of meta.props) {
    if (wanted && !wanted.has(prop.name)) {
      if (!prop.embedded && prop.persist !== false) left.push(prop.name);
      continue;
    }
    const step = stepFor(prop, platform, columns);
    if (!step) continue;
    steps.push(step);
    copied.push(prop.name);
  }
  // The entity's prototype brings its methods and its GraphQL type (instanceof, constructor.name);
  // plain data properties over it shadow the ORM's change-tracking accessors, so that a view is a
  // plain object of fixed shape. Collections are not loaded on a view: reading one is a mistake.
  const descriptors: PropertyDescriptorMap = { constructor: { value: meta.class, configurable: true } };
  for (const name of copied) descriptors[name] = { value: undefined, writable: true, enumerable: true };
  // Properties a list left unread (see `view-props.ts`): reading one is a mistake in what a field
  // declares it reads, and says so instead of answering `undefined`.
  for (const name of left) {
    descriptors[name] = {
      get() {
        throw new Error(`${meta.className}.${name} was not read for this list: declare it in fieldReads`);
      },
      configurable: true,
    };
  }
  for (const prop of meta.props) {
    if (prop.kind === ReferenceKind.ONE_TO_MANY || prop.kind === ReferenceKind.MANY_TO_MANY) {
      descriptors[prop.name] = {
        get() {
          throw new Error(`${meta.className}.${prop.name} is not loaded on a read view: use a loader`);
        },
        configurable: true,
      };
    }
  }
  const proto = Object.create(meta.class.prototype as object, descriptors) as object;
  const quoted = columns.map((c) => `"${c}"`);
  const map = compileMapper(proto, steps);
  const shape: ViewShape<T> = {
    columns: (alias) => rawSql(quoted.map((c) => `${alias}.${c}`).join(', ')),
    map: (row) => map(row) as T,
  };
  variants.set(key, shape as ViewShape<object>);
  return shape as ViewShape<T>;
}

/**
 * The read-view shape of `entity`: read views are objects of the entity's class (its methods and
 * GraphQL type) holding its columns, inline and JSON embeddables, and to-one relations as `{ id }`,
 * but no collections, and not managed by the ORM (no identity map, no change tracking). Lists,
 * loaders and search show these: creating managed entities was most of what a read cost.
 * Mutations keep using entities; field resolvers read what both have (`x.actor.id`, not
 * `x.actor.load()`). With `only`, the view holds just those properties (and `id`): a list reads
 * only what its client selected (see `view-props.ts`).
 */
export function viewShape<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  only: readonly string[] | null = null,
): ViewShape<T> {
  const meta = em.getMetadata().get<T>(entity as never);
  return shapeOf(meta, em.getPlatform(), only);
}

/** The table of `entity`, quoted, for `from …`. */
export function tableOf<T extends object>(em: EntityManager, entity: EntityName<T>): Sql {
  return rawSql(`"${em.getMetadata().get(entity as never).tableName}"`);
}
