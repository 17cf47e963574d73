import { Embedded, Entity, Enum, ManyToMany, PrimaryKey, Property, Opt } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { AgeGroup } from '../../common/enums';
import { LocalizedString } from '../../common/localized';

/**
 * The base of the taxonomies of codes (service categories, support needs): a stable code, its
 * localised name and a sort position, declared once. Nothing returns it, so the schema does not
 * list it: the type is there only to pass its fields on.
 */
@ObjectType()
export abstract class CodedTerm {
  @Field(() => String)
  @PrimaryKey({ type: 'text' })
  code!: string;

  @Field(() => LocalizedString)
  @Embedded(() => LocalizedString, { prefix: 'name_' })
  nameI18n!: LocalizedString;

  @Property({ type: 'smallint', default: 0 })
  position: Opt<number> = 0;
}

/** Service category taxonomy (seeded; codes are stable). */
@Entity({ tableName: 'service_category' })
@ObjectType()
export class ServiceCategory extends CodedTerm {}

/** Support need taxonomy (seeded; codes are stable). */
@Entity({ tableName: 'support_need' })
@ObjectType()
export class SupportNeed extends CodedTerm {}

/** Localised names of the `AgeGroup` enum values (seeded). */
@Entity({ tableName: 'age_group' })
@ObjectType('AgeGroupTerm', { description: 'An age group with its localised name.' })
export class AgeGroupTerm {
  @Field(() => AgeGroup)
  @PrimaryKey({ type: 'text' })
  @Enum({ items: () => AgeGroup })
  code!: AgeGroup;

  @Field(() => LocalizedString)
  @Embedded(() => LocalizedString, { prefix: 'name_' })
  nameI18n!: LocalizedString;

  @Property({ type: 'smallint', default: 0 })
  position: Opt<number> = 0;
}

/**
 * Maps an owner's collection of taxonomy terms onto the pivot `table`, whose `ownerColumn` holds
 * the owner's id and whose `<term>_code` column the term's code: one declaration of how a record
 * links to service categories or support needs, whichever feature owns it.
 */
function termLinks(term: () => typeof ServiceCategory | typeof SupportNeed, codeColumn: string) {
  return (table: string, ownerColumn: string) =>
    ManyToMany({ entity: term, pivotTable: table, joinColumn: ownerColumn, inverseJoinColumn: codeColumn });
}

/** A record's `categories`, through its pivot `table` (e.g. `service_need_category`). */
export const CategoryLinks = termLinks(() => ServiceCategory, 'category_code');

/** A record's `supportNeeds`, through its pivot `table` (e.g. `service_need_support_need`). */
export const SupportNeedLinks = termLinks(() => SupportNeed, 'support_need_code');
