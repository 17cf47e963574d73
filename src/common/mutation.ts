import { Collection, Reference } from '@mikro-orm/core';
import { ClassType, Field, ObjectType } from 'type-graphql';
import { ConflictError, ValidationError } from './errors';
import { LocalizedString, LocalizedStringInput } from './localized';

/**
 * Declares a mutation payload type `name` with one field holding the changed object, e.g.
 * `CreateServiceOfferingPayload { serviceOffering: ServiceOffering! }`.
 */
export function Payload<T extends object>(name: string, field: string, type: ClassType<T>) {
  @ObjectType(name)
  class PayloadType {}
  Field(() => type)(PayloadType.prototype, field);
  return PayloadType;
}

/** Optional text as stored: trimmed, and null when nothing is left. */
export function cleanText(v: string | null | undefined): string | null {
  return v == null || v.trim() === '' ? null : v.trim();
}

/**
 * Merges a localised input into the stored text: languages given replace (an empty string or null
 * clears), languages left out stay. With `required`, at least one language must remain.
 */
export function mergeLocalized(
  current: LocalizedString | null | undefined,
  input: LocalizedStringInput | null | undefined,
  field: string,
  required: boolean,
): LocalizedString | null {
  if (input === undefined) return current ?? null;
  const next = new LocalizedString({
    fi: input === null || input.fi !== undefined ? cleanText(input?.fi) : (current?.fi ?? null),
    sv: input === null || input.sv !== undefined ? cleanText(input?.sv) : (current?.sv ?? null),
    en: input === null || input.en !== undefined ? cleanText(input?.en) : (current?.en ?? null),
  });
  const empty = !next.fi && !next.sv && !next.en;
  if (empty && required)
    throw new ValidationError(`${field} needs at least one language (fi, sv or en)`, [field]);
  return empty ? null : next;
}

/** Throws CONFLICT when the client's version is not the stored one (optimistic locking). */
export function expectVersion(entity: { version: number }, version: number): void {
  if (entity.version !== version) {
    throw new ConflictError(
      `The record was changed by someone else (version ${entity.version}, you sent ${version}): reload it and try again`,
    );
  }
}

type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };

function plain(value: unknown): Plain {
  if (value == null) return null;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Collection) {
    return (value.getItems(false) as object[]).map((i) => idOf(i)).sort() as Plain[];
  }
  if (Reference.isReference(value)) return idOf(value);
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object') {
    if ('id' in value || 'code' in value) return idOf(value);
    const out: Record<string, Plain> = {};
    for (const [k, v] of Object.entries(value)) if (typeof v !== 'function') out[k] = plain(v);
    return out;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}

function idOf(value: object): string {
  const v = value as { id?: unknown; code?: unknown };
  return String(v.id ?? v.code);
}

/** A JSON-safe copy of the listed properties (relations as ids), for the audit log's old/new values. */
export function snapshot<T extends object>(
  entity: T,
  props: readonly (keyof T & string)[],
): Record<string, Plain> {
  const out: Record<string, Plain> = {};
  for (const p of props) out[p] = plain(entity[p]);
  return out;
}

export interface FieldChange {
  field: string;
  old: Plain;
  new: Plain;
  /** The values were personal data and have been removed (erasure, or the retention period). */
  redacted?: boolean;
}

/** The properties whose values differ between two snapshots. */
export function diffSnapshots(before: Record<string, Plain>, after: Record<string, Plain>): FieldChange[] {
  const fields = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changes: FieldChange[] = [];
  for (const field of fields) {
    const a = before[field] ?? null;
    const b = after[field] ?? null;
    if (JSON.stringify(a) !== JSON.stringify(b)) changes.push({ field, old: a, new: b });
  }
  return changes;
}
