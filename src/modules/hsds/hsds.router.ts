import type { EntityManager } from '@mikro-orm/postgresql';
import { countOf, idsOf, narrowed, Selection } from '../../common/list-query';
import { rawSql, sql } from '../../common/sql';
import express, { Router } from 'express';
import { AgeGroup, PublicationStatus } from '../../common/enums';
import { NotFoundError, ValidationError } from '../../common/errors';
import { fromGlobalId, toGlobalId } from '../../common/node';
import { actorService } from '../actor';
import { policy } from '../auth';
import {
  cachedRoute,
  Rendered,
  ConditionalCache,
  boolParam,
  intParam,
  langParam,
  textParam,
  uuidParam,
  dateTimeParam,
  notFoundRoutes,
  baseUrl,
  OpenDataDeps,
  RouteCall,
} from '../open-data';
import { z } from 'zod';
import { type ServiceOfferingFilter, serviceOfferingService, Validity } from '../service-offering';
import {
  MappingContext,
  organizationBasic,
  organizationFull,
  page,
  serviceBasic,
  serviceFull,
} from './hsds.mapping';
import { HsdsOrganizationData, HsdsServiceData, HsdsTaxonomyData, prepareHsdsQueries } from './hsds.queries';
import {
  allTerms,
  hsdsTaxonomy,
  hsdsTerm,
  TAXONOMIES,
  taxonomyById,
  taxonomyId,
  termById,
  termId,
} from './hsds.taxonomies';

/** The HSDS version served, and the most items of one page. */
export const HSDS_VERSION = '3.0';
export const MAX_PER_PAGE = 100;
const DEFAULT_PER_PAGE = 20;
/** Seconds an anonymous answer may be reused without asking again. */
const MAX_AGE = 60;

const OPENAPI_URL = 'https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json';
/** The canonical HSDS 3.0 schemas: the hub uses HSDS as it is, without a profile of its own. */
const PROFILE_URL = 'https://github.com/openreferral/specification/tree/3.0/schema';

const paging = {
  page: intParam(1, 1_000_000),
  per_page: intParam(1, MAX_PER_PAGE),
  format: z.enum(['json'], { error: 'only json is served (ndjson is not)' }),
  lang: langParam,
};
const search = textParam(200);

function json(body: unknown): Rendered {
  return { body: JSON.stringify(body), contentType: 'application/json; charset=utf-8' };
}

function uuidOf(globalId: string): string {
  return fromGlobalId(globalId)?.id ?? globalId;
}

/** The data with every GraphQL global `id` replaced by the record's UUID (HSDS's identifiers). */
function withUuids<T>(data: T): T {
  return JSON.parse(JSON.stringify(data), (key, value: unknown) =>
    key === 'id' && typeof value === 'string' ? uuidOf(value) : value,
  ) as T;
}

/** A path's `{id}`: a UUID, else 400 naming `id`. */
function pathId(call: RouteCall): string {
  const id = String(call.req.params.id ?? '');
  const parsed = uuidParam.safeParse(id);
  if (!parsed.success) throw new ValidationError('id must be a UUID', ['id']);
  return parsed.data;
}

/**
 * One page of the ids a service's filtered, ordered query builder (alias `e`) selects, by offset
 * (HSDS pages by number), and how many there are in all.
 */
async function idPage<T extends object>(
  em: EntityManager,
  rows: Selection<T>,
  order: string,
  offset: number,
  limit: number,
): Promise<{ ids: string[]; total: number }> {
  const total = await countOf(em, rows);
  const ids = await idsOf(em, rows, rawSql(order), limit, offset);
  return { ids, total };
}

function offsetOf(params: { page?: number; per_page?: number }) {
  const pageNumber = params.page ?? 1;
  const perPage = params.per_page ?? DEFAULT_PER_PAGE;
  return { pageNumber, perPage, offset: (pageNumber - 1) * perPage };
}

/**
 * Open Referral's HSDS 3.0 API over the hub's published data, read-only, under `/hsds`: `/`,
 * `/services`, `/services/{id}`, `/organizations`, `/organizations/{id}`, `/taxonomies`,
 * `/taxonomies/{id}`, `/taxonomy_terms`, `/taxonomy_terms/{id}`. Services are the PUBLISHED
 * offerings in force, whoever asks; contacts (personal data) appear only for signed-in staff.
 * Items are read through the hub's GraphQL list queries (visibility, localisation, batching),
 * pages of ids through the offering and actor services' own filters.
 */
export function hsdsRouter(deps: OpenDataDeps): Router {
  const queries = prepareHsdsQueries(deps.queries);
  const cache = new ConditionalCache();
  const router = express.Router();

  async function taxonomies(call: RouteCall, charge: (cost: number) => Promise<void>) {
    const variables = { lang: call.ctx.lang };
    await charge(deps.queries.cost(queries.taxonomies, variables));
    return deps.queries.run<HsdsTaxonomyData>(call.ctx, queries.taxonomies, variables);
  }

  function mappingContext(call: RouteCall, ageGroups: HsdsTaxonomyData['ageGroups']): MappingContext {
    return { lang: call.ctx.lang, base: baseUrl(deps, call.req), ageGroups };
  }

  /** The services with these ids, in this order, read through `serviceOfferings`. */
  async function services(
    call: RouteCall,
    ids: string[],
    full: boolean,
    charge: (cost: number) => Promise<void>,
  ): Promise<{ items: HsdsServiceData[]; mapping: MappingContext }> {
    const variables = {
      ids: ids.map((id) => toGlobalId('ServiceOffering', id)),
      first: ids.length,
      lang: call.ctx.lang,
      full,
      contacts: policy.canSeeContacts(call.ctx.viewer),
    };
    await charge(deps.queries.cost(queries.services, variables));
    const data = withUuids(
      await deps.queries.run<{
        serviceOfferings: { nodes: HsdsServiceData[] };
        ageGroups: HsdsTaxonomyData['ageGroups'];
      }>(call.ctx, queries.services, variables),
    );
    const byId = new Map(data.serviceOfferings.nodes.map((s) => [s.id, s]));
    return {
      items: ids.map((id) => byId.get(id)).filter((s): s is HsdsServiceData => !!s),
      mapping: mappingContext(call, data.ageGroups),
    };
  }

  /** The actors with these ids, in this order, read through `actors`. */
  async function organizations(
    call: RouteCall,
    ids: string[],
    options: { services: boolean; full: boolean },
    charge: (cost: number) => Promise<void>,
  ): Promise<{ items: HsdsOrganizationData[]; mapping: MappingContext }> {
    const variables = {
      ids: ids.map((id) => toGlobalId('Actor', id)),
      first: ids.length,
      lang: call.ctx.lang,
      contacts: policy.canSeeContacts(call.ctx.viewer),
      services: options.services,
      full: options.full,
    };
    await charge(deps.queries.cost(queries.organizations, variables));
    const data = withUuids(
      await deps.queries.run<{
        actors: { nodes: HsdsOrganizationData[] };
        ageGroups: HsdsTaxonomyData['ageGroups'];
      }>(call.ctx, queries.organizations, variables),
    );
    const byId = new Map(data.actors.nodes.map((a) => [a.id, a]));
    return {
      items: ids.map((id) => byId.get(id)).filter((a): a is HsdsOrganizationData => !!a),
      mapping: mappingContext(call, data.ageGroups),
    };
  }

  router.get(
    '/',
    cachedRoute(deps, cache, 'hsdsApi', { lang: langParam }, MAX_AGE, async (call) =>
      json({
        version: HSDS_VERSION,
        profile: PROFILE_URL,
        openapi_url: OPENAPI_URL,
        // Beyond the spec: where each endpoint is, for people reading the answer.
        endpoints: ['services', 'organizations', 'taxonomies', 'taxonomy_terms'].map(
          (path) => `${baseUrl(deps, call.req)}/hsds/${path}`,
        ),
      }),
    ),
  );

  router.get(
    '/services',
    cachedRoute(
      deps,
      cache,
      'hsdsServices',
      {
        ...paging,
        search,
        taxonomy_term_id: uuidParam,
        taxonomy_id: uuidParam,
        organization_id: uuidParam,
        modified_after: dateTimeParam,
        full: boolParam,
      },
      MAX_AGE,
      async (call, params, charge) => {
        const { pageNumber, perPage, offset } = offsetOf(params);
        const filter: ServiceOfferingFilter = {
          status: [PublicationStatus.PUBLISHED],
          validity: Validity.IN_FORCE,
          search: params.search?.trim() || null,
          actorIds: params.organization_id ? [toGlobalId('Actor', params.organization_id)] : null,
        };
        if (params.taxonomy_term_id || params.taxonomy_id) {
          const data = await taxonomies(call, charge);
          const codes = new Map<string, string[]>();
          if (params.taxonomy_id) {
            const spec = taxonomyById(params.taxonomy_id);
            if (!spec) throw new ValidationError('taxonomy_id names none of the taxonomies', ['taxonomy_id']);
            codes.set(
              spec.key,
              data[spec.field].map((t) => t.code),
            );
          }
          if (params.taxonomy_term_id) {
            const found = termById(data, params.taxonomy_term_id);
            if (!found) {
              throw new ValidationError('taxonomy_term_id names none of the taxonomy terms', [
                'taxonomy_term_id',
              ]);
            }
            const within = codes.get(found.spec.key);
            codes.set(found.spec.key, within && !within.includes(found.term.code) ? [] : [found.term.code]);
          }
          filter.categoryCodes = codes.get('SERVICE_CATEGORY') ?? null;
          filter.supportNeedCodes = codes.get('SUPPORT_NEED') ?? null;
          filter.ageGroups = (codes.get('AGE_GROUP') as AgeGroup[] | undefined) ?? null;
          // A taxonomy without terms, or a term outside the taxonomy asked for: nothing matches.
          if ([...codes.values()].some((list) => list.length === 0)) {
            return json(page([], 0, pageNumber, perPage));
          }
        }
        const rows = narrowed(
          serviceOfferingService.visibleQuery(call.ctx, filter),
          params.modified_after ? sql`e.updated_at >= ${params.modified_after}` : null,
        );
        const { ids, total } = await idPage(call.ctx.em, rows, 'e.sort_title asc, e.id asc', offset, perPage);
        if (ids.length === 0) {
          await charge(1);
          return json(page([], total, pageNumber, perPage));
        }
        const full = params.full ?? false;
        const { items, mapping } = await services(call, ids, full, charge);
        return json(
          page(
            items.map((s) => (full ? serviceFull(mapping, s) : serviceBasic(mapping, s))),
            total,
            pageNumber,
            perPage,
          ),
        );
      },
    ),
  );

  router.get(
    '/services/:id',
    cachedRoute(deps, cache, 'hsdsService', { lang: langParam }, MAX_AGE, async (call, _params, charge) => {
      const id = pathId(call);
      const { items, mapping } = await services(call, [id], true, charge);
      if (!items[0]) throw new NotFoundError('Service', id);
      return json(serviceFull(mapping, items[0]));
    }),
  );

  router.get(
    '/organizations',
    cachedRoute(
      deps,
      cache,
      'hsdsOrganizations',
      { ...paging, search, full: boolParam, full_service: boolParam },
      MAX_AGE,
      async (call, params, charge) => {
        const { pageNumber, perPage, offset } = offsetOf(params);
        const rows = actorService.visibleQuery(call.ctx, { search: params.search?.trim() || null });
        const { ids, total } = await idPage(call.ctx.em, rows, 'e.sort_name asc, e.id asc', offset, perPage);
        if (ids.length === 0) {
          await charge(1);
          return json(page([], total, pageNumber, perPage));
        }
        const full = params.full ?? false;
        const fullService = params.full_service ?? false;
        const { items, mapping } = await organizations(
          call,
          ids,
          { services: full || fullService, full: fullService },
          charge,
        );
        return json(
          page(
            items.map((a) =>
              full || fullService ? organizationFull(mapping, a, fullService) : organizationBasic(mapping, a),
            ),
            total,
            pageNumber,
            perPage,
          ),
        );
      },
    ),
  );

  router.get(
    '/organizations/:id',
    cachedRoute(
      deps,
      cache,
      'hsdsOrganization',
      { lang: langParam, full_service: boolParam },
      MAX_AGE,
      async (call, params, charge) => {
        const id = pathId(call);
        const fullService = params.full_service ?? false;
        const { items, mapping } = await organizations(
          call,
          [id],
          { services: true, full: fullService },
          charge,
        );
        if (!items[0]) throw new NotFoundError('Organization', id);
        return json(organizationFull(mapping, items[0], fullService));
      },
    ),
  );

  router.get(
    '/taxonomies',
    cachedRoute(
      deps,
      cache,
      'hsdsTaxonomies',
      { ...paging, search },
      MAX_AGE,
      async (call, params, charge) => {
        const { pageNumber, perPage, offset } = offsetOf(params);
        await charge(1);
        const base = baseUrl(deps, call.req);
        const needle = params.search?.trim().toLowerCase() ?? '';
        const all = TAXONOMIES.map((spec) => hsdsTaxonomy(spec, call.ctx.lang, base)).filter(
          (t) =>
            !needle || t.name.toLowerCase().includes(needle) || t.description.toLowerCase().includes(needle),
        );
        return json(page(all.slice(offset, offset + perPage), all.length, pageNumber, perPage));
      },
    ),
  );

  router.get(
    '/taxonomies/:id',
    cachedRoute(deps, cache, 'hsdsTaxonomy', { lang: langParam }, MAX_AGE, async (call, _params, charge) => {
      const id = pathId(call);
      const spec = taxonomyById(id);
      if (!spec) throw new NotFoundError('Taxonomy', id);
      await charge(1);
      return json(hsdsTaxonomy(spec, call.ctx.lang, baseUrl(deps, call.req)));
    }),
  );

  router.get(
    '/taxonomy_terms',
    cachedRoute(
      deps,
      cache,
      'hsdsTaxonomyTerms',
      { ...paging, search, taxonomy_id: uuidParam, top_only: boolParam, parent_id: uuidParam },
      MAX_AGE,
      async (call, params, charge) => {
        const { pageNumber, perPage, offset } = offsetOf(params);
        if (params.taxonomy_id && !taxonomyById(params.taxonomy_id)) {
          throw new ValidationError('taxonomy_id names none of the taxonomies', ['taxonomy_id']);
        }
        const data = await taxonomies(call, charge);
        const base = baseUrl(deps, call.req);
        const needle = params.search?.trim().toLowerCase() ?? '';
        // The hub's taxonomies are flat: every term is a top term, and none has a parent.
        const all = params.parent_id
          ? []
          : allTerms(data)
              .filter(({ spec }) => !params.taxonomy_id || taxonomyId(spec.key) === params.taxonomy_id)
              .filter(
                ({ term }) =>
                  !needle ||
                  term.name.toLowerCase().includes(needle) ||
                  term.code.toLowerCase().includes(needle),
              )
              .map(({ spec, term }) => hsdsTerm(spec, term, call.ctx.lang, base));
        return json(page(all.slice(offset, offset + perPage), all.length, pageNumber, perPage));
      },
    ),
  );

  router.get(
    '/taxonomy_terms/:id',
    cachedRoute(
      deps,
      cache,
      'hsdsTaxonomyTerm',
      { lang: langParam },
      MAX_AGE,
      async (call, _params, charge) => {
        const id = pathId(call);
        const data = await taxonomies(call, charge);
        const found = termById(data, id);
        if (!found || termId(found.spec.key, found.term.code) !== id)
          throw new NotFoundError('Taxonomy term', id);
        return json(hsdsTerm(found.spec, found.term, call.ctx.lang, baseUrl(deps, call.req), true));
      },
    ),
  );

  router.use(
    notFoundRoutes(deps, 'HSDS', [
      '/hsds/',
      '/hsds/services',
      '/hsds/organizations',
      '/hsds/taxonomies',
      '/hsds/taxonomy_terms',
    ]),
  );
  return router;
}
