import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { openDatabase } from '../../src/db/database';

/**
 * Deterministic benchmark data: the same seed and size always give the same rows (ids included),
 * so results of different runs are comparable. Bump GENERATOR_VERSION whenever the output changes:
 * a database whose marker records another version is dropped and generated anew.
 */
export const GENERATOR_VERSION = '1';
export const SEED = 20261125;

export const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export const SIZES: Record<string, number> = { '1k': 1_000, '10k': 10_000, '100k': 100_000 };

export function databaseUrl(name: string): string {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** sfc32: a small, fast, seedable PRNG (32-bit state words). */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.u32();
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** `n` distinct items in their original order. */
  sample<T>(items: readonly T[], n: number): T[] {
    const chosen = new Set<number>();
    while (chosen.size < Math.min(n, items.length)) chosen.add(Math.floor(this.next() * items.length));
    return [...chosen].sort((x, y) => x - y).map((i) => items[i]);
  }

  /** Picks by weight: `[[value, weight], ...]`. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [value, w] of choices) {
      r -= w;
      if (r < 0) return value;
    }
    return choices[choices.length - 1][0];
  }

  uuid(): string {
    const h = [this.u32(), this.u32(), this.u32(), this.u32()].map((x) => x.toString(16).padStart(8, '0'));
    const s = h.join('');
    const variant = ((parseInt(s[16], 16) & 0x3) | 0x8).toString(16);
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-${variant}${s.slice(17, 20)}-${s.slice(20, 32)}`;
  }
}

type ColumnType = 'uuid' | 'text' | 'int' | 'bool' | 'timestamptz' | 'date' | 'text[]' | 'jsonb';
type Value = string | number | boolean | null;

/** A text[] literal for values without quotes, commas or braces (codes, tags). */
function pgArray(values: readonly string[]): string {
  return `{${values.join(',')}}`;
}

/** Batched multi-row inserts: one `insert ... select from unnest($1::uuid[], ...)` per 5000 rows. */
class TableWriter {
  private rows: Value[][] = [];
  count = 0;

  constructor(
    private readonly client: Client,
    private readonly table: string,
    private readonly columns: readonly (readonly [string, ColumnType])[],
    /** Tables this one references: flushed first, so foreign keys hold. */
    private readonly parents: readonly TableWriter[] = [],
  ) {}

  async add(row: Value[]): Promise<void> {
    this.rows.push(row);
    this.count++;
    if (this.rows.length >= 5000) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.rows.length === 0) return;
    for (const parent of this.parents) await parent.flush();
    const rows = this.rows;
    this.rows = [];
    const params = this.columns.map((_, i) => rows.map((r) => r[i]));
    const paramTypes = this.columns.map(([, t], i) => {
      const base = t === 'text[]' || t === 'jsonb' ? 'text' : t;
      return `$${i + 1}::${base}[]`;
    });
    const names = this.columns.map(([n]) => `"${n}"`).join(', ');
    const select = this.columns.map(([, t], i) => `c${i}::${t}`).join(', ');
    const aliases = this.columns.map((_, i) => `c${i}`).join(', ');
    await this.client.query(
      `insert into "${this.table}" (${names}) select ${select} from unnest(${paramTypes.join(', ')}) as t(${aliases})`,
      params,
    );
  }
}

const ACTOR_KINDS = [
  ['ELMERI_SCHOOL', 35],
  ['VALTERI', 25],
  ['HOSPITAL_TEACHING_UNIT', 30],
  ['STATE_SCHOOL_HOME', 10],
] as const;
const KIND_NAMES: Record<string, [string, string, string, string]> = {
  ELMERI_SCHOOL: ['elmeri', 'Elmeri-koulu', 'Elmeri-skolan', 'Elmeri school'],
  VALTERI: ['valteri', 'Valteri-yksikkö', 'Valteri-enheten', 'Valteri unit'],
  HOSPITAL_TEACHING_UNIT: ['sairaalakoulu', 'Sairaalakoulu', 'Sjukhusskolan', 'Hospital school'],
  STATE_SCHOOL_HOME: ['koulukoti', 'Koulukoti', 'Skolhemmet', 'State school home'],
};
const PLACES = [
  ['Kuopio', 'Kuopio'],
  ['Oulu', 'Uleåborg'],
  ['Tampere', 'Tammerfors'],
  ['Turku', 'Åbo'],
  ['Helsinki', 'Helsingfors'],
  ['Jyväskylä', 'Jyväskylä'],
  ['Vaasa', 'Vasa'],
  ['Lahti', 'Lahtis'],
  ['Joensuu', 'Joensuu'],
  ['Rovaniemi', 'Rovaniemi'],
  ['Pori', 'Björneborg'],
  ['Kajaani', 'Kajana'],
  ['Seinäjoki', 'Seinäjoki'],
  ['Hämeenlinna', 'Tavastehus'],
  ['Kotka', 'Kotka'],
  ['Mikkeli', 'S:t Michel'],
] as const;
const SERVICE_TOPICS = [
  ['Koulunkäynnin tuen konsultaatio', 'Konsultation om skolgångsstöd', 'Consultation on school support'],
  ['Kouluun paluun tuki', 'Stöd för återgång till skolan', 'Support for returning to school'],
  ['Oppimisen tutkimusjakso', 'Utredningsperiod för lärande', 'Learning assessment period'],
  ['Kuntoutusjakso perheille', 'Rehabiliteringsperiod för familjer', 'Rehabilitation period for families'],
  ['Opettajien täydennyskoulutus', 'Fortbildning för lärare', 'Continuing education for teachers'],
  ['Etäopetuksen ohjaus', 'Handledning i distansundervisning', 'Guidance on remote teaching'],
  ['Nivelvaiheen tuki', 'Stöd vid övergångar', 'Transition support'],
  ['Sairaalaopetuksen yhteistyö', 'Samarbete kring sjukhusundervisning', 'Hospital teaching cooperation'],
  ['Koulukotiopetuksen jakso', 'Undervisningsperiod vid skolhem', 'School home teaching period'],
  ['Verkostoyhteistyön tapaamiset', 'Nätverksmöten', 'Network meetings'],
  ['Arviointi ja suositukset', 'Bedömning och rekommendationer', 'Assessment and recommendations'],
  ['Perheohjaus', 'Familjehandledning', 'Family guidance'],
] as const;
const AUDIENCES = [
  ['alakouluikäisille', 'för elever i lågstadiet', 'for primary pupils'],
  ['yläkoululaisille', 'för elever i högstadiet', 'for lower-secondary pupils'],
  ['toisen asteen opiskelijoille', 'för studerande på andra stadiet', 'for upper-secondary students'],
  ['esiopetukseen', 'för förskoleundervisningen', 'for pre-primary education'],
  ['kunnan oppilashuollolle', 'för kommunens elevhälsa', 'for municipal pupil welfare'],
  ['opettajille ja kouluille', 'för lärare och skolor', 'for teachers and schools'],
] as const;
const AGE_GROUPS = ['EARLY_CHILDHOOD', 'PRE_PRIMARY', 'PRIMARY', 'LOWER_SECONDARY', 'UPPER_SECONDARY'];
const LANGUAGES = ['FI', 'SV', 'EN'];
const DELIVERY_MODES = ['ON_SITE', 'REMOTE', 'OUTREACH'];
const COSTS = [
  ['FREE', 60],
  ['MUNICIPALITY_FUNDED', 25],
  ['PAID', 10],
  ['VARIES', 5],
] as const;
const MATERIAL_KINDS = [
  ['VIDEO', 30],
  ['DOCUMENT', 15],
  ['GUIDE', 20],
  ['SCREENING_TOOL', 5],
  ['TRAINING_MATERIAL', 15],
  ['WEB_PAGE', 10],
  ['OTHER', 5],
] as const;
const TAGS = [
  'vaatu',
  'video',
  'koulu',
  'oppilashuolto',
  'autismi',
  'nepsy',
  'sijoitus',
  'etaopetus',
  'opas',
];
const INITIATIVE_KINDS = [
  'THEME_GROUP',
  'DEVELOPMENT_PROJECT',
  'PILOT',
  'NETWORK',
  'TRAINING_PROGRAMME',
  'OTHER',
];
const EVENT_KINDS = ['NETWORK_DAY', 'TRAINING', 'WEBINAR', 'CONFERENCE', 'MEETING', 'OTHER'];
const FIRST_NAMES = ['Maija', 'Pekka', 'Anna', 'Juha', 'Liisa', 'Mikko', 'Sanna', 'Ville', 'Eeva', 'Antti'];
const LAST_NAMES = ['Virtanen', 'Korhonen', 'Mäkinen', 'Nieminen', 'Hämäläinen', 'Laine', 'Heikkinen'];

/** 2026-06-01T00:00:00Z: generated timestamps lie before it, events around it. */
const BASE_MS = Date.UTC(2026, 5, 1);

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function day(ms: number): string {
  return iso(ms).slice(0, 10);
}

export interface GeneratedCounts {
  actors: number;
  contacts: number;
  offerings: number;
  initiatives: number;
  participants: number;
  materials: number;
  events: number;
  needs: number;
}

interface Reference {
  regions: { id: string; code: string; kind: string }[];
  categories: string[];
  supportNeeds: string[];
}

/** Loads `offerings` service offerings and everything around them into a migrated, empty database. */
export async function loadData(client: Client, offerings: number, seed = SEED): Promise<GeneratedCounts> {
  const ref: Reference = {
    regions: (await client.query('select id, code, kind from region order by code')).rows,
    categories: (await client.query('select code from service_category order by code')).rows.map(
      (r: { code: string }) => r.code,
    ),
    supportNeeds: (await client.query('select code from support_need order by code')).rows.map(
      (r: { code: string }) => r.code,
    ),
  };
  const regionIds = ref.regions.map((r) => r.id);
  const rnd = new Prng(seed ^ offerings);
  const nActors = Math.max(20, Math.round(offerings / 10));
  const nInitiatives = Math.max(2, Math.round(nActors / 10));

  // Actors (about a fifth of the Valteri ones are units of an earlier Valteri actor).
  const actors = new TableWriter(client, 'actor', [
    ['id', 'uuid'],
    ['created_at', 'timestamptz'],
    ['updated_at', 'timestamptz'],
    ['slug', 'text'],
    ['kind', 'text'],
    ['name_fi', 'text'],
    ['name_sv', 'text'],
    ['name_en', 'text'],
    ['description_fi', 'text'],
    ['description_sv', 'text'],
    ['website', 'text'],
    ['languages', 'text[]'],
    ['parent_id', 'uuid'],
    ['version', 'int'],
  ]);
  const actorRegions = new TableWriter(
    client,
    'actor_region',
    [
      ['actor_id', 'uuid'],
      ['region_id', 'uuid'],
    ],
    [actors],
  );
  const contacts = new TableWriter(
    client,
    'contact',
    [
      ['id', 'uuid'],
      ['actor_id', 'uuid'],
      ['name', 'text'],
      ['title_fi', 'text'],
      ['email', 'text'],
      ['phone', 'text'],
    ],
    [actors],
  );
  const actorIds: string[] = [];
  const actorContact: (string | null)[] = [];
  const valteri: string[] = [];
  for (let i = 0; i < nActors; i++) {
    const id = rnd.uuid();
    const kind = rnd.weighted(ACTOR_KINDS);
    const [slugWord, fi, sv, en] = KIND_NAMES[kind];
    const [placeFi, placeSv] = rnd.pick(PLACES);
    const parent = kind === 'VALTERI' && valteri.length > 0 && rnd.chance(0.2) ? rnd.pick(valteri) : null;
    if (kind === 'VALTERI' && !parent) valteri.push(id);
    const created = BASE_MS - 400 * 86_400_000 + i * 60_000;
    const n = String(i + 1).padStart(5, '0');
    const languages = rnd.chance(0.8) ? ['FI'] : rnd.sample(LANGUAGES, rnd.int(1, 3));
    await actors.add([
      id,
      iso(created),
      iso(created + rnd.int(0, 86_400_000)),
      `bench-${slugWord}-${placeFi.toLowerCase().replace(/[^a-z]/g, '')}-${n}`,
      kind,
      `${fi} ${placeFi} ${n}`,
      `${sv} ${placeSv} ${n}`,
      rnd.chance(0.3) ? `${en} ${placeFi} ${n}` : null,
      `${fi} ${placeFi} tukee lasten ja nuorten koulunkäyntiä alueellaan yhdessä kuntien kanssa.`,
      rnd.chance(0.5) ? `${sv} ${placeSv} stöder barns och ungas skolgång tillsammans med kommunerna.` : null,
      `https://example.org/${slugWord}/${n}`,
      pgArray(languages),
      parent,
      1,
    ]);
    for (const region of rnd.sample(regionIds, rnd.int(1, 3))) await actorRegions.add([id, region]);
    let contact: string | null = null;
    if (rnd.chance(0.5)) {
      contact = rnd.uuid();
      const name = `${rnd.pick(FIRST_NAMES)} ${rnd.pick(LAST_NAMES)}`;
      await contacts.add([
        contact,
        id,
        name,
        'Erityisopettaja',
        `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@example.org`,
        `+358 40 ${String(1_000_000 + i).slice(-7)}`,
      ]);
    }
    actorIds.push(id);
    actorContact.push(contact);
  }
  await actors.flush();
  await actorRegions.flush();
  await contacts.flush();

  // Service offerings, with their regions (counties and areas), categories and support needs.
  const offeringsW = new TableWriter(client, 'service_offering', [
    ['id', 'uuid'],
    ['created_at', 'timestamptz'],
    ['updated_at', 'timestamptz'],
    ['actor_id', 'uuid'],
    ['title_fi', 'text'],
    ['title_sv', 'text'],
    ['title_en', 'text'],
    ['description_fi', 'text'],
    ['description_sv', 'text'],
    ['age_groups', 'text[]'],
    ['languages', 'text[]'],
    ['delivery_modes', 'text[]'],
    ['cost', 'text'],
    ['referral_required', 'bool'],
    ['status', 'text'],
    ['valid_from', 'date'],
    ['valid_until', 'date'],
    ['contact_id', 'uuid'],
    ['version', 'int'],
  ]);
  const offeringRegions = new TableWriter(
    client,
    'service_offering_region',
    [
      ['service_offering_id', 'uuid'],
      ['region_id', 'uuid'],
    ],
    [offeringsW],
  );
  const offeringCategories = new TableWriter(
    client,
    'service_offering_category',
    [
      ['service_offering_id', 'uuid'],
      ['category_code', 'text'],
    ],
    [offeringsW],
  );
  const offeringNeeds = new TableWriter(
    client,
    'service_offering_support_need',
    [
      ['service_offering_id', 'uuid'],
      ['support_need_code', 'text'],
    ],
    [offeringsW],
  );
  for (let j = 0; j < offerings; j++) {
    const id = rnd.uuid();
    const a = rnd.chance(0.7) ? j % nActors : rnd.int(0, nActors - 1);
    const [tFi, tSv, tEn] = rnd.pick(SERVICE_TOPICS);
    const [aFi, aSv, aEn] = rnd.pick(AUDIENCES);
    const created = BASE_MS - 365 * 86_400_000 + Math.floor((j * 365 * 86_400_000) / offerings);
    const from = rnd.chance(0.5) ? created + rnd.int(0, 30) * 86_400_000 : null;
    const until = from != null && rnd.chance(0.5) ? from + rnd.int(30, 700) * 86_400_000 : null;
    const status = rnd.weighted([
      ['PUBLISHED', 88],
      ['DRAFT', 10],
      ['ARCHIVED', 2],
    ] as const);
    const n = j + 1;
    await offeringsW.add([
      id,
      iso(created),
      iso(created + rnd.int(0, 20) * 86_400_000),
      actorIds[a],
      `${tFi} ${aFi} ${n}`,
      `${tSv} ${aSv} ${n}`,
      rnd.chance(0.3) ? `${tEn} ${aEn} ${n}` : null,
      `${tFi} ${aFi}: suunnitellaan yhdessä oppilaan, huoltajien ja koulun kanssa. Tuki järjestetään lähikoulussa tai etänä.`,
      rnd.chance(0.6) ? `${tSv} ${aSv}: planeras tillsammans med eleven, vårdnadshavarna och skolan.` : null,
      pgArray(rnd.sample(AGE_GROUPS, rnd.int(1, 3))),
      pgArray(rnd.chance(0.75) ? ['FI'] : rnd.sample(LANGUAGES, rnd.int(1, 3))),
      pgArray(rnd.sample(DELIVERY_MODES, rnd.int(1, 3))),
      rnd.weighted(COSTS),
      rnd.chance(0.3),
      status,
      from != null ? day(from) : null,
      until != null ? day(until) : null,
      actorContact[a] && rnd.chance(0.5) ? actorContact[a] : null,
      1,
    ]);
    // Mostly wellbeing services counties, sometimes a whole collaboration area.
    for (const region of rnd.sample(ref.regions, rnd.int(1, 3))) await offeringRegions.add([id, region.id]);
    for (const c of rnd.sample(ref.categories, rnd.int(1, 2))) await offeringCategories.add([id, c]);
    for (const s of rnd.sample(ref.supportNeeds, rnd.int(1, 3))) await offeringNeeds.add([id, s]);
  }
  await offeringsW.flush();
  await offeringRegions.flush();
  await offeringCategories.flush();
  await offeringNeeds.flush();

  // Joint initiatives with 5-20 participants each (the first one leads).
  const initiatives = new TableWriter(client, 'joint_initiative', [
    ['id', 'uuid'],
    ['created_at', 'timestamptz'],
    ['updated_at', 'timestamptz'],
    ['title_fi', 'text'],
    ['title_sv', 'text'],
    ['description_fi', 'text'],
    ['kind', 'text'],
    ['status', 'text'],
    ['publication_status', 'text'],
    ['starts_on', 'date'],
    ['ends_on', 'date'],
    ['version', 'int'],
  ]);
  const initiativeRegions = new TableWriter(
    client,
    'joint_initiative_region',
    [
      ['joint_initiative_id', 'uuid'],
      ['region_id', 'uuid'],
    ],
    [initiatives],
  );
  const participants = new TableWriter(
    client,
    'initiative_participant',
    [
      ['id', 'uuid'],
      ['created_at', 'timestamptz'],
      ['updated_at', 'timestamptz'],
      ['initiative_id', 'uuid'],
      ['actor_id', 'uuid'],
      ['role', 'text'],
      ['joined_at', 'timestamptz'],
    ],
    [initiatives],
  );
  const initiativeIds: string[] = [];
  for (let k = 0; k < nInitiatives; k++) {
    const id = rnd.uuid();
    const created = BASE_MS - 300 * 86_400_000 + k * 3_600_000;
    const starts = created + rnd.int(0, 60) * 86_400_000;
    const [tFi, tSv] = rnd.pick(SERVICE_TOPICS);
    await initiatives.add([
      id,
      iso(created),
      iso(created),
      `Yhteishanke: ${tFi} ${k + 1}`,
      `Samarbetsprojekt: ${tSv} ${k + 1}`,
      'Vaatu-toimijoiden yhteinen kehittämishanke koulunkäynnin tueksi.',
      rnd.pick(INITIATIVE_KINDS),
      rnd.pick(['PLANNED', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'COMPLETED']),
      rnd.chance(0.9) ? 'PUBLISHED' : 'DRAFT',
      day(starts),
      rnd.chance(0.6) ? day(starts + rnd.int(90, 900) * 86_400_000) : null,
      1,
    ]);
    for (const region of rnd.sample(regionIds, rnd.int(1, 2))) await initiativeRegions.add([id, region]);
    const members = rnd.sample(actorIds, rnd.int(5, 20));
    for (let m = 0; m < members.length; m++) {
      const joined = iso(created + m * 86_400_000);
      await participants.add([
        rnd.uuid(),
        joined,
        joined,
        id,
        members[m],
        m === 0 ? 'LEAD' : rnd.chance(0.8) ? 'PARTNER' : 'EXPERT',
        joined,
      ]);
    }
    initiativeIds.push(id);
  }
  await initiatives.flush();
  await initiativeRegions.flush();
  await participants.flush();

  // Materials and videos in Finnish and Swedish.
  const materials = new TableWriter(client, 'shared_material', [
    ['id', 'uuid'],
    ['created_at', 'timestamptz'],
    ['updated_at', 'timestamptz'],
    ['kind', 'text'],
    ['title_fi', 'text'],
    ['title_sv', 'text'],
    ['description_fi', 'text'],
    ['description_sv', 'text'],
    ['url', 'text'],
    ['languages', 'text[]'],
    ['tags', 'text[]'],
    ['publisher_id', 'uuid'],
    ['initiative_id', 'uuid'],
    ['status', 'text'],
    ['published_at', 'timestamptz'],
    ['video', 'jsonb'],
    ['version', 'int'],
  ]);
  const nMaterials = Math.round(offerings / 5);
  for (let m = 0; m < nMaterials; m++) {
    const kind = rnd.weighted(MATERIAL_KINDS);
    const created = BASE_MS - 365 * 86_400_000 + Math.floor((m * 365 * 86_400_000) / nMaterials);
    const status = rnd.weighted([
      ['PUBLISHED', 85],
      ['DRAFT', 12],
      ['ARCHIVED', 3],
    ] as const);
    const [tFi, tSv] = rnd.pick(SERVICE_TOPICS);
    const video =
      kind === 'VIDEO'
        ? JSON.stringify({
            duration_seconds: rnd.int(60, 3600),
            caption_languages: rnd.sample(LANGUAGES, rnd.int(0, 2)),
            thumbnail_url: rnd.chance(0.5) ? `https://example.org/thumbs/${m + 1}.jpg` : null,
          })
        : null;
    await materials.add([
      rnd.uuid(),
      iso(created),
      iso(created),
      kind,
      `${kind === 'VIDEO' ? 'Video' : 'Materiaali'}: ${tFi} ${m + 1}`,
      `${kind === 'VIDEO' ? 'Video' : 'Material'}: ${tSv} ${m + 1}`,
      `${tFi}. Aineisto opettajille, oppilashuollolle ja huoltajille.`,
      rnd.chance(0.5) ? `${tSv}. Material för lärare, elevhälsan och vårdnadshavare.` : null,
      `https://example.org/materials/${m + 1}`,
      pgArray(rnd.sample(['FI', 'SV'], rnd.int(1, 2))),
      pgArray(rnd.sample(TAGS, rnd.int(0, 3))),
      rnd.pick(actorIds),
      rnd.chance(0.2) ? rnd.pick(initiativeIds) : null,
      status,
      status === 'DRAFT' ? null : iso(created + rnd.int(0, 5) * 86_400_000),
      video,
      1,
    ]);
  }
  await materials.flush();

  // Events organised by one or two actors, some within an initiative.
  const events = new TableWriter(client, 'event', [
    ['id', 'uuid'],
    ['created_at', 'timestamptz'],
    ['updated_at', 'timestamptz'],
    ['kind', 'text'],
    ['title_fi', 'text'],
    ['title_sv', 'text'],
    ['description_fi', 'text'],
    ['starts_at', 'timestamptz'],
    ['ends_at', 'timestamptz'],
    ['location', 'text'],
    ['remote_participation', 'bool'],
    ['free', 'bool'],
    ['registration_url', 'text'],
    ['status', 'text'],
    ['publication_status', 'text'],
    ['version', 'int'],
  ]);
  const eventInitiatives = new TableWriter(
    client,
    'event_initiative',
    [
      ['event_id', 'uuid'],
      ['joint_initiative_id', 'uuid'],
    ],
    [events],
  );
  const organizers = new TableWriter(
    client,
    'event_organizer',
    [
      ['event_id', 'uuid'],
      ['actor_id', 'uuid'],
    ],
    [events],
  );
  const eventRegions = new TableWriter(
    client,
    'event_region',
    [
      ['event_id', 'uuid'],
      ['region_id', 'uuid'],
    ],
    [events],
  );
  const nEvents = Math.round(offerings / 10);
  for (let e = 0; e < nEvents; e++) {
    const id = rnd.uuid();
    const created = BASE_MS - 200 * 86_400_000 + e * 600_000;
    const starts = BASE_MS + rnd.int(-180, 540) * 86_400_000 + rnd.int(8, 16) * 3_600_000;
    const [tFi, tSv] = rnd.pick(SERVICE_TOPICS);
    const [placeFi] = rnd.pick(PLACES);
    const initiative = rnd.chance(0.2) ? rnd.pick(initiativeIds) : null;
    await events.add([
      id,
      iso(created),
      iso(created),
      rnd.pick(EVENT_KINDS),
      `${tFi}: tilaisuus ${e + 1}`,
      rnd.chance(0.5) ? `${tSv}: evenemang ${e + 1}` : null,
      'Avoin tilaisuus Vaatu-verkoston toimijoille ja kuntien opetustoimelle.',
      iso(starts),
      rnd.chance(0.8) ? iso(starts + rnd.int(1, 8) * 3_600_000) : null,
      rnd.chance(0.7) ? placeFi : null,
      rnd.chance(0.6),
      rnd.chance(0.8),
      rnd.chance(0.5) ? `https://example.org/events/${e + 1}` : null,
      rnd.chance(0.95) ? 'SCHEDULED' : 'CANCELLED',
      rnd.chance(0.9) ? 'PUBLISHED' : 'DRAFT',
      1,
    ]);
    if (initiative) await eventInitiatives.add([id, initiative]);
    for (const a of rnd.sample(actorIds, rnd.int(1, 2))) await organizers.add([id, a]);
    for (const region of rnd.sample(regionIds, rnd.int(1, 2))) await eventRegions.add([id, region]);
  }
  await events.flush();
  await eventInitiatives.flush();
  await organizers.flush();
  await eventRegions.flush();

  // Service needs reported by regions.
  const needs = new TableWriter(client, 'service_need', [
    ['id', 'uuid'],
    ['created_at', 'timestamptz'],
    ['updated_at', 'timestamptz'],
    ['region_id', 'uuid'],
    ['age_groups', 'text[]'],
    ['description_fi', 'text'],
    ['description_sv', 'text'],
    ['status', 'text'],
    ['version', 'int'],
  ]);
  const needCategories = new TableWriter(
    client,
    'service_need_category',
    [
      ['service_need_id', 'uuid'],
      ['category_code', 'text'],
    ],
    [needs],
  );
  const needSupport = new TableWriter(
    client,
    'service_need_support_need',
    [
      ['service_need_id', 'uuid'],
      ['support_need_code', 'text'],
    ],
    [needs],
  );
  const counties = ref.regions.filter((r) => r.kind === 'WELLBEING_COUNTY');
  const nNeeds = Math.round(offerings / 20);
  for (let s = 0; s < nNeeds; s++) {
    const id = rnd.uuid();
    const created = BASE_MS - 200 * 86_400_000 + s * 900_000;
    const [tFi] = rnd.pick(SERVICE_TOPICS);
    await needs.add([
      id,
      iso(created),
      iso(created),
      rnd.pick(counties).id,
      pgArray(rnd.sample(AGE_GROUPS, rnd.int(1, 2))),
      `Alueelta puuttuu: ${tFi.toLowerCase()}.`,
      rnd.chance(0.3) ? 'Behov av stöd i regionen.' : null,
      rnd.pick(['OPEN', 'OPEN', 'IN_PROGRESS', 'MET', 'DISMISSED']),
      1,
    ]);
    for (const c of rnd.sample(ref.categories, rnd.int(1, 2))) await needCategories.add([id, c]);
    for (const c of rnd.sample(ref.supportNeeds, rnd.int(1, 2))) await needSupport.add([id, c]);
  }
  await needs.flush();
  await needCategories.flush();
  await needSupport.flush();

  return {
    actors: actors.count,
    contacts: contacts.count,
    offerings: offeringsW.count,
    initiatives: initiatives.count,
    participants: participants.count,
    materials: materials.count,
    events: events.count,
    needs: needs.count,
  };
}

const MARKER = 'bench_generator';

async function readMarker(url: string): Promise<{ version: string; offerings: number } | null> {
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
  } catch {
    return null; // no such database
  }
  try {
    const rows = await client.query(`select version, offerings from ${MARKER} limit 1`);
    return rows.rows[0] ?? null;
  } catch {
    return null;
  } finally {
    await client.end();
  }
}

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface PreparedDatabase {
  name: string;
  url: string;
  reused: boolean;
  seconds: number;
  counts: GeneratedCounts;
}

class Regenerate extends Error {}

/** The names of the project's migrations (as MikroORM records them once applied). */
function migrationNames(): string[] {
  const dir = path.join(__dirname, '..', '..', 'migrations');
  return fs
    .readdirSync(dir)
    .filter((f) => /^Migration\d+.*\.ts$/.test(f))
    .map((f) => f.replace(/\.ts$/, ''));
}

/**
 * A migrated database with `offerings` generated offerings: reused when its marker records the
 * current generator version and size and it has every migration, else dropped, created, migrated by the hub’s own
 * `openDatabase` (migrations and reference data), loaded and analysed.
 */
export async function prepareDatabase(
  name: string,
  offerings: number,
  log: (m: string) => void,
  options: { fresh?: boolean } = {},
): Promise<PreparedDatabase> {
  const url = databaseUrl(name);
  const started = Date.now();
  const marker = options.fresh ? null : await readMarker(url);
  if (marker && marker.version === GENERATOR_VERSION && Number(marker.offerings) === offerings) {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      // A migration added since the data set was made would run when the hub starts and rewrite
      // tables without the analysis the generator does: the data set is made again instead.
      const applied = new Set(
        (await client.query<{ name: string }>('select name from mikro_orm_migrations')).rows.map(
          (r) => r.name,
        ),
      );
      const pending = migrationNames().filter((m) => !applied.has(m));
      if (pending.length) {
        log(`${name}: migrations since it was made (${pending.join(', ')}): generating again`);
        throw new Regenerate();
      }
      const counts = (await client.query(`select counts from ${MARKER}`)).rows[0].counts as GeneratedCounts;
      log(`${name}: reusing (generator ${GENERATOR_VERSION})`);
      return { name, url, reused: true, seconds: 0, counts };
    } catch (e) {
      if (!(e instanceof Regenerate)) throw e;
    } finally {
      await client.end();
    }
  }
  log(`${name}: generating ${offerings} offerings`);
  await admin(async (c) => {
    await c.query(`drop database if exists "${name}" with (force)`);
    await c.query(`create database "${name}"`);
  });
  const db = await openDatabase({
    DATABASE_URL: url,
    DATA_DIR: './data',
    DB_POOL_MAX: 2,
    MIGRATE: true,
    // Bulk loading and VACUUM ANALYZE of 100k rows may take longer than an API statement.
    DB_STATEMENT_TIMEOUT_MS: 0,
    DB_CONNECT_TIMEOUT_MS: 60_000,
    DEBUG_SQL: false,
  });
  await db.close();
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('begin');
    const counts = await loadData(client, offerings);
    await client.query(
      `create table ${MARKER} (version text not null, offerings int not null, seed bigint not null, counts jsonb not null, generated_at timestamptz not null default now())`,
    );
    await client.query(`insert into ${MARKER} (version, offerings, seed, counts) values ($1, $2, $3, $4)`, [
      GENERATOR_VERSION,
      offerings,
      SEED,
      JSON.stringify(counts),
    ]);
    await client.query('commit');
    await client.query('vacuum analyze');
    const seconds = (Date.now() - started) / 1000;
    log(`${name}: generated in ${seconds.toFixed(1)} s ${JSON.stringify(counts)}`);
    return { name, url, reused: false, seconds, counts };
  } catch (e) {
    await client.query('rollback').catch(() => undefined);
    throw e;
  } finally {
    await client.end();
  }
}

export async function dropBenchDatabase(name: string): Promise<void> {
  await admin((c) => c.query(`drop database if exists "${name}" with (force)`));
}
