import { Embedded, Entity, Enum, Index, ManyToMany, ManyToOne, Property, Ref, Unique } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { LocalizedString } from '../../common/localized';
import { BaseEntity, Node } from '../../common/node';
import type { RegionLink } from './region-reach';

export enum RegionKind {
  COLLABORATION_AREA = 'COLLABORATION_AREA',
  WELLBEING_COUNTY = 'WELLBEING_COUNTY',
  MUNICIPALITY = 'MUNICIPALITY',
}
registerEnumType(RegionKind, { name: 'RegionKind' });

/**
 * A collaboration area (HYKS, TYKS, TAYS, KYS, OYS), a wellbeing services county (or Helsinki)
 * or a municipality. `parent` nests them: area ⊃ county ⊃ municipality.
 */
@Entity({ tableName: 'region' })
@ObjectType({ implements: Node })
export class Region extends BaseEntity {
  @Field(() => String, {
    description: 'Official code: area abbreviation, county number or municipality number.',
  })
  @Property({ type: 'text' })
  @Unique()
  code!: string;

  @Field(() => RegionKind)
  @Enum({ items: () => RegionKind })
  @Index()
  kind!: RegionKind;

  @Field(() => LocalizedString)
  @Embedded(() => LocalizedString, { prefix: 'name_' })
  nameI18n!: LocalizedString;

  /** Sort key (Finnish name, else Swedish, else English), maintained by PostgreSQL. */
  @Property({
    type: 'text',
    generated: '(lower(coalesce(name_fi, name_sv, name_en))) stored',
    nullable: true,
    hidden: true,
  })
  sortName?: string;

  @ManyToOne(() => Region, { ref: true, nullable: true, deleteRule: 'restrict', index: true })
  parent?: Ref<Region> | null;
}

/**
 * Maps an owner's `regions` collection onto its region pivot `link` (the same table the region
 * filters and reach queries read): one declaration of how every feature's records link to regions.
 */
export function RegionLinks(link: RegionLink) {
  return ManyToMany({
    entity: () => Region,
    pivotTable: link.table,
    joinColumn: link.ownerColumn,
    inverseJoinColumn: 'region_id',
  });
}
