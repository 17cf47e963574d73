import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../../common/context';
import { Language } from '../../common/enums';
import { pickLang } from '../../common/localized';
import { Contact } from './contact.entity';

@Resolver(() => Contact)
export class ContactResolver {
  @FieldResolver(() => String, { nullable: true })
  title(
    @Root() contact: Contact,
    @Ctx() ctx: RequestContext,
    @Arg('lang', () => Language, { nullable: true }) lang?: Language,
  ) {
    return pickLang(contact.titleI18n, lang ?? ctx.lang);
  }
}
