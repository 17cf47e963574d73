import {
  Check,
  Collection,
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
import { DateScalar } from '../../common/scalars';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { PublicationStatus } from '../../common/enums';
import { BaseEntity, Node } from '../../common/node';
import { TextSearchSpec } from '../../common/text-search';
import type { Actor } from '../actor';
import { Region, RegionLinks, type RegionLink } from '../region';
import { LocalizedSearchable } from '../../common/searchable';

export enum InitiativeKind {
  THEME_GROUP = 'THEME_GROUP',
  DEVELOPMENT_PROJECT = 'DEVELOPMENT_PROJECT',
  PILOT = 'PILOT',
  NETWORK = 'NETWORK',
  TRAINING_PROGRAMME = 'TRAINING_PROGRAMME',
  OTHER = 'OTHER',
}
registerEnumType(InitiativeKind, { name: 'InitiativeKind' });

export enum InitiativeStatus {
  PLANNED = 'PLANNED',
  ACTIVE = 'ACTIVE',
  COMPLETED = 'COMPLETED',
  DISCONTINUED = 'DISCONTINUED',
}
registerEnumType(InitiativeStatus, { name: 'InitiativeStatus' });

export enum ParticipantRole {
  LEAD = 'LEAD',
  PARTNER = 'PARTNER',
  EXPERT = 'EXPERT',
}
registerEnumType(ParticipantRole, { name: 'ParticipantRole' });

/** What of an initiative the full-text search reads. */
export const INITIATIVE_TEXT: TextSearchSpec = {
  table: 'joint_initiative',
  title: 'title',
  description: 'description',
  publicWhere: (a) => `${a}.publication_status = 'PUBLISHED'`,
};

/**
 * The pivot linking joint initiatives to the regions they serve: the entity maps it, and region filters and
 * batched reach queries (the region feature's functions) take it as their `link`.
 */
export const INITIATIVE_REGIONS: RegionLink = {
  table: 'joint_initiative_region',
  ownerColumn: 'joint_initiative_id',
};

/** A joint initiative of several actors: a theme group, a pilot, a network... */
@Entity({ tableName: 'joint_initiative' })
@ObjectType({ implements: Node })
@Check({
  name: 'joint_initiative_title_present',
  expression: 'coalesce(title_fi, title_sv, title_en) is not null',
})
@Check({
  name: 'joint_initiative_dates',
  expression: 'ends_on is null or starts_on is null or ends_on >= starts_on',
})
@Index({
  name: 'joint_initiative_visibility_created_idx',
  properties: ['publicationStatus', 'createdAt', 'id'],
})
export class JointInitiative extends LocalizedSearchable(
  BaseEntity,
  'JointInitiativeSearchable',
  INITIATIVE_TEXT,
) {
  @Field(() => InitiativeKind)
  @Enum({ items: () => InitiativeKind })
  @Index()
  kind!: InitiativeKind;

  @Field(() => InitiativeStatus)
  @Enum({ items: () => InitiativeStatus, default: InitiativeStatus.ACTIVE })
  @Index()
  status: Opt<InitiativeStatus> = InitiativeStatus.ACTIVE;

  @Field(() => PublicationStatus, {
    description: 'Drafts are visible only to participants’ staff and coordinators.',
  })
  @Enum({ items: () => PublicationStatus, default: PublicationStatus.PUBLISHED })
  publicationStatus: Opt<PublicationStatus> = PublicationStatus.PUBLISHED;

  @Field(() => DateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  startsOn?: string | null;

  @Field(() => DateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  endsOn?: string | null;

  /** The initiative's web site. */
  @Property({ type: 'text', nullable: true })
  website?: string | null;

  @RegionLinks(INITIATIVE_REGIONS)
  regions = new Collection<Region>(this);

  @OneToMany('InitiativeParticipant', 'initiative')
  participants = new Collection<InitiativeParticipant>(this);
}

/** An actor's part in an initiative. */
@Entity({ tableName: 'initiative_participant' })
@Unique({ name: 'initiative_participant_unique', properties: ['initiative', 'actor'] })
@ObjectType()
export class InitiativeParticipant extends BaseEntity {
  @ManyToOne(() => JointInitiative, { ref: true, deleteRule: 'cascade' })
  initiative!: Ref<JointInitiative>;

  @ManyToOne('Actor', { ref: true, deleteRule: 'restrict', index: true })
  actor!: Ref<Actor>;

  @Field(() => ParticipantRole)
  @Enum({ items: () => ParticipantRole })
  role!: ParticipantRole;

  @Field(() => Date)
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  joinedAt: Opt<Date> = new Date();
}
