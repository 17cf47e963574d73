import {
  Check,
  Collection,
  Embedded,
  Entity,
  Enum,
  Index,
  ManyToMany,
  ManyToOne,
  OneToMany,
  Property,
  Ref,
  Unique,
  Opt,
} from '@mikro-orm/core';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Language, sqlEnumList } from '../../common/enums';
import { LocalizedString } from '../../common/localized';
import { BaseEntity, Node } from '../../common/node';
import { SearchVector, TextSearchSpec } from '../../common/text-search';
import { Region } from '../region/region.entity';
import type { Contact } from './contact.entity';

export enum ActorKind {
  ELMERI_SCHOOL = 'ELMERI_SCHOOL',
  VALTERI = 'VALTERI',
  HOSPITAL_TEACHING_UNIT = 'HOSPITAL_TEACHING_UNIT',
  STATE_SCHOOL_HOME = 'STATE_SCHOOL_HOME',
}
registerEnumType(ActorKind, { name: 'ActorKind', description: 'The four kinds of Vaatu actors.' });

/** What of an actor the full-text search reads: every actor is public. */
export const ACTOR_TEXT: TextSearchSpec = { table: 'actor', title: 'name', description: 'description' };

/** A Vaatu actor: an Elmeri school, Valteri or one of its units, a hospital teaching unit or a state school home. */
@Entity({ tableName: 'actor' })
@ObjectType({ implements: Node })
@Check({ name: 'actor_name_present', expression: 'coalesce(name_fi, name_sv, name_en) is not null' })
@Check({ name: 'actor_languages_valid', expression: `languages <@ array[${sqlEnumList(Language)}]::text[]` })
@Check({ name: 'actor_slug_format', expression: "slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'" })
export class Actor extends BaseEntity {
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

  @ManyToMany({
    entity: () => Region,
    pivotTable: 'actor_region',
    joinColumn: 'actor_id',
    inverseJoinColumn: 'region_id',
  })
  regions = new Collection<Region>(this);

  @Field(() => [Language])
  @Enum({ items: () => Language, array: true, default: [] })
  @Index({ type: 'gin' })
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
