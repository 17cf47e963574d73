import type { GraphQLResolveInfo } from 'graphql';
import { regionService, Region } from '../region';
import { fieldReads } from '../../common/view-props';
import { batchField } from '../../common/preload';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Info } from 'type-graphql';
import { URLResolver } from 'graphql-scalars';
import { RequestContext } from '../../common/context';
import { Language } from '../../common/enums';
import { pickLang } from '../../common/localized';
import { expectGlobalId } from '../../common/node';
import { listArgs } from '../../common/list-service';
import { Connection, PageArgs, toConnection } from '../../common/pagination';
import { ValidationError } from '../../common/errors';
import { Actor, ACTOR_REGIONS, isVaatuKind } from './actor.entity';
import { Payload } from '../../common/mutation';
import { actorCommands } from './actor.commands';
import { ActorFilter, ActorOrder, CreateActorInput, UpdateActorInput } from './actor.inputs';
import { actorService } from './actor.service';
import { Contact } from './contact.entity';

export const ActorConnection = Connection(Actor, 'Actor');
const CreateActorPayload = Payload('CreateActorPayload', 'actor', Actor);
const UpdateActorPayload = Payload('UpdateActorPayload', 'actor', Actor);

/** An actor's regions: loaded for a whole list at once when it selects them. */
const regionsOf = batchField('Actor', 'regions', (ctx, id) =>
  regionService.regionsOf(ctx, ACTOR_REGIONS, id),
);

/**
 * What the field resolvers below read of an actor (see `view-props.ts`). The lists of other records
 * on an actor (`services`, `initiatives`, `materials`, `events`) are added by the features owning
 * those records (`ActorEventsResolver` in `event/` and so on), so that actor does not import them.
 */
fieldReads('Actor', {
  name: ['nameI18n', 'slug'],
  description: ['descriptionI18n'],
  vaatu: ['kind'],
  website: ['website'],
  municipality: ['municipality'],
  regions: [],
  parent: ['parent'],
  units: [],
  contacts: [],
});

@Resolver(() => Actor)
export class ActorResolver {
  @Query(() => ActorConnection, { description: 'Vaatu actors: filter, order and page them.' })
  async actors(
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Args() page: PageArgs,
    @Arg('filter', () => ActorFilter, { nullable: true }) filter?: ActorFilter,
    @Arg('orderBy', () => ActorOrder, { nullable: true }) orderBy?: ActorOrder,
  ) {
    return toConnection(await actorService.list(ctx, listArgs(info, page, filter, orderBy)));
  }

  @Query(() => Actor, { nullable: true, description: 'One actor by global id or by slug.' })
  actor(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { nullable: true }) id?: string,
    @Arg('slug', () => String, { nullable: true }) slug?: string,
  ) {
    if ((id == null) === (slug == null))
      throw new ValidationError('Give exactly one of id and slug', ['id', 'slug']);
    return id != null
      ? actorService.findById(ctx, expectGlobalId(id, 'Actor', 'id'))
      : actorService.findBySlug(ctx, slug!);
  }

  @Mutation(() => CreateActorPayload, { description: 'Coordinators create actors and units.' })
  async createActor(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CreateActorInput) input: CreateActorInput,
  ) {
    return { actor: await actorCommands.create(ctx, input) };
  }

  @Mutation(() => UpdateActorPayload, { description: 'Editors update their own actor; coordinators any.' })
  async updateActor(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('input', () => UpdateActorInput) input: UpdateActorInput,
  ) {
    return { actor: await actorCommands.update(ctx, expectGlobalId(id, 'Actor', 'id'), version, input) };
  }

  @FieldResolver(() => String)
  name(
    @Root() actor: Actor,
    @Ctx() ctx: RequestContext,
    @Arg('lang', () => Language, { nullable: true }) lang?: Language,
  ) {
    return pickLang(actor.nameI18n, lang ?? ctx.lang) ?? actor.slug;
  }

  @FieldResolver(() => String, { nullable: true })
  description(
    @Root() actor: Actor,
    @Ctx() ctx: RequestContext,
    @Arg('lang', () => Language, { nullable: true }) lang?: Language,
  ) {
    return pickLang(actor.descriptionI18n, lang ?? ctx.lang);
  }

  @FieldResolver(() => Boolean, {
    description: 'A Vaatu actor (one of the four Vaatu kinds); false for partners.',
  })
  vaatu(@Root() actor: Actor) {
    return isVaatuKind(actor.kind);
  }

  @FieldResolver(() => URLResolver, { nullable: true })
  website(@Root() actor: Actor) {
    return actor.website ?? null;
  }

  @FieldResolver(() => Region, { nullable: true })
  municipality(@Root() actor: Actor, @Ctx() ctx: RequestContext) {
    return actor.municipality ? regionService.findById(ctx, actor.municipality.id) : null;
  }

  @FieldResolver(() => [Region], { description: 'Regions served.' })
  regions(@Root() actor: Actor, @Ctx() ctx: RequestContext) {
    return regionsOf(ctx, actor);
  }

  @FieldResolver(() => Actor, { nullable: true })
  parent(@Root() actor: Actor, @Ctx() ctx: RequestContext) {
    return actor.parent ? actorService.findById(ctx, actor.parent.id) : null;
  }

  @FieldResolver(() => [Actor])
  units(@Root() actor: Actor, @Ctx() ctx: RequestContext) {
    return actorService.units(ctx, actor);
  }

  @FieldResolver(() => [Contact], { description: 'Personal data: an empty list for anonymous readers.' })
  contacts(@Root() actor: Actor, @Ctx() ctx: RequestContext) {
    return actorService.contacts(ctx, actor);
  }
}
