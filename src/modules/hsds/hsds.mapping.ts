import { Language } from '../../common/enums';
import { inLang, label } from '../open-data';
import type { HsdsContactData, HsdsOrganizationData, HsdsServiceData, HsdsTerm } from './hsds.queries';
import { derivedId, hsdsTerm, TAXONOMIES, TaxonomySpec } from './hsds.taxonomies';

/**
 * The hub's records as HSDS 3.0 objects (Open Referral's compiled schemas `service.json`,
 * `service_list.json`, `organization.json`, `organization_list.json`):
 *
 * - a published service offering in force → `service` (`status: active`), its regions →
 *   `service_areas`, its languages → `languages`, its categories, support needs and age groups →
 *   `attributes` linking terms of three taxonomies, `howToApply` → `application_process`, the
 *   cost → `fees_description`, a required referral → `eligibility_description`;
 * - an actor → `organization` (a unit with `parent_organization_id`);
 * - contact persons → `contacts`, only when the GraphQL read returned them (signed-in staff).
 *
 * HSDS types its fields as non-null: a value the hub does not have is left out, never `null`.
 */
export interface MappingContext {
  lang: Language;
  /** The hub's public base URL, for `uri` fields. */
  base: string;
  /** Age-group names in the language (the offering carries codes only). */
  ageGroups: HsdsTerm[];
}

type Json = Record<string, unknown>;

/** The object without its null and undefined fields. */
function defined(object: Json): Json {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== null && v !== undefined));
}

export function organizationUri(ctx: MappingContext, id: string): string {
  return `${ctx.base}/hsds/organizations/${id}`;
}

/** An organization's own fields (`organization_list.json`; the `organization` inside a service). */
export function organizationBasic(ctx: MappingContext, actor: HsdsOrganizationData): Json {
  return defined({
    id: actor.id,
    name: actor.name,
    // HSDS requires a description: the actor's own, else what kind of actor it is.
    description: actor.description ?? label('ActorKind', actor.kind, ctx.lang),
    website: actor.website,
    uri: organizationUri(ctx, actor.id),
    parent_organization_id: actor.parent?.id,
  });
}

function contact(c: HsdsContactData, owner: Json): Json {
  const phones = c.phone ? [{ id: derivedId('phone', c.id), contact_id: c.id, number: c.phone }] : undefined;
  return defined({ id: c.id, ...owner, name: c.name, title: c.title, email: c.email, phones });
}

/** A full organization (`organization.json`): with contacts and services when they were read. */
export function organizationFull(
  ctx: MappingContext,
  actor: HsdsOrganizationData,
  fullServices: boolean,
): Json {
  return defined({
    ...organizationBasic(ctx, actor),
    contacts: actor.contacts?.map((c) => contact(c, { organization_id: actor.id })),
    services: actor.services?.nodes.map((s) => (fullServices ? serviceFull(ctx, s) : serviceBasic(ctx, s))),
  });
}

/** A service's own fields and its organization (`service_list.json`). */
export function serviceBasic(ctx: MappingContext, s: HsdsServiceData): Json {
  const lang = ctx.lang;
  return defined({
    id: s.id,
    organization_id: s.actor.id,
    name: s.title,
    description: s.description,
    url: s.url,
    status: 'active',
    application_process: s.howToApply,
    fees_description: label('CostType', s.cost, lang),
    eligibility_description: s.referralRequired
      ? inLang(lang, 'Palveluun tarvitaan lähete.', 'Tjänsten kräver remiss.', 'A referral is required.')
      : undefined,
    last_modified: s.updatedAt,
    organization: organizationBasic(ctx, s.actor),
  });
}

function attributes(ctx: MappingContext, s: HsdsServiceData): Json[] {
  const linked: [TaxonomySpec, HsdsTerm[]][] = TAXONOMIES.map((spec) => {
    switch (spec.key) {
      case 'SERVICE_CATEGORY':
        return [spec, s.categories ?? []];
      case 'SUPPORT_NEED':
        return [spec, s.supportNeeds ?? []];
      case 'AGE_GROUP':
        return [spec, ctx.ageGroups.filter((g) => s.ageGroups.includes(g.code))];
    }
  });
  return linked.flatMap(([spec, terms]) =>
    terms.map((term) => {
      const taxonomyTerm = hsdsTerm(spec, term, ctx.lang, ctx.base);
      return {
        id: derivedId('attribute', s.id, taxonomyTerm.id),
        link_id: s.id,
        link_type: spec.linkType,
        link_entity: 'service',
        taxonomy_term_id: taxonomyTerm.id,
        taxonomy_term: taxonomyTerm,
      };
    }),
  );
}

/** A fully nested service (`service.json`). */
export function serviceFull(ctx: MappingContext, s: HsdsServiceData): Json {
  const lang = ctx.lang;
  return defined({
    ...serviceBasic(ctx, s),
    languages: s.languages.map((code) => ({
      id: derivedId('language', s.id, code),
      service_id: s.id,
      name: label('Language', code, lang),
      code: code.toLowerCase(),
    })),
    service_areas: s.regions?.map((r) => ({
      id: derivedId('service_area', s.id, r.id),
      service_id: s.id,
      name: r.name,
      description: `${label('RegionKind', r.kind, lang)} ${r.code}`,
    })),
    attributes: attributes(ctx, s),
    contacts: s.contact ? [contact(s.contact, { service_id: s.id, organization_id: s.actor.id })] : undefined,
  });
}

/** HSDS's `Page`: paging fields and the items in `contents`. */
export function page<T>(contents: T[], total: number, pageNumber: number, perPage: number) {
  const totalPages = Math.ceil(total / perPage);
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: pageNumber,
    size: contents.length,
    first_page: pageNumber === 1,
    last_page: pageNumber >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}
