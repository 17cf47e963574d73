import type { EntityManager } from '@mikro-orm/postgresql';
import { RequestContext } from '../../common/context';
import { ValidationError } from '../../common/errors';
import { OrderDirection } from '../../common/enums';
import { andWhereSql, paginate } from '../../common/list-query';
import { expectGlobalId, expectGlobalIds } from '../../common/node';
import { orderSpec } from '../../common/order';
import { Page, pageSize } from '../../common/pagination';
import { whereTextMatches } from '../../common/text-search';
import { policy } from '../auth/policy';
import { linkReachesSql, requireRegionScope } from '../region/region-reach';
import { actorKindSql } from './actor-kind';
import { Actor, ACTOR_TEXT } from './actor.entity';
import { ActorFilter, ActorOrder, ActorOrderField } from './actor.inputs';
import { Contact } from './contact.entity';

const ORDER_FIELDS = {
  [ActorOrderField.NAME]: { prop: 'sortName', column: 'sort_name' },
  [ActorOrderField.CREATED_AT]: { prop: 'createdAt', column: 'created_at' },
  [ActorOrderField.UPDATED_AT]: { prop: 'updatedAt', column: 'updated_at' },
};

/** The actors matching `filter` (alias `e`): every actor is public. */
function visibleQuery(ctx: RequestContext, filter: ActorFilter | null | undefined) {
  const f = filter ?? {};
  const qb = ctx.em.createQueryBuilder(Actor, 'e');
  if (f.ids) qb.andWhere({ id: { $in: expectGlobalIds(f.ids, 'Actor', 'filter.ids') } });
  andWhereSql(qb, actorKindSql('e.kind', f));
  if (f.languages?.length) qb.andWhere('e.languages && array[?]::text[]', [f.languages]);
  andWhereSql(qb, linkReachesSql('actor_region', 'e.id', f));
  if (f.parentId) qb.andWhere({ parent: expectGlobalId(f.parentId, 'Actor', 'filter.parentId') });
  if (f.topLevel != null) qb.andWhere(f.topLevel ? 'e.parent_id is null' : 'e.parent_id is not null');
  whereTextMatches(qb, ACTOR_TEXT, f.search);
  return qb;
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

/** Reading actors: every actor is public; contacts are for staff. */
export const actorService = {
  /** The actors matching `filter` (alias `e`): the base of the list and of search. */
  visibleQuery,

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
    },
  ): Promise<Page<Actor>> {
    await actorService.checkFilter(ctx, args.filter);
    const size = pageSize(args.first);
    const order = orderSpec(ORDER_FIELDS, args.orderBy, {
      field: ActorOrderField.NAME,
      direction: OrderDirection.ASC,
    });
    return paginate(visibleQuery(ctx, args.filter), order, size, args.after);
  },

  findById(ctx: RequestContext, id: string): Promise<Actor | null> {
    return ctx.em.findOne(Actor, { id });
  },

  findBySlug(ctx: RequestContext, slug: string): Promise<Actor | null> {
    return ctx.em.findOne(Actor, { slug });
  },

  /** The units of an actor (batched across actors in one request). */
  units(ctx: RequestContext, actor: Actor): Promise<Actor[]> {
    return ctx.loaders
      .get<string, Actor[]>('Actor.units', async (ids) => {
        const units = await ctx.em.find(
          Actor,
          { parent: { $in: [...ids] } },
          { orderBy: { sortName: 'asc', id: 'asc' } },
        );
        return ids.map((id) => units.filter((u) => u.parent?.id === id));
      })
      .load(actor.id);
  },

  /** Contact persons: personal data, an empty list for anonymous readers. */
  async contacts(ctx: RequestContext, actor: Actor): Promise<Contact[]> {
    if (!policy.canSeeContacts(ctx.viewer)) return [];
    return ctx.loaders
      .get<string, Contact[]>('Actor.contacts', async (ids) => {
        const contacts = await ctx.em.find(
          Contact,
          { actor: { $in: [...ids] } },
          { orderBy: { name: 'asc', id: 'asc' } },
        );
        return ids.map((id) => contacts.filter((c) => c.actor.id === id));
      })
      .load(actor.id);
  },
};
