import { RequestContext } from '../../common/context';
import { OrderDirection } from '../../common/enums';
import { loadById } from '../../common/by-id';
import { paginate, paginateByParent, selection } from '../../common/list-query';
import { ListArgs, listService } from '../../common/list-service';
import { expectGlobalIds } from '../../common/node';
import { orderSpec } from '../../common/order';
import { Page, pageSize } from '../../common/pagination';
import { textMatchSql } from '../../common/text-search';
import { finnishToday } from '../../common/dates';
import { actorOfKindSql } from '../actor';
import { policy } from '../auth';
import { linkedReachSql, linkReachesSql, RegionMatch, regionsByIdSql, requireRegionScope } from '../region';
import { sql } from '../../common/sql';
import { ServiceCategory, SupportNeed, taxonomyService } from '../taxonomy';
import { OFFERING_REGIONS, SERVICE_OFFERING_TEXT, ServiceOffering } from './service-offering.entity';
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

export type OfferingListArgs = ListArgs<ServiceOfferingFilter, ServiceOfferingOrder>;

/** The offerings the viewer may see, narrowed by `filter` (alias `e`). */
function visibleQuery(ctx: RequestContext, filter: ServiceOfferingFilter | null | undefined) {
  const f = filter ?? {};
  return selection(
    ServiceOffering,
    policy.visibleSql(ctx.viewer, 'e.status', 'e.actor_id = ?'),
    f.ids?.length ? sql`e.id in (${expectGlobalIds(f.ids, 'ServiceOffering', 'filter.ids')})` : null,
    f.actorIds?.length
      ? sql`e.actor_id in (${expectGlobalIds(f.actorIds, 'Actor', 'filter.actorIds')})`
      : null,
    actorOfKindSql('e.actor_id', { kinds: f.actorKinds, vaatu: f.vaatu }),
    f.categoryCodes?.length
      ? sql`e.id in (select service_offering_id from service_offering_category where category_code in (${f.categoryCodes}))`
      : null,
    f.supportNeedCodes?.length
      ? sql`e.id in (select service_offering_id from service_offering_support_need where support_need_code in (${f.supportNeedCodes}))`
      : null,
    linkReachesSql(OFFERING_REGIONS, 'e.id', f),
    f.ageGroups?.length ? sql`e.age_groups && array[${f.ageGroups}]::text[]` : null,
    f.languages?.length ? sql`e.languages && array[${f.languages}]::text[]` : null,
    f.deliveryModes?.length ? sql`e.delivery_modes && array[${f.deliveryModes}]::text[]` : null,
    f.costs?.length ? sql`e.cost in (${f.costs})` : null,
    f.status?.length ? sql`e.status in (${f.status})` : null,
    f.referralRequired != null ? sql`e.referral_required = ${f.referralRequired}` : null,
    validitySql('e', f.validity ?? Validity.IN_FORCE, finnishToday(ctx.loaders)),
    textMatchSql(SERVICE_OFFERING_TEXT, f.search),
  );
}

/** The list operations over `visibleQuery`; a filter's region codes and regionMatch are checked first. */
const lists = listService(visibleQuery, ORDER_FIELDS, DEFAULT_ORDER, requireRegionScope);

/** Reading service offerings, with the visibility rules of the policy. */
export const serviceOfferingService = {
  /** The rows the viewer may see (alias `e`), narrowed by `filter`: the base of lists and search. */
  visibleQuery,

  /** Rejects a filter naming unknown regions (BAD_USER_INPUT on `<path>.regionCodes`). */
  checkFilter: lists.checkFilter,

  /**
   * Which of `ids` the viewer may see and `filter` matches: the same rules as the list query,
   * used to route live announcements to subscribers.
   */
  matchingIds: lists.matchingIds,

  // Not `lists.list`: this list reads `first` before the filter's ids, and keeping that order keeps
  // which error a request wrong in both gets.
  async list(ctx: RequestContext, args: OfferingListArgs): Promise<Page<ServiceOffering>> {
    await lists.checkFilter(ctx, args.filter);
    const size = pageSize(args.first);
    const order = orderSpec(ORDER_FIELDS, args.orderBy, DEFAULT_ORDER);
    return paginate(ctx.em, visibleQuery(ctx, args.filter), order, size, args.after, args.only ?? null);
  },

  /** One actor's offerings; requests for many actors with the same arguments share two statements. */
  forActor(ctx: RequestContext, actorId: string, args: OfferingListArgs): Promise<Page<ServiceOffering>> {
    return lists.forParent(ctx, { name: 'ServiceOffering.byActor', column: 'e.actor_id' }, actorId, args);
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
      .pages<string, Page<ServiceOffering>>('ServiceOffering.byCell', args, (keys, only) => {
        const regionIds = [...new Set(keys.map((k) => k.split(':')[0]))];
        const reach = linkedReachSql(OFFERING_REGIONS, regionsByIdSql(regionIds), args.regionMatch);
        // One row per offering and cell (region:category) it counts in.
        const cells = sql`(select r.owner_id as service_offering_id, r.target_id::text || ':' || oc.category_code as cell_key
  from (${reach}) r join service_offering_category oc on oc.service_offering_id = r.owner_id) ck
  on ck.service_offering_id = e.id`;
        return paginateByParent(
          ctx.em,
          visibleQuery(ctx, args.filter),
          'ck.cell_key',
          keys,
          order,
          size,
          args.after,
          { join: cells, only },
        );
      })
      .load(`${regionId}:${categoryCode}`);
  },

  /** An offering's service categories in taxonomy order (batched per request). */
  categoriesOf(ctx: RequestContext, offeringId: string): Promise<ServiceCategory[]> {
    return taxonomyService.categoriesOf(ctx, 'service_offering', offeringId);
  },

  /** An offering's support needs in taxonomy order (batched per request). */
  supportNeedsOf(ctx: RequestContext, offeringId: string): Promise<SupportNeed[]> {
    return taxonomyService.supportNeedsOf(ctx, 'service_offering', offeringId);
  },

  async findVisibleById(ctx: RequestContext, id: string): Promise<ServiceOffering | null> {
    const offering = await loadById(ctx, ServiceOffering, id);
    if (!offering || !policy.canRead(ctx.viewer, offering.status, [offering.actor.id])) return null;
    return offering;
  },
};
