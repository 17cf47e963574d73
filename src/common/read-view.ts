import { ReferenceKind, type EntityMetadata, type EntityName, type EntityProperty } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

type Row = Record<string, unknown>;
type Step = (view: Row, data: Row, em: EntityManager) => void;

interface ViewFactory {
  create(data: Row, em: EntityManager): object;
}

const factories = new WeakMap<EntityMetadata, ViewFactory>();

/**
 * The steps that copy one property from the driver's mapped row (property names, dates converted)
 * to a view: scalars as they are, embeddables as instances of their class, to-one relations as
 * references (from the identity map when the target is loaded). Collections are not copied.
 */
function stepFor(prop: EntityProperty): Step | null {
  if (prop.persist === false || prop.lazy || prop.formula) return null;
  const name = prop.name;
  switch (prop.kind) {
    case ReferenceKind.SCALAR:
      return (view, data) => {
        if (data[name] !== undefined) view[name] = data[name];
      };
    case ReferenceKind.EMBEDDED: {
      if (prop.object) return null;
      const parts = Object.values(prop.embeddedProps).map((p) => [p.embedded![1], p.name] as const);
      const proto = (prop.embeddable as { prototype: object }).prototype;
      return (view, data) => {
        let present = false;
        const value = Object.create(proto) as Row;
        for (const [key, column] of parts) {
          const v = data[column] ?? null;
          value[key] = v;
          if (v !== null) present = true;
        }
        view[name] = present || !prop.nullable ? value : null;
      };
    }
    case ReferenceKind.MANY_TO_ONE:
    case ReferenceKind.ONE_TO_ONE: {
      if (prop.kind === ReferenceKind.ONE_TO_ONE && !prop.owner) return null;
      const target = prop.targetMeta!.class;
      const wrapped = !!prop.ref;
      return (view, data, em) => {
        const id = data[name];
        view[name] = id == null ? null : em.getReference(target, id as never, { wrapped } as never);
      };
    }
    default:
      return null;
  }
}

function factoryFor(meta: EntityMetadata): ViewFactory {
  let factory = factories.get(meta);
  if (factory) return factory;
  const steps: Step[] = [];
  const copied: string[] = [];
  for (const prop of meta.props) {
    const step = stepFor(prop);
    if (!step) continue;
    steps.push(step);
    copied.push(prop.name);
  }
  // The entity's prototype brings its methods and its GraphQL type (instanceof, constructor.name);
  // plain data properties over it shadow the ORM's change-tracking setters, so that copying a value
  // neither creates the entity's tracking state nor leaves the object's fast shape.
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
  factory = {
    create(data, em) {
      const view = Object.create(proto) as Row;
      for (const step of steps) step(view, data, em);
      return view;
    },
  };
  factories.set(meta, factory);
  return factory;
}

/**
 * A read-only view of a row of `entity`: an object of the entity's class with its columns,
 * embeddables and to-one references, but not managed by the unit of work (no identity map entry,
 * no change-tracking snapshot) and without collections. For nested pages read only to be shown:
 * creating managed entities was most of the cost of a nested list. Field resolvers that need a
 * collection of such a view load it through a per-request loader.
 */
export function readView<T extends object>(em: EntityManager, entity: EntityName<T>, row: Row): T {
  const meta = em.getMetadata().get<T>(entity as never);
  const data = em.getDriver().mapResult(row as never, meta) as Row;
  return factoryFor(meta).create(data, em) as T;
}
