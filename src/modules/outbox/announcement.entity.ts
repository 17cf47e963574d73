import { Entity, Enum, Index, Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { registerEnumType } from 'type-graphql';

export enum AnnouncementTopic {
  MATERIAL_PUBLISHED = 'MATERIAL_PUBLISHED',
  SERVICE_OFFERING_CHANGED = 'SERVICE_OFFERING_CHANGED',
  INITIATIVE_CHANGED = 'INITIATIVE_CHANGED',
  EVENT_CHANGED = 'EVENT_CHANGED',
}

/** What `materialPublished` announces: first publications, and (with `includeUpdates`) later edits. */
export enum MaterialChangeType {
  PUBLISHED = 'PUBLISHED',
  UPDATED = 'UPDATED',
}
registerEnumType(MaterialChangeType, {
  name: 'MaterialChangeType',
  valuesConfig: {
    PUBLISHED: { description: 'The material was published for the first time.' },
    UPDATED: { description: 'A published material was changed (only with `includeUpdates: true`).' },
  },
});

export enum ServiceOfferingChangeType {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  PUBLISHED = 'PUBLISHED',
  ARCHIVED = 'ARCHIVED',
}
registerEnumType(ServiceOfferingChangeType, { name: 'ServiceOfferingChangeType' });

export enum InitiativeChangeType {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  PARTICIPANT_ADDED = 'PARTICIPANT_ADDED',
  PARTICIPANT_REMOVED = 'PARTICIPANT_REMOVED',
}
registerEnumType(InitiativeChangeType, { name: 'InitiativeChangeType' });

export enum EventChangeType {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  PUBLISHED = 'PUBLISHED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(EventChangeType, {
  name: 'EventChangeType',
  valuesConfig: {
    CREATED: {
      description: 'A new event (announced to those who may see it: drafts to the organisers’ staff).',
    },
    UPDATED: { description: 'Any change that neither publishes nor cancels it.' },
    PUBLISHED: { description: 'Its publicationStatus became PUBLISHED: now visible to everyone.' },
    CANCELLED: { description: 'The event was cancelled (status CANCELLED).' },
  },
});

/**
 * The outbox: one row per announcement, written in the same transaction as the change. Ids are
 * assigned in commit order (writers serialise on an advisory lock), so they serve as resume cursors.
 */
@Entity({ tableName: 'announcement' })
@Index({ name: 'announcement_topic_id_idx', properties: ['topic', 'id'] })
export class Announcement {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Enum({ items: () => AnnouncementTopic })
  topic!: AnnouncementTopic;

  @Property({ type: 'text' })
  change!: string;

  @Property({ type: 'uuid' })
  entityId!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  @Index()
  createdAt: Opt<Date> = new Date();
}
