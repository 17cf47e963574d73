import express, { Router } from 'express';
import { z } from 'zod';
import { PublicationStatus } from '../../common/enums';
import { ValidationError } from '../../common/errors';
import { idsOf, narrowed } from '../../common/list-query';
import { fromGlobalId, toGlobalId } from '../../common/node';
import { rawSql, sql } from '../../common/sql';
import { actorService, ACTOR_REGIONS } from '../actor';
import { EventKind } from '../event';
import { MaterialKind, materialService } from '../material';
import {
  cachedRoute,
  ConditionalCache,
  notFoundRoutes,
  Connection,
  readPages,
  codeParam,
  enumParam,
  langParam,
  listParam,
  baseUrl,
  OpenDataDeps,
  RouteCall,
} from '../open-data';
import { linkReachesSql, RegionMatch, requireRegionScope } from '../region';
import { toAtom, FeedMaterial } from './atom';
import { CalendarEvent, toIcs } from './calendar';
import { INITIATIVE_REGIONS } from '../initiative';

/** The most events one calendar holds, and how far back it reaches. */
export const MAX_CALENDAR_EVENTS = 1000;
export const CALENDAR_PAST_DAYS = 90;
/** The newest materials a feed holds. */
export const FEED_ENTRIES = 50;
/** Seconds a client or shared cache may reuse an answer without asking again. */
const MAX_AGE = 300;

const ids = listParam(z.string().max(200), 100);
const regions = { region: listParam(codeParam), regionMatch: enumParam(RegionMatch) };

function selfUrl(deps: OpenDataDeps, call: RouteCall): string {
  return `${baseUrl(deps, call.req)}${call.req.originalUrl}`;
}

/** Publishers given by slug or by global id; an unknown one is 400 naming `publisher`. */
async function publisherIds(call: RouteCall, given: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const value of given) {
    const parsed = fromGlobalId(value);
    if (parsed?.type === 'Actor') {
      out.push(parsed.id);
      continue;
    }
    const actor = await actorService.findBySlug(call.ctx, value);
    if (!actor)
      throw new ValidationError(`publisher: no actor ${JSON.stringify(value.slice(0, 60))}`, ['publisher']);
    out.push(actor.id);
  }
  return out;
}

/**
 * Calendar and news feeds, for staff's calendars and feed readers: `/calendar.ics` (published
 * events from CALENDAR_PAST_DAYS ago on, as iCalendar) and `/feeds/materials.atom` (the newest
 * published materials and videos, as Atom). Both read through the GraphQL lists (visibility,
 * localisation), answer conditionally (ETag, Last-Modified, 304) and are charged to the client's
 * budget like GraphQL.
 */
export function feedsRouter(deps: OpenDataDeps): Router {
  const cache = new ConditionalCache();
  const events = deps.queries.prepare(`
query CalendarEvents($filter: EventFilter, $first: Int!, $after: String, $lang: Language!) {
  events(filter: $filter, first: $first, after: $after, orderBy: { field: STARTS_AT, direction: ASC }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id kind title(lang: $lang) description(lang: $lang) startsAt endsAt location remoteParticipation free
      registrationUrl registrationClosesAt status audience(lang: $lang) languages
      organizers { name(lang: $lang) }
      initiatives { title(lang: $lang) }
      createdAt updatedAt version
    }
  }
}`);
  const materials = deps.queries.prepare(`
query FeedMaterials($ids: [ID!]!, $first: Int!, $lang: Language!) {
  materials(filter: { ids: $ids, status: [PUBLISHED] }, first: $first) {
    nodes {
      id kind title(lang: $lang) description(lang: $lang) url languages tags publishedAt updatedAt
      publisher { name(lang: $lang) website }
      contributors { name(lang: $lang) }
      video { durationSeconds captionLanguages }
    }
  }
}`);
  const router = express.Router();

  router.get(
    '/calendar.ics',
    cachedRoute(
      deps,
      cache,
      'calendar',
      { ...regions, kind: listParam(enumParam(EventKind), 20), initiative: ids, lang: langParam },
      MAX_AGE,
      async (call, params, charge) => {
        const from = new Date(Date.now() - CALENDAR_PAST_DAYS * 24 * 3600 * 1000);
        const filter = {
          from: new Date(Math.floor(from.getTime() / 86_400_000) * 86_400_000).toISOString(),
          publicationStatus: [PublicationStatus.PUBLISHED],
          regionCodes: params.region ?? null,
          regionMatch: params.regionMatch ?? null,
          kinds: params.kind ?? null,
          initiativeIds: params.initiative ?? null,
        };
        const { rows } = await readPages(
          deps.queries,
          call.ctx,
          events,
          { filter, lang: call.ctx.lang },
          (data: { events: Connection<CalendarEvent> }) => data.events,
          { max: MAX_CALENDAR_EVENTS, charge },
        );
        return {
          body: toIcs(rows, {
            lang: call.ctx.lang,
            host: new URL(baseUrl(deps, call.req)).host,
            url: selfUrl(deps, call),
          }),
          contentType: 'text/calendar; charset=utf-8',
          headers: { 'content-disposition': 'inline; filename="vaatu-hub.ics"' },
        };
      },
      { regionCodes: 'region', kinds: 'kind', initiativeIds: 'initiative' },
    ),
  );

  router.get(
    '/feeds/materials.atom',
    cachedRoute(
      deps,
      cache,
      'feedMaterials',
      { ...regions, kind: listParam(enumParam(MaterialKind), 20), publisher: ids, lang: langParam },
      MAX_AGE,
      async (call, params, charge) => {
        const { ctx } = call;
        const scope = { regionCodes: params.region, regionMatch: params.regionMatch };
        await requireRegionScope(ctx.em, scope, 'filter');
        const publishers = params.publisher ? await publisherIds(call, params.publisher) : null;
        const visible = materialService.visibleQuery(ctx, {
          kinds: params.kind ?? null,
          publisherIds: publishers?.map((id) => toGlobalId('Actor', id)) ?? null,
          status: [PublicationStatus.PUBLISHED],
        });
        // A material is of a region when its publisher serves it, or its joint initiative does.
        const byPublisher = linkReachesSql(ACTOR_REGIONS, 'e.publisher_id', scope);
        const byInitiative = linkReachesSql(INITIATIVE_REGIONS, 'e.initiative_id', scope);
        const rows = narrowed(
          visible,
          byPublisher && byInitiative ? sql`(${byPublisher} or ${byInitiative})` : null,
          rawSql('e.published_at is not null'),
        );
        const found = await idsOf(ctx.em, rows, rawSql('e.published_at desc, e.id desc'), FEED_ENTRIES);
        const variables = {
          ids: found.map((id) => toGlobalId('SharedMaterial', id)),
          first: Math.max(1, found.length),
          lang: ctx.lang,
        };
        await charge(deps.queries.cost(materials, variables));
        const read = found.length
          ? await deps.queries.run<{ materials: { nodes: FeedMaterial[] } }>(ctx, materials, variables)
          : { materials: { nodes: [] } };
        const byId = new Map(read.materials.nodes.map((m) => [m.id, m]));
        const entries = variables.ids.map((id) => byId.get(id)).filter((m): m is FeedMaterial => !!m);
        const base = baseUrl(deps, call.req);
        return {
          body: toAtom(entries, {
            lang: ctx.lang,
            selfUrl: selfUrl(deps, call),
            feedId: `${base}${call.req.originalUrl}`,
            hubUrl: `${base}/graphql`,
          }),
          contentType: 'application/atom+xml; charset=utf-8',
        };
      },
      { regionCodes: 'region' },
    ),
  );

  router.use(
    ['/calendar.ics', '/feeds'],
    notFoundRoutes(deps, 'The feeds', ['/calendar.ics', '/feeds/materials.atom']),
  );
  return router;
}
