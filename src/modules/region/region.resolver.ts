import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { fieldReads } from '../../common/view-props';
import { RequestContext } from '../../common/context';
import { Language } from '../../common/enums';
import { pickLang } from '../../common/localized';
import { Connection, PageArgs, toConnection } from '../../common/pagination';
import { Region, RegionKind } from './region.entity';
import { RegionFilter, RegionOrder } from './region.inputs';
import { regionService } from './region.service';

export const RegionConnection = Connection(Region, 'Region');

/** What the field resolvers below read of a region (see `view-props.ts`). */
fieldReads('Region', { name: ['nameI18n', 'code'], parent: ['parent'] });

@Resolver(() => Region)
export class RegionResolver {
  @Query(() => RegionConnection, {
    description: 'Collaboration areas, wellbeing services counties and municipalities.',
  })
  async regions(
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Arg('kind', () => RegionKind, { nullable: true }) kind?: RegionKind,
    @Arg('filter', () => RegionFilter, { nullable: true }) filter?: RegionFilter,
    @Arg('orderBy', () => RegionOrder, { nullable: true }) orderBy?: RegionOrder,
  ) {
    return toConnection(await regionService.list(ctx, { kind, filter, orderBy, ...page }));
  }

  @Query(() => Region, { nullable: true, description: 'A region by its code (e.g. `HYKS`, `01`, `90`).' })
  region(@Ctx() ctx: RequestContext, @Arg('code', () => String) code: string) {
    return regionService.findByCode(ctx, code);
  }

  @FieldResolver(() => String)
  name(
    @Root() region: Region,
    @Ctx() ctx: RequestContext,
    @Arg('lang', () => Language, { nullable: true }) lang?: Language,
  ) {
    return pickLang(region.nameI18n, lang ?? ctx.lang) ?? region.code;
  }

  @FieldResolver(() => Region, { nullable: true })
  async parent(@Root() region: Region, @Ctx() ctx: RequestContext) {
    return region.parent ? regionService.findById(ctx, region.parent.id) : null;
  }
}
