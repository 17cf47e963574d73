import type { EntityManager } from '@mikro-orm/postgresql';
import { ValidationError } from '../../common/errors';
import { RequestContext } from '../../common/context';
import { OrderDirection } from '../../common/enums';
import { loadLinked } from '../../common/linked';
import { loadById, loadByKey } from '../../common/by-id';
import { paginate, selection } from '../../common/list-query';
import { sql } from '../../common/sql';
import { orderSpec } from '../../common/order';
import { Page, pageSize } from '../../common/pagination';
import { wordsMatchSql } from '../../common/text-match';
import { Region, RegionKind } from './region.entity';
import { reachingRegionIdsSql, RegionLink, RegionMatch } from './region-reach';
import { RegionFilter, RegionOrder, RegionOrderField } from './region.inputs';

const ORDER_FIELDS = {
  [RegionOrderField.CODE]: { prop: 'code', column: 'code' },
  [RegionOrderField.NAME]: { prop: 'sortName', column: 'sort_name' },
};

export const regionService = {
  /**
   * The regions an owner serves (ordered by code), batched per request: the links of every owner
   * asked for in one statement, the regions (reference data, a few dozen) in a second.
   */
  regionsOf(ctx: RequestContext, link: RegionLink, ownerId: string): Promise<Region[]> {
    return loadLinked(
      ctx,
      {
        table: link.table,
        ownerColumn: link.ownerColumn,
        targetColumn: 'region_id',
        entity: Region,
        key: 'id',
        compare: (a, b) => a.code.localeCompare(b.code),
      },
      ownerId,
    );
  },

  async list(
    ctx: RequestContext,
    args: {
      kind?: RegionKind | null;
      filter?: RegionFilter | null;
      orderBy?: RegionOrder | null;
      first?: number | null;
      after?: string | null;
    },
  ): Promise<Page<Region>> {
    const size = pageSize(args.first);
    const f = args.filter ?? {};
    const rows = selection(
      Region,
      args.kind ? sql`e.kind = ${args.kind}` : null,
      f.kinds?.length ? sql`e.kind in (${f.kinds})` : null,
      f.codes?.length ? sql`e.id in (${reachingRegionIdsSql(f.codes, RegionMatch.WITHIN)})` : null,
      f.parentCode ? sql`e.parent_id in (select id from region where code = ${f.parentCode})` : null,
      wordsMatchSql(['e.code', 'e.name_fi', 'e.name_sv', 'e.name_en'], f.search),
    );
    const order = orderSpec(ORDER_FIELDS, args.orderBy, {
      field: RegionOrderField.CODE,
      direction: OrderDirection.ASC,
    });
    return paginate(ctx.em, rows, order, size, args.after);
  },

  async findById(ctx: RequestContext, id: string): Promise<Region | null> {
    return loadById(ctx, Region, id);
  },

  async findByCode(ctx: RequestContext, code: string): Promise<Region | null> {
    return loadByKey(ctx, Region, code, 'code');
  },
};

/** The regions with these codes; unknown codes are BAD_USER_INPUT on `field`. */
export async function requireRegionsByCode(
  em: EntityManager,
  codes: readonly string[],
  field: string,
): Promise<Region[]> {
  const unique = [...new Set(codes)];
  if (unique.length === 0) return [];
  const found = await em.find(Region, { code: { $in: unique } });
  const missing = unique.filter((c) => !found.some((r) => r.code === c));
  if (missing.length) throw new ValidationError(`Unknown region code(s): ${missing.join(', ')}`, [field]);
  return found;
}
