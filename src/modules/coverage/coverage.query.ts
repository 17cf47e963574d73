import { AgeGroup, Language, PublicationStatus } from '../../common/enums';
import { actorKindSql, ActorKindScope } from '../actor';
import type { NeedStatus } from '../need';
import { type RegionKind, reachingRegionIdsSql, reachPairsSql, RegionMatch } from '../region';
import { Validity, validitySql } from '../service-offering';
import { joinSql, rawSql, sql, Sql, sqlIf } from '../../common/sql';

/**
 * The regions of one level (`cell_region`: id, code), optionally only those inside `regionCodes`,
 * and `cell_rel (cell_id, region_id)`: each of them with every region whose records reach it
 * under `match` (the region module's one definition of reach; SERVES: the regions it contains and
 * lies in). An offering or need attached to a region related to a cell region belongs to that
 * cell: a collaboration area's offering serves each of its counties, a county's offering serves
 * its area. Opens a `with` list; the caller continues it after a comma.
 */
export function regionRelationSql(
  level: RegionKind,
  regionCodes: readonly string[] | null,
  match: RegionMatch = RegionMatch.SERVES,
): Sql {
  const inside = sqlIf(
    !!regionCodes?.length,
    () => sql` and r.id in (${reachingRegionIdsSql(regionCodes!, RegionMatch.WITHIN)})`,
  );
  return sql`with
cell_region as (
  select r.id, r.code from region r
  where r.kind = ${level}${inside}
),
cell_rel (cell_id, region_id) as (${reachPairsSql(rawSql('select id from cell_region'), match)})`;
}

/** What one coverage statement computes; every list is already validated and non-empty, or null. */
export interface CoverageQuery {
  level: RegionKind;
  regionCodes: readonly string[] | null;
  /** How offerings and needs reach a cell's region. */
  regionMatch: RegionMatch;
  categoryCodes: readonly string[] | null;
  ageGroups: readonly AgeGroup[] | null;
  supportNeedCodes: readonly string[] | null;
  actorKinds: ActorKindScope;
  languages: readonly Language[] | null;
  validity: Validity;
  /** Today in Finland (ISO date), for `validity`. */
  today: string;
  /** Whether service needs take part (false: no need is read, none makes a gap). */
  includeNeeds: boolean;
  /** The need statuses that count as open (unmet). */
  openNeedStatuses: readonly NeedStatus[];
  /**
   * Whether the rows name the providers (`provider_ids`, `overlap_ids`) and count them
   * (`provider_count`); default true. Without them (false: every provider count is 0 and the id
   * lists null) the statement never groups by actor, which is most of its work; every other
   * column is the same.
   */
  providers?: boolean;
}

/** One row of the coverage statement; `scope` says which of the four shapes it is. */
export interface CoverageRow {
  /** `STALE`: the tallies the statement read describe another day (`talliedCoverageSql`). */
  scope: 'CELL' | 'REGION' | 'CATEGORY' | 'TOTAL' | 'STALE';
  region_id: string | null;
  category_code: string | null;
  offering_count: number;
  provider_count: number;
  provider_ids: string[] | null;
  open_need_count: number;
  need_ids: string[] | null;
  gap: boolean | null;
  overlap: boolean | null;
  overlap_ids: string[] | null;
  gap_count: number | null;
  overlap_count: number | null;
  covered_count: number | null;
}

const AGE_GROUPS = Object.values(AgeGroup);

/** The bit of an age group in the per-offering age mask. */
export function ageBit(group: AgeGroup): number {
  return 1 << AGE_GROUPS.indexOf(group);
}

/**
 * The open needs of a REGION or CATEGORY row (joined as `alias`): distinct needs of `need_hit`
 * grouped by `key`, matched to the row's column `on` of `c`.
 */
function needCountsSql(alias: string, key: string, on: string): Sql {
  return rawSql(`left join (
  select ${key}, count(distinct need_id)::int as need_count from need_hit group by ${key}
) ${alias} on ${alias}.${key} = c.${on}`);
}

/**
 * The counts of a REGION or CATEGORY row of `coverageSql`, over its cells grouped by `keys`:
 * offerings and providers from the join `p`, open needs from the join `needs`, and gaps, overlaps
 * and covered cells counted here (as `c`). The two totals differ only in what they group by.
 */
function lineCountsSql(needs: string, keys: string): Sql {
  return rawSql(`  coalesce(p.offering_count, 0), coalesce(p.provider_count, 0), null,
  coalesce(${needs}.need_count, 0), null, null, null, null, c.gap_count, c.overlap_count, c.covered_count
from (
  select ${keys}, count(*) filter (where gap)::int as gap_count,
    count(*) filter (where overlap)::int as overlap_count,
    count(*) filter (where offering_count > 0)::int as covered_count
  from cell group by ${keys}
) c`);
}

/** Where a statement's `cell` CTE gets each cell's open needs (`nh.need_ids`), from `need_hit`. */
const CELL_NEEDS_JOIN = rawSql(`left join (
    select cell_id, category_code, array_agg(need_id::text order by need_id) as need_ids
    from need_hit group by cell_id, category_code
  ) nh on nh.cell_id = cr.id and nh.category_code = c.code`);

/** Where the counts of a coverage statement's REGION, CATEGORY and TOTAL rows come from. */
interface LineSources {
  /** cell_id, offering_count, provider_count: per region of the level. */
  byRegion: Sql;
  /** category_code, offering_count, provider_count: per category. */
  byCategory: Sql;
  /** The level's offering and provider counts (scalar expressions). */
  totalOfferings: Sql;
  totalProviders: Sql;
  /** When this holds, one more row, `STALE`, ends the matrix: its sources describe another day. */
  staleWhen?: Sql;
}

/**
 * The rows of every form of the coverage statement, after its `cell` and `need_hit` CTEs: a row
 * per cell, per region, per category and one total, in that order. With `providers` false every
 * provider id list is null and cells count no providers.
 */
function rowsSql(providers: boolean, from: LineSources): Sql {
  const p = (withProviders: string, without: string) => rawSql(providers ? withProviders : without);
  return sql`select 'CELL' as scope, 1 as part, region_code as sort_key, position as sort_position,
  region_id::text, category_code, offering_count, ${p('cardinality(provider_ids) as provider_count, provider_ids', '0 as provider_count, null::text[] as provider_ids')},
  cardinality(need_ids) as open_need_count, need_ids, gap, overlap, ${p('overlap_ids', 'null::text[] as overlap_ids')},
  null::int as gap_count, null::int as overlap_count, null::int as covered_count
from cell
union all
select 'REGION', 2, c.region_code, null, c.region_id::text, null,
${lineCountsSql('nr', 'region_id, region_code')}
left join (
  ${from.byRegion}
) p on p.cell_id = c.region_id
${needCountsSql('nr', 'cell_id', 'region_id')}
union all
select 'CATEGORY', 3, null, c.position, null, c.category_code,
${lineCountsSql('nc', 'category_code, position')}
left join (
  ${from.byCategory}
) p on p.category_code = c.category_code
${needCountsSql('nc', 'category_code', 'category_code')}
union all
select 'TOTAL', 4, null, null, null, null,
  ${from.totalOfferings}, ${from.totalProviders}, null,
  (select count(distinct need_id)::int from need_hit), null, null, null, null,
  count(*) filter (where gap)::int, count(*) filter (where overlap)::int,
  count(*) filter (where offering_count > 0)::int
from cell${
    from.staleWhen
      ? sql`
union all
select 'STALE', 5, null, null, null, null, 0, 0, null, 0, null, null, null, null, null, null, null
where ${from.staleWhen}`
      : rawSql('')
  }
order by part, sort_key, sort_position`;
}

/**
 * The end of both computed forms of the coverage statement, after their `cell` CTE: the offerings
 * that reach the rows (`reached`), then the rows. With `providers` false every provider count is 0
 * (the lean form's `reach` and `bundle` carry no actor).
 */
function matrixRowsSql(providers: boolean): Sql {
  const p = (withProviders: string, without: string) => rawSql(providers ? withProviders : without);
  return sql`reached as materialized (
  select ${p('r.actor_id, ', '')}r.n from reach r where r.regions in (select regions from region_set_cell)
)
${rowsSql(providers, {
  byRegion: sql`select sc.cell_id, sum(r.n)::int as offering_count, ${p('count(distinct r.actor_id)::int', '0')} as provider_count
  from reach r join region_set_cell sc on sc.regions = r.regions
  group by sc.cell_id`,
  byCategory: sql`select b.category_code, sum(b.n)::int as offering_count, ${p('count(distinct b.actor_id)::int', '0')} as provider_count
  from bundle b
  where b.regions in (select regions from region_set_cell)
  group by b.category_code`,
  totalOfferings: rawSql('(select coalesce(sum(n), 0)::int from reached)'),
  totalProviders: p('(select count(distinct actor_id)::int from reached)', '0'),
})}`;
}

/**
 * The coverage statement without its providers (`CoverageQuery.providers` false): the same rows,
 * but every provider count 0 and every id list of providers null. Nothing is grouped by actor:
 * bundles are the offerings of one set of served regions and one category, carrying per compared
 * age group the least and the greatest actor id among them (as text). Two or more distinct actors
 * share an age group in a cell exactly when, over the bundles reaching the cell, the least of
 * those ids differs from the greatest, so overlap is decided without listing the actors.
 */
function leanCoverageSql(head: Sql, needs: Sql, groups: readonly AgeGroup[]): Sql {
  // Per compared age group, the least and the greatest actor id of a bundle (trusted constants).
  const bounds = groups
    .map((g, i) => {
      const has = `filter (where o.ages & ${ageBit(g)} <> 0)`;
      return `min(o.actor_id::text collate "C") ${has} as lo${i}, max(o.actor_id::text collate "C") ${has} as hi${i}`;
    })
    .join(',\n    ');
  const shared = groups.map((_, i) => `min(b.lo${i}) <> max(b.hi${i})`).join(' or ');
  return sql`${head},
bundle as materialized (
  select o.regions, oc.category_code, count(*)::int as n,
    ${rawSql(bounds)}
  from offering o
  join offering_category oc on oc.id = o.id
  group by o.regions, oc.category_code
),
reach as materialized (
  select o.regions, count(*)::int as n
  from offering o
  where o.id in (select id from offering_category)
  group by o.regions
),
region_set_cell as materialized (
  select distinct s.regions, rel.cell_id
  from (select distinct regions from reach) s
  join cell_rel rel on rel.region_id = any(s.regions)
),
hit as materialized (
  select sc.cell_id, b.category_code, sum(b.n)::int as offering_count,
    coalesce(${rawSql(shared)}, false) as overlap
  from bundle b
  join region_set_cell sc on sc.regions = b.regions
  group by sc.cell_id, b.category_code
),
${needs},
cell as materialized (
  select cr.id as region_id, cr.code as region_code, c.code as category_code, c.position,
    coalesce(h.offering_count, 0) as offering_count,
    coalesce(nh.need_ids, '{}') as need_ids,
    (h.offering_count is null or nh.need_ids is not null) as gap,
    coalesce(h.overlap, false) as overlap
  from cell_region cr
  cross join category c
  left join hit h on h.cell_id = cr.id and h.category_code = c.code
  ${CELL_NEEDS_JOIN}
),
${matrixRowsSql(false)}`;
}

/**
 * The `need` and `need_hit` CTEs: the open needs (none when `includeNeeds` is false) and the cells
 * and categories they are needs of.
 */
function needsSql(
  q: Pick<CoverageQuery, 'includeNeeds' | 'openNeedStatuses' | 'ageGroups' | 'supportNeedCodes'>,
): Sql {
  const needFilter = q.includeNeeds
    ? joinSql(
        [
          sql`n.status in (${q.openNeedStatuses})`,
          sqlIf(
            !!q.ageGroups?.length,
            () => sql`(n.age_groups = '{}' or n.age_groups && array[${q.ageGroups}]::text[])`,
          ),
          sqlIf(
            !!q.supportNeedCodes?.length,
            () => sql`(not exists (select 1 from service_need_support_need x where x.service_need_id = n.id)
      or exists (select 1 from service_need_support_need x
        where x.service_need_id = n.id and x.support_need_code in (${q.supportNeedCodes})))`,
          ),
        ].filter((f) => f.text),
        '\n    and ',
      )
    : sql`false`;
  return sql`need as (
  select n.id, n.region_id from service_need n
  where ${needFilter}
),
need_hit as materialized (
  select distinct rel.cell_id, x.category_code, n.id as need_id
  from need n
  join cell_rel rel on rel.region_id = n.region_id
  join service_need_category x on x.service_need_id = n.id
  where x.category_code in (select code from category)
)`;
}

/**
 * SQL for the whole coverage matrix in one statement: a row per cell (region × category, in
 * region-code and taxonomy order), per region, per category and one total.
 *
 * How it stays cheap at 100k offerings: the published offerings matching the filter are folded
 * into *bundles* of one actor, one set of served regions and one category (counting them and
 * OR-ing their age groups into a bit mask), and into *reach* rows of one actor and one region set
 * (offerings with any chosen category). Only these aggregates are spread over the cells each
 * region set reaches (`region_set_cell`, one row per set and cell). An offering sits in one reach
 * row and in one bundle per category, and a region set reaches a cell once, so the sums count an
 * offering once per cell even when it serves both an area and one of its counties. Overlap is
 * decided per cell and category, across actor kinds: two or more actors sharing an age-group bit
 * (`overlap_ids`: those actors).
 */
export function coverageSql(q: CoverageQuery): Sql {
  const groups = q.ageGroups?.length ? AGE_GROUPS.filter((g) => q.ageGroups!.includes(g)) : AGE_GROUPS;
  const ageMask = joinSql(
    groups.map((g) => sql`case when ${g} = any(o.age_groups) then ${ageBit(g)} else 0 end`),
    ' | ',
  );
  // The compared age groups' bits, as literal rows (trusted constants: they type as integers).
  const ageBits = rawSql(groups.map((g) => `(${ageBit(g)})`).join(', '));
  const offeringFilter = joinSql(
    [
      sql`o.status = ${PublicationStatus.PUBLISHED}`,
      validitySql('o', q.validity, q.today) ?? rawSql(''),
      actorKindSql('a.kind', q.actorKinds) ?? rawSql(''),
      // Chosen rows or columns: skip offerings that cannot reach them before any per-offering work.
      sqlIf(
        !!q.regionCodes?.length,
        () => sql`o.id in (select x.service_offering_id from service_offering_region x
      where x.region_id in (select region_id from cell_rel))`,
      ),
      sqlIf(
        !!q.categoryCodes?.length,
        () => sql`o.id in (select x.service_offering_id from service_offering_category x
      where x.category_code in (select code from category))`,
      ),
      sqlIf(!!q.ageGroups?.length, () => sql`o.age_groups && array[${q.ageGroups}]::text[]`),
      sqlIf(!!q.languages?.length, () => sql`o.languages && array[${q.languages}]::text[]`),
      sqlIf(
        !!q.supportNeedCodes?.length,
        () => sql`exists (select 1 from service_offering_support_need x
      where x.service_offering_id = o.id and x.support_need_code in (${q.supportNeedCodes}))`,
      ),
    ].filter((f) => f.text),
    '\n    and ',
  );
  const categoryFilter = sqlIf(!!q.categoryCodes?.length, () => sql` where c.code in (${q.categoryCodes})`);

  const head = sql`${regionRelationSql(q.level, q.regionCodes, q.regionMatch)},
category as (
  select c.code, c.position from service_category c${categoryFilter}
),
offering as materialized (
  select o.id, o.actor_id, (${ageMask}) as ages,
    array(select x.region_id from service_offering_region x
      where x.service_offering_id = o.id order by 1) as regions
  from service_offering o
  join actor a on a.id = o.actor_id
  where ${offeringFilter}
),
offering_category as materialized (
  select x.service_offering_id as id, x.category_code
  from offering o
  join service_offering_category x on x.service_offering_id = o.id
  where x.category_code in (select code from category)
)`;
  const needs = needsSql(q);
  if (q.providers === false) return leanCoverageSql(head, needs, groups);

  return sql`${head},
bundle as materialized (
  select o.actor_id, o.regions, oc.category_code, bit_or(o.ages) as ages, count(*)::int as n
  from offering o
  join offering_category oc on oc.id = o.id
  group by o.actor_id, o.regions, oc.category_code
),
reach as materialized (
  select o.actor_id, o.regions, count(*)::int as n
  from offering o
  where o.id in (select id from offering_category)
  group by o.actor_id, o.regions
),
region_set_cell as materialized (
  select distinct s.regions, rel.cell_id
  from (select distinct regions from reach) s
  join cell_rel rel on rel.region_id = any(s.regions)
),
hit as materialized (
  select sc.cell_id, b.category_code, b.actor_id, sum(b.n)::int as n, bit_or(b.ages) as ages
  from bundle b
  join region_set_cell sc on sc.regions = b.regions
  group by sc.cell_id, b.category_code, b.actor_id
),
${needs},
cell as materialized (
  select cr.id as region_id, cr.code as region_code, c.code as category_code, c.position,
    coalesce(h.offering_count, 0) as offering_count,
    coalesce(h.provider_ids, '{}') as provider_ids,
    coalesce(nh.need_ids, '{}') as need_ids,
    (h.provider_ids is null or nh.need_ids is not null) as gap,
    (ov.overlap_ids is not null) as overlap,
    coalesce(ov.overlap_ids, '{}') as overlap_ids
  from cell_region cr
  cross join category c
  left join (
    select cell_id, category_code, sum(n)::int as offering_count,
      array_agg(actor_id::text order by actor_id) as provider_ids
    from hit group by cell_id, category_code
  ) h on h.cell_id = cr.id and h.category_code = c.code
  ${CELL_NEEDS_JOIN}
  left join (
    select cell_id, category_code, array_agg(distinct actor_id::text order by actor_id::text) as overlap_ids
    from (
      select h.cell_id, h.category_code, h.actor_id,
        count(*) over (partition by h.cell_id, h.category_code, g.bit) as sharing
      from hit h join (values ${ageBits}) g (bit) on h.ages & g.bit <> 0
    ) k
    where sharing >= 2
    group by cell_id, category_code
  ) ov on ov.cell_id = cr.id and ov.category_code = c.code
),
${matrixRowsSql(true)}`;
}

/** The key of the coverage tallies that stands for "no cell": a level's counts. */
const NO_CELL = '00000000-0000-0000-0000-000000000000';

/**
 * Whether the database's coverage tallies answer `q`: the lean form (no providers) of the default
 * reading, where nothing but the level and the needs is chosen. The tallies count exactly that:
 * PUBLISHED offerings in force, every category and age group, regions reached as SERVES.
 */
export function readsTallies(q: CoverageQuery): boolean {
  return (
    q.providers === false &&
    q.validity === Validity.IN_FORCE &&
    q.regionMatch === RegionMatch.SERVES &&
    !q.regionCodes?.length &&
    !q.categoryCodes?.length &&
    !q.ageGroups?.length &&
    !q.supportNeedCodes?.length &&
    !q.languages?.length &&
    !q.actorKinds.kinds?.length &&
    q.actorKinds.vaatu == null
  );
}

/**
 * Moves the coverage tallies to `today`: a statement of its own, outside the snapshot a matrix is
 * read in, run only when a tallied matrix came back `STALE`.
 */
export function rollTalliesSql(today: string): Sql {
  return sql`select coverage_roll(${today}::date)`;
}

/**
 * The coverage statement of `readsTallies` queries, from the tallies the database keeps as
 * offerings change (`coverage_tally`, see the coverage tally entities): the same rows as the lean
 * form of `coverageSql`, reading a few rows per cell instead of every offering. A cell's offerings
 * are its tally with no age group; it has an overlap when two or more actors offer its category
 * to one age group there; a region's offerings in any category, a category's and the level's
 * offerings reaching any of its regions are tallies of their own. When the tallies describe
 * another day than `today`, a last row `STALE` says so: move them (`rollTalliesSql`) and read again.
 */
export function talliedCoverageSql(q: CoverageQuery): Sql {
  const noCell = rawSql(`'${NO_CELL}'::uuid`);
  return sql`${regionRelationSql(q.level, null, RegionMatch.SERVES)},
category as (
  select c.code, c.position from service_category c
),
${needsSql(q)},
tally as materialized (
  select t.cell_id, t.category_code, t.age_group, t.n from coverage_tally t where t.level = ${q.level}
),
cell as materialized (
  select cr.id as region_id, cr.code as region_code, c.code as category_code, c.position,
    coalesce(h.n, 0) as offering_count,
    coalesce(nh.need_ids, '{}') as need_ids,
    (coalesce(h.n, 0) = 0 or nh.need_ids is not null) as gap,
    coalesce(ov.overlap, false) as overlap
  from cell_region cr
  cross join category c
  left join tally h on h.cell_id = cr.id and h.category_code = c.code and h.age_group = ''
  left join (
    select cell_id, category_code, bool_or(n >= 2) as overlap from tally where age_group <> '' group by cell_id, category_code
  ) ov on ov.cell_id = cr.id and ov.category_code = c.code
  ${CELL_NEEDS_JOIN}
)
${rowsSql(false, {
  byRegion: sql`select cell_id, n as offering_count, 0 as provider_count from tally
  where category_code = '' and age_group = '' and cell_id <> ${noCell}`,
  byCategory: sql`select category_code, n as offering_count, 0 as provider_count from tally
  where cell_id = ${noCell} and category_code <> '' and age_group = ''`,
  totalOfferings: sql`(select coalesce(sum(n), 0)::int from tally where cell_id = ${noCell} and category_code = '' and age_group = '')`,
  totalProviders: rawSql('0'),
  staleWhen: sql`(select s.as_of from coverage_state s) is distinct from ${q.today}::date`,
})}`;
}
