import { v5 as uuidv5 } from 'uuid';
import { Language } from '../../common/enums';
import { inLang } from '../open-data';
import type { HsdsTaxonomyData, HsdsTerm } from './hsds.queries';

/**
 * The namespace of the hub's name-based (version 5) UUIDs in HSDS: the ids of the taxonomies, of
 * their terms and of the rows HSDS wants ids for that the hub keeps as plain values (a service's
 * languages, service areas and term links). The same name always gives the same id, so links
 * between answers and across releases stay stable. Never change it.
 */
const NAMESPACE = '59facfc4-ed11-4008-abc4-a84d796b569b';

/** A stable UUID for the row named by `parts` (e.g. a service's id and a region's id). */
export function derivedId(...parts: string[]): string {
  return uuidv5(parts.join(':'), NAMESPACE);
}

export type TaxonomyKey = 'SERVICE_CATEGORY' | 'SUPPORT_NEED' | 'AGE_GROUP';

export interface TaxonomySpec {
  key: TaxonomyKey;
  /** The field of the GraphQL answer with its terms. */
  field: keyof HsdsTaxonomyData;
  /** `attribute.link_type` of its links to services. */
  linkType: string;
  name: [string, string, string];
  description: [string, string, string];
}

/** The hub's three taxonomies, as HSDS taxonomies. */
export const TAXONOMIES: readonly TaxonomySpec[] = [
  {
    key: 'SERVICE_CATEGORY',
    field: 'serviceCategories',
    linkType: 'service_category',
    name: ['Vaatu-palveluluokat', 'Vaatu-tjänstekategorier', 'Vaatu service categories'],
    description: [
      'Mitä palvelu on: vaativan erityisen tuen palvelujen luokitus (Vaatu Hub).',
      'Vad tjänsten är: klassificeringen av tjänster inom krävande särskilt stöd (Vaatu Hub).',
      'What the service is: the classification of services of demanding special support (Vaatu Hub).',
    ],
  },
  {
    key: 'SUPPORT_NEED',
    field: 'supportNeeds',
    linkType: 'support_need',
    name: ['Tuen tarpeet', 'Stödbehov', 'Support needs'],
    description: [
      'Kenen tarpeisiin palvelu vastaa: lasten ja nuorten tuen tarpeet (Vaatu Hub).',
      'Vilka behov tjänsten svarar på: barns och ungas stödbehov (Vaatu Hub).',
      'Whose needs the service meets: the support needs of children and young people (Vaatu Hub).',
    ],
  },
  {
    key: 'AGE_GROUP',
    field: 'ageGroups',
    linkType: 'age_group',
    name: ['Ikäryhmät', 'Åldersgrupper', 'Age groups'],
    description: [
      'Kenelle palvelu on: varhaiskasvatuksesta toiselle asteelle (Vaatu Hub).',
      'Vem tjänsten är för: från småbarnspedagogik till andra stadiet (Vaatu Hub).',
      'Who the service is for: from early childhood education to upper secondary (Vaatu Hub).',
    ],
  },
];

export function taxonomyId(key: TaxonomyKey): string {
  return derivedId('taxonomy', key);
}

export function termId(key: TaxonomyKey, code: string): string {
  return derivedId('taxonomy_term', key, code);
}

export interface HsdsTaxonomy {
  id: string;
  name: string;
  description: string;
  uri: string;
}

export interface HsdsTaxonomyTerm {
  id: string;
  code: string;
  name: string;
  description: string;
  taxonomy: string;
  taxonomy_id: string;
  language: string;
  term_uri: string;
  taxonomy_detail?: HsdsTaxonomy;
}

export function hsdsTaxonomy(spec: TaxonomySpec, lang: Language, base: string): HsdsTaxonomy {
  const id = taxonomyId(spec.key);
  return {
    id,
    name: inLang(lang, ...spec.name),
    description: inLang(lang, ...spec.description),
    uri: `${base}/hsds/taxonomies/${id}`,
  };
}

export function hsdsTerm(
  spec: TaxonomySpec,
  term: HsdsTerm,
  lang: Language,
  base: string,
  detailed = false,
): HsdsTaxonomyTerm {
  const taxonomy = hsdsTaxonomy(spec, lang, base);
  const id = termId(spec.key, term.code);
  return {
    id,
    code: term.code,
    name: term.name,
    // The hub's terms have names only: say where the term belongs.
    description: `${taxonomy.name}: ${term.name}`,
    taxonomy: taxonomy.name,
    taxonomy_id: taxonomy.id,
    language: lang.toLowerCase(),
    term_uri: `${base}/hsds/taxonomy_terms/${id}`,
    ...(detailed ? { taxonomy_detail: taxonomy } : {}),
  };
}

/** Every term of the three taxonomies, in taxonomy order. */
export function allTerms(data: HsdsTaxonomyData): { spec: TaxonomySpec; term: HsdsTerm }[] {
  return TAXONOMIES.flatMap((spec) => data[spec.field].map((term) => ({ spec, term })));
}

/** The taxonomy and code a term id stands for, or null when it is none of the hub's. */
export function termById(data: HsdsTaxonomyData, id: string): { spec: TaxonomySpec; term: HsdsTerm } | null {
  return allTerms(data).find(({ spec, term }) => termId(spec.key, term.code) === id) ?? null;
}

export function taxonomyById(id: string): TaxonomySpec | null {
  return TAXONOMIES.find((spec) => taxonomyId(spec.key) === id) ?? null;
}
