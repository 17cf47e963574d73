import { FragmentDefinitionNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import {
  Arg,
  Args,
  createUnionType,
  Ctx,
  Field,
  Float,
  Info,
  ObjectType,
  Query,
  Resolver,
} from 'type-graphql';
import { RequestContext } from '../../common/context';
import { Language } from '../../common/enums';
import { Connection, PageArgs, toConnection } from '../../common/pagination';
import { Actor } from '../actor';
import { Event } from '../event';
import { JointInitiative } from '../initiative';
import { SharedMaterial } from '../material';
import { ServiceOffering } from '../service-offering';
import { SearchFilter, SearchType } from './search.inputs';
import { SearchItem, searchService } from './search.service';

export const SearchResult = createUnionType({
  name: 'SearchResult',
  description: 'A record `search` found.',
  types: () => [Actor, ServiceOffering, JointInitiative, SharedMaterial, Event] as const,
  resolveType: (value) => value.constructor.name,
});

@ObjectType('SearchHit', { description: 'One search result, best first.' })
export class SearchHit {
  @Field(() => Float, {
    description:
      'Relevance, higher first; only comparable within one result list. Words found by full-text ' +
      'search score 4 or more (5 or more when all are in the title); near misses (prefixes, ' +
      'similar titles) score less.',
  })
  score!: number;

  @Field(() => String, {
    nullable: true,
    description:
      'An excerpt of the description (else the title) in the reader’s language, HTML-escaped, with ' +
      'the matched words in `<mark>…</mark>`.',
  })
  snippet!: string | null;

  @Field(() => SearchResult)
  item!: SearchItem;
}

export const SearchHitConnection = Connection(SearchHit, 'SearchHit');

/** Whether the selection reads `field` (directly, or in a fragment). */
function selects(
  set: SelectionSetNode | undefined,
  field: string,
  fragments: Record<string, FragmentDefinitionNode>,
  seen = new Set<string>(),
): boolean {
  return (set?.selections ?? []).some((s) => {
    if (s.kind === 'Field') return s.name.value === field;
    if (s.kind === 'InlineFragment') return selects(s.selectionSet, field, fragments, seen);
    const name = s.name.value;
    if (seen.has(name)) return false;
    seen.add(name);
    return selects(fragments[name]?.selectionSet, field, fragments, seen);
  });
}

@Resolver()
export class SearchResolver {
  @Query(() => SearchHitConnection, {
    description:
      'One ranked list of the actors, service offerings, initiatives, materials and events the ' +
      'viewer may see that match `query`. Words match their inflected forms (Finnish, Swedish and ' +
      'English stemming); "quoted phrases", `or` and `-excluded` words work as in web search engines. ' +
      'When few records match, near misses (word prefixes, titles with typos) follow. `totalCount` ' +
      'is exact up to 10,000 hits; above that, for a one-word query, it is an estimate from a ' +
      'sample of the records.',
  })
  async search(
    @Ctx() ctx: RequestContext,
    @Arg('query', () => String, { description: 'What to look for (at most 200 characters).' }) query: string,
    @Arg('lang', () => Language, {
      nullable: true,
      description: 'Match only text in this language (default: all); also the language of snippets.',
    })
    lang: Language | null | undefined,
    @Arg('types', () => [SearchType], { nullable: true, description: 'Only these kinds of records.' })
    types: SearchType[] | null | undefined,
    @Args() page: PageArgs,
    @Arg('filter', () => SearchFilter, {
      nullable: true,
      description: 'Regions and, for offerings, validity (default: in force today).',
    })
    filter: SearchFilter | null | undefined,
    @Info() info: GraphQLResolveInfo,
  ) {
    const countTotal = info.fieldNodes.some((n) => selects(n.selectionSet, 'totalCount', info.fragments));
    return toConnection(await searchService.search(ctx, { query, lang, types, filter, ...page, countTotal }));
  }
}
