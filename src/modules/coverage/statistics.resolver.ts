import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../../common/context';
import { Language } from '../../common/enums';
import { pickLang } from '../../common/localized';
import { RegionKind } from '../region';
import { StatisticsFilter } from './statistics.inputs';
import { statisticsService } from './statistics.service';
import { CountBucket, Statistics } from './statistics.types';

@Resolver(() => Statistics)
export class StatisticsResolver {
  @Query(() => Statistics, {
    description:
      'Counts for analysts: offerings, materials and initiatives the viewer may see, by the dimensions ' +
      'charts use. Only the groups asked for are counted.',
  })
  statistics(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => StatisticsFilter, { nullable: true }) filter?: StatisticsFilter,
  ) {
    return statisticsService.scope(ctx, filter);
  }

  @FieldResolver(() => Int, { description: 'Offerings matching the filter.' })
  async offeringCount(@Root() s: Statistics, @Ctx() ctx: RequestContext) {
    return (await statisticsService.offerings(ctx, s)).total;
  }

  @FieldResolver(() => [CountBucket], { description: 'Offerings by the kind of their actor.' })
  async offeringsByActorKind(@Root() s: Statistics, @Ctx() ctx: RequestContext) {
    return (await statisticsService.offerings(ctx, s)).byActorKind;
  }

  @FieldResolver(() => [CountBucket], {
    description: 'Offerings by service category (an offering counts in each of its categories).',
  })
  async offeringsByCategory(@Root() s: Statistics, @Ctx() ctx: RequestContext) {
    return (await statisticsService.offerings(ctx, s)).byCategory;
  }

  @FieldResolver(() => [CountBucket], {
    description:
      'Offerings by region of `level` (default: wellbeing services counties), counted as in `serviceCoverage`: ' +
      'an offering counts in each region it serves, reaches inside or lies in (an area offering in each county).',
  })
  offeringsByRegion(
    @Root() s: Statistics,
    @Ctx() ctx: RequestContext,
    @Arg('level', () => RegionKind, { defaultValue: RegionKind.WELLBEING_COUNTY }) level: RegionKind,
  ) {
    return statisticsService.offeringsByRegion(ctx, s, level);
  }

  @FieldResolver(() => [CountBucket], { description: 'Offerings by language (each of their languages).' })
  async offeringsByLanguage(@Root() s: Statistics, @Ctx() ctx: RequestContext) {
    return (await statisticsService.offerings(ctx, s)).byLanguage;
  }

  @FieldResolver(() => [CountBucket], { description: 'Offerings by delivery mode (each of their modes).' })
  async offeringsByDeliveryMode(@Root() s: Statistics, @Ctx() ctx: RequestContext) {
    return (await statisticsService.offerings(ctx, s)).byDeliveryMode;
  }

  @FieldResolver(() => [CountBucket], { description: 'Offerings by age group (each of their age groups).' })
  async offeringsByAgeGroup(@Root() s: Statistics, @Ctx() ctx: RequestContext) {
    return (await statisticsService.offerings(ctx, s)).byAgeGroup;
  }

  @FieldResolver(() => [CountBucket], {
    description: 'Offerings by support need (each of their support needs).',
  })
  async offeringsBySupportNeed(@Root() s: Statistics, @Ctx() ctx: RequestContext) {
    return (await statisticsService.offerings(ctx, s)).bySupportNeed;
  }

  @FieldResolver(() => [CountBucket], { description: 'Offerings by cost.' })
  async offeringsByCost(@Root() s: Statistics, @Ctx() ctx: RequestContext) {
    return (await statisticsService.offerings(ctx, s)).byCost;
  }

  @FieldResolver(() => Int, { description: 'Materials matching the filter.' })
  async materialCount(@Root() s: Statistics, @Ctx() ctx: RequestContext) {
    return (await statisticsService.materials(ctx, s)).total;
  }

  @FieldResolver(() => [CountBucket], { description: 'Materials by kind.' })
  async materialsByKind(@Root() s: Statistics, @Ctx() ctx: RequestContext) {
    return (await statisticsService.materials(ctx, s)).byKind;
  }

  @FieldResolver(() => [CountBucket], {
    description:
      'Materials by month of publication, `YYYY-MM` in Finnish time, oldest first; unpublished drafts are left out.',
  })
  async materialsByMonth(@Root() s: Statistics, @Ctx() ctx: RequestContext) {
    return (await statisticsService.materials(ctx, s)).byMonth;
  }

  @FieldResolver(() => Int, { description: 'Joint initiatives matching the filter.' })
  async initiativeCount(@Root() s: Statistics, @Ctx() ctx: RequestContext) {
    return (await statisticsService.initiatives(ctx, s)).total;
  }

  @FieldResolver(() => [CountBucket], { description: 'Joint initiatives by status.' })
  async initiativesByStatus(@Root() s: Statistics, @Ctx() ctx: RequestContext) {
    return (await statisticsService.initiatives(ctx, s)).byStatus;
  }

  @FieldResolver(() => [CountBucket], { description: 'Joint initiatives by kind.' })
  async initiativesByKind(@Root() s: Statistics, @Ctx() ctx: RequestContext) {
    return (await statisticsService.initiatives(ctx, s)).byKind;
  }
}

@Resolver(() => CountBucket)
export class CountBucketResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description:
      'The localised name of a taxonomy or region key (fi → sv → en fallback); null for other keys.',
  })
  label(
    @Root() bucket: CountBucket,
    @Ctx() ctx: RequestContext,
    @Arg('lang', () => Language, { nullable: true }) lang?: Language,
  ) {
    return pickLang(bucket.labelI18n, lang ?? ctx.lang);
  }
}
