import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../../common/context';
import { Actor } from '../actor/actor.entity';
import { ServiceNeed } from '../need/service-need.entity';
import { Region, RegionKind } from '../region/region.entity';
import { ServiceCategory } from '../taxonomy/taxonomy.entity';
import { CoverageFilter } from './coverage.inputs';
import { coverageService } from './coverage.service';
import { CategoryTotal, CoverageCell, RegionTotal, ServiceCoverage } from './coverage.types';

async function one<T>(items: Promise<T[]>): Promise<T> {
  const [item] = await items;
  return item;
}

@Resolver(() => ServiceCoverage)
export class ServiceCoverageResolver {
  @Query(() => ServiceCoverage, {
    description:
      'Coverage and gap analysis: a cell for every region of `level` × every service category, counting ' +
      'the PUBLISHED offerings that serve the region (an offering for an area serves each of its counties, ' +
      'and an offering for a county serves its area), their providers, and, for staff, the open service ' +
      'needs there. `gap`: an open need, or no provider; `overlap`: two actors of the same kind offer the ' +
      'category to the same age group.',
  })
  serviceCoverage(
    @Ctx() ctx: RequestContext,
    @Arg('level', () => RegionKind) level: RegionKind,
    @Arg('filter', () => CoverageFilter, { nullable: true }) filter?: CoverageFilter,
  ) {
    return coverageService.serviceCoverage(ctx, level, filter);
  }

  @FieldResolver(() => [Region], { description: 'The rows, by code.' })
  regions(@Root() coverage: ServiceCoverage, @Ctx() ctx: RequestContext) {
    return coverageService.regions(ctx, coverage.regionIds);
  }

  @FieldResolver(() => [ServiceCategory], { description: 'The columns, in taxonomy order.' })
  categories(@Root() coverage: ServiceCoverage, @Ctx() ctx: RequestContext) {
    return coverageService.categories(ctx, coverage.categoryCodes);
  }
}

@Resolver(() => CoverageCell)
export class CoverageCellResolver {
  @FieldResolver(() => Region)
  region(@Root() cell: CoverageCell, @Ctx() ctx: RequestContext) {
    return one(coverageService.regions(ctx, [cell.regionId]));
  }

  @FieldResolver(() => ServiceCategory)
  category(@Root() cell: CoverageCell, @Ctx() ctx: RequestContext) {
    return one(coverageService.categories(ctx, [cell.categoryCode]));
  }

  @FieldResolver(() => [Actor], { description: 'The distinct actors of the counted offerings, by name.' })
  providers(@Root() cell: CoverageCell, @Ctx() ctx: RequestContext) {
    return coverageService.providers(ctx, cell.providerIds);
  }

  @FieldResolver(() => [ServiceNeed], {
    description: 'Open service needs of the category in the region, newest first (staff only: else empty).',
  })
  openNeeds(@Root() cell: CoverageCell, @Ctx() ctx: RequestContext) {
    return coverageService.openNeeds(ctx, cell.openNeedIds);
  }
}

@Resolver(() => RegionTotal)
export class RegionTotalResolver {
  @FieldResolver(() => Region)
  region(@Root() total: RegionTotal, @Ctx() ctx: RequestContext) {
    return one(coverageService.regions(ctx, [total.regionId]));
  }
}

@Resolver(() => CategoryTotal)
export class CategoryTotalResolver {
  @FieldResolver(() => ServiceCategory)
  category(@Root() total: CategoryTotal, @Ctx() ctx: RequestContext) {
    return one(coverageService.categories(ctx, [total.categoryCode]));
  }
}
