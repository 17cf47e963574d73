import { RequestContext } from '../../common/context';
import { OrderDirection } from '../../common/enums';
import { andWhereSql, matchingIds, paginate, paginateByParent } from '../../common/list-query';
import { expectGlobalIds } from '../../common/node';
import { orderSpec } from '../../common/order';
import { Page, pageSize } from '../../common/pagination';
import { whereTextMatches } from '../../common/text-search';
import { policy } from '../auth/policy';
import { linkReachesSql, requireRegionScope } from '../region/region-reach';
import { INITIATIVE_TEXT, InitiativeParticipant, JointInitiative } from './initiative.entity';
import { InitiativeFilter, InitiativeOrder, InitiativeOrderField } from './initiative.inputs';

const ORDER_FIELDS = {
  [InitiativeOrderField.CREATED_AT]: { prop: 'createdAt', column: 'created_at' },
  [InitiativeOrderField.UPDATED_AT]: { prop: 'updatedAt', column: 'updated_at' },
  [InitiativeOrderField.TITLE]: { prop: 'sortTitle', column: 'sort_title' },
};
const DEFAULT_ORDER = { field: InitiativeOrderField.CREATED_AT, direction: OrderDirection.DESC };

/** SQL true when the initiative (alias `e`) has the actor bound at `?` as a participant. */
export const INITIATIVE_OWNER_SQL =
  'exists (select 1 from initiative_participant op where op.initiative_id = e.id and op.actor_id = ?)';

export interface InitiativeListArgs {
  filter?: InitiativeFilter | null;
  orderBy?: InitiativeOrder | null;
  first?: number | null;
  after?: string | null;
}

function visibleQuery(ctx: RequestContext, filter: InitiativeFilter | null | undefined) {
  const f = filter ?? {};
  const qb = ctx.em.createQueryBuilder(JointInitiative, 'e');
  policy.restrictToVisible(qb, ctx.viewer, 'e.publication_status', INITIATIVE_OWNER_SQL);
  if (f.ids?.length) qb.andWhere({ id: { $in: expectGlobalIds(f.ids, 'JointInitiative', 'filter.ids') } });
  if (f.kinds?.length) qb.andWhere({ kind: { $in: f.kinds } });
  if (f.status?.length) qb.andWhere({ status: { $in: f.status } });
  if (f.publicationStatus?.length) qb.andWhere({ publicationStatus: { $in: f.publicationStatus } });
  if (f.actorIds?.length && f.roles?.length) {
    qb.andWhere(
      'e.id in (select initiative_id from initiative_participant where actor_id in (?) and role in (?))',
      [expectGlobalIds(f.actorIds, 'Actor', 'filter.actorIds'), f.roles],
    );
  } else if (f.actorIds?.length) {
    qb.andWhere('e.id in (select initiative_id from initiative_participant where actor_id in (?))', [
      expectGlobalIds(f.actorIds, 'Actor', 'filter.actorIds'),
    ]);
  } else if (f.roles?.length) {
    qb.andWhere('e.id in (select initiative_id from initiative_participant where role in (?))', [f.roles]);
  }
  andWhereSql(qb, linkReachesSql('joint_initiative_region', 'e.id', f));
  whereTextMatches(qb, INITIATIVE_TEXT, f.search);
  return qb;
}

/** Reading joint initiatives; drafts are visible to the participants' staff and coordinators. */
export const initiativeService = {
  /** The rows the viewer may see (alias `e`), narrowed by `filter`: the base of lists and search. */
  visibleQuery,

  /**
   * Which of `ids` the viewer may see and `filter` matches: the same rules as the list query,
   * used to route live announcements to subscribers.
   */
  matchingIds(ctx: RequestContext, filter: InitiativeFilter | null | undefined, ids: readonly string[]) {
    return matchingIds(visibleQuery(ctx, filter), ids);
  },

  /** Rejects a filter naming unknown regions (BAD_USER_INPUT on `<path>.regionCodes`). */
  checkFilter(
    ctx: RequestContext,
    filter: InitiativeFilter | null | undefined,
    path = 'filter',
  ): Promise<void> {
    return requireRegionScope(ctx.em, filter, path);
  },

  async list(ctx: RequestContext, args: InitiativeListArgs): Promise<Page<JointInitiative>> {
    await initiativeService.checkFilter(ctx, args.filter);
    const order = orderSpec(ORDER_FIELDS, args.orderBy, DEFAULT_ORDER);
    return paginate(visibleQuery(ctx, args.filter), order, pageSize(args.first), args.after);
  },

  /** The initiatives an actor takes part in, batched across actors. */
  forActor(ctx: RequestContext, actorId: string, args: InitiativeListArgs): Promise<Page<JointInitiative>> {
    const size = pageSize(args.first);
    const order = orderSpec(ORDER_FIELDS, args.orderBy, DEFAULT_ORDER);
    return ctx.loaders
      .get<string, Page<JointInitiative>>(
        `JointInitiative.byActor:${JSON.stringify(args)}`,
        async (actorIds) => {
          await initiativeService.checkFilter(ctx, args.filter);
          const qb = visibleQuery(ctx, args.filter).join('e.participants', 'pp');
          return paginateByParent(
            ctx.em,
            JointInitiative,
            qb,
            'pp.actor_id',
            actorIds,
            order,
            size,
            args.after,
          );
        },
      )
      .load(actorId);
  },

  /** An initiative by id if the viewer may see it; lookups in one request are batched. */
  loadVisible(ctx: RequestContext, id: string): Promise<JointInitiative | null> {
    return ctx.loaders
      .get<string, JointInitiative | null>('JointInitiative.visibleById', async (ids) => {
        const found = await ctx.em.find(
          JointInitiative,
          { id: { $in: [...ids] } },
          { populate: ['participants'] },
        );
        const visible = new Map(
          found
            .filter((i) =>
              policy.canRead(
                ctx.viewer,
                i.publicationStatus,
                i.participants.getItems().map((p) => p.actor.id),
              ),
            )
            .map((i) => [i.id, i]),
        );
        return ids.map((id) => visible.get(id) ?? null);
      })
      .load(id);
  },

  findVisibleById(ctx: RequestContext, id: string): Promise<JointInitiative | null> {
    return initiativeService.loadVisible(ctx, id);
  },

  participants(initiative: JointInitiative): Promise<InitiativeParticipant[]> {
    return initiative.participants.loadItems();
  },
};
