import type { EntityName } from '@mikro-orm/core';
import { RequestContext } from '../../common/context';
import { OrderDirection } from '../../common/enums';
import { loadLinked } from '../../common/linked';
import { andWhereSql, matchingIds, paginate, paginateByParent } from '../../common/list-query';
import { expectGlobalIds } from '../../common/node';
import { orderSpec } from '../../common/order';
import { Page, pageSize } from '../../common/pagination';
import { whereTextMatches } from '../../common/text-search';
import { finnishToday } from '../../common/dates';
import { actorOfKindSql } from '../actor/actor-kind';
import { policy } from '../auth/policy';
import { linkedReachSql, linkReachesSql, RegionMatch, requireRegionScope } from '../region/region-reach';
import { sql } from '../../common/sql';
import { ServiceCategory, SupportNeed } from '../taxonomy/taxonomy.entity';
import { SERVICE_OFFERING_TEXT, ServiceOffering } from './service-offering.entity';
import { Validity, validitySql } from './validity';
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
  andWhereSql(qb, actorOfKindSql('e.actor_id', { kinds: f.actorKinds, vaatu: f.vaatu }));
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
  andWhereSql(qb, linkReachesSql('service_offering_region', 'e.id', f));
  if (f.ageGroups?.length) qb.andWhere('e.age_groups && array[?]::text[]', [f.ageGroups]);
  if (f.languages?.length) qb.andWhere('e.languages && array[?]::text[]', [f.languages]);
  if (f.deliveryModes?.length) qb.andWhere('e.delivery_modes && array[?]::text[]', [f.deliveryModes]);
  if (f.costs?.length) qb.andWhere({ cost: { $in: f.costs } });
  if (f.status?.length) qb.andWhere({ status: { $in: f.status } });
  if (f.referralRequired != null) qb.andWhere({ referralRequired: f.referralRequired });
  andWhereSql(qb, validitySql('e', f.validity ?? Validity.IN_FORCE, finnishToday(ctx.loaders)));
  whereTextMatches(qb, SERVICE_OFFERING_TEXT, f.search);
  return qb;
}

/** Checks what the filter names that SQL cannot reject by itself (region codes, regionMatch). */
async function checkFilter(
  ctx: RequestContext,
  filter: ServiceOfferingFilter | null | undefined,
  path = 'filter',
): Promise<void> {
  await requireRegionScope(ctx.em, filter, path);
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

  /** Rejects a filter naming unknown regions (BAD_USER_INPUT on `<path>.regionCodes`). */
  checkFilter,

  /**
   * Which of `ids` the viewer may see and `filter` matches: the same rules as the list query,
   * used to route live announcements to subscribers.
   */
  matchingIds(ctx: RequestContext, filter: ServiceOfferingFilter | null | undefined, ids: readonly string[]) {
    return matchingIds(visibleQuery(ctx, filter), ids);
  },

  async list(ctx: RequestContext, args: OfferingListArgs): Promise<Page<ServiceOffering>> {
    await checkFilter(ctx, args.filter);
    const size = pageSize(args.first);
    const order = orderSpec(ORDER_FIELDS, args.orderBy, DEFAULT_ORDER);
    return paginate(visibleQuery(ctx, args.filter), order, size, args.after);
  },

  /** One actor's offerings; requests for many actors with the same arguments share two statements. */
  forActor(ctx: RequestContext, actorId: string, args: OfferingListArgs): Promise<Page<ServiceOffering>> {
    const size = pageSize(args.first);
    const order = orderSpec(ORDER_FIELDS, args.orderBy, DEFAULT_ORDER);
    return ctx.loaders
      .get<string, Page<ServiceOffering>>(
        `ServiceOffering.byActor:${JSON.stringify(args)}`,
        async (actorIds) => {
          await checkFilter(ctx, args.filter);
          return paginateByParent(
            ctx.em,
            ServiceOffering,
            visibleQuery(ctx, args.filter),
            'e.actor_id',
            actorIds,
            order,
            size,
            args.after,
            { readViews: true },
          );
        },
      )
      .load(actorId);
  },

  /**
   * The offerings of one region and category that `filter` matches (a coverage cell's: the region
   * reached under `regionMatch`). Cells asked for with the same arguments in one request share one
   * statement for their rows and one for their counts.
   */
  forRegionCategory(
    ctx: RequestContext,
    regionId: string,
    categoryCode: string,
    args: OfferingListArgs & { regionMatch: RegionMatch },
  ): Promise<Page<ServiceOffering>> {
    const size = pageSize(args.first);
    const order = orderSpec(ORDER_FIELDS, args.orderBy, DEFAULT_ORDER);
    return ctx.loaders
      .get<string, Page<ServiceOffering>>(`ServiceOffering.byCell:${JSON.stringify(args)}`, (keys) => {
        const regionIds = [...new Set(keys.map((k) => k.split(':')[0]))];
        const reach = linkedReachSql(
          'service_offering_region',
          sql`select id from region where id in (${regionIds})`,
          args.regionMatch,
        );
        // One row per offering and cell (region:category) it counts in.
        const cells = sql`(select r.owner_id as service_offering_id, r.target_id::text || ':' || oc.category_code as cell_key
  from (${reach}) r join service_offering_category oc on oc.service_offering_id = r.owner_id) ck
  on ck.service_offering_id = e.id`;
        return paginateByParent(
          ctx.em,
          ServiceOffering,
          visibleQuery(ctx, args.filter),
          'ck.cell_key',
          keys,
          order,
          size,
          args.after,
          { readViews: true, join: cells },
        );
      })
      .load(`${regionId}:${categoryCode}`);
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
