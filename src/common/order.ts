import { OrderDirection } from './enums';
import type { OrderSpec } from './list-query';

/** Maps an `XOrder` input to the property and column to order by, with a default. */
export function orderSpec<F extends string>(
  fields: Record<F, { prop: string; column: string }>,
  input: { field: F; direction?: OrderDirection | null } | null | undefined,
  fallback: { field: F; direction: OrderDirection },
): OrderSpec {
  const field = input?.field ?? fallback.field;
  const direction = input?.direction ?? (input ? OrderDirection.ASC : fallback.direction);
  return { ...fields[field], direction };
}
