import {
  Check,
  Collection,
  Embedded,
  Entity,
  Enum,
  Index,
  ManyToOne,
  OneToMany,
  Property,
  Ref,
  Unique,
  Opt,
} from '@mikro-orm/core';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Language, sqlEnumList, EnumListColumn } from '../../common/enums';
import { ImportedEntity } from '../../common/imported';
import { LocalizedString } from '../../common/localized';
import { Node } from '../../common/node';
import { SearchVector, TextSearchSpec } from '../../common/text-search';
import { Region, RegionLinks, type RegionLink } from '../region';
import type { Contact } from './contact.entity';

export enum ActorKind {
  ELMERI_SCHOOL = 'ELMERI_SCHOOL',
  VALTERI = 'VALTERI',
  HOSPITAL_TEACHING_UNIT = 'HOSPITAL_TEACHING_UNIT',
  STATE_SCHOOL_HOME = 'STATE_SCHOOL_HOME',
  MUNICIPALITY = 'MUNICIPALITY',
  WELLBEING_SERVICES_COUNTY = 'WELLBEING_SERVICES_COUNTY',
  ASSOCIATION = 'ASSOCIATION',
  OTHER_PUBLIC_BODY = 'OTHER_PUBLIC_BODY',
}
registerEnumType(ActorKind, {
  name: 'ActorKind',
  description: 'The four kinds of Vaatu actors, then the kinds of their partners.',
  valuesConfig: {
    ELMERI_SCHOOL: { description: 'Vaatu: a municipal special school of the Elmeri network.' },
    VALTERI: { description: 'Vaatu: Valteri Centre for Learning and Consultation or one of its units.' },
    HOSPITAL_TEACHING_UNIT: { description: 'Vaatu: a hospital teaching unit.' },
    STATE_SCHOOL_HOME: { description: 'Vaatu: a state school home.' },
    MUNICIPALITY: {
      description: 'Partner: municipal education, youth and student-welfare services.',
    },
    WELLBEING_SERVICES_COUNTY: {
      description: 'Partner: social and health services of a wellbeing services county, e.g. family centres.',
    },
    ASSOCIATION: { description: 'Partner: an association or other non-governmental organisation.' },
    OTHER_PUBLIC_BODY: {
      description: 'Partner: another public body, e.g. a knowledge and support centre.',
    },
  },
});

/** The kinds of Vaatu actors; every other kind is a partner. */
export const VAATU_KINDS: readonly ActorKind[] = [
  ActorKind.ELMERI_SCHOOL,
  ActorKind.VALTERI,
  ActorKind.HOSPITAL_TEACHING_UNIT,
  ActorKind.STATE_SCHOOL_HOME,
];

/** The partner kinds: actors outside the Vaatu group whose services the network maps too. */
export const PARTNER_KINDS: readonly ActorKind[] = Object.values(ActorKind).filter(
  (k) => !VAATU_KINDS.includes(k),
);

export function isVaatuKind(kind: ActorKind): boolean {
  return VAATU_KINDS.includes(kind);
}

/** What of an actor the full-text search reads: every actor is public. */
export const ACTOR_TEXT: TextSearchSpec = { table: 'actor', title: 'name', description: 'description' };

/**
 * The pivot linking actors to the regions they serve: the entity maps it, and region filters and
 * batched reach queries (the region feature's functions) take it as their `link`.
 */
export const ACTOR_REGIONS: RegionLink = { table: 'actor_region', ownerColumn: 'actor_id' };

/**
 * A Vaatu actor (an Elmeri school, Valteri or one of its units, a hospital teaching unit or a state
 * school home) or a partner of theirs (municipal services, a wellbeing services county, an
 * association, another public body).
 */
@Entity({ tableName: 'actor' })
@ObjectType({ implements: Node })
@Index({ name: 'actor_sort_name_idx', properties: ['sortName', 'id'] })
@Check({ name: 'actor_name_present', expression: 'coalesce(name_fi, name_sv, name_en) is not null' })
@Check({ name: 'actor_languages_valid', expression: `languages <@ array[${sqlEnumList(Language)}]::text[]` })
@Check({ name: 'actor_slug_format', expression: "slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'" })
export class Actor extends ImportedEntity {
  @Field(() => String, {
    description: 'Stable, URL-friendly identifier (the `actor` claim of staff tokens).',
  })
  @Property({ type: 'text' })
  @Unique()
  slug!: string;

  @Field(() => ActorKind)
  @Enum({ items: () => ActorKind })
  @Index()
  kind!: ActorKind;

  @Field(() => LocalizedString)
  @Embedded(() => LocalizedString, { prefix: 'name_' })
  nameI18n!: LocalizedString;

  @Field(() => LocalizedString, { nullable: true })
  @Embedded(() => LocalizedString, { prefix: 'description_', nullable: true })
  descriptionI18n?: LocalizedString | null;

  /** Sort key (Finnish name, else Swedish, else English), maintained by PostgreSQL. */
  @Property({
    type: 'text',
    generated: '(lower(coalesce(name_fi, name_sv, name_en))) stored',
    nullable: true,
    hidden: true,
  })
  sortName?: string;

  /** Stored search vectors (title 'A', description 'B'), one per language; queried, never loaded. */
  @SearchVector(ACTOR_TEXT, Language.FI)
  searchFi?: string;

  @SearchVector(ACTOR_TEXT, Language.SV)
  searchSv?: string;

  @SearchVector(ACTOR_TEXT, Language.EN)
  searchEn?: string;

  @Property({ type: 'text', nullable: true })
  website?: string | null;

  @ManyToOne(() => Region, { ref: true, nullable: true, deleteRule: 'restrict', index: true })
  municipality?: Ref<Region> | null;

  @RegionLinks(ACTOR_REGIONS)
  regions = new Collection<Region>(this);

  @EnumListColumn(Language)
  languages: Opt<Language[]> = [];

  @ManyToOne(() => Actor, { ref: true, nullable: true, deleteRule: 'restrict', index: true })
  parent?: Ref<Actor> | null;

  @OneToMany(() => Actor, (a) => a.parent)
  units = new Collection<Actor>(this);

  @OneToMany('Contact', 'actor')
  contacts = new Collection<Contact>(this);

  @Field(() => Boolean, { description: 'Illustrative demo content, not real data.' })
  @Property({ type: 'boolean', default: false })
  isDemo: Opt<boolean> = false;

  @Field(() => Int, { description: 'Optimistic-locking version: pass it back to updates.' })
  @Property({ version: true, type: 'integer' })
  version!: Opt<number>;
}
