import { RequestContext } from '../../common/context';
import { OrderDirection } from '../../common/enums';
import { andWhereSql, matchingIds, paginate, paginateByParent } from '../../common/list-query';
import { expectGlobalIds } from '../../common/node';
import { orderSpec } from '../../common/order';
import { Page, pageSize } from '../../common/pagination';
import { whereTextMatches } from '../../common/text-search';
import { policy } from '../auth/policy';
import { linkReachesSql, requireRegionScope } from '../region/region-reach';
import { loadLinked } from '../../common/linked';
import { JointInitiative } from '../initiative/initiative.entity';
import { initiativeService } from '../initiative/initiative.service';
import { EVENT_TEXT, Event } from './event.entity';
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
}

function visibleQuery(ctx: RequestContext, filter: EventFilter | null | undefined) {
  const f = filter ?? {};
  const qb = ctx.em.createQueryBuilder(Event, 'e');
  policy.restrictToVisible(qb, ctx.viewer, 'e.publication_status', EVENT_OWNER_SQL);
  if (f.ids?.length) qb.andWhere({ id: { $in: expectGlobalIds(f.ids, 'Event', 'filter.ids') } });
  if (f.from) qb.andWhere('coalesce(e.ends_at, e.starts_at) >= ?', [f.from]);
  if (f.to) qb.andWhere({ startsAt: { $lte: f.to } });
  if (f.kinds?.length) qb.andWhere({ kind: { $in: f.kinds } });
  if (f.status?.length) qb.andWhere({ status: { $in: f.status } });
  if (f.publicationStatus?.length) qb.andWhere({ publicationStatus: { $in: f.publicationStatus } });
  if (f.free != null) qb.andWhere({ free: f.free });
  if (f.remoteParticipation != null) qb.andWhere({ remoteParticipation: f.remoteParticipation });
  if (f.initiativeIds?.length) {
    qb.andWhere('e.id in (select event_id from event_initiative where joint_initiative_id in (?))', [
      expectGlobalIds(f.initiativeIds, 'JointInitiative', 'filter.initiativeIds'),
    ]);
  }
  if (f.organizerIds?.length) {
    qb.andWhere('e.id in (select event_id from event_organizer where actor_id in (?))', [
      expectGlobalIds(f.organizerIds, 'Actor', 'filter.organizerIds'),
    ]);
  }
  if (f.languages?.length) qb.andWhere('e.languages && array[?]::text[]', [f.languages]);
  andWhereSql(qb, linkReachesSql('event_region', 'e.id', f));
  whereTextMatches(qb, EVENT_TEXT, f.search);
  return qb;
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
    return matchingIds(visibleQuery(ctx, filter), ids);
  },

  /** Rejects a filter naming unknown regions (BAD_USER_INPUT on `<path>.regionCodes`). */
  checkFilter(ctx: RequestContext, filter: EventFilter | null | undefined, path = 'filter'): Promise<void> {
    return requireRegionScope(ctx.em, filter, path);
  },

  async list(ctx: RequestContext, args: EventListArgs): Promise<Page<Event>> {
    await eventService.checkFilter(ctx, args.filter);
    const order = orderSpec(ORDER_FIELDS, args.orderBy, DEFAULT_ORDER);
    return paginate(visibleQuery(ctx, args.filter), order, pageSize(args.first), args.after);
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
      .get<string, Page<Event>>(`Event.by.${parent}:${JSON.stringify(args)}`, async (ids) => {
        await eventService.checkFilter(ctx, args.filter);
        const qb = visibleQuery(ctx, args.filter);
        if (parent === 'initiative') {
          qb.join('e.initiatives', 'ini');
          return paginateByParent(ctx.em, Event, qb, 'ini.id', ids, order, size, args.after);
        }
        qb.join('e.organizers', 'org');
        return paginateByParent(ctx.em, Event, qb, 'org.id', ids, order, size, args.after);
      })
      .load(parentId);
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
    const event = await ctx.em.findOne(Event, { id });
    if (!event) return null;
    const organizers = await event.organizers.loadItems();
    return policy.canRead(
      ctx.viewer,
      event.publicationStatus,
      organizers.map((o) => o.id),
    )
      ? event
      : null;
  },
};
