import { z } from 'zod';

/*
 * The parts of the Finnish Service Catalogue's open API (PTV, version 11) that the import reads,
 * as the API returns them in JSON (camelCase). The models are those of PTV's published source
 * (PTV.Domain.Model, OpenApi V11/V10): V10VmOpenApiOrganization for GET /api/v11/Organization/{id},
 * V11VmOpenApiService for GET /api/v11/Service/{id}; the list endpoints return arrays of them, the
 * paged ones `{ pageNumber, pageSize, pageCount, itemList }`. Fields the import does not use pass
 * through unchecked.
 */

/** Organisation types of the open API (OrganizationTypeEnum). */
export const ORGANIZATION_TYPES = [
  'State',
  'Municipality',
  'RegionalOrganization',
  'Organization',
  'Company',
  'SotePublic',
  'SotePrivate',
  'Region',
] as const;

/** Area types of the open API (AreaInformationTypeEnum's open-API values). */
export const AREA_TYPES = ['Nationwide', 'NationwideExceptAlandIslands', 'LimitedType'] as const;

/** Types of a limited area (AreaTypeEnum's open-API values). */
export const LIMITED_AREA_TYPES = [
  'Municipality',
  'Region',
  'BusinessSubRegion',
  'HospitalDistrict',
] as const;

/** A text in one language (VmOpenApiLanguageItem). */
const languageItem = z.looseObject({ language: z.string().min(1), value: z.string() });

/** A typed text in one language (VmOpenApiLocalizedListItem): `type` is e.g. Name or Description. */
const localizedListItem = z.looseObject({
  language: z.string().min(1),
  value: z.string(),
  type: z.string().min(1),
});

const municipality = z.looseObject({ code: z.string(), name: z.array(languageItem).nullish() });

const area = z.looseObject({
  type: z.enum(LIMITED_AREA_TYPES),
  code: z.string(),
  name: z.array(languageItem).nullish(),
  municipalities: z.array(municipality).nullish(),
});

const webPage = z.looseObject({ url: z.string().nullish(), language: z.string().nullish() });

export const ptvOrganization = z.looseObject({
  id: z.uuid(),
  organizationType: z.enum(ORGANIZATION_TYPES),
  organizationNames: z.array(localizedListItem).min(1),
  organizationDescriptions: z.array(localizedListItem).nullish(),
  parentOrganizationId: z.uuid().nullish(),
  municipality: municipality.nullish(),
  areaType: z.enum(AREA_TYPES).nullish(),
  areas: z.array(area).nullish(),
  webPages: z.array(webPage).nullish(),
  availableLanguages: z.array(z.string()).nullish(),
  publishingStatus: z.string().min(1),
  modified: z.string().nullish(),
});

const serviceOrganization = z.looseObject({
  organization: z.looseObject({ id: z.uuid() }).nullish(),
  organizationId: z.string().nullish(),
  roleType: z.string().min(1),
});

const serviceClass = z.looseObject({ code: z.string().min(1), name: z.array(languageItem).nullish() });

export const ptvService = z.looseObject({
  id: z.uuid(),
  type: z.string().nullish(),
  serviceNames: z.array(localizedListItem).min(1),
  serviceDescriptions: z.array(localizedListItem).nullish(),
  serviceChargeType: z.string().nullish(),
  areaType: z.enum(AREA_TYPES).nullish(),
  areas: z.array(area).nullish(),
  languages: z.array(z.string()).nullish(),
  serviceClasses: z.array(serviceClass).nullish(),
  organizations: z.array(serviceOrganization).nullish(),
  mainResponsibleOrganization: z.uuid().nullish(),
  publishingStatus: z.string().min(1),
  modified: z.string().nullish(),
});

export type PtvOrganization = z.infer<typeof ptvOrganization>;
export type PtvService = z.infer<typeof ptvService>;
export type PtvArea = z.infer<typeof area>;
export type PtvText = z.infer<typeof localizedListItem>;
