import { Field, Int, ObjectType } from 'type-graphql';
import { RegionKind } from '../region';
import type {
  CategoryTotalData,
  CellScope,
  CoverageCellData,
  CoverageData,
  CoverageTotalData,
  RegionTotalData,
} from './coverage.service';

/*
 * The GraphQL shapes of a coverage matrix. The service fills them with ids and codes; the
 * resolvers turn those into regions, categories, actors and needs with batched loads.
 */

@ObjectType({ description: 'One region × service category of a coverage matrix.' })
export class CoverageCell implements CoverageCellData {
  regionId!: string;
  categoryCode!: string;
  providerIds!: string[];
  overlappingProviderIds!: string[];
  openNeedIds!: string[];
  scope!: CellScope | null;

  @Field(() => Int, { description: 'Published offerings matching the filter that serve the region.' })
  offeringCount!: number;

  @Field(() => Int, { description: 'Distinct actors of those offerings.' })
  providerCount!: number;

  @Field(() => Int, {
    description: 'Open service needs of the category in the region (0 when needs are not included).',
  })
  openNeedCount!: number;

  @Field(() => Boolean, { description: 'An open need exists here, or no actor offers the category here.' })
  gap!: boolean;

  @Field(() => Boolean, {
    description:
      'Two or more distinct actors, of any kind, offer the category to the same age group here ' +
      '(see overlappingProviders).',
  })
  overlap!: boolean;
}

@ObjectType({ description: 'A region (row) of a coverage matrix, over the chosen categories.' })
export class RegionTotal implements RegionTotalData {
  regionId!: string;

  @Field(() => Int, { description: 'Distinct offerings serving the region in any chosen category.' })
  offeringCount!: number;

  @Field(() => Int)
  providerCount!: number;

  @Field(() => Int, { description: 'Cells of the region that are gaps.' })
  gapCount!: number;

  @Field(() => Int, { description: 'Cells of the region with overlap.' })
  overlapCount!: number;

  @Field(() => Int, { description: 'Distinct open needs in the region (0 when needs are not included).' })
  openNeedCount!: number;

  @Field(() => Int, { description: 'Categories with at least one offering in the region.' })
  categoriesCovered!: number;
}

@ObjectType({ description: 'A service category (column) of a coverage matrix, over the chosen regions.' })
export class CategoryTotal implements CategoryTotalData {
  categoryCode!: string;

  @Field(() => Int, { description: 'Distinct offerings of the category serving any chosen region.' })
  offeringCount!: number;

  @Field(() => Int)
  providerCount!: number;

  @Field(() => Int, { description: 'Regions where the category is a gap.' })
  gapCount!: number;

  @Field(() => Int, { description: 'Regions where the category has overlap.' })
  overlapCount!: number;

  @Field(() => Int, { description: 'Distinct open needs of the category (0 when needs are not included).' })
  openNeedCount!: number;

  @Field(() => Int, { description: 'Regions with at least one offering of the category.' })
  regionsCovered!: number;
}

@ObjectType({ description: 'The whole coverage matrix summed up.' })
export class CoverageTotal implements CoverageTotalData {
  @Field(() => Int, { description: 'Cells: regions × categories.' })
  cellCount!: number;

  @Field(() => Int, { description: 'Cells with at least one offering.' })
  coveredCellCount!: number;

  @Field(() => Int)
  gapCount!: number;

  @Field(() => Int)
  overlapCount!: number;

  @Field(() => Int, { description: 'Distinct offerings counted in any cell.' })
  offeringCount!: number;

  @Field(() => Int)
  providerCount!: number;

  @Field(() => Int, { description: 'Distinct open needs in any cell (0 when needs are not included).' })
  openNeedCount!: number;
}

@ObjectType({
  description:
    'Which services reach which regions: a cell for every region of a level × every service category, ' +
    'with row, column and overall totals. Counts PUBLISHED offerings only (in force today by default).',
})
export class ServiceCoverage implements CoverageData {
  regionIds!: string[];
  categoryCodes!: string[];

  @Field(() => RegionKind)
  level!: RegionKind;

  @Field(() => Boolean, {
    description:
      'Whether open service needs were taken into account (only for authenticated staff, who may ' +
      'see needs); otherwise a gap means only that no actor offers the category there.',
  })
  needsIncluded!: boolean;

  @Field(() => [CoverageCell], { description: 'Row by row: regions by code, categories in taxonomy order.' })
  cells!: CoverageCell[];

  @Field(() => [RegionTotal], { description: 'One per region, by code.' })
  regionTotals!: RegionTotal[];

  @Field(() => [CategoryTotal], { description: 'One per category, in taxonomy order.' })
  categoryTotals!: CategoryTotal[];

  @Field(() => CoverageTotal)
  total!: CoverageTotal;
}
