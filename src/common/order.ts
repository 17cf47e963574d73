import { Field, InputType, registerEnumType } from 'type-graphql';
import { OrderDirection } from './enums';
import type { OrderSpec } from './list-query';

/**
 * Declares a list's `orderBy` input `name` over the enum `fields`, which it registers as
 * `<name>Field` (with `valuesConfig`, the descriptions of its values, if given), e.g.
 * `EventOrder { field: EventOrderField!, direction: OrderDirection = ASC }`. Like `Connection()`
 * and `Payload()`, one declaration serves every list, so the inputs and the names of their enums
 * cannot drift apart.
 */
export function OrderInput<E extends Record<string, string>>(
  name: string,
  fields: E,
  valuesConfig?: Parameters<typeof registerEnumType<E>>[1]['valuesConfig'],
) {
  registerEnumType(fields, { name: `${name}Field`, valuesConfig });
  @InputType(name)
  class OrderType {
    field!: E[keyof E];

    direction?: OrderDirection | null;
  }
  Field(() => fields)(OrderType.prototype, 'field');
  Field(() => OrderDirection, { nullable: true, defaultValue: OrderDirection.ASC })(
    OrderType.prototype,
    'direction',
  );
  return OrderType;
}

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
