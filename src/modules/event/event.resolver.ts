import type { GraphQLResolveInfo } from 'graphql';
import { regionService, Region } from '../region';
import { fieldReads } from '../../common/view-props';
import { batchField } from '../../common/preload';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Info } from 'type-graphql';
import { RequestContext } from '../../common/context';
import { Language } from '../../common/enums';
import { pickLang } from '../../common/localized';
import { expectGlobalId } from '../../common/node';
import { listArgs } from '../../common/list-service';
import { Connection, PageArgs, toConnection } from '../../common/pagination';
import { Actor } from '../actor';
import { JointInitiative } from '../initiative';
import { Event, EVENT_REGIONS } from './event.entity';
import { Payload } from '../../common/mutation';
import { eventCommands } from './event.commands';
import { CreateEventInput, EventFilter, EventOrder, UpdateEventInput } from './event.inputs';
import { eventService } from './event.service';

export const EventConnection = Connection(Event, 'Event');
const CreateEventPayload = Payload('CreateEventPayload', 'event', Event);
const UpdateEventPayload = Payload('UpdateEventPayload', 'event', Event);
const CancelEventPayload = Payload('CancelEventPayload', 'event', Event);

/** An event's regions: loaded for a whole list at once when it selects them. */
const regionsOf = batchField('Event', 'regions', (ctx, id) =>
  regionService.regionsOf(ctx, EVENT_REGIONS, id),
);

/** What the field resolvers below read of an event (see `view-props.ts`). */
fieldReads('Event', {
  title: ['titleI18n'],
  description: ['descriptionI18n'],
  organizers: [],
  regions: [],
  initiatives: [],
  initiative: [],
  audience: ['audienceI18n'],
});

@Resolver(() => Event)
export class EventResolver {
  @Query(() => EventConnection, {
    description: 'Network days, trainings, webinars: by default ordered by start time.',
  })
  async events(
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Args() page: PageArgs,
    @Arg('filter', () => EventFilter, { nullable: true }) filter?: EventFilter,
    @Arg('orderBy', () => EventOrder, { nullable: true }) orderBy?: EventOrder,
  ) {
    return toConnection(await eventService.list(ctx, listArgs(info, page, filter, orderBy)));
  }

  @Query(() => Event, { nullable: true })
  event(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string) {
    return eventService.findVisibleById(ctx, expectGlobalId(id, 'Event', 'id'));
  }

  @Mutation(() => CreateEventPayload)
  async createEvent(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CreateEventInput) input: CreateEventInput,
  ) {
    return { event: await eventCommands.create(ctx, input) };
  }

  @Mutation(() => UpdateEventPayload)
  async updateEvent(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('input', () => UpdateEventInput) input: UpdateEventInput,
  ) {
    return { event: await eventCommands.update(ctx, expectGlobalId(id, 'Event', 'id'), version, input) };
  }

  @Mutation(() => CancelEventPayload)
  async cancelEvent(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
  ) {
    return { event: await eventCommands.cancel(ctx, expectGlobalId(id, 'Event', 'id'), version) };
  }

  @FieldResolver(() => String)
  title(
    @Root() e: Event,
    @Ctx() ctx: RequestContext,
    @Arg('lang', () => Language, { nullable: true }) lang?: Language,
  ) {
    return pickLang(e.titleI18n, lang ?? ctx.lang) ?? '';
  }

  @FieldResolver(() => String, { nullable: true })
  description(
    @Root() e: Event,
    @Ctx() ctx: RequestContext,
    @Arg('lang', () => Language, { nullable: true }) lang?: Language,
  ) {
    return pickLang(e.descriptionI18n, lang ?? ctx.lang);
  }

  @FieldResolver(() => [Actor], { description: 'By name.' })
  organizers(@Root() e: Event, @Ctx() ctx: RequestContext) {
    return eventService.organizersOf(ctx, e.id);
  }

  @FieldResolver(() => [Region])
  regions(@Root() e: Event, @Ctx() ctx: RequestContext) {
    return regionsOf(ctx, e);
  }

  @FieldResolver(() => [JointInitiative], {
    description: 'The joint initiatives behind the event, in order (those the viewer may see).',
  })
  initiatives(@Root() e: Event, @Ctx() ctx: RequestContext) {
    return eventService.initiativesOf(ctx, e.id);
  }

  @FieldResolver(() => JointInitiative, {
    nullable: true,
    deprecationReason: 'An event can have several initiatives: use initiatives.',
    description: 'The first of `initiatives`; null also when none is visible to the viewer.',
  })
  async initiative(@Root() e: Event, @Ctx() ctx: RequestContext) {
    return (await eventService.initiativesOf(ctx, e.id))[0] ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Who the event is for.' })
  audience(
    @Root() e: Event,
    @Ctx() ctx: RequestContext,
    @Arg('lang', () => Language, { nullable: true }) lang?: Language,
  ) {
    return pickLang(e.audienceI18n, lang ?? ctx.lang);
  }
}

/** `Actor.events`: the event feature adds the field, so the actor feature need not know events. */
fieldReads('Actor', { events: [] });

@Resolver(() => Actor)
export class ActorEventsResolver {
  @FieldResolver(() => EventConnection, { description: 'Events the actor organises.' })
  async events(
    @Root() actor: Actor,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Args() page: PageArgs,
    @Arg('filter', () => EventFilter, { nullable: true }) filter?: EventFilter,
    @Arg('orderBy', () => EventOrder, { nullable: true }) orderBy?: EventOrder,
  ) {
    return toConnection(
      await eventService.forParent(ctx, 'organizer', actor.id, listArgs(info, page, filter, orderBy)),
    );
  }
}

/** `JointInitiative.events`, added here for the same reason. */
fieldReads('JointInitiative', { events: [] });

@Resolver(() => JointInitiative)
export class InitiativeEventsResolver {
  @FieldResolver(() => EventConnection)
  async events(
    @Root() i: JointInitiative,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Args() page: PageArgs,
    @Arg('filter', () => EventFilter, { nullable: true }) filter?: EventFilter,
    @Arg('orderBy', () => EventOrder, { nullable: true }) orderBy?: EventOrder,
  ) {
    return toConnection(
      await eventService.forParent(ctx, 'initiative', i.id, listArgs(info, page, filter, orderBy)),
    );
  }
}
