import { AgeGroup, Language } from '../../common/enums';
import { ActorKind } from '../actor';
import { NeedStatus } from '../need';
import { RegionKind, RegionMatch } from '../region';
import { Validity } from '../service-offering';
import { ageBit, CoverageQuery, CoverageRow, coverageSql } from './coverage.query';
import { OPEN_NEED_STATUSES, toCoverage } from './coverage.service';

const BASE: CoverageQuery = {
  level: RegionKind.WELLBEING_COUNTY,
  regionCodes: null,
  regionMatch: RegionMatch.SERVES,
  categoryCodes: null,
  ageGroups: null,
  supportNeedCodes: null,
  actorKinds: {},
  languages: null,
  validity: Validity.IN_FORCE,
  today: '2027-01-01',
  includeNeeds: true,
  openNeedStatuses: OPEN_NEED_STATUSES,
};

function placeholders(text: string): number {
  return text.split('?').length - 1;
}

describe('coverageSql', () => {
  it('binds every value: placeholders match the values, and no input text reaches the SQL', () => {
    const hostile = "KYS') or 1=1; drop table actor; --";
    const q = coverageSql({
      ...BASE,
      regionCodes: [hostile],
      categoryCodes: [hostile],
      supportNeedCodes: [hostile],
      ageGroups: [AgeGroup.PRIMARY],
      actorKinds: { kinds: [ActorKind.VALTERI] },
      languages: [Language.SV],
    });
    expect(placeholders(q.text)).toBe(q.params.length);
    expect(q.text).not.toContain('drop table');
    expect(q.text).not.toContain('VALTERI');
    expect(q.params).toContainEqual([hostile]);
  });

  it('reads no need when needs are not included', () => {
    const q = coverageSql({ ...BASE, includeNeeds: false });
    expect(q.text).toMatch(/from service_need n\s+where false/);
    expect(q.params).not.toContainEqual(OPEN_NEED_STATUSES);
    expect(placeholders(q.text)).toBe(q.params.length);
  });

  it('counts MET and DISMISSED needs as closed, everything else as open', () => {
    expect([...OPEN_NEED_STATUSES].sort()).toEqual([NeedStatus.IN_PROGRESS, NeedStatus.OPEN]);
  });

  it('compares only the chosen age groups for overlap', () => {
    const all = coverageSql(BASE);
    const some = coverageSql({ ...BASE, ageGroups: [AgeGroup.UPPER_SECONDARY, AgeGroup.PRIMARY] });
    const bits = (q: { params: readonly unknown[] }) =>
      q.params.filter((p): p is number => typeof p === 'number').filter((n, i, a) => a.indexOf(n) === i);
    expect(bits(all).sort((a, b) => a - b)).toEqual([1, 2, 4, 8, 16]);
    expect(bits(some).sort((a, b) => a - b)).toEqual([
      ageBit(AgeGroup.PRIMARY),
      ageBit(AgeGroup.UPPER_SECONDARY),
    ]);
  });
});

describe('toCoverage', () => {
  const row = (r: Partial<CoverageRow> & Pick<CoverageRow, 'scope'>): CoverageRow => ({
    region_id: null,
    category_code: null,
    offering_count: 0,
    provider_count: 0,
    provider_ids: null,
    open_need_count: 0,
    need_ids: null,
    gap: null,
    overlap: null,
    overlap_ids: null,
    gap_count: null,
    overlap_count: null,
    covered_count: null,
    ...r,
  });

  it('splits the statement rows into cells, totals and the order of rows and columns', () => {
    const data = toCoverage(RegionKind.WELLBEING_COUNTY, true, [
      row({
        scope: 'CELL',
        region_id: 'r1',
        category_code: 'A',
        offering_count: 2,
        provider_count: 1,
        provider_ids: ['a1'],
        gap: false,
        overlap: false,
      }),
      row({ scope: 'CELL', region_id: 'r1', category_code: 'B', provider_ids: [], need_ids: [], gap: true }),
      row({
        scope: 'REGION',
        region_id: 'r1',
        offering_count: 2,
        provider_count: 1,
        gap_count: 1,
        covered_count: 1,
      }),
      row({ scope: 'CATEGORY', category_code: 'A', offering_count: 2, provider_count: 1, covered_count: 1 }),
      row({ scope: 'CATEGORY', category_code: 'B', gap_count: 1 }),
      row({
        scope: 'TOTAL',
        offering_count: 2,
        provider_count: 1,
        gap_count: 1,
        overlap_count: 0,
        covered_count: 1,
      }),
    ]);
    expect(data.regionIds).toEqual(['r1']);
    expect(data.categoryCodes).toEqual(['A', 'B']);
    expect(data.cells[1]).toEqual({
      regionId: 'r1',
      categoryCode: 'B',
      offeringCount: 0,
      providerCount: 0,
      providerIds: [],
      overlappingProviderIds: [],
      scope: null,
      openNeedCount: 0,
      openNeedIds: [],
      gap: true,
      overlap: false,
    });
    expect(data.regionTotals[0]).toMatchObject({ gapCount: 1, categoriesCovered: 1 });
    expect(data.categoryTotals.map((c) => c.regionsCovered)).toEqual([1, 0]);
    expect(data.total).toEqual({
      cellCount: 2,
      coveredCellCount: 1,
      gapCount: 1,
      overlapCount: 0,
      offeringCount: 2,
      providerCount: 1,
      openNeedCount: 0,
    });
  });
});

describe('coverageSql without providers', () => {
  it('binds every value and never groups by actor', () => {
    const q = coverageSql({
      ...BASE,
      providers: false,
      ageGroups: [AgeGroup.PRIMARY],
      languages: [Language.SV],
    });
    expect(placeholders(q.text)).toBe(q.params.length);
    expect(q.text).not.toMatch(/group by[^)]*actor_id/);
    expect(q.text).toContain('null::text[] as provider_ids');
  });

  it('keeps the statement with providers as it was', () => {
    expect(coverageSql({ ...BASE, providers: true }).text).toBe(coverageSql(BASE).text);
  });
});
