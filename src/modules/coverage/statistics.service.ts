import { RequestContext } from '../../common/context';
import { Language } from '../../common/enums';
import { LocalizedString } from '../../common/localized';
import { expectGlobalIds } from '../../common/node';
import { ActorKind, actorOfKindSql } from '../actor';
import { InitiativeKind, InitiativeStatus, JointInitiative, initiativeService } from '../initiative';
import { MaterialKind, SharedMaterial, materialService } from '../material';
import { RegionKind, requireRegionScope } from '../region';
import { HOME_TIME_ZONE } from '../../common/dates';
import { fromWhere, narrowed, present, Selection } from '../../common/list-query';
import { joinSql, rawSql, Sql, sql } from '../../common/sql';
import { readRows } from '../../db/query';
import { CostType, DeliveryMode, ServiceOffering, serviceOfferingService } from '../service-offering';
import { requireTerms } from '../taxonomy';
import { regionRelationSql } from './coverage.query';
import { StatisticsFilter } from './statistics.inputs';

/** One bucket of a count: the key, its localised label where it has one, and the count. */
export interface CountBucketData {
  key: string;
  count: number;
  labelI18n: LocalizedString | null;
}

/** What a `statistics` query counts, and the per-request memo of its statements. */
export interface StatisticsScope {
  filter: StatisticsFilter;
  cache: Map<string, Promise<unknown>>;
}

export interface OfferingStatistics {
  total: number;
  byActorKind: CountBucketData[];
  byCategory: CountBucketData[];
  byLanguage: CountBucketData[];
  byDeliveryMode: CountBucketData[];
  byAgeGroup: CountBucketData[];
  bySupportNeed: CountBucketData[];
  byCost: CountBucketData[];
}

export interface MaterialStatistics {
  total: number;
  byKind: CountBucketData[];
  byMonth: CountBucketData[];
}

export interface InitiativeStatistics {
  total: number;
  byStatus: CountBucketData[];
  byKind: CountBucketData[];
}

/** A row of a statistics statement: one bucket of one dimension (labels where the key has them). */
interface BucketRow {
  dimension: string;
  key: string | null;
  name_fi: string | null;
  name_sv: string | null;
  name_en: string | null;
  position: number | null;
  count: number;
}

/** Materials are counted by month in the hub's home time zone: what a Finnish analyst calls "May". */
const MONTH_TIME_ZONE = HOME_TIME_ZONE;

const TOTAL = 'TOTAL';

function memo<T>(scope: StatisticsScope, key: string, compute: () => Promise<T>): Promise<T> {
  let hit = scope.cache.get(key) as Promise<T> | undefined;
  if (!hit) {
    hit = compute();
    scope.cache.set(key, hit);
  }
  return hit;
}

/** The rows of one dimension as buckets, in the row order (labelled rows carry their names). */
function labelled(rows: readonly BucketRow[], dimension: string): CountBucketData[] {
  return rows
    .filter((r) => r.dimension === dimension && r.key != null)
    .sort((a, b) => (a.position ?? 0) - (b.position ?? 0) || a.key!.localeCompare(b.key!))
    .map((r) => ({
      key: r.key!,
      count: r.count,
      labelI18n:
        r.name_fi != null || r.name_sv != null || r.name_en != null
          ? new LocalizedString({ fi: r.name_fi, sv: r.name_sv, en: r.name_en })
          : null,
    }));
}

/** A bucket for every value of an enum, in its order, zeros included. */
function enumBuckets(
  rows: readonly BucketRow[],
  dimension: string,
  values: readonly string[],
): CountBucketData[] {
  const counts = new Map(rows.filter((r) => r.dimension === dimension).map((r) => [r.key, r.count]));
  return values.map((key) => ({ key, count: counts.get(key) ?? 0, labelI18n: null }));
}

function total(rows: readonly BucketRow[]): number {
  return rows.find((r) => r.dimension === TOTAL)?.count ?? 0;
}

/** Runs a statement of bucket rows. */
function run(ctx: RequestContext, statement: Sql): Promise<BucketRow[]> {
  return readRows<BucketRow>(ctx.em, statement);
}

/** `select <columns> from … where …` of a selection (alias `e`): the visible records to count. */
function subquery<T extends object>(ctx: RequestContext, rows: Selection<T>, columns: string): Sql {
  return sql`select ${rawSql(columns)} ${fromWhere(ctx.em, rows)}`;
}

/**
 * The bucket rows of a taxonomy (`terms`) linked to offerings through `pivot` (the term code in
 * `codeColumn`): every term with its count of the offerings in `v`, zero included. Categories and
 * support needs count alike.
 */
function termBucketsSql(dimension: string, terms: string, pivot: string, codeColumn: string): Sql {
  return rawSql(`select '${dimension}', t.code, t.name_fi, t.name_sv, t.name_en, t.position, count(x.service_offering_id)::int
from ${terms} t
left join (
  select x.service_offering_id, x.${codeColumn} from ${pivot} x
  where x.service_offering_id in (select id from v)
) x on x.${codeColumn} = t.code
group by t.code, t.position`);
}

/**
 * Counts the visible records of `rows` in one statement: `v` holds their `columns`; the TOTAL row
 * comes first, then the bucket rows of each of `dimensions` (a `select` over `v` each). Every
 * count of offerings, materials and initiatives has this frame; only the dimensions differ.
 */
function countBuckets<T extends object>(
  ctx: RequestContext,
  rows: Selection<T>,
  columns: string,
  dimensions: readonly Sql[],
): Promise<BucketRow[]> {
  const v = subquery(ctx, rows, columns);
  return run(
    ctx,
    sql`with v as materialized (${v})
select 'TOTAL' as dimension, null as key, null as name_fi, null as name_sv, null as name_en,
  null::int as position, count(*)::int as count
from v
union all
${joinSql(dimensions, '\nunion all\n')}`,
  );
}

/**
 * Statistics for analysts: counts of the offerings, materials and initiatives the viewer may
 * see, grouped by the dimensions analysts chart. Visibility comes from each feature's service
 * (and so from the policy): anonymous readers count PUBLISHED records only, staff also what
 * their own actor has in draft, coordinators everything.
 *
 * All counting is SQL `group by`: one statement for every offering dimension but regions, one
 * per region level asked for, one for materials and one for initiatives, each run only when a
 * field needing it is asked for, and once per request.
 */
export const statisticsService = {
  /** Checks the filter's codes and ids (BAD_USER_INPUT naming the field) and opens a scope. */
  async scope(ctx: RequestContext, filter: StatisticsFilter | null | undefined): Promise<StatisticsScope> {
    const f = filter ?? {};
    if (f.actorIds?.length) expectGlobalIds(f.actorIds, 'Actor', 'filter.actorIds');
    await requireRegionScope(ctx.em, f, 'filter');
    if (f.categoryCodes?.length)
      await requireTerms.categories(ctx.em, f.categoryCodes, 'filter.categoryCodes');
    if (f.supportNeedCodes?.length)
      await requireTerms.supportNeeds(ctx.em, f.supportNeedCodes, 'filter.supportNeedCodes');
    return { filter: f, cache: new Map() };
  },

  /** Offerings in total and by actor kind, category, language, delivery mode, age group, support need and cost. */
  offerings(ctx: RequestContext, scope: StatisticsScope): Promise<OfferingStatistics> {
    return memo(scope, 'offerings', async () => {
      const rows = await countBuckets(
        ctx,
        offeringQuery(ctx, scope.filter),
        'e.id, e.actor_id, e.languages, e.delivery_modes, e.age_groups, e.cost',
        [
          sql`select 'ACTOR_KIND', a.kind, null, null, null, null, count(*)::int
from v join actor a on a.id = v.actor_id group by a.kind`,
          sql`select 'LANGUAGE', l.key, null, null, null, null, count(*)::int
from v cross join unnest(v.languages) as l (key) group by l.key`,
          sql`select 'DELIVERY_MODE', d.key, null, null, null, null, count(*)::int
from v cross join unnest(v.delivery_modes) as d (key) group by d.key`,
          sql`select 'COST', v.cost, null, null, null, null, count(*)::int
from v group by v.cost`,
          sql`select 'AGE_GROUP', t.code, t.name_fi, t.name_sv, t.name_en, t.position, count(g.key)::int
from age_group t
left join (select g.key from v cross join unnest(v.age_groups) as g (key)) g on g.key = t.code
group by t.code, t.position`,
          termBucketsSql('CATEGORY', 'service_category', 'service_offering_category', 'category_code'),
          termBucketsSql(
            'SUPPORT_NEED',
            'support_need',
            'service_offering_support_need',
            'support_need_code',
          ),
        ],
      );
      return {
        total: total(rows),
        byActorKind: enumBuckets(rows, 'ACTOR_KIND', Object.values(ActorKind)),
        byCategory: labelled(rows, 'CATEGORY'),
        byLanguage: enumBuckets(rows, 'LANGUAGE', Object.values(Language)),
        byDeliveryMode: enumBuckets(rows, 'DELIVERY_MODE', Object.values(DeliveryMode)),
        byAgeGroup: labelled(rows, 'AGE_GROUP'),
        bySupportNeed: labelled(rows, 'SUPPORT_NEED'),
        byCost: enumBuckets(rows, 'COST', Object.values(CostType)),
      };
    });
  },

  /**
   * Offerings by region of `level`, with the coverage rule: an offering counts in a region when
   * it serves that region, something inside it or something containing it (an area offering in
   * each of its counties), once per region. The buckets may so add up to more than the total.
   */
  offeringsByRegion(
    ctx: RequestContext,
    scope: StatisticsScope,
    level: RegionKind,
  ): Promise<CountBucketData[]> {
    return memo(scope, `offeringsByRegion:${level}`, async () => {
      const regions = regionRelationSql(level, null);
      const v = subquery(ctx, offeringQuery(ctx, scope.filter), 'e.id');
      const rows = await run(
        ctx,
        sql`${regions},
v as materialized (${v})
select 'REGION' as dimension, r.code as key, r.name_fi, r.name_sv, r.name_en, null::int as position,
  count(distinct x.service_offering_id)::int as count
from cell_region c
join region r on r.id = c.id
left join cell_rel rel on rel.cell_id = c.id
left join service_offering_region x
  on x.region_id = rel.region_id and x.service_offering_id in (select id from v)
group by r.id, r.code, r.name_fi, r.name_sv, r.name_en`,
      );
      return labelled(rows, 'REGION');
    });
  },

  /** Materials in total, by kind and by month of publication (`YYYY-MM`, Finnish time). */
  materials(ctx: RequestContext, scope: StatisticsScope): Promise<MaterialStatistics> {
    return memo(scope, 'materials', async () => {
      const rows = await countBuckets(ctx, materialQuery(ctx, scope.filter), 'e.id, e.kind, e.published_at', [
        sql`select 'KIND', v.kind, null, null, null, null, count(*)::int from v group by v.kind`,
        sql`select 'MONTH', to_char(v.published_at at time zone ${MONTH_TIME_ZONE}, 'YYYY-MM'), null, null, null, null, count(*)::int
from v where v.published_at is not null group by 2`,
      ]);
      return {
        total: total(rows),
        byKind: enumBuckets(rows, 'KIND', Object.values(MaterialKind)),
        byMonth: labelled(rows, 'MONTH'),
      };
    });
  },

  /** Initiatives in total, by status and by kind. */
  initiatives(ctx: RequestContext, scope: StatisticsScope): Promise<InitiativeStatistics> {
    return memo(scope, 'initiatives', async () => {
      const rows = await countBuckets(ctx, initiativeQuery(ctx, scope.filter), 'e.id, e.status, e.kind', [
        sql`select 'STATUS', v.status, null, null, null, null, count(*)::int from v group by v.status`,
        sql`select 'KIND', v.kind, null, null, null, null, count(*)::int from v group by v.kind`,
      ]);
      return {
        total: total(rows),
        byStatus: enumBuckets(rows, 'STATUS', Object.values(InitiativeStatus)),
        byKind: enumBuckets(rows, 'KIND', Object.values(InitiativeKind)),
      };
    });
  },
};

/** The visible offerings matching the filter (alias `e`). */
function offeringQuery(ctx: RequestContext, f: StatisticsFilter): Selection<ServiceOffering> {
  return serviceOfferingService.visibleQuery(ctx, {
    actorIds: present(f.actorIds),
    actorKinds: present(f.actorKinds),
    vaatu: f.vaatu,
    categoryCodes: present(f.categoryCodes),
    ageGroups: present(f.ageGroups),
    supportNeedCodes: present(f.supportNeedCodes),
    regionCodes: present(f.regionCodes),
    regionMatch: f.regionMatch,
    languages: present(f.languages),
    deliveryModes: present(f.deliveryModes),
    costs: present(f.costs),
    status: present(f.status),
    validity: f.validity,
  });
}

function materialQuery(ctx: RequestContext, f: StatisticsFilter): Selection<SharedMaterial> {
  const rows = materialService.visibleQuery(ctx, {
    publisherIds: present(f.actorIds),
    languages: present(f.languages),
    publishedAfter: f.publishedAfter ?? null,
    publishedBefore: f.publishedBefore ?? null,
    status: present(f.status),
  });
  return narrowed(rows, actorOfKindSql('e.publisher_id', { kinds: f.actorKinds, vaatu: f.vaatu }));
}

function initiativeQuery(ctx: RequestContext, f: StatisticsFilter): Selection<JointInitiative> {
  const rows = initiativeService.visibleQuery(ctx, {
    actorIds: present(f.actorIds),
    regionCodes: present(f.regionCodes),
    regionMatch: f.regionMatch,
    publicationStatus: present(f.status),
  });
  const kind = actorOfKindSql('p.actor_id', { kinds: f.actorKinds, vaatu: f.vaatu });
  return narrowed(
    rows,
    kind ? sql`e.id in (select p.initiative_id from initiative_participant p where ${kind})` : null,
  );
}
