import type { EntityManager } from '@mikro-orm/postgresql';
import { Language, PublicationStatus } from '../../common/enums';
import { ImportSource, markImported } from '../../common/imported';
import { LocalizedString } from '../../common/localized';
import { diffSnapshots, snapshot } from '../../common/mutation';
import { Actor, ActorKind, actorService } from '../actor';
import { AnnouncementTopic, ServiceOfferingChangeType, announce } from '../outbox';
import { auditService } from '../audit';
import { Region, RegionKind } from '../region';
import { CostType, ServiceOffering } from '../service-offering';
import { ServiceCategory } from '../taxonomy';
import { hubRegionCodes } from './ptv-areas';
import { FileProblem, parsePtvFiles, PtvFile } from './ptv-files';
import { CHARGE_TYPES, ORGANIZATION_KINDS, SERVICE_CLASS_CATEGORIES } from './ptv-mappings';
import type { PtvOrganization, PtvService, PtvText } from './ptv.schema';

export type Outcome = 'created' | 'updated' | 'unchanged' | 'skipped';

/** What the import did with one PTV record. */
export interface RecordOutcome {
  kind: 'organization' | 'service';
  ptvId: string;
  name: string;
  outcome: Outcome;
  /** The hub record's id (and an actor's slug). */
  hubId?: string;
  slug?: string;
  /** The fields an update changed. */
  changes?: string[];
  /** Why a record was skipped. */
  reason?: string;
  /** What was left out of a record that was imported (areas outside the hub's regions). */
  notes: string[];
}

export type Counts = Record<Outcome, number>;

export interface ImportReport {
  dryRun: boolean;
  files: number;
  /** Problems of the files: when there are any, nothing was imported. */
  problems: FileProblem[];
  organizations: Counts;
  services: Counts;
  records: RecordOutcome[];
}

const ACTOR_FIELDS = [
  'kind',
  'nameI18n',
  'descriptionI18n',
  'website',
  'languages',
  'regions',
  'parent',
  'municipality',
] as const;
const OFFERING_FIELDS = [
  'actor',
  'titleI18n',
  'descriptionI18n',
  'howToApplyI18n',
  'categories',
  'regions',
  'languages',
  'cost',
  'status',
] as const;

const HUB_LANGUAGES: Record<string, Language> = { fi: Language.FI, sv: Language.SV, en: Language.EN };

/** Texts of one type (`Name`, `Description`…) in Finnish, Swedish and English; null when none. */
function texts(items: readonly PtvText[] | null | undefined, ...types: string[]): LocalizedString | null {
  const pick = (lang: string) => {
    for (const type of types) {
      const v = items?.find((i) => i.type === type && i.language === lang)?.value.trim();
      if (v) return v;
    }
    return null;
  };
  const text = new LocalizedString({ fi: pick('fi'), sv: pick('sv'), en: pick('en') });
  return text.fi || text.sv || text.en ? text : null;
}

function hubLanguages(codes: readonly string[] | null | undefined): Language[] {
  return [...new Set((codes ?? []).map((c) => HUB_LANGUAGES[c.toLowerCase()]).filter(Boolean))];
}

function displayName(text: LocalizedString | null, fallback: string): string {
  return text?.fi ?? text?.sv ?? text?.en ?? fallback;
}

/** An http(s) URL as stored, or null. */
function webAddress(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

/** A slug from a name: lower case ASCII words joined by hyphens (ä → a, ö → o, å → a). */
function slugOf(name: string): string {
  const slug = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
  return slug || 'ptv-organisation';
}

function sameIds(
  items: readonly { id?: string; code?: string }[],
  wanted: readonly { id?: string; code?: string }[],
) {
  const key = (x: { id?: string; code?: string }) => String(x.id ?? x.code);
  const a = items.map(key).sort();
  const b = wanted.map(key).sort();
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Parents before their units; a record whose parent is not in the run counts as a root. */
function parentsFirst(records: PtvOrganization[]): PtvOrganization[] {
  const byId = new Map(records.map((r) => [r.id, r]));
  const out: PtvOrganization[] = [];
  const placed = new Set<string>();
  const place = (r: PtvOrganization, path: Set<string>) => {
    if (placed.has(r.id) || path.has(r.id)) return;
    path.add(r.id);
    const parent = r.parentOrganizationId ? byId.get(r.parentOrganizationId) : undefined;
    if (parent) place(parent, path);
    placed.add(r.id);
    out.push(r);
  };
  records.forEach((r) => place(r, new Set()));
  return out;
}

class DryRun extends Error {}

/**
 * Imports organisations and services from the Finnish Service Catalogue's open API (v11 JSON
 * files) as partner actors and their service offerings, in one transaction (all or nothing).
 *
 * - Records are matched by their PTV id only: a record authored in the hub (no PTV id) is never
 *   touched, and one that was edited in the hub since its last import (its version moved past
 *   the one the import left) is skipped, not overwritten.
 * - A second import of the same files changes nothing; a changed file updates the fields that
 *   changed, which the report lists and the audit log records (action IMPORT, no staff member).
 * - Organisation type → actor kind, names and descriptions in fi/sv/en, service areas → regions,
 *   service classes → categories (tables in ptv-mappings.ts); what cannot be mapped honestly is
 *   skipped or left out with its reason.
 * - Imported offerings are PUBLISHED (they are public in PTV) and announced to subscribers as
 *   created, updated or (when PTV no longer publishes them) archived.
 * - Files with problems (not JSON, not PTV's shape, unknown area codes) are reported per record
 *   and nothing is imported. `dryRun` reports what would change and writes nothing.
 */
export async function importPtv(
  em: EntityManager,
  files: readonly PtvFile[],
  options: { dryRun?: boolean } = {},
): Promise<ImportReport> {
  const parsed = parsePtvFiles(files);
  const report: ImportReport = {
    dryRun: options.dryRun ?? false,
    files: files.length,
    problems: parsed.problems,
    organizations: { created: 0, updated: 0, unchanged: 0, skipped: 0 },
    services: { created: 0, updated: 0, unchanged: 0, skipped: 0 },
    records: [],
  };
  if (parsed.problems.length) return report;
  const organizations = [...parsed.organizations.values()].map((o) => o.record);
  const services = [...parsed.services.values()].map((s) => s.record);
  try {
    await em.transactional(async (tx) => {
      await new PtvImport(tx, report).run(organizations, services);
      if (options.dryRun) throw new DryRun();
    });
  } catch (e) {
    if (!(e instanceof DryRun)) throw e;
  }
  for (const r of report.records)
    report[r.kind === 'organization' ? 'organizations' : 'services'][r.outcome]++;
  return report;
}

/** One run of the import inside its transaction. */
class PtvImport {
  private regions = new Map<string, Region>();
  private municipalityCodes = new Set<string>();
  private categories = new Map<string, ServiceCategory>();
  private slugs = new Set<string>();
  /** Actors by PTV id: those already in the hub and those this run creates. */
  private actors = new Map<string, Actor>();
  /** Why an organisation of this run was skipped, by PTV id. */
  private skippedOrganizations = new Map<string, string>();
  private touchedActors: string[] = [];
  private touchedOfferings: { id: string; change: ServiceOfferingChangeType }[] = [];

  constructor(
    private readonly em: EntityManager,
    private readonly report: ImportReport,
  ) {}

  async run(organizations: PtvOrganization[], services: PtvService[]): Promise<void> {
    const em = this.em;
    for (const r of await em.find(Region, {})) {
      this.regions.set(r.code, r);
      if (r.kind === RegionKind.MUNICIPALITY) this.municipalityCodes.add(r.code);
    }
    for (const c of await em.find(ServiceCategory, {})) this.categories.set(c.code, c);
    for (const slug of await actorService.allSlugs(em)) this.slugs.add(slug);
    const referenced = [
      ...organizations.flatMap((o) => [o.id, o.parentOrganizationId ?? []].flat()),
      ...services.map((s) => this.responsibleOf(s)).filter((id): id is string => !!id),
    ];
    const existing = await em.find(
      Actor,
      { ptvId: { $in: [...new Set(referenced)] } },
      { populate: ['regions'] },
    );
    existing.forEach((a) => this.actors.set(a.ptvId!, a));

    for (const record of parentsFirst(organizations)) this.organization(record);
    const offerings = await em.find(
      ServiceOffering,
      { ptvId: { $in: services.map((s) => s.id) } },
      { populate: ['categories', 'regions'] },
    );
    const byPtv = new Map(offerings.map((o) => [o.ptvId!, o]));
    for (const record of services) this.service(record, byPtv.get(record.id) ?? null);

    await em.flush();
    // The versions the import leaves: a later edit in the hub moves past them.
    await markImported(em, Actor, this.touchedActors);
    await markImported(
      em,
      ServiceOffering,
      this.touchedOfferings.map((o) => o.id),
    );
    for (const { id, change } of this.touchedOfferings) {
      await announce(em, AnnouncementTopic.SERVICE_OFFERING_CHANGED, change, id);
    }
  }

  private responsibleOf(s: PtvService): string | null {
    const responsible = s.organizations?.find((o) => o.roleType === 'Responsible');
    return (
      responsible?.organization?.id ?? responsible?.organizationId ?? s.mainResponsibleOrganization ?? null
    );
  }

  private add(outcome: RecordOutcome): void {
    this.report.records.push(outcome);
  }

  /** The record's hub region entities and notes on the areas left out. */
  private regionsOf(record: PtvOrganization | PtvService): { regions: Region[]; notes: string[] } {
    const { codes, notes } = hubRegionCodes(record.areaType, record.areas, this.municipalityCodes);
    return { regions: codes.map((c) => this.regions.get(c)).filter((r): r is Region => !!r), notes };
  }

  /** Whether an imported record was edited in the hub since the import last wrote it. */
  private editedInHub(record: { version: number; importedVersion?: number | null }): boolean {
    return record.importedVersion != null && record.version !== record.importedVersion;
  }

  private organization(o: PtvOrganization): void {
    const name = texts(o.organizationNames, 'Name');
    const base = { kind: 'organization' as const, ptvId: o.id, name: displayName(name, o.id), notes: [] };
    const existing = this.actors.get(o.id);
    const skip = (reason: string) => {
      this.skippedOrganizations.set(o.id, reason);
      this.add({ ...base, outcome: 'skipped', reason, hubId: existing?.id, slug: existing?.slug });
    };
    const kind = ORGANIZATION_KINDS[o.organizationType];
    if (typeof kind === 'object') return skip(kind.skip);
    if (!name) return skip('it has no name in Finnish, Swedish or English');
    if (o.publishingStatus !== 'Published') return skip(`it is not published in PTV (${o.publishingStatus})`);
    if (existing && this.editedInHub(existing)) {
      return skip('it was edited in the hub since its last import: not overwritten');
    }
    const { regions, notes } = this.regionsOf(o);
    const parent = o.parentOrganizationId ? this.actors.get(o.parentOrganizationId) : undefined;
    if (o.parentOrganizationId && !parent)
      notes.push(`its parent organisation ${o.parentOrganizationId} is not in the hub: imported without it`);
    const website = webAddress((o.webPages?.find((w) => w.language === 'fi') ?? o.webPages?.[0])?.url);
    const municipalityCode = o.municipality?.code;
    const desired = {
      kind: kind as ActorKind,
      nameI18n: name,
      descriptionI18n: texts(o.organizationDescriptions, 'Description', 'Summary'),
      website,
      languages: hubLanguages(o.availableLanguages),
      parent: parent ?? null,
      municipality:
        municipalityCode && this.municipalityCodes.has(municipalityCode)
          ? this.regions.get(municipalityCode)!
          : null,
    };
    const actor =
      existing ??
      this.em.create(Actor, {
        slug: this.newSlug(displayName(name, 'ptv')),
        ...desired,
        ptvId: o.id,
        importSource: ImportSource.PTV,
      });
    const before = existing ? snapshot(actor, ACTOR_FIELDS) : {};
    Object.assign(actor, {
      kind: desired.kind,
      nameI18n: desired.nameI18n,
      descriptionI18n: desired.descriptionI18n,
      website: desired.website,
      languages: desired.languages,
      parent: desired.parent ? this.em.getReference(Actor, desired.parent.id, { wrapped: true }) : null,
      municipality: desired.municipality
        ? this.em.getReference(Region, desired.municipality.id, { wrapped: true })
        : null,
    });
    if (!sameIds(actor.regions.getItems(), regions)) actor.regions.set(regions);
    const changes = diffSnapshots(before, snapshot(actor, ACTOR_FIELDS));
    this.actors.set(o.id, actor);
    const outcome: Outcome = !existing ? 'created' : changes.length ? 'updated' : 'unchanged';
    if (outcome !== 'unchanged') {
      if (existing) actor.updatedAt = new Date();
      this.touchedActors.push(actor.id);
      auditService.recordImport(this.em, {
        entityType: 'Actor',
        entityId: actor.id,
        ownerActorId: actor.id,
        changes,
      });
    }
    this.add({
      ...base,
      outcome,
      hubId: actor.id,
      slug: actor.slug,
      notes,
      ...(outcome === 'updated' ? { changes: changes.map((c) => c.field) } : {}),
    });
  }

  private newSlug(name: string): string {
    const base = slugOf(name);
    let slug = base;
    for (let n = 2; this.slugs.has(slug); n++) slug = `${base}-${n}`;
    this.slugs.add(slug);
    return slug;
  }

  private service(s: PtvService, existing: ServiceOffering | null): void {
    const title = texts(s.serviceNames, 'Name');
    const base = {
      kind: 'service' as const,
      ptvId: s.id,
      name: displayName(title, s.id),
      notes: [] as string[],
    };
    const skip = (reason: string) => this.add({ ...base, outcome: 'skipped', reason, hubId: existing?.id });
    if (existing && this.editedInHub(existing)) {
      return skip('it was edited in the hub since its last import: not overwritten');
    }
    if (s.publishingStatus !== 'Published') {
      if (!existing || existing.status === PublicationStatus.ARCHIVED) {
        return skip(`it is not published in PTV (${s.publishingStatus})`);
      }
      // No longer public in PTV: no longer public here.
      const before = snapshot(existing, OFFERING_FIELDS);
      existing.status = PublicationStatus.ARCHIVED;
      return this.offeringDone(base, existing, before, ServiceOfferingChangeType.ARCHIVED);
    }
    if (!title) return skip('it has no name in Finnish, Swedish or English');
    const responsible = this.responsibleOf(s);
    const actor = responsible ? this.actors.get(responsible) : undefined;
    if (!actor) {
      const why = responsible ? this.skippedOrganizations.get(responsible) : undefined;
      return skip(
        !responsible
          ? 'it names no responsible organisation'
          : why
            ? `its responsible organisation ${responsible} was skipped (${why})`
            : `its responsible organisation ${responsible} is not in the hub: import its record too`,
      );
    }
    const classes = (s.serviceClasses ?? []).map((c) => c.code);
    const codes = [...new Set(classes.flatMap((c) => SERVICE_CLASS_CATEGORIES[c]?.categories ?? []))];
    const categories = codes.map((c) => this.categories.get(c)).filter((c): c is ServiceCategory => !!c);
    if (categories.length === 0) {
      return skip(`none of its service classes maps to a hub category (${classes.join(', ') || 'none'})`);
    }
    const { regions, notes } = this.regionsOf(s);
    if (regions.length === 0)
      return skip(
        `none of its service areas is among the hub's regions (${notes.join('; ') || 'none given'})`,
      );
    base.notes = notes;
    const offering =
      existing ??
      this.em.create(ServiceOffering, {
        actor,
        titleI18n: title,
        ptvId: s.id,
        importSource: ImportSource.PTV,
        status: PublicationStatus.PUBLISHED,
      });
    const before = existing ? snapshot(offering, OFFERING_FIELDS) : {};
    Object.assign(offering, {
      actor: this.em.getReference(Actor, actor.id, { wrapped: true }),
      titleI18n: title,
      descriptionI18n: texts(s.serviceDescriptions, 'Description', 'Summary'),
      howToApplyI18n: texts(s.serviceDescriptions, 'UserInstruction'),
      languages: hubLanguages(s.languages),
      cost: CostType[CHARGE_TYPES[s.serviceChargeType ?? ''] ?? 'VARIES'],
      status: PublicationStatus.PUBLISHED,
    });
    if (!sameIds(offering.categories.getItems(), categories)) offering.categories.set(categories);
    if (!sameIds(offering.regions.getItems(), regions)) offering.regions.set(regions);
    const republished = existing && existing.status !== PublicationStatus.PUBLISHED;
    this.offeringDone(
      base,
      offering,
      before,
      !existing
        ? ServiceOfferingChangeType.CREATED
        : republished
          ? ServiceOfferingChangeType.PUBLISHED
          : ServiceOfferingChangeType.UPDATED,
      !existing,
    );
  }

  private offeringDone(
    base: Omit<RecordOutcome, 'outcome'>,
    offering: ServiceOffering,
    before: ReturnType<typeof snapshot>,
    change: ServiceOfferingChangeType,
    created = false,
  ): void {
    const changes = diffSnapshots(before, snapshot(offering, OFFERING_FIELDS));
    const outcome: Outcome = created ? 'created' : changes.length ? 'updated' : 'unchanged';
    if (outcome !== 'unchanged') {
      this.touchedOfferings.push({ id: offering.id, change });
      offering.updatedAt = new Date();
      auditService.recordImport(this.em, {
        entityType: 'ServiceOffering',
        entityId: offering.id,
        ownerActorId: offering.actor.id,
        changes,
      });
    }
    this.add({
      ...base,
      outcome,
      hubId: offering.id,
      ...(outcome === 'updated' ? { changes: changes.map((c) => c.field) } : {}),
    });
  }
}
