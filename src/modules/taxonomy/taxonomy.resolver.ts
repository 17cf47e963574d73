import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../../common/context';
import { Language } from '../../common/enums';
import { LocalizedString, pickLang } from '../../common/localized';
import { AgeGroupTerm, ServiceCategory, SupportNeed } from './taxonomy.entity';
import { taxonomyService } from './taxonomy.service';

function localizedName(
  term: { nameI18n: LocalizedString; code: string },
  ctx: RequestContext,
  lang?: Language,
) {
  return pickLang(term.nameI18n, lang ?? ctx.lang) ?? term.code;
}

@Resolver(() => ServiceCategory)
export class ServiceCategoryResolver {
  @Query(() => [ServiceCategory], { description: 'The service category taxonomy.' })
  serviceCategories(@Ctx() ctx: RequestContext) {
    return taxonomyService.serviceCategories(ctx);
  }

  @FieldResolver(() => String)
  name(
    @Root() term: ServiceCategory,
    @Ctx() ctx: RequestContext,
    @Arg('lang', () => Language, { nullable: true }) lang?: Language,
  ) {
    return localizedName(term, ctx, lang);
  }
}

@Resolver(() => SupportNeed)
export class SupportNeedResolver {
  @Query(() => [SupportNeed], { description: 'The support need taxonomy.' })
  supportNeeds(@Ctx() ctx: RequestContext) {
    return taxonomyService.supportNeeds(ctx);
  }

  @FieldResolver(() => String)
  name(
    @Root() term: SupportNeed,
    @Ctx() ctx: RequestContext,
    @Arg('lang', () => Language, { nullable: true }) lang?: Language,
  ) {
    return localizedName(term, ctx, lang);
  }
}

@Resolver(() => AgeGroupTerm)
export class AgeGroupTermResolver {
  @Query(() => [AgeGroupTerm], { description: 'The age groups with their localised names.' })
  ageGroups(@Ctx() ctx: RequestContext) {
    return taxonomyService.ageGroups(ctx);
  }

  @FieldResolver(() => String)
  name(
    @Root() term: AgeGroupTerm,
    @Ctx() ctx: RequestContext,
    @Arg('lang', () => Language, { nullable: true }) lang?: Language,
  ) {
    return localizedName(term, ctx, lang);
  }
}
