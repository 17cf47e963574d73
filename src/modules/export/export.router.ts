import express, { Router } from 'express';
import { z } from 'zod';
import { AgeGroup, Language, OrderDirection, PublicationStatus } from '../../common/enums';
import { ActorKind } from '../actor';
import { policy } from '../auth';
import {
  cachedRoute,
  ConditionalCache,
  notFoundRoutes,
  type InternalQuery,
  label,
  Connection,
  readPages,
  boolParam,
  codeParam,
  enumParam,
  intParam,
  langParam,
  listParam,
  textParam,
  baseUrl,
  OpenDataDeps,
  RouteCall,
} from '../open-data';
import { RegionMatch, RegionKind } from '../region';
import { CostType, DeliveryMode, ServiceOfferingOrderField, Validity } from '../service-offering';
import { Column, csvHeaders, delimiterParam, toCsv } from './csv';

/** The most offerings one CSV request returns; `after` (see the `Link` header) goes on. */
export const MAX_EXPORT_ROWS = 1000;
const MAX_AGE = 60;

interface Named {
  code: string;
  name: string;
}

interface OfferingRow {
  id: string;
  title: string;
  description: string | null;
  actor: { slug: string; name: string; kind: string };
  categories: Named[];
  ageGroups: string[];
  supportNeeds: Named[];
  regions: Named[];
  languages: string[];
  deliveryModes: string[];
  cost: string;
  referralRequired: boolean;
  status: string;
  validFrom: string | null;
  validUntil: string | null;
  inForce: boolean;
  url: string | null;
  howToApply: string | null;
  updatedAt: string;
  contact?: { name: string; email: string | null; phone: string | null } | null;
}

interface OfferingPage {
  serviceOfferings: Connection<OfferingRow>;
  ageGroups: Named[];
}

interface CoverageRow {
  region: Named;
  category: Named;
  offeringCount: number;
  providerCount: number;
  providers: { name: string }[];
  openNeedCount: number;
  gap: boolean;
  overlap: boolean;
  overlappingProviders: { name: string }[];
}

const codes = listParam(codeParam);
const ids = listParam(z.string().max(200), 100);
const listOf = <E extends Record<string, string>>(values: E) => listParam(enumParam(values), 20);

/** The offering filter's fields as query parameters: the same names and meaning as in GraphQL. */
const OFFERING_FILTER = {
  ids,
  actorIds: ids,
  actorKinds: listOf(ActorKind),
  vaatu: boolParam,
  categoryCodes: codes,
  ageGroups: listOf(AgeGroup),
  supportNeedCodes: codes,
  regionCodes: codes,
  regionMatch: enumParam(RegionMatch),
  languages: listOf(Language),
  deliveryModes: listOf(DeliveryMode),
  costs: listOf(CostType),
  status: listOf(PublicationStatus),
  referralRequired: boolParam,
  validity: enumParam(Validity),
  search: textParam(200),
};

/** The coverage filter's fields as query parameters. */
const COVERAGE_FILTER = {
  categoryCodes: codes,
  regionCodes: codes,
  regionMatch: enumParam(RegionMatch),
  ageGroups: listOf(AgeGroup),
  supportNeedCodes: codes,
  actorKinds: listOf(ActorKind),
  vaatu: boolParam,
  languages: listOf(Language),
  validity: enumParam(Validity),
};

const FORMAT = { lang: langParam, delimiter: delimiterParam };

/** The filter part of parsed parameters (what is not paging, order or format). */
function filterOf(params: Record<string, unknown>, keys: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).filter(([k]) => Object.hasOwn(keys, k)));
}

const joinNames = (items: { name: string }[]) => items.map((i) => i.name).join(', ');
const joinCodes = (items: { code: string }[]) => items.map((i) => i.code).join(',');

function offeringColumns(
  lang: Language,
  ageGroupNames: Map<string, string>,
  contacts: boolean,
): Column<OfferingRow>[] {
  const labels = (name: 'DeliveryMode' | 'Language', values: string[]) =>
    values.map((v) => label(name, v, lang)).join(', ');
  const columns: Column<OfferingRow>[] = [
    { header: ['id', 'id', 'id'], cell: (r) => r.id },
    { header: ['Nimi', 'Namn', 'Title'], cell: (r) => r.title },
    { header: ['Kuvaus', 'Beskrivning', 'Description'], cell: (r) => r.description },
    { header: ['Toimija', 'Aktör', 'Actor'], cell: (r) => r.actor.name },
    { header: ['Toimijan tunnus', 'Aktörens kod', 'Actor slug'], cell: (r) => r.actor.slug },
    {
      header: ['Toimijan laji', 'Aktörens typ', 'Actor kind'],
      cell: (r) => label('ActorKind', r.actor.kind, lang),
    },
    { header: ['Palveluluokat', 'Tjänstekategorier', 'Categories'], cell: (r) => joinNames(r.categories) },
    {
      header: ['Palveluluokkien koodit', 'Kategorikoder', 'Category codes'],
      cell: (r) => joinCodes(r.categories),
    },
    {
      header: ['Ikäryhmät', 'Åldersgrupper', 'Age groups'],
      cell: (r) => r.ageGroups.map((g) => ageGroupNames.get(g) ?? g).join(', '),
    },
    {
      header: ['Ikäryhmien koodit', 'Åldersgruppskoder', 'Age group codes'],
      cell: (r) => r.ageGroups.join(','),
    },
    { header: ['Tuen tarpeet', 'Stödbehov', 'Support needs'], cell: (r) => joinNames(r.supportNeeds) },
    {
      header: ['Tuen tarpeiden koodit', 'Stödbehovskoder', 'Support need codes'],
      cell: (r) => joinCodes(r.supportNeeds),
    },
    { header: ['Alueet', 'Områden', 'Regions'], cell: (r) => joinNames(r.regions) },
    { header: ['Aluekoodit', 'Områdeskoder', 'Region codes'], cell: (r) => joinCodes(r.regions) },
    { header: ['Kielet', 'Språk', 'Languages'], cell: (r) => labels('Language', r.languages) },
    {
      header: ['Toteutustavat', 'Genomförande', 'Delivery modes'],
      cell: (r) => labels('DeliveryMode', r.deliveryModes),
    },
    { header: ['Hinta', 'Kostnad', 'Cost'], cell: (r) => label('CostType', r.cost, lang) },
    {
      header: ['Lähete', 'Remiss', 'Referral required'],
      cell: (r) => label('Boolean', r.referralRequired, lang),
    },
    { header: ['Tila', 'Status', 'Status'], cell: (r) => label('PublicationStatus', r.status, lang) },
    { header: ['Voimassa alkaen', 'Giltig från', 'Valid from'], cell: (r) => r.validFrom },
    { header: ['Voimassa asti', 'Giltig till', 'Valid until'], cell: (r) => r.validUntil },
    { header: ['Voimassa nyt', 'Gäller nu', 'In force'], cell: (r) => label('Boolean', r.inForce, lang) },
    { header: ['Verkkosivu', 'Webbsida', 'Web page'], cell: (r) => r.url },
    { header: ['Hakeminen', 'Ansökan', 'How to apply'], cell: (r) => r.howToApply },
    { header: ['Päivitetty', 'Uppdaterad', 'Updated'], cell: (r) => r.updatedAt },
  ];
  if (!contacts) return columns;
  // Personal data: only signed-in staff get these columns at all.
  return [
    ...columns,
    { header: ['Yhteyshenkilö', 'Kontaktperson', 'Contact'], cell: (r) => r.contact?.name },
    { header: ['Sähköposti', 'E-post', 'E-mail'], cell: (r) => r.contact?.email },
    { header: ['Puhelin', 'Telefon', 'Phone'], cell: (r) => r.contact?.phone },
  ];
}

function coverageColumns(lang: Language, needs: boolean): Column<CoverageRow>[] {
  const columns: Column<CoverageRow>[] = [
    { header: ['Aluekoodi', 'Områdeskod', 'Region code'], cell: (r) => r.region.code },
    { header: ['Alue', 'Område', 'Region'], cell: (r) => r.region.name },
    { header: ['Palveluluokan koodi', 'Kategorikod', 'Category code'], cell: (r) => r.category.code },
    { header: ['Palveluluokka', 'Tjänstekategori', 'Category'], cell: (r) => r.category.name },
    { header: ['Palveluja', 'Tjänster', 'Offerings'], cell: (r) => r.offeringCount },
    { header: ['Tarjoajia', 'Anordnare', 'Providers'], cell: (r) => r.providerCount },
    { header: ['Tarjoajat', 'Anordnarna', 'Provider names'], cell: (r) => joinNames(r.providers) },
  ];
  if (needs) {
    columns.push({ header: ['Avoimia tarpeita', 'Öppna behov', 'Open needs'], cell: (r) => r.openNeedCount });
  }
  return [
    ...columns,
    { header: ['Aukko', 'Lucka', 'Gap'], cell: (r) => label('Boolean', r.gap, lang) },
    { header: ['Päällekkäisyys', 'Överlappning', 'Overlap'], cell: (r) => label('Boolean', r.overlap, lang) },
    {
      header: ['Päällekkäiset tarjoajat', 'Överlappande anordnare', 'Overlapping providers'],
      cell: (r) => joinNames(r.overlappingProviders),
    },
  ];
}

function prepare(deps: OpenDataDeps): { offerings: InternalQuery; coverage: InternalQuery } {
  return {
    offerings: deps.queries.prepare(`
query ExportServiceOfferings(
  $filter: ServiceOfferingFilter
  $orderBy: ServiceOfferingOrder
  $first: Int!
  $after: String
  $lang: Language!
  $contacts: Boolean!
) {
  serviceOfferings(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id
      title(lang: $lang)
      description(lang: $lang)
      actor { slug name(lang: $lang) kind }
      categories { code name(lang: $lang) }
      ageGroups
      supportNeeds { code name(lang: $lang) }
      regions { code name(lang: $lang) }
      languages
      deliveryModes
      cost
      referralRequired
      status
      validFrom
      validUntil
      inForce
      url
      howToApply(lang: $lang)
      updatedAt
      contact @include(if: $contacts) { name email phone }
    }
  }
  ageGroups { code name(lang: $lang) }
}`),
    coverage: deps.queries.prepare(`
query ExportCoverage($level: RegionKind!, $filter: CoverageFilter, $lang: Language!) {
  serviceCoverage(level: $level, filter: $filter) {
    needsIncluded
    cells {
      region { code name(lang: $lang) }
      category { code name(lang: $lang) }
      offeringCount
      providerCount
      providers { name(lang: $lang) }
      openNeedCount
      gap
      overlap
      overlappingProviders { name(lang: $lang) }
    }
  }
}`),
  };
}

/** The `Link` to the next rows of an export: the same request with `after`. */
function nextLink(deps: OpenDataDeps, call: RouteCall, cursor: string): string {
  const url = new URL(`${baseUrl(deps, call.req)}${call.req.originalUrl}`);
  url.searchParams.set('after', cursor);
  return `<${url.pathname}${url.search}>; rel="next"`;
}

/**
 * CSV for analysts under `/export`: `service-offerings.csv` (the `serviceOfferings` list with its
 * filter as query parameters, up to MAX_EXPORT_ROWS rows a request, then `after`) and
 * `coverage.csv` (`serviceCoverage`: one row per cell). The rows are what the GraphQL queries
 * return to the same viewer, read through them; authentication, visibility and the per-client
 * budget are GraphQL's (an export is charged what its GraphQL reads cost).
 */
export function exportRouter(deps: OpenDataDeps): Router {
  const queries = prepare(deps);
  const cache = new ConditionalCache();
  const router = express.Router();

  router.get(
    '/service-offerings.csv',
    cachedRoute(
      deps,
      cache,
      'exportServiceOfferings',
      {
        ...OFFERING_FILTER,
        orderBy: enumParam(ServiceOfferingOrderField),
        direction: enumParam(OrderDirection),
        first: intParam(1, MAX_EXPORT_ROWS),
        after: z.string().max(500),
        ...FORMAT,
      },
      MAX_AGE,
      async (call, params, charge) => {
        const lang = call.ctx.lang;
        const contacts = policy.canSeeContacts(call.ctx.viewer);
        const base = {
          filter: filterOf(params, OFFERING_FILTER),
          orderBy: params.orderBy
            ? { field: params.orderBy, direction: params.direction ?? OrderDirection.ASC }
            : null,
          lang,
          contacts,
        };
        const { rows, total, next, first } = await readPages(
          deps.queries,
          call.ctx,
          queries.offerings,
          base,
          (data: OfferingPage) => data.serviceOfferings,
          { max: params.first ?? MAX_EXPORT_ROWS, after: params.after, charge },
        );
        const names = new Map(first.ageGroups.map((g) => [g.code, g.name]));
        const file = csvHeaders('service-offerings.csv');
        return {
          body: toCsv(offeringColumns(lang, names, contacts), rows, lang, params.delimiter ?? ','),
          contentType: file.contentType,
          headers: {
            ...file.headers,
            'x-total-count': String(total),
            ...(next ? { link: nextLink(deps, call, next) } : {}),
          },
        };
      },
    ),
  );

  router.get(
    '/coverage.csv',
    cachedRoute(
      deps,
      cache,
      'exportCoverage',
      { level: enumParam(RegionKind), ...COVERAGE_FILTER, ...FORMAT },
      MAX_AGE,
      async (call, params, charge) => {
        const lang = call.ctx.lang;
        const variables = {
          level: params.level ?? RegionKind.WELLBEING_COUNTY,
          filter: filterOf(params, COVERAGE_FILTER),
          lang,
        };
        await charge(deps.queries.cost(queries.coverage, variables));
        const data = await deps.queries.run<{
          serviceCoverage: { needsIncluded: boolean; cells: CoverageRow[] };
        }>(call.ctx, queries.coverage, variables);
        const file = csvHeaders('coverage.csv');
        const { needsIncluded, cells } = data.serviceCoverage;
        return {
          body: toCsv(coverageColumns(lang, needsIncluded), cells, lang, params.delimiter ?? ','),
          ...file,
        };
      },
    ),
  );

  router.use(notFoundRoutes(deps, 'The export', ['/export/service-offerings.csv', '/export/coverage.csv']));
  return router;
}
