import { randomUUID } from 'node:crypto';
import { Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, InterfaceType, ObjectType } from 'type-graphql';
import { ValidationError } from './errors';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(text: string): boolean {
  return UUID_RE.test(text);
}

/** Opaque global id: base64url of `<TypeName>:<uuid>`. */
export function toGlobalId(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

/** Decodes a global id; null when it is not one. */
export function fromGlobalId(globalId: string): { type: string; id: string } | null {
  if (typeof globalId !== 'string' || globalId.length > 200) return null;
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const sep = decoded.indexOf(':');
  if (sep <= 0) return null;
  const type = decoded.slice(0, sep);
  const id = decoded.slice(sep + 1);
  if (!/^[A-Za-z]+$/.test(type) || !UUID_RE.test(id)) return null;
  return { type, id };
}

/**
 * Decodes a global id that must be of `type`; throws BAD_USER_INPUT naming `field` otherwise.
 */
export function expectGlobalId(globalId: string, type: string, field: string): string {
  const parsed = fromGlobalId(globalId);
  if (!parsed || parsed.type !== type) {
    throw new ValidationError(`${field} is not a valid ${type} id`, [field]);
  }
  return parsed.id;
}

/** Relay's Node interface: an object with an opaque global id. */
@InterfaceType('Node', {
  description: 'An object with an opaque global id, fetchable with `node(id:)`.',
  resolveType: (value: object) => value.constructor.name,
})
export abstract class Node {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field(() => ID, { name: 'id', description: 'Opaque global id.' })
  globalId(): string {
    return toGlobalId(this.constructor.name, this.id);
  }
}

/** The base of every entity with a uuid key: the Node id plus creation and update times. */
@ObjectType()
export abstract class BaseEntity extends Node {
  @Field(() => Date)
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();

  @Field(() => Date)
  @Property({ type: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Opt<Date> = new Date();
}

/** Decodes a list of global ids of one type (see {@link expectGlobalId}). */
export function expectGlobalIds(globalIds: readonly string[], type: string, field: string): string[] {
  return globalIds.map((g, i) => expectGlobalId(g, type, `${field}.${i}`));
}
