import type { EntityManager } from '@mikro-orm/postgresql';
import { Field, registerEnumType } from 'type-graphql';
import { ValidationError } from '../../common/errors';
import { StringListField } from '../../common/input-fields';
import { rawSql, Sql, sql } from '../../common/sql';
import { requireRegionsByCode } from './region.service';

/**
 * How a record's regions must relate to the regions a filter names. The one definition of
 * "reach" in the hub: every `regionCodes` filter, coverage and the statistics use it.
 */
export enum RegionMatch {
  SERVES = 'SERVES',
  WITHIN = 'WITHIN',
  EXACT = 'EXACT',
}
registerEnumType(RegionMatch, {
  name: 'RegionMatch',
  description: 'How a record’s regions must relate to the regions a filter names.',
  valuesConfig: {
    SERVES: {
      description:
        'The record serves the region: one of its regions is the region, lies inside it or contains it ' +
        '(an area-wide offering serves each of its counties; an offering for a municipality serves its ' +
        'county and area). The default.',
    },
    WITHIN: {
      description:
        'One of the record’s regions is the region or lies inside it (an area brings its counties).',
    },
    EXACT: { description: 'One of the record’s regions is the region itself.' },
  },
});

/**
 * A pivot table that links an owner (an actor, an offering, ...) to the regions it serves. The
 * feature that owns the table declares it next to its entity and passes it in here, so the region
 * feature knows how to reach regions without listing any other feature's tables.
 */
export interface RegionLink {
  /** The pivot table, e.g. `actor_region`. */
  readonly table: string;
  /** Its column holding the owner's id, e.g. `actor_id`. */
  readonly ownerColumn: string;
}

/** The region part of a filter: `regionCodes` and how records must relate to them. */
export interface RegionScope {
  regionCodes?: readonly string[] | null;
  regionMatch?: RegionMatch | null;
}

/**
 * SQL selecting pairs `(target_id, region_id)`: for each target region (the ids `targets`
 * selects), every region whose records reach it under `match`: the target itself (EXACT), and the
 * regions inside it (WITHIN), and the regions containing it (SERVES). A standalone statement: wrap
 * it in parentheses where it is used.
 */
export function reachPairsSql(targets: Sql, match: RegionMatch): Sql {
  if (match === RegionMatch.EXACT)
    return sql`select t.id as target_id, t.id as region_id from (${targets}) t`;
  const down = rawSql(`down (target_id, region_id) as (
  select id, id from target
  union
  select d.target_id, r.id from down d join region r on r.parent_id = d.region_id
)`);
  if (match === RegionMatch.WITHIN)
    return sql`with recursive target as (${targets}), ${down} select target_id, region_id from down`;
  const up = rawSql(`up (target_id, region_id) as (
  select id, id from target
  union
  select u.target_id, r.parent_id from up u join region r on r.id = u.region_id where r.parent_id is not null
)`);
  return sql`with recursive target as (${targets}), ${down}, ${up}
select target_id, region_id from down union select target_id, region_id from up`;
}

function byCodes(codes: readonly string[]): Sql {
  return sql`select id from region where code in (${codes})`;
}

/** SQL selecting the ids of the regions with these ids that exist (the targets of a batched reach). */
export function regionsByIdSql(ids: readonly string[]): Sql {
  return sql`select id from region where id in (${ids})`;
}

/** SQL selecting the ids of the regions whose records reach a region with one of `codes`. */
export function reachingRegionIdsSql(codes: readonly string[], match: RegionMatch): Sql {
  return sql`select p.region_id from (${reachPairsSql(byCodes(codes), match)}) p`;
}

/**
 * SQL true when the region id in `regionColumn` reaches one of `codes` under `match` (a record
 * with a single region, such as a service need); nothing when the scope names no regions.
 */
export function regionColumnReachesSql(regionColumn: string, scope: RegionScope): Sql | null {
  if (!scope.regionCodes?.length) return null;
  return sql`${rawSql(regionColumn)} in (${reachingRegionIdsSql(scope.regionCodes, matchOf(scope))})`;
}

/**
 * SQL true when the owner id in `ownerColumn` is linked through `link` to a region reaching one of
 * the scope's regions; nothing when the scope names no regions.
 */
export function linkReachesSql(link: RegionLink, ownerColumn: string, scope: RegionScope): Sql | null {
  if (!scope.regionCodes?.length) return null;
  return sql`${rawSql(ownerColumn)} in (select x.${rawSql(link.ownerColumn)} from ${rawSql(link.table)} x
  where x.region_id in (${reachingRegionIdsSql(scope.regionCodes, matchOf(scope))}))`;
}

/**
 * SQL selecting distinct pairs `(owner_id, target_id)`: each owner linked through `link` to a
 * region reaching the target (one of the ids `targets` selects) under `match`. What batched
 * per-region lists (a coverage cell's offerings, a region's contacts) are built on.
 */
export function linkedReachSql(link: RegionLink, targets: Sql, match: RegionMatch): Sql {
  return sql`select distinct x.${rawSql(link.ownerColumn)} as owner_id, p.target_id
from ${rawSql(link.table)} x join (${reachPairsSql(targets, match)}) p on p.region_id = x.region_id`;
}

export function matchOf(scope: RegionScope): RegionMatch {
  return scope.regionMatch ?? RegionMatch.SERVES;
}

/**
 * Checks a filter's region part: unknown codes are BAD_USER_INPUT on `<path>.regionCodes`, and a
 * `regionMatch` other than the default without any `regionCodes` on `<path>.regionMatch` (it
 * would silently match everything). With `matchNeedsCodes` false (coverage, whose rows are
 * regions), a match needs no codes.
 */
export async function requireRegionScope(
  em: EntityManager,
  scope: RegionScope | null | undefined,
  path: string,
  matchNeedsCodes = true,
): Promise<void> {
  if (!scope) return;
  const codes = scope.regionCodes ?? [];
  if (matchNeedsCodes && codes.length === 0 && matchOf(scope) !== RegionMatch.SERVES) {
    throw new ValidationError(`${path}.regionMatch needs ${path}.regionCodes`, [`${path}.regionMatch`]);
  }
  if (codes.length) await requireRegionsByCode(em, codes, `${path}.regionCodes`);
}

/**
 * The `regionCodes` of a create or update input: the regions a record is for, as codes, at most
 * 200 (every municipality of a county and more). One limit for every feature's records.
 */
export function RegionCodesInputField(description?: string): PropertyDecorator {
  return StringListField(description, 200);
}

/** The `regionMatch` field of a filter with `regionCodes` (default SERVES). */
export function RegionMatchField(
  description = 'How the records’ regions relate to `regionCodes`: SERVES (default: the region, inside it or ' +
    'containing it), WITHIN (the region or inside it) or EXACT. Needs `regionCodes`.',
): PropertyDecorator {
  return Field(() => RegionMatch, { nullable: true, defaultValue: RegionMatch.SERVES, description });
}
