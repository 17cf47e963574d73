import type { EntityName } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { RequestContext } from '../../common/context';
import { ValidationError } from '../../common/errors';
import { OrderDirection } from '../../common/enums';
import { loadById, loadByKey } from '../../common/by-id';
import { listAll, paginate, selection } from '../../common/list-query';
import { rawSql, sql } from '../../common/sql';
import { expectGlobalId, expectGlobalIds } from '../../common/node';
import { orderSpec } from '../../common/order';
import { Page, pageSize } from '../../common/pagination';
import { textMatchSql } from '../../common/text-search';
import { policy } from '../auth';
import { linkReachesSql, requireRegionScope } from '../region';
import { actorKindSql } from './actor-kind';
import { Actor, ACTOR_REGIONS, ACTOR_TEXT } from './actor.entity';
import { ActorFilter, ActorOrder, ActorOrderField } from './actor.inputs';
import { Contact } from './contact.entity';

const ORDER_FIELDS = {
  [ActorOrderField.NAME]: { prop: 'sortName', column: 'sort_name' },
  [ActorOrderField.CREATED_AT]: { prop: 'createdAt', column: 'created_at' },
  [ActorOrderField.UPDATED_AT]: { prop: 'updatedAt', column: 'updated_at' },
};

/** The actors matching `filter` (alias `e`): every actor is public. */
function visibleQuery(_ctx: RequestContext, filter: ActorFilter | null | undefined) {
  const f = filter ?? {};
  return selection(
    Actor,
    f.ids ? sql`e.id in (${expectGlobalIds(f.ids, 'Actor', 'filter.ids')})` : null,
    actorKindSql('e.kind', f),
    f.languages?.length ? sql`e.languages && array[${f.languages}]::text[]` : null,
    linkReachesSql(ACTOR_REGIONS, 'e.id', f),
    f.parentId ? sql`e.parent_id = ${expectGlobalId(f.parentId, 'Actor', 'filter.parentId')}` : null,
    f.topLevel != null ? rawSql(f.topLevel ? 'e.parent_id is null' : 'e.parent_id is not null') : null,
    textMatchSql(ACTOR_TEXT, f.search),
  );
}

/**
 * The actors with these global ids, in the given order without repeats; an unknown id is
 * BAD_USER_INPUT on `field` (e.g. `input.organizerIds`).
 */
export async function requireActorsById(
  em: EntityManager,
  globalIds: readonly string[],
  field: string,
): Promise<Actor[]> {
  const ids = [...new Set(expectGlobalIds(globalIds, 'Actor', field))];
  const found = new Map((await em.find(Actor, { id: { $in: ids } })).map((a) => [a.id, a]));
  if (found.size !== ids.length) throw new ValidationError(`Unknown actor in ${field}`, [field]);
  return ids.map((id) => found.get(id)!);
}

/**
 * The `entity` rows whose `column` names the actor `actorId`, ordered by `orderColumn` then id;
 * the actors asked for in one request share one statement (loader `name`). Units and contact
 * persons are both read this way; `actorOf` gives a row's actor id.
 */
function childrenOf<T extends object>(
  ctx: RequestContext,
  name: string,
  entity: EntityName<T>,
  column: string,
  orderColumn: string,
  actorOf: (row: T) => string | undefined,
  actorId: string,
): Promise<T[]> {
  return ctx.loaders
    .get<string, T[]>(name, async (ids) => {
      const rows = await listAll(
        ctx.em,
        selection(entity, sql`${rawSql(`e.${column}`)} in (${ids as string[]})`),
        rawSql(`e.${orderColumn} asc, e.id asc`),
      );
      return ids.map((id) => rows.filter((row) => actorOf(row) === id));
    })
    .load(actorId);
}

/** Reading actors: every actor is public; contacts are for staff. */
export const actorService = {
  /** The actors matching `filter` (alias `e`): the base of the list and of search. */
  visibleQuery,

  /** Every actor's slug (an import picks new slugs that none has). */
  async allSlugs(em: EntityManager): Promise<string[]> {
    const rows = await em.getConnection().execute<{ slug: string }[]>('select slug from actor');
    return rows.map((r) => r.slug);
  },

  /** Rejects a filter naming unknown regions (BAD_USER_INPUT on `<path>.regionCodes`). */
  checkFilter(ctx: RequestContext, filter: ActorFilter | null | undefined, path = 'filter'): Promise<void> {
    return requireRegionScope(ctx.em, filter, path);
  },

  async list(
    ctx: RequestContext,
    args: {
      filter?: ActorFilter | null;
      orderBy?: ActorOrder | null;
      first?: number | null;
      after?: string | null;
      /** The properties the items need (see `view-props.ts`); all when absent. */
      only?: readonly string[] | null;
    },
  ): Promise<Page<Actor>> {
    await actorService.checkFilter(ctx, args.filter);
    const size = pageSize(args.first);
    const order = orderSpec(ORDER_FIELDS, args.orderBy, {
      field: ActorOrderField.NAME,
      direction: OrderDirection.ASC,
    });
    return paginate(ctx.em, visibleQuery(ctx, args.filter), order, size, args.after, args.only ?? null);
  },

  /** An actor by id (batched per request): every actor is public. */
  findById(ctx: RequestContext, id: string): Promise<Actor | null> {
    return loadById(ctx, Actor, id);
  },

  findBySlug(ctx: RequestContext, slug: string): Promise<Actor | null> {
    return loadByKey(ctx, Actor, slug, 'slug');
  },

  /** The units of an actor (batched across actors in one request). */
  units(ctx: RequestContext, actor: Actor): Promise<Actor[]> {
    return childrenOf(ctx, 'Actor.units', Actor, 'parent_id', 'sort_name', (u) => u.parent?.id, actor.id);
  },

  /** Contact persons: personal data, an empty list for anonymous readers. */
  async contacts(ctx: RequestContext, actor: Actor): Promise<Contact[]> {
    if (!policy.canSeeContacts(ctx.viewer)) return [];
    return childrenOf(ctx, 'Actor.contacts', Contact, 'actor_id', 'name', (c) => c.actor.id, actor.id);
  },
};
