import type { GraphQLResolveInfo } from 'graphql';
import { regionService, Region } from '../region';
import { fieldReads } from '../../common/view-props';
import { batchField } from '../../common/preload';
import { contactService, actorService, Actor, Contact } from '../actor';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Info } from 'type-graphql';
import { RequestContext } from '../../common/context';
import { Language } from '../../common/enums';
import { pickLang } from '../../common/localized';
import { expectGlobalId } from '../../common/node';
import { listArgs } from '../../common/list-service';
import { Connection, PageArgs, toConnection } from '../../common/pagination';
import { ServiceCategory, SupportNeed } from '../taxonomy';
import { OFFERING_REGIONS, ServiceOffering } from './service-offering.entity';
import { PublicationStatus } from '../../common/enums';
import { Payload } from '../../common/mutation';
import { serviceOfferingCommands } from './service-offering.commands';
import {
  CreateServiceOfferingInput,
  ServiceOfferingFilter,
  ServiceOfferingOrder,
  UpdateServiceOfferingInput,
} from './service-offering.inputs';
import { serviceOfferingService } from './service-offering.service';
import { isInForce } from './validity';
import { finnishToday } from '../../common/dates';
import { URLResolver } from 'graphql-scalars';

export const ServiceOfferingConnection = Connection(ServiceOffering, 'ServiceOffering');
const CreateServiceOfferingPayload = Payload(
  'CreateServiceOfferingPayload',
  'serviceOffering',
  ServiceOffering,
);
const UpdateServiceOfferingPayload = Payload(
  'UpdateServiceOfferingPayload',
  'serviceOffering',
  ServiceOffering,
);
const PublishServiceOfferingPayload = Payload(
  'PublishServiceOfferingPayload',
  'serviceOffering',
  ServiceOffering,
);
const ArchiveServiceOfferingPayload = Payload(
  'ArchiveServiceOfferingPayload',
  'serviceOffering',
  ServiceOffering,
);

/** An offering's taxonomy terms and regions: loaded for a whole list at once when it selects them. */
const categoriesOf = batchField('ServiceOffering', 'categories', (ctx, id) =>
  serviceOfferingService.categoriesOf(ctx, id),
);
const supportNeedsOf = batchField('ServiceOffering', 'supportNeeds', (ctx, id) =>
  serviceOfferingService.supportNeedsOf(ctx, id),
);
const regionsOf = batchField('ServiceOffering', 'regions', (ctx, id) =>
  regionService.regionsOf(ctx, OFFERING_REGIONS, id),
);

/** Publishing and archiving differ only in the status they set: the payload of either. */
async function setStatus(ctx: RequestContext, id: string, version: number, status: PublicationStatus) {
  const uuid = expectGlobalId(id, 'ServiceOffering', 'id');
  return { serviceOffering: await serviceOfferingCommands.setStatus(ctx, uuid, version, status) };
}

/** What the field resolvers below read of an offering (see `view-props.ts`). */
fieldReads('ServiceOffering', {
  actor: ['actor'],
  title: ['titleI18n'],
  description: ['descriptionI18n'],
  howToApply: ['howToApplyI18n'],
  url: ['url'],
  inForce: ['validFrom', 'validUntil'],
  categories: [],
  supportNeeds: [],
  regions: [],
  contact: ['contact'],
});

@Resolver(() => ServiceOffering)
export class ServiceOfferingResolver {
  @Query(() => ServiceOfferingConnection, { description: 'Service offerings: filter, order and page them.' })
  async serviceOfferings(
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Args() page: PageArgs,
    @Arg('filter', () => ServiceOfferingFilter, { nullable: true }) filter?: ServiceOfferingFilter,
    @Arg('orderBy', () => ServiceOfferingOrder, { nullable: true }) orderBy?: ServiceOfferingOrder,
  ) {
    return toConnection(await serviceOfferingService.list(ctx, listArgs(info, page, filter, orderBy)));
  }

  @Query(() => ServiceOffering, { nullable: true })
  serviceOffering(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string) {
    return serviceOfferingService.findVisibleById(ctx, expectGlobalId(id, 'ServiceOffering', 'id'));
  }

  @Mutation(() => CreateServiceOfferingPayload, {
    description: 'Creates a DRAFT offering of an actor you edit.',
  })
  async createServiceOffering(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CreateServiceOfferingInput) input: CreateServiceOfferingInput,
  ) {
    return { serviceOffering: await serviceOfferingCommands.create(ctx, input) };
  }

  @Mutation(() => UpdateServiceOfferingPayload)
  async updateServiceOffering(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int, { description: 'The version you saw: a stale one is a CONFLICT.' })
    version: number,
    @Arg('input', () => UpdateServiceOfferingInput) input: UpdateServiceOfferingInput,
  ) {
    const uuid = expectGlobalId(id, 'ServiceOffering', 'id');
    return { serviceOffering: await serviceOfferingCommands.update(ctx, uuid, version, input) };
  }

  @Mutation(() => PublishServiceOfferingPayload)
  async publishServiceOffering(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
  ) {
    return setStatus(ctx, id, version, PublicationStatus.PUBLISHED);
  }

  @Mutation(() => ArchiveServiceOfferingPayload)
  async archiveServiceOffering(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
  ) {
    return setStatus(ctx, id, version, PublicationStatus.ARCHIVED);
  }

  @FieldResolver(() => Actor)
  actor(@Root() offering: ServiceOffering, @Ctx() ctx: RequestContext) {
    return actorService.findById(ctx, offering.actor.id);
  }

  @FieldResolver(() => String)
  title(
    @Root() offering: ServiceOffering,
    @Ctx() ctx: RequestContext,
    @Arg('lang', () => Language, { nullable: true }) lang?: Language,
  ) {
    return pickLang(offering.titleI18n, lang ?? ctx.lang) ?? '';
  }

  @FieldResolver(() => String, { nullable: true })
  description(
    @Root() offering: ServiceOffering,
    @Ctx() ctx: RequestContext,
    @Arg('lang', () => Language, { nullable: true }) lang?: Language,
  ) {
    return pickLang(offering.descriptionI18n, lang ?? ctx.lang);
  }

  @FieldResolver(() => String, { nullable: true, description: 'How to apply for the service.' })
  howToApply(
    @Root() offering: ServiceOffering,
    @Ctx() ctx: RequestContext,
    @Arg('lang', () => Language, { nullable: true }) lang?: Language,
  ) {
    return pickLang(offering.howToApplyI18n, lang ?? ctx.lang);
  }

  @FieldResolver(() => URLResolver, { nullable: true, description: 'The offering’s own web page.' })
  url(@Root() offering: ServiceOffering) {
    return offering.url ?? null;
  }

  @FieldResolver(() => Boolean, {
    description:
      'Today’s date in Finland (Europe/Helsinki) lies between validFrom and validUntil (inclusive; either may be open).',
  })
  inForce(@Root() offering: ServiceOffering, @Ctx() ctx: RequestContext) {
    return isInForce(offering, finnishToday(ctx.loaders));
  }

  @FieldResolver(() => [ServiceCategory], { description: 'In taxonomy order.' })
  categories(@Root() offering: ServiceOffering, @Ctx() ctx: RequestContext) {
    return categoriesOf(ctx, offering);
  }

  @FieldResolver(() => [SupportNeed], { description: 'In taxonomy order.' })
  supportNeeds(@Root() offering: ServiceOffering, @Ctx() ctx: RequestContext) {
    return supportNeedsOf(ctx, offering);
  }

  @FieldResolver(() => [Region], { description: 'Regions served.' })
  regions(@Root() offering: ServiceOffering, @Ctx() ctx: RequestContext) {
    return regionsOf(ctx, offering);
  }

  @FieldResolver(() => Contact, { nullable: true, description: 'Personal data: null for anonymous readers.' })
  async contact(@Root() offering: ServiceOffering, @Ctx() ctx: RequestContext) {
    if (!offering.contact) return null;
    return contactService.findById(ctx, offering.contact.id);
  }
}

/** `Actor.services`: the service-offering feature adds the field, so the actor feature need not know offerings. */
fieldReads('Actor', { services: [] });

@Resolver(() => Actor)
export class ActorServicesResolver {
  @FieldResolver(() => ServiceOfferingConnection)
  async services(
    @Root() actor: Actor,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Args() page: PageArgs,
    @Arg('filter', () => ServiceOfferingFilter, { nullable: true }) filter?: ServiceOfferingFilter,
    @Arg('orderBy', () => ServiceOfferingOrder, { nullable: true }) orderBy?: ServiceOfferingOrder,
  ) {
    return toConnection(
      await serviceOfferingService.forActor(ctx, actor.id, listArgs(info, page, filter, orderBy)),
    );
  }
}
