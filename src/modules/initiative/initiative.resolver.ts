import type { GraphQLResolveInfo } from 'graphql';
import { regionService, Region } from '../region';
import { fieldReads } from '../../common/view-props';
import { batchField } from '../../common/preload';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Info } from 'type-graphql';
import { URLResolver } from 'graphql-scalars';
import { actorService, Actor } from '../actor';
import { RequestContext } from '../../common/context';
import { Language } from '../../common/enums';
import { pickLang } from '../../common/localized';
import { expectGlobalId } from '../../common/node';
import { listArgs } from '../../common/list-service';
import { Connection, PageArgs, toConnection } from '../../common/pagination';
import {
  INITIATIVE_REGIONS,
  InitiativeParticipant,
  JointInitiative,
  ParticipantRole,
} from './initiative.entity';
import { Payload } from '../../common/mutation';
import { initiativeCommands } from './initiative.commands';
import {
  CreateInitiativeInput,
  InitiativeFilter,
  InitiativeOrder,
  UpdateInitiativeInput,
} from './initiative.inputs';
import { initiativeService } from './initiative.service';

export const JointInitiativeConnection = Connection(JointInitiative, 'JointInitiative');
const CreateInitiativePayload = Payload('CreateInitiativePayload', 'initiative', JointInitiative);
const UpdateInitiativePayload = Payload('UpdateInitiativePayload', 'initiative', JointInitiative);
const AddInitiativeParticipantPayload = Payload(
  'AddInitiativeParticipantPayload',
  'initiative',
  JointInitiative,
);
const RemoveInitiativeParticipantPayload = Payload(
  'RemoveInitiativeParticipantPayload',
  'initiative',
  JointInitiative,
);

const ROLE_ORDER = [ParticipantRole.LEAD, ParticipantRole.PARTNER, ParticipantRole.EXPERT];

/** An initiative's participants, lead first: loaded for a whole list at once when it selects them. */
const participantsOf = batchField('JointInitiative', 'participants', async (ctx, id) => {
  const items = await initiativeService.participantsOf(ctx, id);
  return [...items].sort(
    (a, b) =>
      ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || a.joinedAt.getTime() - b.joinedAt.getTime(),
  );
});

/** An initiative's regions: loaded for a whole list at once when it selects them. */
const regionsOf = batchField('JointInitiative', 'regions', (ctx, id) =>
  regionService.regionsOf(ctx, INITIATIVE_REGIONS, id),
);

/**
 * What the field resolvers below read of an initiative and a participant (see `view-props.ts`).
 * `JointInitiative.materials` and `.events` are added by the material and event features.
 */
fieldReads('JointInitiative', {
  title: ['titleI18n'],
  description: ['descriptionI18n'],
  website: ['website'],
  regions: [],
  participants: [],
});
fieldReads('InitiativeParticipant', { actor: ['actor'] });

@Resolver(() => JointInitiative)
export class JointInitiativeResolver {
  @Query(() => JointInitiativeConnection, {
    description: 'Joint initiatives: theme groups, pilots, networks...',
  })
  async initiatives(
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Args() page: PageArgs,
    @Arg('filter', () => InitiativeFilter, { nullable: true }) filter?: InitiativeFilter,
    @Arg('orderBy', () => InitiativeOrder, { nullable: true }) orderBy?: InitiativeOrder,
  ) {
    return toConnection(await initiativeService.list(ctx, listArgs(info, page, filter, orderBy)));
  }

  @Query(() => JointInitiative, { nullable: true })
  initiative(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string) {
    return initiativeService.findVisibleById(ctx, expectGlobalId(id, 'JointInitiative', 'id'));
  }

  @Mutation(() => CreateInitiativePayload, { description: 'Creates an initiative led by an actor you edit.' })
  async createInitiative(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CreateInitiativeInput) input: CreateInitiativeInput,
  ) {
    return { initiative: await initiativeCommands.create(ctx, input) };
  }

  @Mutation(() => UpdateInitiativePayload, { description: 'The lead’s editors and coordinators.' })
  async updateInitiative(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('input', () => UpdateInitiativeInput) input: UpdateInitiativeInput,
  ) {
    return {
      initiative: await initiativeCommands.update(
        ctx,
        expectGlobalId(id, 'JointInitiative', 'id'),
        version,
        input,
      ),
    };
  }

  @Mutation(() => AddInitiativeParticipantPayload)
  async addInitiativeParticipant(
    @Ctx() ctx: RequestContext,
    @Arg('initiativeId', () => ID) initiativeId: string,
    @Arg('actorId', () => ID) actorId: string,
    @Arg('role', () => ParticipantRole, { defaultValue: ParticipantRole.PARTNER }) role: ParticipantRole,
  ) {
    const initiative = await initiativeCommands.addParticipant(
      ctx,
      expectGlobalId(initiativeId, 'JointInitiative', 'initiativeId'),
      expectGlobalId(actorId, 'Actor', 'actorId'),
      role,
    );
    return { initiative };
  }

  @Mutation(() => RemoveInitiativeParticipantPayload)
  async removeInitiativeParticipant(
    @Ctx() ctx: RequestContext,
    @Arg('initiativeId', () => ID) initiativeId: string,
    @Arg('actorId', () => ID) actorId: string,
  ) {
    const initiative = await initiativeCommands.removeParticipant(
      ctx,
      expectGlobalId(initiativeId, 'JointInitiative', 'initiativeId'),
      expectGlobalId(actorId, 'Actor', 'actorId'),
    );
    return { initiative };
  }

  @FieldResolver(() => String)
  title(
    @Root() i: JointInitiative,
    @Ctx() ctx: RequestContext,
    @Arg('lang', () => Language, { nullable: true }) lang?: Language,
  ) {
    return pickLang(i.titleI18n, lang ?? ctx.lang) ?? '';
  }

  @FieldResolver(() => String, { nullable: true })
  description(
    @Root() i: JointInitiative,
    @Ctx() ctx: RequestContext,
    @Arg('lang', () => Language, { nullable: true }) lang?: Language,
  ) {
    return pickLang(i.descriptionI18n, lang ?? ctx.lang);
  }

  @FieldResolver(() => URLResolver, { nullable: true, description: 'The initiative’s web site.' })
  website(@Root() i: JointInitiative) {
    return i.website ?? null;
  }

  @FieldResolver(() => [Region])
  regions(@Root() i: JointInitiative, @Ctx() ctx: RequestContext) {
    return regionsOf(ctx, i);
  }

  @FieldResolver(() => [InitiativeParticipant], { description: 'Lead first, then partners and experts.' })
  participants(@Root() i: JointInitiative, @Ctx() ctx: RequestContext) {
    return participantsOf(ctx, i);
  }
}

@Resolver(() => InitiativeParticipant)
export class InitiativeParticipantResolver {
  @FieldResolver(() => Actor)
  actor(@Root() p: InitiativeParticipant, @Ctx() ctx: RequestContext) {
    return actorService.findById(ctx, p.actor.id);
  }
}

/** `Actor.initiatives`: the initiative feature adds the field, so the actor feature need not know initiatives. */
fieldReads('Actor', { initiatives: [] });

@Resolver(() => Actor)
export class ActorInitiativesResolver {
  @FieldResolver(() => JointInitiativeConnection, { description: 'Initiatives the actor takes part in.' })
  async initiatives(
    @Root() actor: Actor,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Args() page: PageArgs,
    @Arg('filter', () => InitiativeFilter, { nullable: true }) filter?: InitiativeFilter,
    @Arg('orderBy', () => InitiativeOrder, { nullable: true }) orderBy?: InitiativeOrder,
  ) {
    return toConnection(
      await initiativeService.forActor(ctx, actor.id, listArgs(info, page, filter, orderBy)),
    );
  }
}
