import type { EntityName } from '@mikro-orm/core';
import { loadByKey } from '../../common/by-id';
import { IsolationLevel } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { RequestContext } from '../../common/context';
import { Actor } from '../actor';
import { policy } from '../auth';
import { NeedStatus, ServiceNeed } from '../need';
import { Region, RegionKind, matchOf, RegionMatch, requireRegionScope } from '../region';
import {
  ServiceOffering,
  ServiceOfferingFilter,
  serviceOfferingService,
  Validity,
} from '../service-offering';
import { finnishToday } from '../../common/dates';
import { PublicationStatus } from '../../common/enums';
import { present } from '../../common/list-query';
import { Page } from '../../common/pagination';
import { ServiceCategory, requireTerms } from '../taxonomy';
import { CoverageFilter } from './coverage.inputs';
import { compactWhenDue, COVERAGE_DATA, readVersion, VersionedCache } from '../../common/data-version';
import type { Sql } from '../../common/sql';
import { coverageSql, CoverageRow, readsTallies, rollTalliesSql, talliedCoverageSql } from './coverage.query';

/** Coverage rows by statement and parameters, valid while the sources' version is unchanged. */
const coverageCache = new VersionedCache<CoverageRow[]>();
let cacheMatrices = true;

/** A tallied matrix came back `STALE`: the tallies describe another day (not cached, read again). */
class StaleTallies extends Error {}

/** Whether each data version's coverage matrix is kept in memory (`COVERAGE_CACHE`). */
export function configureCoverage(options: { cache: boolean }): void {
  cacheMatrices = options.cache;
}

/** Which offerings a matrix counts in a cell besides the cell's region and category. */
export interface CellScope {
  filter: ServiceOfferingFilter;
  regionMatch: RegionMatch;
}

/** A cell of the matrix, with the ids of its providers and open needs. */
export interface CoverageCellData {
  regionId: string;
  categoryCode: string;
  offeringCount: number;
  providerCount: number;
  providerIds: string[];
  overlappingProviderIds: string[];
  scope: CellScope | null;
  openNeedCount: number;
  openNeedIds: string[];
  gap: boolean;
  overlap: boolean;
}

export interface RegionTotalData {
  regionId: string;
  offeringCount: number;
  providerCount: number;
  gapCount: number;
  overlapCount: number;
  openNeedCount: number;
  categoriesCovered: number;
}

export interface CategoryTotalData {
  categoryCode: string;
  offeringCount: number;
  providerCount: number;
  gapCount: number;
  overlapCount: number;
  openNeedCount: number;
  regionsCovered: number;
}

export interface CoverageTotalData {
  cellCount: number;
  coveredCellCount: number;
  gapCount: number;
  overlapCount: number;
  offeringCount: number;
  providerCount: number;
  openNeedCount: number;
}

/** A coverage matrix by ids and codes; regions, categories, actors and needs load on demand. */
export interface CoverageData {
  level: RegionKind;
  needsIncluded: boolean;
  /** The rows, by region code. */
  regionIds: string[];
  /** The columns, in taxonomy order. */
  categoryCodes: string[];
  cells: CoverageCellData[];
  regionTotals: RegionTotalData[];
  categoryTotals: CategoryTotalData[];
  total: CoverageTotalData;
}

/** Need statuses that close a need; every other status (OPEN, IN_PROGRESS, ...) is unmet. */
const CLOSED_NEED_STATUSES: readonly NeedStatus[] = [NeedStatus.MET, NeedStatus.DISMISSED];

/** The need statuses that count as open in coverage. */
export const OPEN_NEED_STATUSES: readonly NeedStatus[] = Object.values(NeedStatus).filter(
  (s) => !CLOSED_NEED_STATUSES.includes(s),
);

/** Rejects unknown region, category and support-need codes with the offending filter fields. */
async function validateCodes(em: EntityManager, filter: CoverageFilter): Promise<void> {
  await requireRegionScope(em, filter, 'filter', false);
  if (filter.categoryCodes?.length)
    await requireTerms.categories(em, filter.categoryCodes, 'filter.categoryCodes');
  if (filter.supportNeedCodes?.length)
    await requireTerms.supportNeeds(em, filter.supportNeedCodes, 'filter.supportNeedCodes');
}

/** The counts a region's and a category's totals share, from their row of the statement. */
function lineCounts(row: CoverageRow) {
  return {
    offeringCount: row.offering_count,
    providerCount: row.provider_count,
    gapCount: row.gap_count ?? 0,
    overlapCount: row.overlap_count ?? 0,
    openNeedCount: row.open_need_count,
  };
}

/** Splits the rows of the coverage statement into the matrix (pure; see `coverageSql`). */
export function toCoverage(
  level: RegionKind,
  needsIncluded: boolean,
  rows: readonly CoverageRow[],
  scope: CellScope | null = null,
): CoverageData {
  const data: CoverageData = {
    level,
    needsIncluded,
    regionIds: [],
    categoryCodes: [],
    cells: [],
    regionTotals: [],
    categoryTotals: [],
    total: {
      cellCount: 0,
      coveredCellCount: 0,
      gapCount: 0,
      overlapCount: 0,
      offeringCount: 0,
      providerCount: 0,
      openNeedCount: 0,
    },
  };
  for (const row of rows) {
    switch (row.scope) {
      case 'CELL':
        data.cells.push({
          regionId: row.region_id!,
          categoryCode: row.category_code!,
          offeringCount: row.offering_count,
          providerCount: row.provider_count,
          providerIds: row.provider_ids ?? [],
          overlappingProviderIds: row.overlap_ids ?? [],
          scope,
          openNeedCount: row.open_need_count,
          openNeedIds: row.need_ids ?? [],
          gap: row.gap === true,
          overlap: row.overlap === true,
        });
        break;
      case 'REGION':
        data.regionIds.push(row.region_id!);
        data.regionTotals.push({
          regionId: row.region_id!,
          ...lineCounts(row),
          categoriesCovered: row.covered_count ?? 0,
        });
        break;
      case 'CATEGORY':
        data.categoryCodes.push(row.category_code!);
        data.categoryTotals.push({
          categoryCode: row.category_code!,
          ...lineCounts(row),
          regionsCovered: row.covered_count ?? 0,
        });
        break;
      case 'TOTAL':
        data.total = {
          cellCount: 0,
          coveredCellCount: row.covered_count ?? 0,
          gapCount: row.gap_count ?? 0,
          overlapCount: row.overlap_count ?? 0,
          offeringCount: row.offering_count,
          providerCount: row.provider_count,
          openNeedCount: row.open_need_count,
        };
        break;
    }
  }
  data.total.cellCount = data.cells.length;
  return data;
}

/** Read views by key for one request (batched across the cells of a request), absent ones left out. */
async function loadAll<T extends object>(
  ctx: RequestContext,
  entity: EntityName<T>,
  keys: readonly string[],
  column = 'id',
): Promise<T[]> {
  const found = await Promise.all([...new Set(keys)].map((k) => loadByKey(ctx, entity, k, column)));
  return found.filter((v): v is Awaited<T> => v != null) as T[];
}

/**
 * Coverage and gap analysis for analysts: which service categories reach which regions.
 *
 * Counting rules:
 * - Only PUBLISHED offerings count (drafts and archived offerings are not services anyone can
 *   use), whoever asks; so the matrix shows nothing an anonymous reader could not see. Of them,
 *   only those in force today (Finnish time) unless `filter.validity` says otherwise.
 * - An offering serves a region of the level when it is attached to that region, to a region
 *   inside it or to a region containing it (the region module's reach, `filter.regionMatch`
 *   SERVES): at WELLBEING_COUNTY an offering for the KYS area counts in each KYS county; at
 *   COLLABORATION_AREA an offering for county 13 counts in KYS. An offering counts once per cell,
 *   however many of its regions lead there. So a cell counts exactly what `serviceOfferings` with
 *   the cell's region and category and the same filter lists for anonymous readers.
 * - Open needs are those not MET or DISMISSED, attached to the cell's region by the same rule
 *   (a need reported for an area is a need of each of its counties), of the cell's category,
 *   and matching the filter's age groups and support needs where given; a need that names no age
 *   group (or no support need) applies to all of them. `actorKinds` and `languages` describe
 *   offerings only.
 * - Service needs are staff only (`policy.canSeeServiceNeeds`). For other viewers needs are not
 *   read at all: `openNeeds` is empty and `gap` means only "no provider". The matrix then stays
 *   computable from what the viewer may see, and `needsIncluded` says which reading applies.
 * - `gap`: an open need exists in the cell, or no actor offers the category there.
 * - `overlap`: two or more distinct actors, of any kind, offer the category to the same age group
 *   there (only the filter's age groups are compared when it has any; offerings without age
 *   groups never overlap); `overlappingProviders` are those actors.
 */
export const coverageService = {
  /**
   * The matrix of regions of `level` × service categories, in one SQL statement (plus code
   * validation when the filter names codes). With `providers` false the statement leaves the
   * providers out (every provider count 0, no provider ids) and is much cheaper: for callers that
   * read neither the providers nor their counts.
   */
  async serviceCoverage(
    ctx: RequestContext,
    level: RegionKind,
    filter: CoverageFilter | null | undefined,
    options: { providers: boolean } = { providers: true },
  ): Promise<CoverageData> {
    const f = filter ?? {};
    await validateCodes(ctx.em, f);
    const includeNeeds = policy.canSeeServiceNeeds(ctx.viewer);
    const regionMatch = matchOf(f);
    const validity = f.validity ?? Validity.IN_FORCE;
    const q = {
      level,
      regionCodes: present(f.regionCodes),
      regionMatch,
      categoryCodes: present(f.categoryCodes),
      ageGroups: present(f.ageGroups),
      supportNeedCodes: present(f.supportNeedCodes),
      actorKinds: { kinds: present(f.actorKinds), vaatu: f.vaatu },
      languages: present(f.languages),
      validity,
      today: finnishToday(ctx.loaders),
      includeNeeds,
      openNeedStatuses: OPEN_NEED_STATUSES,
      providers: options.providers,
    };
    // The default matrix is read from the tallies the database keeps as offerings change.
    const tallied = readsTallies(q);
    const query = tallied ? talliedCoverageSql(q) : coverageSql(q);
    // A cell's offerings are the offering list's, with the matrix's filter: the same rows it counts.
    const scope: CellScope = {
      regionMatch,
      filter: {
        actorKinds: present(f.actorKinds),
        vaatu: f.vaatu,
        ageGroups: present(f.ageGroups),
        supportNeedCodes: present(f.supportNeedCodes),
        languages: present(f.languages),
        validity,
        status: [PublicationStatus.PUBLISHED],
      },
    };
    let changes = 0;
    // The version and the matrix are read in one snapshot, so a cached matrix is exactly the one
    // its version describes. Null when a tallied matrix came back `STALE` (never cached).
    const read = async (statement: Sql, fromTallies: boolean): Promise<CoverageRow[] | null> => {
      // The day is part of the key: the tallied statement does not name it, yet its answer is the day's.
      const key = JSON.stringify([statement.text, statement.params, q.today]);
      try {
        return await ctx.em.transactional(
          async (em) => {
            const { version, changes: seen } = await readVersion(em, COVERAGE_DATA);
            changes = seen;
            // Requests of the same version that miss together share one computation: the matrix
            // is the same in each of their snapshots.
            const compute = async () => {
              // The planner's estimates for this many CTEs run high, which switches on JIT
              // compilation: at 100k offerings that costs seconds to save milliseconds. Off for
              // this statement only (the tallied one reads a few rows per cell).
              if (!fromTallies) await em.execute('set local jit = off', [], 'run');
              const rows = await em.execute<CoverageRow[]>(statement.text, [...statement.params], 'all');
              if (rows.at(-1)?.scope === 'STALE') throw new StaleTallies();
              return rows;
            };
            return cacheMatrices ? coverageCache.getOrCompute(key, version, compute) : compute();
          },
          { isolationLevel: IsolationLevel.REPEATABLE_READ },
        );
      } catch (e) {
        if (e instanceof StaleTallies) return null;
        throw e;
      }
    };
    let rows = await read(query, tallied);
    if (!rows) {
      // The tallies describe another day (the first reading of a day): they are moved to today in
      // a statement of their own, outside the snapshot the matrix is read in, and read again. Moved
      // back meanwhile (a process whose day differs), the matrix is computed from the offerings
      // (a statement that is never stale).
      const roll = rollTalliesSql(q.today);
      await ctx.em.execute(roll.text, [...roll.params], 'run');
      rows = (await read(query, true)) ?? (await read(coverageSql(q), false))!;
    }
    await compactWhenDue(ctx.em, COVERAGE_DATA, changes);
    return toCoverage(level, includeNeeds, rows, scope);
  },

  /**
   * The offerings a cell counts, as a page of the offering list (batched: the cells of one
   * request with the same arguments share one statement, and one more for their counts).
   */
  cellOfferings(
    ctx: RequestContext,
    cell: CoverageCellData,
    page: { first?: number | null; after?: string | null },
  ): Promise<Page<ServiceOffering>> {
    const scope = cell.scope ?? {
      filter: { status: [PublicationStatus.PUBLISHED] },
      regionMatch: RegionMatch.SERVES,
    };
    return serviceOfferingService.forRegionCategory(ctx, cell.regionId, cell.categoryCode, {
      ...page,
      filter: scope.filter,
      regionMatch: scope.regionMatch,
    });
  },

  /** Regions by id (batched across the cells of a request). */
  regions(ctx: RequestContext, ids: readonly string[]): Promise<Region[]> {
    return loadAll(ctx, Region, ids);
  },

  /** Service categories by code (batched). */
  categories(ctx: RequestContext, codes: readonly string[]): Promise<ServiceCategory[]> {
    return loadAll(ctx, ServiceCategory, codes, 'code');
  },

  /** The providers of a cell by id, ordered by name (batched across the cells of a request). */
  async providers(ctx: RequestContext, ids: readonly string[]): Promise<Actor[]> {
    const actors = await loadAll(ctx, Actor, ids);
    return actors.sort(
      (a, b) => (a.sortName ?? '').localeCompare(b.sortName ?? '', 'fi') || a.id.localeCompare(b.id),
    );
  },

  /** The open needs of a cell by id, newest first (batched); nothing for viewers who may not see needs. */
  async openNeeds(ctx: RequestContext, ids: readonly string[]): Promise<ServiceNeed[]> {
    if (!policy.canSeeServiceNeeds(ctx.viewer)) return [];
    const needs = await loadAll(ctx, ServiceNeed, ids);
    return needs.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || a.id.localeCompare(b.id));
  },
};
