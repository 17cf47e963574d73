import { RequestContext } from '../../common/context';
import { OrderDirection } from '../../common/enums';
import { loadById } from '../../common/by-id';
import { selection } from '../../common/list-query';
import { ListArgs, listService, ParentLink } from '../../common/list-service';
import { rawSql, sql } from '../../common/sql';
import { Actor } from '../actor';
import { expectGlobalIds } from '../../common/node';
import { Page } from '../../common/pagination';
import { textMatchSql } from '../../common/text-search';
import { policy } from '../auth';
import { linkReachesSql, requireRegionScope } from '../region';
import { loadLinked } from '../../common/linked';
import { JointInitiative, initiativeService } from '../initiative';
import { EVENT_REGIONS, EVENT_TEXT, Event } from './event.entity';
import { EventFilter, EventOrder, EventOrderField } from './event.inputs';

const ORDER_FIELDS = {
  [EventOrderField.STARTS_AT]: { prop: 'startsAt', column: 'starts_at' },
  [EventOrderField.CREATED_AT]: { prop: 'createdAt', column: 'created_at' },
  [EventOrderField.TITLE]: { prop: 'sortTitle', column: 'sort_title' },
};
const DEFAULT_ORDER = { field: EventOrderField.STARTS_AT, direction: OrderDirection.ASC };

/** SQL true when the event (alias `e`) is organised by the actor bound at `?`. */
export const EVENT_OWNER_SQL =
  'exists (select 1 from event_organizer oo where oo.event_id = e.id and oo.actor_id = ?)';

export type EventListArgs = ListArgs<EventFilter, EventOrder>;

function visibleQuery(ctx: RequestContext, filter: EventFilter | null | undefined) {
  const f = filter ?? {};
  return selection(
    Event,
    policy.visibleSql(ctx.viewer, 'e.publication_status', EVENT_OWNER_SQL),
    f.ids?.length ? sql`e.id in (${expectGlobalIds(f.ids, 'Event', 'filter.ids')})` : null,
    f.from ? sql`coalesce(e.ends_at, e.starts_at) >= ${f.from}` : null,
    f.to ? sql`e.starts_at <= ${f.to}` : null,
    f.kinds?.length ? sql`e.kind in (${f.kinds})` : null,
    f.status?.length ? sql`e.status in (${f.status})` : null,
    f.publicationStatus?.length ? sql`e.publication_status in (${f.publicationStatus})` : null,
    f.free != null ? sql`e.free = ${f.free}` : null,
    f.remoteParticipation != null ? sql`e.remote_participation = ${f.remoteParticipation}` : null,
    f.initiativeIds?.length
      ? sql`e.id in (select event_id from event_initiative where joint_initiative_id in (${expectGlobalIds(
          f.initiativeIds,
          'JointInitiative',
          'filter.initiativeIds',
        )}))`
      : null,
    f.organizerIds?.length
      ? sql`e.id in (select event_id from event_organizer where actor_id in (${expectGlobalIds(
          f.organizerIds,
          'Actor',
          'filter.organizerIds',
        )}))`
      : null,
    f.languages?.length ? sql`e.languages && array[${f.languages}]::text[]` : null,
    linkReachesSql(EVENT_REGIONS, 'e.id', f),
    textMatchSql(EVENT_TEXT, f.search),
  );
}

/** The list operations over `visibleQuery`; a filter's region codes are checked first. */
const lists = listService(visibleQuery, ORDER_FIELDS, DEFAULT_ORDER, requireRegionScope);

/** The parents whose nested `events` lists batch: an event belongs to several of each. */
const PARENTS: Record<'initiative' | 'organizer', ParentLink> = {
  initiative: {
    name: 'Event.by.initiative',
    column: 'ini.joint_initiative_id',
    join: rawSql('event_initiative ini on ini.event_id = e.id'),
  },
  organizer: {
    name: 'Event.by.organizer',
    column: 'org.actor_id',
    join: rawSql('event_organizer org on org.event_id = e.id'),
  },
};

/** Reading events; drafts are visible to the organisers' staff and coordinators. */
export const eventService = {
  /** The rows the viewer may see (alias `e`), narrowed by `filter`: the base of lists and search. */
  visibleQuery,

  /**
   * Which of `ids` the viewer may see and `filter` matches: the same rules as the list query,
   * used to route live announcements to subscribers.
   */
  matchingIds: lists.matchingIds,

  /** Rejects a filter naming unknown regions (BAD_USER_INPUT on `<path>.regionCodes`). */
  checkFilter: lists.checkFilter,

  list: lists.list,

  /** Events of many initiatives (or organisers) with the same arguments, batched. */
  forParent(
    ctx: RequestContext,
    parent: 'initiative' | 'organizer',
    parentId: string,
    args: EventListArgs,
  ): Promise<Page<Event>> {
    return lists.forParent(ctx, PARENTS[parent], parentId, args);
  },

  /** An event's organisers (batched per request), by name. */
  organizersOf(ctx: RequestContext, eventId: string): Promise<Actor[]> {
    return loadLinked(
      ctx,
      {
        table: 'event_organizer',
        ownerColumn: 'event_id',
        targetColumn: 'actor_id',
        entity: Actor,
        key: 'id',
        // One statement, as the ORM's collection read them: organisers are few per event.
        joined: true,
        // The pivot keeps no order (the ORM's collection gave them in whatever order the join
        // returned): by name, so that the list is the same from one request to the next.
        compare: (a, b) => (a.sortName ?? '').localeCompare(b.sortName ?? '') || a.slug.localeCompare(b.slug),
      },
      eventId,
    );
  },

  /** An event's initiatives the viewer may see, in the event's order (batched per request). */
  async initiativesOf(ctx: RequestContext, eventId: string): Promise<JointInitiative[]> {
    const linked = await loadLinked(
      ctx,
      {
        table: 'event_initiative',
        ownerColumn: 'event_id',
        targetColumn: 'joint_initiative_id',
        orderColumn: 'position',
        entity: JointInitiative,
        key: 'id',
      },
      eventId,
    );
    const visible = await Promise.all(linked.map((i) => initiativeService.loadVisible(ctx, i.id)));
    return visible.filter((i): i is JointInitiative => i != null);
  },

  async findVisibleById(ctx: RequestContext, id: string): Promise<Event | null> {
    const event = await loadById(ctx, Event, id);
    if (!event) return null;
    const organizers = await eventService.organizersOf(ctx, event.id);
    return policy.canRead(
      ctx.viewer,
      event.publicationStatus,
      organizers.map((o) => o.id),
    )
      ? event
      : null;
  },
};
