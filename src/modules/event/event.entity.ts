import { Check, Collection, Embedded, Entity, Enum, Index, ManyToMany, Property, Opt } from '@mikro-orm/core';
import { URLResolver } from 'graphql-scalars';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Language, PublicationStatus, sqlEnumList } from '../../common/enums';
import { LocalizedString } from '../../common/localized';
import { BaseEntity, Node } from '../../common/node';
import { TextSearchSpec } from '../../common/text-search';
import type { Actor } from '../actor';
import type { JointInitiative } from '../initiative';
import { Region, RegionLinks, type RegionLink } from '../region';
import { LocalizedSearchable } from '../../common/searchable';

export enum EventKind {
  NETWORK_DAY = 'NETWORK_DAY',
  TRAINING = 'TRAINING',
  WEBINAR = 'WEBINAR',
  CONFERENCE = 'CONFERENCE',
  MEETING = 'MEETING',
  OTHER = 'OTHER',
}
registerEnumType(EventKind, { name: 'EventKind' });

export enum EventStatus {
  SCHEDULED = 'SCHEDULED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(EventStatus, { name: 'EventStatus' });

/** What of an event the full-text search reads: also its location. */
export const EVENT_TEXT: TextSearchSpec = {
  table: 'event',
  title: 'title',
  description: 'description',
  extra: ['location'],
  publicWhere: (a) => `${a}.publication_status = 'PUBLISHED'`,
};

/**
 * The pivot linking events to the regions they serve: the entity maps it, and region filters and
 * batched reach queries (the region feature's functions) take it as their `link`.
 */
export const EVENT_REGIONS: RegionLink = { table: 'event_region', ownerColumn: 'event_id' };

/** A network day, training, webinar or other event. */
@Entity({ tableName: 'event' })
@ObjectType({ implements: Node })
@Check({ name: 'event_title_present', expression: 'coalesce(title_fi, title_sv, title_en) is not null' })
@Check({ name: 'event_times', expression: 'ends_at is null or ends_at >= starts_at' })
@Check({ name: 'event_languages_valid', expression: `languages <@ array[${sqlEnumList(Language)}]::text[]` })
@Index({ name: 'event_visibility_starts_idx', properties: ['publicationStatus', 'startsAt', 'id'] })
export class Event extends LocalizedSearchable(BaseEntity, 'EventSearchable', EVENT_TEXT) {
  @Field(() => EventKind)
  @Enum({ items: () => EventKind })
  @Index()
  kind!: EventKind;

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  @Index()
  startsAt!: Date;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  endsAt?: Date | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  location?: string | null;

  @Field(() => Boolean)
  @Property({ type: 'boolean', default: false })
  remoteParticipation: Opt<boolean> = false;

  @Field(() => Boolean)
  @Property({ type: 'boolean', default: true })
  free: Opt<boolean> = true;

  @Field(() => URLResolver, { nullable: true })
  @Property({ type: 'text', nullable: true })
  registrationUrl?: string | null;

  @ManyToMany({
    entity: 'Actor',
    pivotTable: 'event_organizer',
    joinColumn: 'event_id',
    inverseJoinColumn: 'actor_id',
  })
  organizers = new Collection<Actor>(this);

  /** The joint initiatives behind the event (a network day shared by two theme groups), in order. */
  @ManyToMany({
    entity: 'JointInitiative',
    pivotTable: 'event_initiative',
    joinColumn: 'event_id',
    inverseJoinColumn: 'joint_initiative_id',
    fixedOrder: true,
    fixedOrderColumn: 'position',
  })
  initiatives = new Collection<JointInitiative>(this);

  @Field(() => [Language], { description: 'Languages the event is held in.' })
  @Enum({ items: () => Language, array: true, default: [] })
  languages: Opt<Language[]> = [];

  @Field(() => LocalizedString, { nullable: true, description: 'Who the event is for, in every language.' })
  @Embedded(() => LocalizedString, { prefix: 'audience_', nullable: true })
  audienceI18n?: LocalizedString | null;

  @Field(() => Date, { nullable: true, description: 'Registration closes at this time.' })
  @Property({ type: 'timestamptz', nullable: true })
  registrationClosesAt?: Date | null;

  @RegionLinks(EVENT_REGIONS)
  regions = new Collection<Region>(this);

  @Field(() => EventStatus)
  @Enum({ items: () => EventStatus, default: EventStatus.SCHEDULED })
  status: Opt<EventStatus> = EventStatus.SCHEDULED;

  @Field(() => PublicationStatus, {
    description: 'Drafts are visible only to organisers’ staff and coordinators.',
  })
  @Enum({ items: () => PublicationStatus, default: PublicationStatus.PUBLISHED })
  publicationStatus: Opt<PublicationStatus> = PublicationStatus.PUBLISHED;
}
