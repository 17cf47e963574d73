import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Info } from 'type-graphql';
import { fieldReads } from '../../common/view-props';
import { actorService, Actor } from '../actor';
import { RequestContext } from '../../common/context';
import { Language } from '../../common/enums';
import { pickLang } from '../../common/localized';
import { expectGlobalId } from '../../common/node';
import { listArgs } from '../../common/list-service';
import { Connection, PageArgs, toConnection } from '../../common/pagination';
import { JointInitiative, initiativeService } from '../initiative';
import { SharedMaterial } from './material.entity';
import { PublicationStatus } from '../../common/enums';
import { Payload } from '../../common/mutation';
import { materialCommands } from './material.commands';
import {
  CreateSharedMaterialInput,
  MaterialFilter,
  MaterialOrder,
  UpdateSharedMaterialInput,
} from './material.inputs';
import { materialService } from './material.service';

export const SharedMaterialConnection = Connection(SharedMaterial, 'SharedMaterial');
const CreateSharedMaterialPayload = Payload('CreateSharedMaterialPayload', 'sharedMaterial', SharedMaterial);
const UpdateSharedMaterialPayload = Payload('UpdateSharedMaterialPayload', 'sharedMaterial', SharedMaterial);
const PublishSharedMaterialPayload = Payload(
  'PublishSharedMaterialPayload',
  'sharedMaterial',
  SharedMaterial,
);
const ArchiveSharedMaterialPayload = Payload(
  'ArchiveSharedMaterialPayload',
  'sharedMaterial',
  SharedMaterial,
);

/** Publishing and archiving differ only in the status they set: the payload of either. */
async function setStatus(ctx: RequestContext, id: string, version: number, status: PublicationStatus) {
  const uuid = expectGlobalId(id, 'SharedMaterial', 'id');
  return { sharedMaterial: await materialCommands.setStatus(ctx, uuid, version, status) };
}

/** What the field resolvers below read of a material (see `view-props.ts`). */
fieldReads('SharedMaterial', {
  title: ['titleI18n'],
  description: ['descriptionI18n'],
  publisher: ['publisher'],
  contributors: [],
  initiative: ['initiative'],
});

@Resolver(() => SharedMaterial)
export class SharedMaterialResolver {
  @Query(() => SharedMaterialConnection, {
    description: 'Shared materials and videos: filter, order and page them.',
  })
  async materials(
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Args() page: PageArgs,
    @Arg('filter', () => MaterialFilter, { nullable: true }) filter?: MaterialFilter,
    @Arg('orderBy', () => MaterialOrder, { nullable: true }) orderBy?: MaterialOrder,
  ) {
    return toConnection(await materialService.list(ctx, listArgs(info, page, filter, orderBy)));
  }

  @Query(() => SharedMaterial, { nullable: true })
  material(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string) {
    return materialService.findVisibleById(ctx, expectGlobalId(id, 'SharedMaterial', 'id'));
  }

  @Mutation(() => CreateSharedMaterialPayload, {
    description: 'Creates a DRAFT material or video of an actor you edit.',
  })
  async createSharedMaterial(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CreateSharedMaterialInput) input: CreateSharedMaterialInput,
  ) {
    return { sharedMaterial: await materialCommands.create(ctx, input) };
  }

  @Mutation(() => UpdateSharedMaterialPayload)
  async updateSharedMaterial(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('input', () => UpdateSharedMaterialInput) input: UpdateSharedMaterialInput,
  ) {
    return {
      sharedMaterial: await materialCommands.update(
        ctx,
        expectGlobalId(id, 'SharedMaterial', 'id'),
        version,
        input,
      ),
    };
  }

  @Mutation(() => PublishSharedMaterialPayload, {
    description: 'Publishes a material: it is announced to subscribers once.',
  })
  async publishSharedMaterial(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
  ) {
    return setStatus(ctx, id, version, PublicationStatus.PUBLISHED);
  }

  @Mutation(() => ArchiveSharedMaterialPayload)
  async archiveSharedMaterial(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
  ) {
    return setStatus(ctx, id, version, PublicationStatus.ARCHIVED);
  }

  @FieldResolver(() => String)
  title(
    @Root() m: SharedMaterial,
    @Ctx() ctx: RequestContext,
    @Arg('lang', () => Language, { nullable: true }) lang?: Language,
  ) {
    return pickLang(m.titleI18n, lang ?? ctx.lang) ?? '';
  }

  @FieldResolver(() => String, { nullable: true })
  description(
    @Root() m: SharedMaterial,
    @Ctx() ctx: RequestContext,
    @Arg('lang', () => Language, { nullable: true }) lang?: Language,
  ) {
    return pickLang(m.descriptionI18n, lang ?? ctx.lang);
  }

  @FieldResolver(() => Actor)
  publisher(@Root() m: SharedMaterial, @Ctx() ctx: RequestContext) {
    return actorService.findById(ctx, m.publisher.id);
  }

  @FieldResolver(() => [Actor], {
    description: 'Other actors that made the material with the publisher (a video made by several actors).',
  })
  contributors(@Root() m: SharedMaterial, @Ctx() ctx: RequestContext) {
    return materialService.contributorsOf(ctx, m.id);
  }

  @FieldResolver(() => JointInitiative, {
    nullable: true,
    description: 'Null also when the initiative is not visible to the viewer.',
  })
  async initiative(@Root() m: SharedMaterial, @Ctx() ctx: RequestContext) {
    return m.initiative ? initiativeService.loadVisible(ctx, m.initiative.id) : null;
  }
}

/** `Actor.materials`: the material feature adds the field, so the actor feature need not know materials. */
fieldReads('Actor', { materials: [] });

@Resolver(() => Actor)
export class ActorMaterialsResolver {
  @FieldResolver(() => SharedMaterialConnection, { description: 'Materials the actor publishes.' })
  async materials(
    @Root() actor: Actor,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Args() page: PageArgs,
    @Arg('filter', () => MaterialFilter, { nullable: true }) filter?: MaterialFilter,
    @Arg('orderBy', () => MaterialOrder, { nullable: true }) orderBy?: MaterialOrder,
  ) {
    return toConnection(
      await materialService.forParent(ctx, 'publisher', actor.id, listArgs(info, page, filter, orderBy)),
    );
  }
}

/** `JointInitiative.materials`, added here so the initiative feature need not know materials. */
fieldReads('JointInitiative', { materials: [] });

@Resolver(() => JointInitiative)
export class InitiativeMaterialsResolver {
  @FieldResolver(() => SharedMaterialConnection)
  async materials(
    @Root() i: JointInitiative,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Args() page: PageArgs,
    @Arg('filter', () => MaterialFilter, { nullable: true }) filter?: MaterialFilter,
    @Arg('orderBy', () => MaterialOrder, { nullable: true }) orderBy?: MaterialOrder,
  ) {
    return toConnection(
      await materialService.forParent(ctx, 'initiative', i.id, listArgs(info, page, filter, orderBy)),
    );
  }
}
