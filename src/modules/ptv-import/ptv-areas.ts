import type { PtvArea } from './ptv.schema';
import { NATIONWIDE, REGION_COUNTIES } from './ptv-mappings';

const CODE_FORMATS: Record<PtvArea['type'], RegExp> = {
  Municipality: /^\d{3}$/,
  Region: /^\d{2}$/,
  BusinessSubRegion: /^\d{3}$/,
  HospitalDistrict: /^\d{2}$/,
};

function nameOf(area: { code: string; name?: { language: string; value: string }[] | null }): string {
  const fi = area.name?.find((n) => n.language === 'fi') ?? area.name?.[0];
  return fi ? `${area.code} ${fi.value}` : area.code;
}

/**
 * What is wrong with a record's areas as PTV data (a bad file): a limited area type without
 * areas, a code that is not of its type's form, a region (maakunta) code that does not exist.
 */
export function areaProblems(
  areaType: string | null | undefined,
  areas: readonly PtvArea[] | null | undefined,
): string[] {
  const problems: string[] = [];
  if (areaType === 'LimitedType' && !areas?.length)
    problems.push('areaType is LimitedType but no areas are given');
  for (const area of areas ?? []) {
    if (!CODE_FORMATS[area.type].test(area.code)) {
      problems.push(`unknown ${area.type} area code ${JSON.stringify(area.code)}`);
    } else if (area.type === 'Region' && !Object.hasOwn(REGION_COUNTIES, area.code)) {
      problems.push(`unknown Region area code ${JSON.stringify(area.code)}`);
    }
  }
  return problems;
}

/**
 * The hub's region codes for a record's areas, and a note for each area left out: nationwide →
 * the five collaboration areas; a region (maakunta) → its wellbeing services county (Uusimaa →
 * its four counties and Helsinki); a municipality → the hub's region of that municipality when the
 * hub has one (the hub's regions are counties and areas: mapping a municipality's service to its
 * whole county would claim more than it serves); business sub-regions and hospital districts,
 * which cut across counties, are left out. Call after `areaProblems` found nothing.
 */
export function hubRegionCodes(
  areaType: string | null | undefined,
  areas: readonly PtvArea[] | null | undefined,
  hubMunicipalities: ReadonlySet<string>,
): { codes: string[]; notes: string[] } {
  if (areaType === 'Nationwide' || areaType === 'NationwideExceptAlandIslands') {
    return { codes: [...NATIONWIDE], notes: [] };
  }
  const codes = new Set<string>();
  const notes: string[] = [];
  for (const area of areas ?? []) {
    switch (area.type) {
      case 'Region': {
        const counties = REGION_COUNTIES[area.code];
        if (counties.length === 0)
          notes.push(`area Region ${nameOf(area)} has no county in the hub: left out`);
        counties.forEach((c) => codes.add(c));
        break;
      }
      case 'Municipality':
        if (hubMunicipalities.has(area.code)) codes.add(area.code);
        else notes.push(`area Municipality ${nameOf(area)} is not among the hub's regions: left out`);
        break;
      default:
        notes.push(`area ${area.type} ${nameOf(area)} cuts across the hub's regions: left out`);
    }
  }
  return { codes: [...codes].sort(), notes };
}
