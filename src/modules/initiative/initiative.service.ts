import { RequestContext } from '../../common/context';
import { OrderDirection } from '../../common/enums';
import { loadByKey } from '../../common/by-id';
import { selection } from '../../common/list-query';
import { ListArgs, listService } from '../../common/list-service';
import { readRows } from '../../db/query';
import { rawSql, sql } from '../../common/sql';
import { viewShape } from '../../common/read-view';
import { expectGlobalIds } from '../../common/node';
import { Page } from '../../common/pagination';
import { textMatchSql } from '../../common/text-search';
import { policy } from '../auth';
import { linkReachesSql, requireRegionScope } from '../region';
import {
  INITIATIVE_REGIONS,
  INITIATIVE_TEXT,
  InitiativeParticipant,
  JointInitiative,
} from './initiative.entity';
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

export type InitiativeListArgs = ListArgs<InitiativeFilter, InitiativeOrder>;

function visibleQuery(ctx: RequestContext, filter: InitiativeFilter | null | undefined) {
  const f = filter ?? {};
  const actorIds = f.actorIds?.length ? expectGlobalIds(f.actorIds, 'Actor', 'filter.actorIds') : null;
  let participation = null;
  if (actorIds && f.roles?.length) {
    participation = sql`e.id in (select initiative_id from initiative_participant where actor_id in (${actorIds}) and role in (${f.roles}))`;
  } else if (actorIds) {
    participation = sql`e.id in (select initiative_id from initiative_participant where actor_id in (${actorIds}))`;
  } else if (f.roles?.length) {
    participation = sql`e.id in (select initiative_id from initiative_participant where role in (${f.roles}))`;
  }
  return selection(
    JointInitiative,
    policy.visibleSql(ctx.viewer, 'e.publication_status', INITIATIVE_OWNER_SQL),
    f.ids?.length ? sql`e.id in (${expectGlobalIds(f.ids, 'JointInitiative', 'filter.ids')})` : null,
    f.kinds?.length ? sql`e.kind in (${f.kinds})` : null,
    f.status?.length ? sql`e.status in (${f.status})` : null,
    f.publicationStatus?.length ? sql`e.publication_status in (${f.publicationStatus})` : null,
    participation,
    linkReachesSql(INITIATIVE_REGIONS, 'e.id', f),
    textMatchSql(INITIATIVE_TEXT, f.search),
  );
}

/** The list operations over `visibleQuery`; a filter's region codes are checked first. */
const lists = listService(visibleQuery, ORDER_FIELDS, DEFAULT_ORDER, requireRegionScope);

/** An initiative's actors: a row per participation, so an initiative has several. */
const BY_ACTOR = {
  name: 'JointInitiative.byActor',
  column: 'pp.actor_id',
  join: rawSql('initiative_participant pp on pp.initiative_id = e.id'),
};

/** Reading joint initiatives; drafts are visible to the participants' staff and coordinators. */
export const initiativeService = {
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

  /** The initiatives an actor takes part in, batched across actors. */
  forActor(ctx: RequestContext, actorId: string, args: InitiativeListArgs): Promise<Page<JointInitiative>> {
    return lists.forParent(ctx, BY_ACTOR, actorId, args);
  },

  /** An initiative by id if the viewer may see it; lookups in one request are batched. */
  loadVisible(ctx: RequestContext, id: string): Promise<JointInitiative | null> {
    return ctx.loaders
      .get<string, JointInitiative | null>('JointInitiative.visibleById', async (ids) => {
        const found = await Promise.all(ids.map((id) => loadByKey(ctx, JointInitiative, id)));
        const present = found.filter((i): i is JointInitiative => i != null);
        const members = await Promise.all(present.map((i) => initiativeService.participants(ctx, i)));
        const visible = new Map(
          present
            .filter((i, n) =>
              policy.canRead(
                ctx.viewer,
                i.publicationStatus,
                members[n].map((p) => p.actor.id),
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

  /** An initiative's participants (batched per request), in the order the database keeps them. */
  participants(ctx: RequestContext, initiative: JointInitiative): Promise<InitiativeParticipant[]> {
    return initiativeService.participantsOf(ctx, initiative.id);
  },

  /** The participants of the initiative with this id (batched per request). */
  participantsOf(ctx: RequestContext, initiativeId: string): Promise<InitiativeParticipant[]> {
    return ctx.loaders
      .get<string, InitiativeParticipant[]>('JointInitiative.participants', async (ids) => {
        const shape = viewShape(ctx.em, InitiativeParticipant);
        const rows = await readRows(
          ctx.em,
          sql`select ${shape.columns('e')} from initiative_participant e where e.initiative_id in (${ids as string[]})`,
        );
        const byInitiative = new Map<string, InitiativeParticipant[]>();
        for (const row of rows) {
          const p = shape.map(row);
          const list = byInitiative.get(p.initiative.id) ?? [];
          list.push(p);
          byInitiative.set(p.initiative.id, list);
        }
        return ids.map((id) => byInitiative.get(id) ?? []);
      })
      .load(initiativeId);
  },
};
