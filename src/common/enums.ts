import { Enum, Index } from '@mikro-orm/core';
import { Field, registerEnumType } from 'type-graphql';

export enum Language {
  FI = 'FI',
  SV = 'SV',
  EN = 'EN',
}
registerEnumType(Language, { name: 'Language', description: 'Content languages of the hub.' });

export enum PublicationStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  ARCHIVED = 'ARCHIVED',
}
registerEnumType(PublicationStatus, {
  name: 'PublicationStatus',
  description: 'Only PUBLISHED records are visible to anonymous readers.',
});

export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(OrderDirection, { name: 'OrderDirection' });

export enum AgeGroup {
  EARLY_CHILDHOOD = 'EARLY_CHILDHOOD',
  PRE_PRIMARY = 'PRE_PRIMARY',
  PRIMARY = 'PRIMARY',
  LOWER_SECONDARY = 'LOWER_SECONDARY',
  UPPER_SECONDARY = 'UPPER_SECONDARY',
}
registerEnumType(AgeGroup, { name: 'AgeGroup', description: 'Age groups / levels of education.' });

/** SQL `IN (...)` list for a check constraint over an enum's values. */
export function sqlEnumList(e: Record<string, string>): string {
  return Object.values(e)
    .map((v) => `'${v}'`)
    .join(', ');
}

/**
 * A list of values of the enum `items`: a text array column, empty by default, with a GIN index
 * for the list filters' array operators, and a non-null list in GraphQL. One declaration for every
 * such column (languages, age groups, delivery modes), so they cannot drift apart.
 */
export function EnumListColumn(items: Record<string, string>) {
  return (target: object, key: string): void => {
    // Applied in the order the three stacked decorators were (bottom first).
    Index<Record<string, unknown>, string>({ type: 'gin' })(target as Record<string, unknown>, key);
    Enum({ items: () => items, array: true, default: [] })(target, key);
    Field(() => [items])(target, key);
  };
}
