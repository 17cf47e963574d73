import { registerEnumType } from 'type-graphql';

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
