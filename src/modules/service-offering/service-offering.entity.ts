import {
  Check,
  Collection,
  Embedded,
  Entity,
  Enum,
  Index,
  ManyToOne,
  Property,
  Ref,
  Opt,
} from '@mikro-orm/core';
import { DateScalar } from '../../common/scalars';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { AgeGroup, Language, PublicationStatus, sqlEnumList, EnumListColumn } from '../../common/enums';
import { ImportedEntity } from '../../common/imported';
import { LocalizedString } from '../../common/localized';
import { Node } from '../../common/node';
import { TextSearchSpec } from '../../common/text-search';
import type { Actor, Contact } from '../actor';
import { Region, RegionLinks, type RegionLink } from '../region';
import { CategoryLinks, ServiceCategory, SupportNeed, SupportNeedLinks } from '../taxonomy';
import { LocalizedSearchable } from '../../common/searchable';

export enum DeliveryMode {
  ON_SITE = 'ON_SITE',
  REMOTE = 'REMOTE',
  OUTREACH = 'OUTREACH',
}
registerEnumType(DeliveryMode, { name: 'DeliveryMode' });

export enum CostType {
  FREE = 'FREE',
  PAID = 'PAID',
  MUNICIPALITY_FUNDED = 'MUNICIPALITY_FUNDED',
  VARIES = 'VARIES',
}
registerEnumType(CostType, { name: 'CostType' });

/** What of an offering the full-text search reads. */
export const SERVICE_OFFERING_TEXT: TextSearchSpec = {
  table: 'service_offering',
  title: 'title',
  description: 'description',
  publicWhere: (a) => `${a}.status = 'PUBLISHED'`,
};

/**
 * The pivot linking service offerings to the regions they serve: the entity maps it, and region filters and
 * batched reach queries (the region feature's functions) take it as their `link`.
 */
export const OFFERING_REGIONS: RegionLink = {
  table: 'service_offering_region',
  ownerColumn: 'service_offering_id',
};

/** A service an actor offers: to which regions, age groups and support needs, in which languages. */
@Entity({ tableName: 'service_offering' })
@ObjectType({ implements: Node })
@Index({ name: 'service_offering_status_created_idx', properties: ['status', 'createdAt', 'id'] })
@Index({ name: 'service_offering_actor_created_idx', properties: ['actor', 'createdAt', 'id'] })
// Counts of a filtered list (`totalCount`) read this index alone, not the wide rows (descriptions and
// three search vectors): at 100,000 offerings an index-only count took 69–75 ms where the table
// scan took 120 ms.
@Index({
  name: 'service_offering_count_idx',
  expression:
    'create index "service_offering_count_idx" on "service_offering" ("status") include ("id", "age_groups", "valid_from", "valid_until")',
})
@Check({
  name: 'service_offering_title_present',
  expression: 'coalesce(title_fi, title_sv, title_en) is not null',
})
@Check({
  name: 'service_offering_languages_valid',
  expression: `languages <@ array[${sqlEnumList(Language)}]::text[]`,
})
@Check({
  name: 'service_offering_age_groups_valid',
  expression: `age_groups <@ array[${sqlEnumList(AgeGroup)}]::text[]`,
})
@Check({
  name: 'service_offering_delivery_modes_valid',
  expression: `delivery_modes <@ array[${sqlEnumList(DeliveryMode)}]::text[]`,
})
@Check({
  name: 'service_offering_validity',
  expression: 'valid_until is null or valid_from is null or valid_until >= valid_from',
})
export class ServiceOffering extends LocalizedSearchable(
  ImportedEntity,
  'ServiceOfferingSearchable',
  SERVICE_OFFERING_TEXT,
  { isDemo: 'Illustrative demo content, not real data.' },
) {
  @ManyToOne('Actor', { ref: true, deleteRule: 'restrict' })
  actor!: Ref<Actor>;

  @CategoryLinks('service_offering_category', 'service_offering_id')
  categories = new Collection<ServiceCategory>(this);

  @EnumListColumn(AgeGroup)
  ageGroups: Opt<AgeGroup[]> = [];

  @SupportNeedLinks('service_offering_support_need', 'service_offering_id')
  supportNeeds = new Collection<SupportNeed>(this);

  @RegionLinks(OFFERING_REGIONS)
  regions = new Collection<Region>(this);

  @EnumListColumn(Language)
  languages: Opt<Language[]> = [];

  @EnumListColumn(DeliveryMode)
  deliveryModes: Opt<DeliveryMode[]> = [];

  @Field(() => CostType)
  @Enum({ items: () => CostType, default: CostType.FREE })
  @Index()
  cost: Opt<CostType> = CostType.FREE;

  @Field(() => Boolean)
  @Property({ type: 'boolean', default: false })
  referralRequired: Opt<boolean> = false;

  @Field(() => PublicationStatus)
  @Enum({ items: () => PublicationStatus, default: PublicationStatus.DRAFT })
  status: Opt<PublicationStatus> = PublicationStatus.DRAFT;

  @Field(() => DateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  validFrom?: string | null;

  @Field(() => DateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  validUntil?: string | null;

  @ManyToOne('Contact', { ref: true, nullable: true, deleteRule: 'set null', index: true })
  contact?: Ref<Contact> | null;

  /** The offering's own web page. */
  @Property({ type: 'text', nullable: true })
  url?: string | null;

  @Field(() => LocalizedString, { nullable: true, description: 'How to apply, in every language.' })
  @Embedded(() => LocalizedString, { prefix: 'how_to_apply_', nullable: true })
  howToApplyI18n?: LocalizedString | null;
}
