import { Collection, Embedded, Entity, Enum, ManyToOne, Opt, Property, Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { LocalizedString } from '../../common/localized';
import { BaseEntity } from '../../common/node';
import { Region, RegionLinks, type RegionLink } from '../region';
import type { Actor } from './actor.entity';

export enum ContactRole {
  GENERAL = 'GENERAL',
  REGIONAL_CONTACT = 'REGIONAL_CONTACT',
  CORE_GROUP_CHAIR = 'CORE_GROUP_CHAIR',
  SERVICE_CONTACT = 'SERVICE_CONTACT',
}
registerEnumType(ContactRole, {
  name: 'ContactRole',
  description: 'What a contact person is the contact for.',
  valuesConfig: {
    GENERAL: { description: 'The actor’s general contact person.' },
    REGIONAL_CONTACT: { description: 'The VIP network’s contact person (yhdyshenkilö) of a region.' },
    CORE_GROUP_CHAIR: { description: 'Chair of a region’s multiprofessional core group (ydinryhmä).' },
    SERVICE_CONTACT: { description: 'Contact person of one or more service offerings.' },
  },
});

/**
 * The pivot linking contacts to the regions they serve: the entity maps it, and region filters and
 * batched reach queries (the region feature's functions) take it as their `link`.
 */
export const CONTACT_REGIONS: RegionLink = { table: 'contact_region', ownerColumn: 'contact_id' };

/** A contact person of an actor. Personal data: shown to authenticated staff only. */
@Entity({ tableName: 'contact' })
@ObjectType({ description: 'A contact person (personal data: authenticated staff only).' })
export class Contact extends BaseEntity {
  @ManyToOne('Actor', { ref: true, deleteRule: 'cascade', index: true })
  actor!: Ref<Actor>;

  @Field(() => String)
  @Property({ type: 'text' })
  name!: string;

  @Field(() => LocalizedString, { nullable: true, name: 'titleI18n' })
  @Embedded(() => LocalizedString, { prefix: 'title_', nullable: true })
  titleI18n?: LocalizedString | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  email?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  phone?: string | null;

  @Field(() => ContactRole)
  @Enum({ items: () => ContactRole, default: ContactRole.GENERAL })
  role: Opt<ContactRole> = ContactRole.GENERAL;

  /** The regions the person is the contact for (a regional contact's area or county). */
  @RegionLinks(CONTACT_REGIONS)
  regions = new Collection<Region>(this);

  @Field(() => Int, { description: 'Optimistic-locking version: pass it back to updates and deletes.' })
  @Property({ version: true, type: 'integer' })
  version!: Opt<number>;
}
