import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../../common/context';
import { Language } from '../../common/enums';
import { pickLang } from '../../common/localized';
import { Connection, PageArgs, toConnection } from '../../common/pagination';
import { Region, regionService } from '../region';
import { StaffMember, staffService } from '../staff';
import { ServiceCategory, SupportNeed, taxonomyService } from '../taxonomy';
import { ServiceNeed } from './service-need.entity';
import { Payload } from '../../common/mutation';
import { expectGlobalId } from '../../common/node';
import { serviceNeedCommands } from './service-need.commands';
import { NeedStatus } from './service-need.entity';
import { ReportServiceNeedInput, ServiceNeedFilter, ServiceNeedOrder } from './service-need.inputs';
import { serviceNeedService } from './service-need.service';

export const ServiceNeedConnection = Connection(ServiceNeed, 'ServiceNeed');
const ReportServiceNeedPayload = Payload('ReportServiceNeedPayload', 'serviceNeed', ServiceNeed);
const UpdateServiceNeedStatusPayload = Payload('UpdateServiceNeedStatusPayload', 'serviceNeed', ServiceNeed);

@Resolver(() => ServiceNeed)
export class ServiceNeedResolver {
  @Query(() => ServiceNeedConnection, {
    description: 'Unmet service needs reported by regions (authenticated staff only).',
  })
  async serviceNeeds(
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Arg('filter', () => ServiceNeedFilter, { nullable: true }) filter?: ServiceNeedFilter,
    @Arg('orderBy', () => ServiceNeedOrder, { nullable: true }) orderBy?: ServiceNeedOrder,
  ) {
    return toConnection(await serviceNeedService.list(ctx, { filter, orderBy, ...page }));
  }

  @Mutation(() => ReportServiceNeedPayload, {
    description: 'Editors and coordinators report an unmet need of a region.',
  })
  async reportServiceNeed(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ReportServiceNeedInput) input: ReportServiceNeedInput,
  ) {
    return { serviceNeed: await serviceNeedCommands.report(ctx, input) };
  }

  @Mutation(() => UpdateServiceNeedStatusPayload, { description: 'Coordinators only.' })
  async updateServiceNeedStatus(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('status', () => NeedStatus) status: NeedStatus,
  ) {
    return {
      serviceNeed: await serviceNeedCommands.updateStatus(
        ctx,
        expectGlobalId(id, 'ServiceNeed', 'id'),
        version,
        status,
      ),
    };
  }

  @FieldResolver(() => Region)
  region(@Root() n: ServiceNeed, @Ctx() ctx: RequestContext) {
    return regionService.findById(ctx, n.region.id);
  }

  @FieldResolver(() => [ServiceCategory], { description: 'In taxonomy order.' })
  categories(@Root() n: ServiceNeed, @Ctx() ctx: RequestContext) {
    return taxonomyService.categoriesOf(ctx, 'service_need', n.id);
  }

  @FieldResolver(() => [SupportNeed], { description: 'In taxonomy order.' })
  supportNeeds(@Root() n: ServiceNeed, @Ctx() ctx: RequestContext) {
    return taxonomyService.supportNeedsOf(ctx, 'service_need', n.id);
  }

  @FieldResolver(() => String, { nullable: true })
  description(
    @Root() n: ServiceNeed,
    @Ctx() ctx: RequestContext,
    @Arg('lang', () => Language, { nullable: true }) lang?: Language,
  ) {
    return pickLang(n.descriptionI18n, lang ?? ctx.lang);
  }

  @FieldResolver(() => StaffMember, { nullable: true })
  reportedBy(@Root() n: ServiceNeed, @Ctx() ctx: RequestContext) {
    return n.reportedBy ? staffService.findById(ctx, n.reportedBy.id) : null;
  }
}
