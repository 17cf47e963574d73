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
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { AgeGroup, sqlEnumList, EnumListColumn } from '../../common/enums';
import { LocalizedString } from '../../common/localized';
import { BaseEntity, Node } from '../../common/node';
import { Region } from '../region';
import type { StaffMember } from '../staff';
import { CategoryLinks, ServiceCategory, SupportNeed, SupportNeedLinks } from '../taxonomy';

export enum NeedStatus {
  OPEN = 'OPEN',
  IN_PROGRESS = 'IN_PROGRESS',
  MET = 'MET',
  DISMISSED = 'DISMISSED',
}
registerEnumType(NeedStatus, {
  name: 'NeedStatus',
  description: 'OPEN and IN_PROGRESS needs count as unmet.',
});

/** A service need a region reports as unmet: the other half of the mapping. Staff only. */
@Entity({ tableName: 'service_need' })
@ObjectType({ implements: Node })
@Check({
  name: 'service_need_age_groups_valid',
  expression: `age_groups <@ array[${sqlEnumList(AgeGroup)}]::text[]`,
})
@Index({ name: 'service_need_status_created_idx', properties: ['status', 'createdAt', 'id'] })
export class ServiceNeed extends BaseEntity {
  @ManyToOne(() => Region, { ref: true, deleteRule: 'restrict', index: true })
  region!: Ref<Region>;

  @CategoryLinks('service_need_category', 'service_need_id')
  categories = new Collection<ServiceCategory>(this);

  @EnumListColumn(AgeGroup)
  ageGroups: Opt<AgeGroup[]> = [];

  @SupportNeedLinks('service_need_support_need', 'service_need_id')
  supportNeeds = new Collection<SupportNeed>(this);

  @Field(() => LocalizedString, { nullable: true })
  @Embedded(() => LocalizedString, { prefix: 'description_', nullable: true })
  descriptionI18n?: LocalizedString | null;

  @Field(() => NeedStatus)
  @Enum({ items: () => NeedStatus, default: NeedStatus.OPEN })
  status: Opt<NeedStatus> = NeedStatus.OPEN;

  @ManyToOne('StaffMember', { ref: true, nullable: true, deleteRule: 'set null', index: true })
  reportedBy?: Ref<StaffMember> | null;

  @Field(() => Boolean)
  @Property({ type: 'boolean', default: false })
  isDemo: Opt<boolean> = false;

  @Field(() => Int)
  @Property({ version: true, type: 'integer' })
  version!: Opt<number>;
}
