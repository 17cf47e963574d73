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

type Step = (view: Row, row: Row) => void;

const shapes = new WeakMap<EntityMetadata, ViewShape<object>>();

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
      return convert
        ? (view, row) => (view[name] = convert(row[column]))
        : (view, row) => (view[name] = row[column]);
    }
    case ReferenceKind.EMBEDDED: {
      const proto = (prop.embeddable as { prototype: object }).prototype;
      const parts = Object.values(prop.embeddedProps).map(
        (p) => [p.embedded![1], p.fieldNames[0], converter(p, platform)] as const,
      );
      if (prop.object) {
        const column = prop.fieldNames[0];
        columns.push(column);
        return (view, row) => {
          const json = row[column] as Row | null;
          if (json == null) {
            view[name] = null;
            return;
          }
          const value = Object.create(proto) as Row;
          for (const [key, field, convert] of parts) {
            const v = json[field] ?? null;
            value[key] = convert ? convert(v) : v;
          }
          view[name] = value;
        };
      }
      for (const [, column] of parts) columns.push(column);
      return (view, row) => {
        let present = false;
        const value = Object.create(proto) as Row;
        for (const [key, column] of parts) {
          const v = row[column] ?? null;
          value[key] = v;
          if (v !== null) present = true;
        }
        view[name] = present || !prop.nullable ? value : null;
      };
    }
    case ReferenceKind.MANY_TO_ONE:
    case ReferenceKind.ONE_TO_ONE: {
      if (prop.kind === ReferenceKind.ONE_TO_ONE && !prop.owner) return null;
      const column = prop.fieldNames[0];
      columns.push(column);
      return (view, row) => {
        const id = row[column];
        view[name] = id == null ? null : ({ id } as IdRef);
      };
    }
    default:
      return null;
  }
}

function shapeOf<T extends object>(meta: EntityMetadata<T>, platform: Platform): ViewShape<T> {
  let shape = shapes.get(meta);
  if (shape) return shape as ViewShape<T>;
  const steps: Step[] = [];
  const copied: string[] = [];
  const columns: string[] = [];
  for (const prop of meta.props) {
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
  shape = {
    columns: (alias) => rawSql(quoted.map((c) => `${alias}.${c}`).join(', ')),
    map(row) {
      const view = Object.create(proto) as Row;
      for (const step of steps) step(view, row);
      return view;
    },
  };
  shapes.set(meta, shape);
  return shape as ViewShape<T>;
}

/**
 * The read-view shape of `entity`: read views are objects of the entity's class (its methods and
 * GraphQL type) holding its columns, inline and JSON embeddables, and to-one relations as `{ id }`,
 * but no collections, and not managed by the ORM (no identity map, no change tracking). Lists,
 * loaders and search show these: creating managed entities was most of what a read cost.
 * Mutations keep using entities; field resolvers read what both have (`x.actor.id`, not
 * `x.actor.load()`).
 */
export function viewShape<T extends object>(em: EntityManager, entity: EntityName<T>): ViewShape<T> {
  const meta = em.getMetadata().get<T>(entity as never);
  return shapeOf(meta, em.getPlatform());
}

/** The table of `entity`, quoted, for `from …`. */
export function tableOf<T extends object>(em: EntityManager, entity: EntityName<T>): Sql {
  return rawSql(`"${em.getMetadata().get(entity as never).tableName}"`);
}
