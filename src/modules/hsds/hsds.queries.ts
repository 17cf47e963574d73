import type { InternalQueries, InternalQuery } from '../open-data';

/** The GraphQL operations the HSDS routes read through (checked against the schema at start). */
export interface HsdsQueries {
  services: InternalQuery;
  organizations: InternalQuery;
  taxonomies: InternalQuery;
}

const SERVICE_FIELDS = `
fragment HsdsService on ServiceOffering {
  id
  title(lang: $lang)
  description(lang: $lang)
  url
  howToApply(lang: $lang)
  cost
  referralRequired
  updatedAt
  languages
  ageGroups
  actor { ...HsdsOrganization }
  regions @include(if: $full) { id code kind name(lang: $lang) }
  categories @include(if: $full) { code name(lang: $lang) }
  supportNeeds @include(if: $full) { code name(lang: $lang) }
  contact @include(if: $contacts) { ...HsdsContact }
}`;

const ORGANIZATION_FIELDS = `
fragment HsdsOrganization on Actor {
  id
  name(lang: $lang)
  description(lang: $lang)
  kind
  website
  parent { id }
}`;

const CONTACT_FIELDS = `
fragment HsdsContact on Contact {
  id
  name
  title(lang: $lang)
  email
  phone
}`;

const AGE_GROUPS = `ageGroups { code name(lang: $lang) }`;

export function prepareHsdsQueries(queries: InternalQueries): HsdsQueries {
  return {
    services: queries.prepare(`
query HsdsServices($ids: [ID!]!, $first: Int!, $lang: Language!, $full: Boolean!, $contacts: Boolean!) {
  serviceOfferings(filter: { ids: $ids, status: [PUBLISHED], validity: IN_FORCE }, first: $first) {
    nodes { ...HsdsService }
  }
  ${AGE_GROUPS}
}
${SERVICE_FIELDS}
${ORGANIZATION_FIELDS}
${CONTACT_FIELDS}`),
    organizations: queries.prepare(`
query HsdsOrganizations(
  $ids: [ID!]!
  $first: Int!
  $lang: Language!
  $contacts: Boolean!
  $services: Boolean!
  $full: Boolean!
) {
  actors(filter: { ids: $ids }, first: $first) {
    nodes {
      ...HsdsOrganization
      contacts @include(if: $contacts) { ...HsdsContact }
      services(filter: { status: [PUBLISHED], validity: IN_FORCE }, first: 100, orderBy: { field: TITLE })
        @include(if: $services) {
        nodes { ...HsdsService }
      }
    }
  }
  ${AGE_GROUPS}
}
${SERVICE_FIELDS}
${ORGANIZATION_FIELDS}
${CONTACT_FIELDS}`),
    taxonomies: queries.prepare(`
query HsdsTaxonomies($lang: Language!) {
  serviceCategories { code name(lang: $lang) }
  supportNeeds { code name(lang: $lang) }
  ${AGE_GROUPS}
}`),
  };
}

export interface HsdsTerm {
  code: string;
  name: string;
}

export interface HsdsContactData {
  id: string;
  name: string;
  title: string | null;
  email: string | null;
  phone: string | null;
}

export interface HsdsOrganizationData {
  id: string;
  name: string;
  description: string | null;
  kind: string;
  website: string | null;
  parent: { id: string } | null;
  contacts?: HsdsContactData[];
  services?: { nodes: HsdsServiceData[] };
}

export interface HsdsServiceData {
  id: string;
  title: string;
  description: string | null;
  url: string | null;
  howToApply: string | null;
  cost: string;
  referralRequired: boolean;
  updatedAt: string;
  languages: string[];
  ageGroups: string[];
  actor: HsdsOrganizationData;
  regions?: { id: string; code: string; kind: string; name: string }[];
  categories?: HsdsTerm[];
  supportNeeds?: HsdsTerm[];
  contact?: HsdsContactData | null;
}

export interface HsdsTaxonomyData {
  serviceCategories: HsdsTerm[];
  supportNeeds: HsdsTerm[];
  ageGroups: HsdsTerm[];
}
