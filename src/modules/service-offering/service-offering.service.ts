import type { EntityName } from '@mikro-orm/core';
import { RequestContext } from '../../common/context';
import { OrderDirection } from '../../common/enums';
import { loadLinked } from '../../common/linked';
import { matchingIds, paginate, paginateByParent } from '../../common/list-query';
import { expectGlobalIds } from '../../common/node';
import { orderSpec } from '../../common/order';
import { Page, pageSize } from '../../common/pagination';
import { whereTextMatches } from '../../common/text-search';
import { policy } from '../auth/policy';
import { REGION_SUBTREE_SQL } from '../region/region.service';
import { ServiceCategory, SupportNeed } from '../taxonomy/taxonomy.entity';
import { SERVICE_OFFERING_TEXT, ServiceOffering } from './service-offering.entity';
import {
  ServiceOfferingFilter,
  ServiceOfferingOrder,
  ServiceOfferingOrderField,
} from './service-offering.inputs';

const ORDER_FIELDS = {
  [ServiceOfferingOrderField.CREATED_AT]: { prop: 'createdAt', column: 'created_at' },
  [ServiceOfferingOrderField.UPDATED_AT]: { prop: 'updatedAt', column: 'updated_at' },
  [ServiceOfferingOrderField.TITLE]: { prop: 'sortTitle', column: 'sort_title' },
};
const DEFAULT_ORDER = { field: ServiceOfferingOrderField.CREATED_AT, direction: OrderDirection.DESC };

export interface OfferingListArgs {
  filter?: ServiceOfferingFilter | null;
  orderBy?: ServiceOfferingOrder | null;
  first?: number | null;
  after?: string | null;
}

/** The offerings the viewer may see, narrowed by `filter` (alias `e`). */
function visibleQuery(ctx: RequestContext, filter: ServiceOfferingFilter | null | undefined) {
  const f = filter ?? {};
  const qb = ctx.em.createQueryBuilder(ServiceOffering, 'e');
  policy.restrictToVisible(qb, ctx.viewer, 'e.status', 'e.actor_id = ?');
  if (f.ids?.length) qb.andWhere({ id: { $in: expectGlobalIds(f.ids, 'ServiceOffering', 'filter.ids') } });
  if (f.actorIds?.length)
    qb.andWhere({ actor: { $in: expectGlobalIds(f.actorIds, 'Actor', 'filter.actorIds') } });
  if (f.actorKinds?.length)
    qb.andWhere('e.actor_id in (select id from actor where kind in (?))', [f.actorKinds]);
  if (f.categoryCodes?.length) {
    qb.andWhere(
      'e.id in (select service_offering_id from service_offering_category where category_code in (?))',
      [f.categoryCodes],
    );
  }
  if (f.supportNeedCodes?.length) {
    qb.andWhere(
      'e.id in (select service_offering_id from service_offering_support_need where support_need_code in (?))',
      [f.supportNeedCodes],
    );
  }
  if (f.regionCodes?.length) {
    qb.andWhere(
      `e.id in (select service_offering_id from service_offering_region where region_id in ${REGION_SUBTREE_SQL})`,
      [f.regionCodes],
    );
  }
  if (f.ageGroups?.length) qb.andWhere('e.age_groups && array[?]::text[]', [f.ageGroups]);
  if (f.languages?.length) qb.andWhere('e.languages && array[?]::text[]', [f.languages]);
  if (f.deliveryModes?.length) qb.andWhere('e.delivery_modes && array[?]::text[]', [f.deliveryModes]);
  if (f.costs?.length) qb.andWhere({ cost: { $in: f.costs } });
  if (f.status?.length) qb.andWhere({ status: { $in: f.status } });
  if (f.referralRequired != null) qb.andWhere({ referralRequired: f.referralRequired });
  whereTextMatches(qb, SERVICE_OFFERING_TEXT, f.search);
  return qb;
}

/** The taxonomy terms linked to an offering through `table`, in taxonomy order. */
function termsOf<T extends { code: string; position: number }>(
  ctx: RequestContext,
  entity: EntityName<T>,
  table: string,
  targetColumn: string,
  offeringId: string,
): Promise<T[]> {
  return loadLinked(
    ctx,
    {
      table,
      ownerColumn: 'service_offering_id',
      targetColumn,
      entity,
      key: 'code',
      compare: (a, b) => a.position - b.position || a.code.localeCompare(b.code),
    },
    offeringId,
  );
}

/** Reading service offerings, with the visibility rules of the policy. */
export const serviceOfferingService = {
  /** The rows the viewer may see (alias `e`), narrowed by `filter`: the base of lists and search. */
  visibleQuery,

  /**
   * Which of `ids` the viewer may see and `filter` matches: the same rules as the list query,
   * used to route live announcements to subscribers.
   */
  matchingIds(ctx: RequestContext, filter: ServiceOfferingFilter | null | undefined, ids: readonly string[]) {
    return matchingIds(visibleQuery(ctx, filter), ids);
  },

  list(ctx: RequestContext, args: OfferingListArgs): Promise<Page<ServiceOffering>> {
    const size = pageSize(args.first);
    const order = orderSpec(ORDER_FIELDS, args.orderBy, DEFAULT_ORDER);
    return paginate(visibleQuery(ctx, args.filter), order, size, args.after);
  },

  /** One actor's offerings; requests for many actors with the same arguments share two statements. */
  forActor(ctx: RequestContext, actorId: string, args: OfferingListArgs): Promise<Page<ServiceOffering>> {
    const size = pageSize(args.first);
    const order = orderSpec(ORDER_FIELDS, args.orderBy, DEFAULT_ORDER);
    return ctx.loaders
      .get<string, Page<ServiceOffering>>(`ServiceOffering.byActor:${JSON.stringify(args)}`, (actorIds) =>
        paginateByParent(
          ctx.em,
          ServiceOffering,
          visibleQuery(ctx, args.filter),
          'e.actor_id',
          actorIds,
          order,
          size,
          args.after,
          { readViews: true },
        ),
      )
      .load(actorId);
  },

  /** An offering's service categories in taxonomy order (batched per request). */
  categoriesOf(ctx: RequestContext, offeringId: string): Promise<ServiceCategory[]> {
    return termsOf(ctx, ServiceCategory, 'service_offering_category', 'category_code', offeringId);
  },

  /** An offering's support needs in taxonomy order (batched per request). */
  supportNeedsOf(ctx: RequestContext, offeringId: string): Promise<SupportNeed[]> {
    return termsOf(ctx, SupportNeed, 'service_offering_support_need', 'support_need_code', offeringId);
  },

  async findVisibleById(ctx: RequestContext, id: string): Promise<ServiceOffering | null> {
    const offering = await ctx.em.findOne(ServiceOffering, { id });
    if (!offering || !policy.canRead(ctx.viewer, offering.status, [offering.actor.id])) return null;
    return offering;
  },
};
