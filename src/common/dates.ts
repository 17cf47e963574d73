import { ValidationError } from './errors';

/** A `Date` scalar value as the `YYYY-MM-DD` string the database column holds. */
export function toIsoDate(value: Date | null | undefined): string | null {
  if (value == null) return null;
  return value.toISOString().slice(0, 10);
}

/** Checks that `from` is not after `until` (both optional ISO dates). */
export function requireDateOrder(
  from: string | null | undefined,
  until: string | null | undefined,
  field: string,
): void {
  if (from && until && until < from)
    throw new ValidationError(`${field} must not be before the start date`, [field]);
}
