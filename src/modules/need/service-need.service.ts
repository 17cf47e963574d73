import { RequestContext } from '../../common/context';
import { OrderDirection } from '../../common/enums';
import { loadById } from '../../common/by-id';
import { paginate, selection } from '../../common/list-query';
import { sql } from '../../common/sql';
import { expectGlobalIds } from '../../common/node';
import { orderSpec } from '../../common/order';
import { Page, pageSize } from '../../common/pagination';
import { wordsMatchSql } from '../../common/text-match';
import { policy } from '../auth';
import { regionColumnReachesSql, requireRegionScope } from '../region';
import { ServiceNeed } from './service-need.entity';
import { ServiceNeedFilter, ServiceNeedOrder, ServiceNeedOrderField } from './service-need.inputs';

const ORDER_FIELDS = {
  [ServiceNeedOrderField.CREATED_AT]: { prop: 'createdAt', column: 'created_at' },
  [ServiceNeedOrderField.UPDATED_AT]: { prop: 'updatedAt', column: 'updated_at' },
};

/** Reading unmet service needs: authenticated staff only. */
export const serviceNeedService = {
  async list(
    ctx: RequestContext,
    args: {
      filter?: ServiceNeedFilter | null;
      orderBy?: ServiceNeedOrder | null;
      first?: number | null;
      after?: string | null;
    },
  ): Promise<Page<ServiceNeed>> {
    policy.requireStaff(ctx.viewer);
    const f = args.filter ?? {};
    await requireRegionScope(ctx.em, f, 'filter');
    const rows = selection(
      ServiceNeed,
      f.ids?.length ? sql`e.id in (${expectGlobalIds(f.ids, 'ServiceNeed', 'filter.ids')})` : null,
      regionColumnReachesSql('e.region_id', f),
      f.categoryCodes?.length
        ? sql`e.id in (select service_need_id from service_need_category where category_code in (${f.categoryCodes}))`
        : null,
      f.supportNeedCodes?.length
        ? sql`e.id in (select service_need_id from service_need_support_need where support_need_code in (${f.supportNeedCodes}))`
        : null,
      f.ageGroups?.length ? sql`e.age_groups && array[${f.ageGroups}]::text[]` : null,
      f.status?.length ? sql`e.status in (${f.status})` : null,
      wordsMatchSql(['e.description_fi', 'e.description_sv', 'e.description_en'], f.search),
    );
    const order = orderSpec(ORDER_FIELDS, args.orderBy, {
      field: ServiceNeedOrderField.CREATED_AT,
      direction: OrderDirection.DESC,
    });
    return paginate(ctx.em, rows, order, pageSize(args.first), args.after);
  },

  async findVisibleById(ctx: RequestContext, id: string): Promise<ServiceNeed | null> {
    if (!policy.canSeeServiceNeeds(ctx.viewer)) return null;
    return loadById(ctx, ServiceNeed, id);
  },
};
