import { RequestContext } from '../../common/context';
import { OrderDirection } from '../../common/enums';
import { loadById } from '../../common/by-id';
import { matchingIds, paginate, paginateByParent, selection } from '../../common/list-query';
import { rawSql, sql } from '../../common/sql';
import { Actor } from '../actor';
import { expectGlobalIds } from '../../common/node';
import { orderSpec } from '../../common/order';
import { Page, pageSize } from '../../common/pagination';
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

export interface EventListArgs {
  filter?: EventFilter | null;
  orderBy?: EventOrder | null;
  first?: number | null;
  after?: string | null;
  /** The properties the items need (see `view-props.ts`); all when absent. */
  only?: readonly string[] | null;
}

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

/** Reading events; drafts are visible to the organisers' staff and coordinators. */
export const eventService = {
  /** The rows the viewer may see (alias `e`), narrowed by `filter`: the base of lists and search. */
  visibleQuery,

  /**
   * Which of `ids` the viewer may see and `filter` matches: the same rules as the list query,
   * used to route live announcements to subscribers.
   */
  matchingIds(ctx: RequestContext, filter: EventFilter | null | undefined, ids: readonly string[]) {
    return matchingIds(ctx.em, visibleQuery(ctx, filter), ids);
  },

  /** Rejects a filter naming unknown regions (BAD_USER_INPUT on `<path>.regionCodes`). */
  checkFilter(ctx: RequestContext, filter: EventFilter | null | undefined, path = 'filter'): Promise<void> {
    return requireRegionScope(ctx.em, filter, path);
  },

  async list(ctx: RequestContext, args: EventListArgs): Promise<Page<Event>> {
    await eventService.checkFilter(ctx, args.filter);
    const order = orderSpec(ORDER_FIELDS, args.orderBy, DEFAULT_ORDER);
    return paginate(
      ctx.em,
      visibleQuery(ctx, args.filter),
      order,
      pageSize(args.first),
      args.after,
      args.only ?? null,
    );
  },

  /** Events of many initiatives (or organisers) with the same arguments, batched. */
  forParent(
    ctx: RequestContext,
    parent: 'initiative' | 'organizer',
    parentId: string,
    args: EventListArgs,
  ): Promise<Page<Event>> {
    const size = pageSize(args.first);
    const order = orderSpec(ORDER_FIELDS, args.orderBy, DEFAULT_ORDER);
    return ctx.loaders
      .pages<string, Page<Event>>(`Event.by.${parent}`, args, async (ids, only) => {
        await eventService.checkFilter(ctx, args.filter);
        const rows = visibleQuery(ctx, args.filter);
        if (parent === 'initiative') {
          return paginateByParent(ctx.em, rows, 'ini.joint_initiative_id', ids, order, size, args.after, {
            join: rawSql('event_initiative ini on ini.event_id = e.id'),
            only,
          });
        }
        return paginateByParent(ctx.em, rows, 'org.actor_id', ids, order, size, args.after, {
          join: rawSql('event_organizer org on org.event_id = e.id'),
          only,
        });
      })
      .load(parentId);
  },

  /** An event's organisers (batched per request), in the order the database keeps them. */
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
