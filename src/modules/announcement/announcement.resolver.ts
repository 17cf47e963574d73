import { Arg, Field, ObjectType, Resolver, Root, Subscription } from 'type-graphql';
import type { SubscribeResolverData } from 'type-graphql';
import { RequestContext } from '../../common/context';
import { JointInitiative, InitiativeFilter } from '../initiative';
import { SharedMaterial, MaterialFilter } from '../material';
import { ServiceOffering, ServiceOfferingFilter } from '../service-offering';
import { Event, EventFilter } from '../event';
import {
  AnnouncementTopic,
  EventChangeType,
  InitiativeChangeType,
  MaterialChangeType,
  ServiceOfferingChangeType,
} from '../outbox';
import type { AnnouncementEvent } from './announcement.hub';

@ObjectType({ description: 'A newly published material or video (or, when asked for, an update of one).' })
export class MaterialAnnouncement {
  @Field(() => String, { description: 'Pass as `after` when reconnecting to receive what was missed.' })
  cursor!: string;

  @Field(() => MaterialChangeType, {
    description: 'PUBLISHED (first publication) or UPDATED (only with `includeUpdates: true`).',
  })
  change!: MaterialChangeType;

  @Field(() => SharedMaterial)
  material!: SharedMaterial;
}

@ObjectType()
export class ServiceOfferingChange {
  @Field(() => String)
  cursor!: string;

  @Field(() => ServiceOfferingChangeType)
  change!: ServiceOfferingChangeType;

  @Field(() => ServiceOffering)
  offering!: ServiceOffering;
}

@ObjectType()
export class InitiativeChange {
  @Field(() => String)
  cursor!: string;

  @Field(() => InitiativeChangeType)
  change!: InitiativeChangeType;

  @Field(() => JointInitiative)
  initiative!: JointInitiative;
}

@ObjectType()
export class EventChange {
  @Field(() => String)
  cursor!: string;

  @Field(() => EventChangeType)
  change!: EventChangeType;

  @Field(() => Event)
  event!: Event;
}

type Args = { filter?: unknown; after?: string | null; includeUpdates?: boolean | null };

/** @param changes the kinds of change delivered, from the arguments (default: every kind) */
function stream(
  topic: AnnouncementTopic,
  changes: (args: Args) => readonly string[] | undefined = () => undefined,
) {
  return ({ args, context }: SubscribeResolverData<unknown, Args, RequestContext>) => {
    if (!context.announcements) throw new Error('Subscriptions are served over WebSocket only');
    return context.announcements.subscribe(topic, args.filter ?? null, args.after ?? null, context, {
      changes: changes(args),
    });
  };
}

const AFTER =
  'Resume: first the matching announcements committed after this cursor (bounded), then live ones.';

@Resolver()
export class AnnouncementResolver {
  @Subscription(() => MaterialAnnouncement, {
    subscribe: stream(AnnouncementTopic.MATERIAL_PUBLISHED, (args) =>
      args.includeUpdates ? undefined : [MaterialChangeType.PUBLISHED],
    ),
    description:
      'Fires once per material when it is PUBLISHED, after the transaction commits; with `includeUpdates: true`, also whenever a published material is changed (e.g. captions added).',
  })
  materialPublished(
    @Root() event: AnnouncementEvent<SharedMaterial>,
    @Arg('filter', () => MaterialFilter, { nullable: true }) _filter?: MaterialFilter,
    @Arg('after', () => String, { nullable: true, description: AFTER }) _after?: string,
    @Arg('includeUpdates', () => Boolean, {
      nullable: true,
      defaultValue: false,
      description: 'Also announce changes to published materials (change: UPDATED).',
    })
    _includeUpdates?: boolean,
  ): MaterialAnnouncement {
    return { cursor: event.cursor, change: event.change as MaterialChangeType, material: event.node };
  }

  @Subscription(() => ServiceOfferingChange, {
    subscribe: stream(AnnouncementTopic.SERVICE_OFFERING_CHANGED),
    description: 'Offerings created, updated, published or archived (drafts only to their actor’s staff).',
  })
  serviceOfferingChanged(
    @Root() event: AnnouncementEvent<ServiceOffering>,
    @Arg('filter', () => ServiceOfferingFilter, { nullable: true }) _filter?: ServiceOfferingFilter,
    @Arg('after', () => String, { nullable: true, description: AFTER }) _after?: string,
  ): ServiceOfferingChange {
    return { cursor: event.cursor, change: event.change as ServiceOfferingChangeType, offering: event.node };
  }

  @Subscription(() => InitiativeChange, {
    subscribe: stream(AnnouncementTopic.INITIATIVE_CHANGED),
    description: 'Initiatives created or updated, participants added or removed.',
  })
  initiativeChanged(
    @Root() event: AnnouncementEvent<JointInitiative>,
    @Arg('filter', () => InitiativeFilter, { nullable: true }) _filter?: InitiativeFilter,
    @Arg('after', () => String, { nullable: true, description: AFTER }) _after?: string,
  ): InitiativeChange {
    return { cursor: event.cursor, change: event.change as InitiativeChangeType, initiative: event.node };
  }

  @Subscription(() => EventChange, {
    subscribe: stream(AnnouncementTopic.EVENT_CHANGED),
    description:
      'Events created, updated, published (made visible to everyone) or cancelled; drafts only to their ' +
      'organisers’ staff.',
  })
  eventChanged(
    @Root() event: AnnouncementEvent<Event>,
    @Arg('filter', () => EventFilter, { nullable: true }) _filter?: EventFilter,
    @Arg('after', () => String, { nullable: true, description: AFTER }) _after?: string,
  ): EventChange {
    return { cursor: event.cursor, change: event.change as EventChangeType, event: event.node };
  }
}
