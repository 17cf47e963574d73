import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import { PageArgs, toConnection } from '../../common/pagination';
import { ServiceOfferingConnection } from '../service-offering';
import { RequestContext } from '../../common/context';
import { Actor } from '../actor';
import { ServiceNeed } from '../need';
import { Region, RegionKind } from '../region';
import { ServiceCategory } from '../taxonomy';
import { CoverageFilter } from './coverage.inputs';
import { coverageService } from './coverage.service';
import { CategoryTotal, CoverageCell, RegionTotal, ServiceCoverage } from './coverage.types';

/** The fields that need the matrix's providers (ids or counts); see `CoverageQuery.providers`. */
const PROVIDER_FIELDS = new Set(['providers', 'providerCount', 'overlappingProviders']);

/**
 * Whether a selection asks, anywhere below it (fragments included), for a field named as one of
 * the provider fields. Erring towards yes is harmless: the providers are then computed unasked.
 */
export function selectsProviders(info: GraphQLResolveInfo): boolean {
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode | undefined): boolean =>
    !!set &&
    set.selections.some((s) => {
      if (s.kind === 'Field') return PROVIDER_FIELDS.has(s.name.value) || walk(s.selectionSet);
      if (s.kind === 'InlineFragment') return walk(s.selectionSet);
      if (seen.has(s.name.value)) return false;
      seen.add(s.name.value);
      const fragment = info.fragments[s.name.value];
      return !fragment || walk(fragment.selectionSet);
    });
  return info.fieldNodes.some((node) => walk(node.selectionSet));
}

async function one<T>(items: Promise<T[]>): Promise<T> {
  const [item] = await items;
  return item;
}

@Resolver(() => ServiceCoverage)
export class ServiceCoverageResolver {
  @Query(() => ServiceCoverage, {
    description:
      'Coverage and gap analysis: a cell for every region of `level` × every service category, counting ' +
      'the PUBLISHED offerings in force that serve the region (an offering for an area serves each of its ' +
      'counties, and an offering for a county serves its area), their providers, and, for staff, the open ' +
      'service needs there. `gap`: an open need, or no provider; `overlap`: two providers of any kind offer ' +
      'the category to the same age group.',
  })
  serviceCoverage(
    @Ctx() ctx: RequestContext,
    @Arg('level', () => RegionKind) level: RegionKind,
    @Arg('filter', () => CoverageFilter, { nullable: true }) filter?: CoverageFilter,
    @Info() info?: GraphQLResolveInfo,
  ) {
    return coverageService.serviceCoverage(ctx, level, filter, {
      providers: !info || selectsProviders(info),
    });
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

  @FieldResolver(() => [Actor], {
    description:
      'The providers that offer the category to an age group another provider here offers it to too, by name.',
  })
  overlappingProviders(@Root() cell: CoverageCell, @Ctx() ctx: RequestContext) {
    return coverageService.providers(ctx, cell.overlappingProviderIds);
  }

  @FieldResolver(() => ServiceOfferingConnection, {
    description:
      'The offerings counted here: the offering list with the matrix’s filter and the cell’s region and ' +
      'category (totalCount = offeringCount).',
  })
  async offerings(@Root() cell: CoverageCell, @Ctx() ctx: RequestContext, @Args() page: PageArgs) {
    return toConnection(await coverageService.cellOfferings(ctx, cell, page));
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
