/**
 * The demo data set: public facts about the Vaatu actors (Valteri and its units, the five state
 * school homes) and the VIP network's work (theme groups, network days, free trainings), plus
 * illustrative offerings, materials, events and needs. Everything is flagged `isDemo`.
 */
import type { EntityData, RequiredEntityData } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AgeGroup, Language, PublicationStatus } from '../common/enums';
import { LocalizedString } from '../common/localized';
import { Actor, ActorKind, Contact, ContactRole } from '../modules/actor';
import { Event, EventKind } from '../modules/event';
import {
  InitiativeKind,
  InitiativeParticipant,
  InitiativeStatus,
  JointInitiative,
  ParticipantRole,
} from '../modules/initiative';
import { MaterialKind, SharedMaterial, VideoDetails } from '../modules/material';
import { NeedStatus, ServiceNeed } from '../modules/need';
import { Region } from '../modules/region';
import { CostType, DeliveryMode, ServiceOffering } from '../modules/service-offering';
import { ServiceCategory, SupportNeed } from '../modules/taxonomy';

type Text = { fi?: string; sv?: string; en?: string };
const t = (text: Text) => new LocalizedString(text);

interface ActorSpec {
  slug: string;
  kind: ActorKind;
  name: Text;
  description: Text;
  regions: string[];
  languages: Language[];
  website?: string;
  parent?: string;
}

const DEMO_NOTE = { fi: ' (Esimerkkisisältöä.)', sv: ' (Exempelinnehåll.)', en: ' (Demo content.)' };

const ACTORS: ActorSpec[] = [
  {
    slug: 'valteri',
    kind: ActorKind.VALTERI,
    name: {
      fi: 'Oppimis- ja ohjauskeskus Valteri',
      sv: 'Center för lärande och konsultation Valteri',
      en: 'Valteri Centre for Learning and Consultation',
    },
    description: {
      fi: 'Valtakunnallinen oppimis- ja ohjauskeskus, joka tukee lasten ja nuorten oppimista ja koulunkäyntiä.',
      sv: 'Ett riksomfattande center som stöder barns och ungas lärande och skolgång.',
    },
    regions: ['HYKS', 'TYKS', 'TAYS', 'KYS', 'OYS'],
    languages: [Language.FI, Language.SV],
    website: 'https://www.valteri.fi/',
  },
  ...[
    ['valteri-onerva', 'Valteri Onerva', 'Jyväskylä', ['15', 'KYS']],
    ['valteri-mikael', 'Valteri Mikael', 'Mikkeli', ['12', '10', '11']],
    ['valteri-ruskis', 'Valteri Ruskis', 'Helsinki', ['HYKS']],
    ['valteri-tervavayla', 'Valteri Tervaväylä', 'Oulu', ['OYS']],
  ].map(([slug, name, town, regions]) => ({
    slug: slug as string,
    kind: ActorKind.VALTERI,
    name: { fi: name as string, sv: name as string, en: name as string },
    description: {
      fi: `Valterin yksikkö (${town}): opetus-, kuntoutus- ja ohjausjaksot sekä konsultaatio.`,
      sv: `Valteris enhet (${town}): undervisnings-, rehabiliterings- och handledningsperioder samt konsultation.`,
    },
    regions: regions as string[],
    languages: [Language.FI],
    parent: 'valteri',
  })),
  {
    slug: 'lagmansgarden',
    kind: ActorKind.STATE_SCHOOL_HOME,
    name: {
      fi: 'Lagmansgårdenin koulukoti',
      sv: 'Skolhemmet Lagmansgården',
      en: 'Lagmansgården school home',
    },
    description: {
      sv: 'Statens svenskspråkiga skolhem i Pedersöre.',
      fi: 'Valtion ruotsinkielinen koulukoti Pedersöressä.',
    },
    regions: ['17', '18'],
    languages: [Language.SV],
  },
  {
    slug: 'limingan-koulukoti',
    kind: ActorKind.STATE_SCHOOL_HOME,
    name: { fi: 'Limingan koulukoti', sv: 'Limingo skolhem', en: 'Liminka school home' },
    description: { fi: 'Valtion koulukoti Limingassa.', sv: 'Statens skolhem i Limingo.' },
    regions: ['19', '20', '21'],
    languages: [Language.FI],
  },
  {
    slug: 'sairilan-koulukoti',
    kind: ActorKind.STATE_SCHOOL_HOME,
    name: { fi: 'Sairilan koulukoti', sv: 'Sairila skolhem', en: 'Sairila school home' },
    description: { fi: 'Valtion koulukoti Mikkelissä.', sv: 'Statens skolhem i S:t Michel.' },
    regions: ['12', '13'],
    languages: [Language.FI],
  },
  {
    slug: 'sippolan-koulukoti',
    kind: ActorKind.STATE_SCHOOL_HOME,
    name: { fi: 'Sippolan koulukoti', sv: 'Sippola skolhem', en: 'Sippola school home' },
    description: { fi: 'Valtion koulukoti Kouvolassa.', sv: 'Statens skolhem i Kouvola.' },
    regions: ['10', '11', '01'],
    languages: [Language.FI],
  },
  {
    slug: 'vuorelan-koulukoti',
    kind: ActorKind.STATE_SCHOOL_HOME,
    name: { fi: 'Vuorelan koulukoti', sv: 'Vuorela skolhem', en: 'Vuorela school home' },
    description: { fi: 'Valtion koulukoti Kuopiossa.', sv: 'Statens skolhem i Kuopio.' },
    regions: ['13', '14'],
    languages: [Language.FI],
  },
  ...[
    [
      'sairaalaopetus-helsinki',
      'Helsingin sairaalaopetus (demo)',
      'Helsingfors sjukhusundervisning (demo)',
      ['HYKS'],
      'Helsinki',
    ],
    [
      'sairaalaopetus-turku',
      'Turun sairaalaopetus (demo)',
      'Åbo sjukhusundervisning (demo)',
      ['TYKS'],
      'Turku',
    ],
    [
      'sairaalaopetus-tampere',
      'Tampereen sairaalaopetus (demo)',
      'Tammerfors sjukhusundervisning (demo)',
      ['TAYS'],
      'Tampere',
    ],
    [
      'sairaalaopetus-kuopio',
      'Kuopion sairaalaopetus (demo)',
      'Kuopio sjukhusundervisning (demo)',
      ['KYS'],
      'Kuopio',
    ],
    [
      'sairaalaopetus-oulu',
      'Oulun sairaalaopetus (demo)',
      'Uleåborg sjukhusundervisning (demo)',
      ['OYS'],
      'Oulu',
    ],
  ].map(([slug, fi, sv, regions, town]) => ({
    slug: slug as string,
    kind: ActorKind.HOSPITAL_TEACHING_UNIT,
    name: { fi: fi as string, sv: sv as string },
    description: {
      fi: `Sairaalaopetusta ja konsultaatiota yliopistollisen sairaalan erityisvastuualueella (${town}).${DEMO_NOTE.fi}`,
      sv: `Sjukhusundervisning och konsultation inom specialupptagningsområdet (${town}).${DEMO_NOTE.sv}`,
    },
    regions: regions as string[],
    languages: slug === 'sairaalaopetus-helsinki' ? [Language.FI, Language.SV] : [Language.FI],
  })),
  ...[
    ['elmeri-koulu-etela', 'Elmeri-koulu Etelä (demo)', 'Elmeri-skolan Syd (demo)', ['01', '02', '03']],
    ['elmeri-koulu-pirkanmaa', 'Elmeri-koulu Pirkanmaa (demo)', 'Elmeri-skolan Birkaland (demo)', ['08']],
    ['elmeri-koulu-pohjanmaa', 'Elmeri-koulu Pohjanmaa (demo)', 'Elmeri-skolan Österbotten (demo)', ['17']],
  ].map(([slug, fi, sv, regions]) => ({
    slug: slug as string,
    kind: ActorKind.ELMERI_SCHOOL,
    name: { fi: fi as string, sv: sv as string },
    description: {
      fi: `Kunnallinen erityiskoulu Elmeri-verkostossa.${DEMO_NOTE.fi}`,
      sv: `Kommunal specialskola i Elmeri-nätverket.${DEMO_NOTE.sv}`,
    },
    regions: regions as string[],
    languages: slug === 'elmeri-koulu-pohjanmaa' ? [Language.SV, Language.FI] : [Language.FI],
  })),
  // Partners: the bulletins ask to map the services of other administrative sectors and of
  // associations too (family centres, student welfare, the knowledge and support centres).
  {
    slug: 'pohjois-savon-perhekeskukset',
    kind: ActorKind.WELLBEING_SERVICES_COUNTY,
    name: {
      fi: 'Pohjois-Savon hyvinvointialueen perhekeskukset (demo)',
      sv: 'Familjecentralerna i Norra Savolax välfärdsområde (demo)',
    },
    description: {
      fi: `Perhekeskusten sosiaali- ja terveyspalvelut lapsiperheille.${DEMO_NOTE.fi}`,
      sv: `Familjecentralernas social- och hälsovårdstjänster för barnfamiljer.${DEMO_NOTE.sv}`,
    },
    regions: ['13'],
    languages: [Language.FI],
  },
  {
    slug: 'kainuun-perhekeskus',
    kind: ActorKind.WELLBEING_SERVICES_COUNTY,
    name: { fi: 'Kainuun hyvinvointialueen perhekeskus (demo)', sv: 'Familjecentralen i Kajanaland (demo)' },
    description: {
      fi: `Perhekeskuksen palvelut Kainuussa.${DEMO_NOTE.fi}`,
      sv: `Familjecentralens tjänster i Kajanaland.${DEMO_NOTE.sv}`,
    },
    regions: ['20'],
    languages: [Language.FI],
  },
  {
    slug: 'kuopion-opiskeluhuolto',
    kind: ActorKind.MUNICIPALITY,
    name: { fi: 'Kuopion kaupungin opiskeluhuolto (demo)', sv: 'Kuopio stads elevhälsa (demo)' },
    description: {
      fi: `Koulukuraattori- ja koulupsykologipalvelut perusopetuksessa.${DEMO_NOTE.fi}`,
      sv: `Skolkurators- och skolpsykologtjänster i den grundläggande utbildningen.${DEMO_NOTE.sv}`,
    },
    regions: ['13'],
    languages: [Language.FI],
  },
  {
    slug: 'erityislasten-vanhemmat-ry',
    kind: ActorKind.ASSOCIATION,
    name: {
      fi: 'Erityislasten vanhempien yhdistys ry (demo)',
      sv: 'Föreningen för föräldrar till barn med särskilda behov rf (demo)',
    },
    description: {
      fi: `Vertaistukea ja koulutusta erityistä tukea tarvitsevien lasten vanhemmille.${DEMO_NOTE.fi}`,
      sv: `Kamratstöd och utbildning för föräldrar till barn som behöver särskilt stöd.${DEMO_NOTE.sv}`,
    },
    regions: ['HYKS', 'TYKS', 'TAYS', 'KYS', 'OYS'],
    languages: [Language.FI, Language.SV],
  },
  {
    slug: 'ot-keskus-pohjois-suomi',
    kind: ActorKind.OTHER_PUBLIC_BODY,
    name: {
      fi: 'Pohjois-Suomen osaamis- ja tukikeskus (demo)',
      sv: 'Kunskaps- och stödcentrumet i norra Finland (demo)',
    },
    description: {
      fi: `Osaamis- ja tukikeskus (OT-keskus): vaativimmat lasten ja nuorten palvelut alueen hyvinvointialueille.${DEMO_NOTE.fi}`,
      sv: `Kunskaps- och stödcentrum: de mest krävande tjänsterna för barn och unga i regionens välfärdsområden.${DEMO_NOTE.sv}`,
    },
    regions: ['OYS'],
    languages: [Language.FI],
  },
];

interface OfferingSpec {
  actor: string;
  title: Text;
  description: Text;
  categories: string[];
  ageGroups: AgeGroup[];
  supportNeeds: string[];
  regions: string[];
  languages: Language[];
  delivery: DeliveryMode[];
  cost?: CostType;
  referral?: boolean;
  status?: PublicationStatus;
  validFrom?: string;
  validUntil?: string;
  url?: string;
  howToApply?: Text;
}

const A = AgeGroup;
const D = DeliveryMode;
const OFFERINGS: OfferingSpec[] = [
  {
    actor: 'valteri-onerva',
    title: {
      fi: 'Koulua käymättömien oppilaiden tukijakso',
      sv: 'Stödperiod för elever som inte går i skola',
    },
    description: {
      fi: 'Lyhytkestoinen jakso koulua käymättömien oppilaiden koulunkäynnin tukemiseksi yhdessä kotikoulun kanssa.',
      sv: 'En kort period för att stödja skolgången för elever som inte går i skolan, tillsammans med hemskolan.',
    },
    categories: ['TEACHING_PERIOD', 'TRANSITION_SUPPORT'],
    ageGroups: [A.PRIMARY, A.LOWER_SECONDARY],
    supportNeeds: ['SCHOOL_NON_ATTENDANCE', 'MENTAL_HEALTH'],
    regions: ['KYS'],
    languages: [Language.FI],
    delivery: [D.ON_SITE, D.REMOTE],
    referral: true,
  },
  {
    actor: 'valteri-onerva',
    title: { fi: 'Neuropsykiatrisen tuen konsultaatio', sv: 'Konsultation om neuropsykiatriskt stöd' },
    description: { fi: 'Konsultaatio kouluille neuropsykiatrisesti oireilevan oppilaan tukemiseen.' },
    categories: ['CONSULTATION'],
    ageGroups: [A.PRE_PRIMARY, A.PRIMARY, A.LOWER_SECONDARY],
    supportNeeds: ['NEUROPSYCHIATRIC', 'AUTISM'],
    regions: ['15', '13'],
    languages: [Language.FI],
    delivery: [D.REMOTE, D.OUTREACH],
  },
  {
    actor: 'valteri-mikael',
    title: {
      fi: 'Kuntoutusjakso kehityksellisen kielihäiriön tukeen',
      sv: 'Rehabiliteringsperiod vid språkstörning',
    },
    description: { fi: 'Jakso, jossa vahvistetaan kommunikointia ja oppimisen edellytyksiä.' },
    categories: ['REHABILITATION_PERIOD'],
    ageGroups: [A.PRIMARY],
    supportNeeds: ['LANGUAGE_DISORDER'],
    regions: ['12', '10', '11'],
    languages: [Language.FI],
    delivery: [D.ON_SITE],
    referral: true,
  },
  {
    actor: 'valteri-ruskis',
    title: {
      fi: 'Liikuntavammaisen oppilaan ohjausjakso',
      sv: 'Handledningsperiod för elever med rörelsehinder',
    },
    description: { fi: 'Ohjausta apuvälineisiin ja oppimisympäristön esteettömyyteen.' },
    categories: ['CONSULTATION', 'ASSESSMENT'],
    ageGroups: [A.PRIMARY, A.LOWER_SECONDARY, A.UPPER_SECONDARY],
    supportNeeds: ['PHYSICAL_DISABILITY', 'MULTIPLE_DISABILITIES'],
    regions: ['HYKS'],
    languages: [Language.FI, Language.SV],
    delivery: [D.ON_SITE, D.OUTREACH],
  },
  {
    actor: 'valteri-tervavayla',
    title: { fi: 'Näkövammaisen oppilaan arviointi', sv: 'Bedömning av elever med synnedsättning' },
    description: { fi: 'Toiminnallisen näönkäytön ja oppimisen tarpeiden arviointi.' },
    categories: ['ASSESSMENT'],
    ageGroups: [A.EARLY_CHILDHOOD, A.PRE_PRIMARY, A.PRIMARY],
    supportNeeds: ['VISION'],
    regions: ['OYS'],
    languages: [Language.FI],
    delivery: [D.ON_SITE, D.REMOTE],
  },
  {
    actor: 'valteri',
    title: {
      fi: 'Kuulovammaisten oppilaiden etäopetus',
      sv: 'Distansundervisning för elever med hörselnedsättning',
    },
    description: { fi: 'Viittomakielinen ja kuulovammaisille soveltuva etäopetus.' },
    categories: ['TEACHING_PERIOD', 'MATERIALS_AND_TOOLS'],
    ageGroups: [A.PRIMARY, A.LOWER_SECONDARY],
    supportNeeds: ['HEARING'],
    regions: ['HYKS', 'TYKS', 'TAYS', 'KYS', 'OYS'],
    languages: [Language.FI],
    delivery: [D.REMOTE],
  },
  {
    actor: 'valteri',
    title: {
      fi: 'Täydennyskoulutus vaativasta erityisestä tuesta',
      sv: 'Fortbildning om krävande särskilt stöd',
    },
    description: {
      fi: 'Maksuton verkkokoulutus opettajille ja oppilashuollolle.',
      sv: 'Avgiftsfri webbutbildning för lärare och elevhälsan.',
    },
    categories: ['TRAINING'],
    ageGroups: [A.PRIMARY, A.LOWER_SECONDARY, A.UPPER_SECONDARY],
    supportNeeds: [],
    regions: ['HYKS', 'TYKS', 'TAYS', 'KYS', 'OYS'],
    languages: [Language.FI, Language.SV],
    delivery: [D.REMOTE],
  },
  {
    actor: 'lagmansgarden',
    title: { sv: 'Skolhemsundervisning och fostran', fi: 'Koulukotiopetus ja -kasvatus' },
    description: {
      sv: 'Undervisning i skolan vid skolhemmet för placerade barn, med stöd för återgång till skolan.',
      fi: 'Koulukodin koulun opetus sijoitetuille lapsille ja tuki kouluun paluuseen.',
    },
    categories: ['SCHOOL_HOME_EDUCATION', 'TRANSITION_SUPPORT'],
    ageGroups: [A.LOWER_SECONDARY],
    supportNeeds: ['PLACED_CHILDREN', 'BEHAVIOUR'],
    regions: ['17', '18'],
    languages: [Language.SV],
    delivery: [D.ON_SITE],
    referral: true,
  },
  ...['limingan-koulukoti', 'sairilan-koulukoti', 'sippolan-koulukoti', 'vuorelan-koulukoti'].map(
    (actor): OfferingSpec => ({
      actor,
      title: { fi: 'Koulukotiopetus ja -kasvatus', sv: 'Undervisning och fostran vid skolhem' },
      description: {
        fi: 'Perusopetus koulukodin koulussa kodin ulkopuolelle sijoitetuille lapsille.',
        sv: 'Grundläggande utbildning i skolhemmets skola för barn placerade utanför hemmet.',
      },
      categories: ['SCHOOL_HOME_EDUCATION'],
      ageGroups: [A.PRIMARY, A.LOWER_SECONDARY],
      supportNeeds: ['PLACED_CHILDREN', 'BEHAVIOUR'],
      regions: ACTORS.find((a) => a.slug === actor)!.regions,
      languages: [Language.FI],
      delivery: [D.ON_SITE],
      referral: true,
    }),
  ),
  {
    actor: 'sippolan-koulukoti',
    title: {
      fi: 'Konsultaatio sijaishuollon kouluyhteistyöhön',
      sv: 'Konsultation om skolsamarbete i vården utom hemmet',
    },
    description: { fi: 'Koulukodin asiantuntijat tukevat kotikouluja sijoitettujen lasten koulunkäynnissä.' },
    categories: ['CONSULTATION', 'NETWORK_COLLABORATION'],
    ageGroups: [A.PRIMARY, A.LOWER_SECONDARY],
    supportNeeds: ['PLACED_CHILDREN'],
    regions: ['HYKS'],
    languages: [Language.FI],
    delivery: [D.REMOTE, D.OUTREACH],
  },
  ...[
    ['sairaalaopetus-helsinki', ['HYKS'], [Language.FI, Language.SV]],
    ['sairaalaopetus-turku', ['TYKS'], [Language.FI]],
    ['sairaalaopetus-tampere', ['TAYS'], [Language.FI]],
    ['sairaalaopetus-kuopio', ['KYS'], [Language.FI]],
    ['sairaalaopetus-oulu', ['OYS'], [Language.FI]],
  ].map(([actor, regions, languages]): OfferingSpec => ({
    actor: actor as string,
    title: {
      fi: 'Sairaalaopetus ja paluu omaan kouluun',
      sv: 'Sjukhusundervisning och återgång till den egna skolan',
    },
    description: {
      fi: 'Opetus sairaalahoidon aikana ja nivelvaiheen tuki oppilaan palatessa omaan kouluunsa.',
      sv: 'Undervisning under sjukhusvård och stöd när eleven återvänder till sin egen skola.',
    },
    categories: ['HOSPITAL_TEACHING', 'TRANSITION_SUPPORT'],
    ageGroups: [A.PRIMARY, A.LOWER_SECONDARY, A.UPPER_SECONDARY],
    supportNeeds: ['MENTAL_HEALTH', 'LONG_TERM_ILLNESS'],
    regions: regions as string[],
    languages: languages as Language[],
    delivery: [D.ON_SITE],
    referral: true,
  })),
  {
    actor: 'sairaalaopetus-helsinki',
    title: { fi: 'Koulunkäyntikyvyn arviointi', sv: 'Bedömning av skolgångsförmåga' },
    description: { fi: 'Arviointijakso, jossa selvitetään oppilaan koulunkäyntikykyä ja tuen tarpeita.' },
    categories: ['ASSESSMENT'],
    ageGroups: [A.PRIMARY, A.LOWER_SECONDARY],
    supportNeeds: ['SCHOOL_NON_ATTENDANCE', 'MENTAL_HEALTH'],
    regions: ['90', '04'],
    languages: [Language.FI, Language.SV],
    delivery: [D.ON_SITE],
    referral: true,
  },
  {
    actor: 'elmeri-koulu-etela',
    title: { fi: 'Toiminta-alueittainen opetus', sv: 'Undervisning enligt verksamhetsområden' },
    description: { fi: 'Opetus toiminta-alueittain vaikeimmin kehitysvammaisille oppilaille.' },
    categories: ['TEACHING_PERIOD', 'CONSULTATION'],
    ageGroups: [A.PRE_PRIMARY, A.PRIMARY, A.LOWER_SECONDARY],
    supportNeeds: ['INTELLECTUAL_DISABILITY', 'MULTIPLE_DISABILITIES'],
    regions: ['01', '02', '03'],
    languages: [Language.FI],
    delivery: [D.ON_SITE],
  },
  {
    actor: 'elmeri-koulu-pirkanmaa',
    title: {
      fi: 'Autismikirjon oppilaan opetusjakso',
      sv: 'Undervisningsperiod för elever inom autismspektrum',
    },
    description: { fi: 'Opetusjakso ja konsultaatio autismikirjon oppilaiden kotikouluille.' },
    categories: ['TEACHING_PERIOD', 'CONSULTATION'],
    ageGroups: [A.PRIMARY, A.LOWER_SECONDARY],
    supportNeeds: ['AUTISM', 'NEUROPSYCHIATRIC'],
    regions: ['08'],
    languages: [Language.FI],
    delivery: [D.ON_SITE, D.OUTREACH],
    cost: CostType.MUNICIPALITY_FUNDED,
  },
  {
    actor: 'elmeri-koulu-pohjanmaa',
    title: {
      sv: 'Handledning för skolan vid neuropsykiatriska behov',
      fi: 'Koulun ohjaus neuropsykiatrisissa tarpeissa',
    },
    description: { sv: 'Handledning för lärare i skolan när eleven har neuropsykiatriska behov.' },
    categories: ['CONSULTATION'],
    ageGroups: [A.PRIMARY, A.LOWER_SECONDARY],
    supportNeeds: ['NEUROPSYCHIATRIC'],
    regions: ['17'],
    languages: [Language.SV],
    delivery: [D.REMOTE],
    status: PublicationStatus.DRAFT,
  },
  {
    actor: 'valteri-mikael',
    title: { fi: 'Perheiden tukijakso (luonnos)', sv: 'Stödperiod för familjer (utkast)' },
    description: { fi: 'Perhekurssi, jonka sisältöä vielä suunnitellaan.' },
    categories: ['FAMILY_SUPPORT'],
    ageGroups: [A.EARLY_CHILDHOOD, A.PRE_PRIMARY],
    supportNeeds: ['MULTIPLE_DISABILITIES'],
    regions: ['KYS'],
    languages: [Language.FI],
    delivery: [D.ON_SITE],
    status: PublicationStatus.DRAFT,
  },
  {
    actor: 'elmeri-koulu-pirkanmaa',
    title: { fi: 'Päättynyt pilottipalvelu', sv: 'Avslutad pilottjänst' },
    description: { fi: 'Vuonna 2020 päättynyt kokeilu.' },
    categories: ['NETWORK_COLLABORATION'],
    ageGroups: [A.LOWER_SECONDARY],
    supportNeeds: [],
    regions: ['08'],
    languages: [Language.FI],
    delivery: [D.REMOTE],
    status: PublicationStatus.ARCHIVED,
  },
];

/** The partners' offerings: cross-kind overlap (Kuopio, county 13), an expired and an upcoming one. */
const PARTNER_OFFERINGS: OfferingSpec[] = [
  {
    actor: 'pohjois-savon-perhekeskukset',
    title: { fi: 'Perhekeskuksen perheneuvola', sv: 'Familjecentralens familjerådgivning' },
    description: { fi: 'Kasvatus- ja perheneuvontaa sekä tukea lapsen kehitykseen ja koulunkäyntiin.' },
    categories: ['FAMILY_SUPPORT', 'CONSULTATION'],
    ageGroups: [A.EARLY_CHILDHOOD, A.PRE_PRIMARY, A.PRIMARY],
    supportNeeds: ['NEUROPSYCHIATRIC', 'BEHAVIOUR'],
    regions: ['13'],
    languages: [Language.FI],
    delivery: [D.ON_SITE, D.REMOTE],
    url: 'https://example.org/demo/perheneuvola',
    howToApply: {
      fi: 'Soita perhekeskuksen neuvontaan tai täytä yhteydenottolomake; lähetettä ei tarvita.',
      sv: 'Ring familjecentralens rådgivning eller fyll i kontaktformuläret; ingen remiss behövs.',
    },
  },
  {
    actor: 'kainuun-perhekeskus',
    title: {
      fi: 'Perhetyön kotikäyntipilotti (päättynyt)',
      sv: 'Pilot med hembesök i familjearbetet (avslutad)',
    },
    description: { fi: 'Kotikäynteihin perustunut perhetyön kokeilu, joka päättyi vuoden 2019 lopussa.' },
    categories: ['FAMILY_SUPPORT'],
    ageGroups: [A.EARLY_CHILDHOOD, A.PRE_PRIMARY],
    supportNeeds: ['MULTIPLE_DISABILITIES'],
    regions: ['20'],
    languages: [Language.FI],
    delivery: [D.OUTREACH],
    validFrom: '2018-01-01',
    validUntil: '2020-01-01',
  },
  {
    actor: 'kuopion-opiskeluhuolto',
    title: {
      fi: 'Koulukuraattorin ja -psykologin konsultaatio',
      sv: 'Konsultation av skolkurator och skolpsykolog',
    },
    description: {
      fi: 'Konsultaatiota opettajille koulua käymättömän tai psyykkisesti oireilevan oppilaan tukemiseen.',
    },
    categories: ['CONSULTATION', 'NETWORK_COLLABORATION'],
    ageGroups: [A.PRIMARY, A.LOWER_SECONDARY],
    supportNeeds: ['SCHOOL_NON_ATTENDANCE', 'MENTAL_HEALTH'],
    regions: ['13'],
    languages: [Language.FI],
    delivery: [D.ON_SITE],
    cost: CostType.MUNICIPALITY_FUNDED,
    howToApply: { fi: 'Opettaja tai huoltaja ottaa yhteyttä oman koulun kuraattoriin tai psykologiin.' },
  },
  {
    actor: 'erityislasten-vanhemmat-ry',
    title: { fi: 'Vanhempien vertaistukiryhmät', sv: 'Kamratstödgrupper för föräldrar' },
    description: { fi: 'Verkossa kokoontuvat vertaistukiryhmät alkavat syksyllä 2027.' },
    categories: ['FAMILY_SUPPORT'],
    ageGroups: [A.EARLY_CHILDHOOD, A.PRE_PRIMARY, A.PRIMARY, A.LOWER_SECONDARY],
    supportNeeds: [],
    regions: ['HYKS', 'TYKS', 'TAYS', 'KYS', 'OYS'],
    languages: [Language.FI, Language.SV],
    delivery: [D.REMOTE],
    validFrom: '2027-09-01',
    url: 'https://example.org/demo/vertaistuki',
    howToApply: { fi: 'Ilmoittaudu yhdistyksen verkkosivuilla.', sv: 'Anmäl dig på föreningens webbplats.' },
  },
  {
    actor: 'erityislasten-vanhemmat-ry',
    title: { fi: 'Vanhempainkoulutus koulunkäynnin tuesta', sv: 'Föräldrautbildning om stöd i skolgången' },
    description: { fi: 'Maksuton verkkokoulutus vanhemmille koulunkäynnin tuen muodoista.' },
    categories: ['TRAINING'],
    ageGroups: [A.PRIMARY, A.LOWER_SECONDARY],
    supportNeeds: [],
    regions: ['HYKS', 'TYKS', 'TAYS', 'KYS', 'OYS'],
    languages: [Language.FI, Language.SV],
    delivery: [D.REMOTE],
  },
  {
    actor: 'ot-keskus-pohjois-suomi',
    title: {
      fi: 'Vaativan tuen konsultaatio ja arviointi',
      sv: 'Konsultation och bedömning vid krävande stöd',
    },
    description: { fi: 'Monialainen konsultaatio ja arviointi nuorten vaativimpiin tilanteisiin.' },
    categories: ['CONSULTATION', 'ASSESSMENT'],
    ageGroups: [A.LOWER_SECONDARY, A.UPPER_SECONDARY],
    supportNeeds: ['MENTAL_HEALTH', 'BEHAVIOUR', 'PLACED_CHILDREN'],
    regions: ['OYS'],
    languages: [Language.FI],
    delivery: [D.REMOTE, D.OUTREACH],
    referral: true,
  },
];

/**
 * The VIP network's contact persons of each area: a regional contact (yhdyshenkilö) and the
 * chair of the area's core group (ydinryhmä). The bulletins name the roles but not the people:
 * placeholders, reachable only at example.org.
 */
const AREAS = ['HYKS', 'TYKS', 'TAYS', 'KYS', 'OYS'];

const NEEDS: {
  region: string;
  categories: string[];
  ages: AgeGroup[];
  needs: string[];
  text: Text;
  status?: NeedStatus;
}[] = [
  {
    region: '20',
    categories: ['ASSESSMENT'],
    ages: [A.PRIMARY, A.LOWER_SECONDARY],
    needs: ['SCHOOL_NON_ATTENDANCE'],
    text: {
      fi: 'Koulunkäyntikyvyn arviointia ei ole saatavilla alueella.',
      sv: 'Bedömning av skolgångsförmåga saknas i regionen.',
    },
  },
  {
    region: '21',
    categories: ['CONSULTATION'],
    ages: [A.PRIMARY],
    needs: ['AUTISM'],
    text: { fi: 'Autismikirjon konsultaatiota tarvitaan pitkien välimatkojen vuoksi etänä.' },
  },
  {
    region: '06',
    categories: ['TRANSITION_SUPPORT'],
    ages: [A.LOWER_SECONDARY, A.UPPER_SECONDARY],
    needs: ['MENTAL_HEALTH'],
    text: { fi: 'Nivelvaiheen tukea sairaalajakson jälkeen tarvitaan lisää.' },
  },
  {
    region: '16',
    categories: ['FAMILY_SUPPORT'],
    ages: [A.EARLY_CHILDHOOD, A.PRE_PRIMARY],
    needs: ['MULTIPLE_DISABILITIES'],
    text: { fi: 'Perheiden tukea varhaiskasvatusikäisille puuttuu.' },
  },
  {
    region: '17',
    categories: ['CONSULTATION'],
    ages: [A.PRIMARY, A.LOWER_SECONDARY],
    needs: ['PLACED_CHILDREN'],
    text: { sv: 'Konsultation på svenska om placerade barns skolgång behövs.' },
  },
  {
    region: '08',
    categories: ['TEACHING_PERIOD'],
    ages: [A.PRIMARY],
    needs: ['AUTISM'],
    text: { fi: 'Opetusjaksoja autismikirjon oppilaille tarvittiin, nyt järjestetty.' },
    status: NeedStatus.MET,
  },
];

/** Loads the demo data set; does nothing when it is there already. Reference data must exist. */
export async function loadDemoData(em: EntityManager): Promise<{
  actors: number;
  offerings: number;
  materials: number;
  initiatives: number;
  events: number;
  needs: number;
}> {
  const empty = { actors: 0, offerings: 0, materials: 0, initiatives: 0, events: 0, needs: 0 };
  if (await em.count(Actor, { slug: 'valteri' })) return empty;
  const regions = new Map((await em.find(Region, {})).map((r) => [r.code, r]));
  const categories = new Map((await em.find(ServiceCategory, {})).map((c) => [c.code, c]));
  const supportNeeds = new Map((await em.find(SupportNeed, {})).map((c) => [c.code, c]));
  const region = (code: string) => {
    const r = regions.get(code);
    if (!r) throw new Error(`Demo data names an unknown region: ${code}`);
    return r;
  };
  const actors = new Map<string, Actor>();
  for (const spec of ACTORS) {
    actors.set(
      spec.slug,
      em.create(Actor, {
        slug: spec.slug,
        kind: spec.kind,
        nameI18n: t(spec.name),
        descriptionI18n: t(spec.description),
        website: spec.website ?? null,
        regions: spec.regions.map(region),
        languages: spec.languages,
        parent: spec.parent ? actors.get(spec.parent)! : null,
        isDemo: true,
      }),
    );
  }
  const actor = (slug: string) => actors.get(slug)!;
  const contact = em.create(Contact, {
    actor: actor('valteri'),
    name: 'Demo Yhteyshenkilö',
    titleI18n: t({ fi: 'Palveluohjaaja', sv: 'Servicehandledare' }),
    email: 'yhteys@example.org',
    phone: '+358 29 000 0000',
    role: ContactRole.SERVICE_CONTACT,
  });
  em.create(Contact, {
    actor: actor('lagmansgarden'),
    name: 'Demo Kontaktperson',
    email: 'kontakt@example.org',
  });

  for (const area of AREAS) {
    const mailbox = area.toLowerCase();
    em.create(Contact, {
      actor: actor('valteri'),
      name: `${area}-alueen yhdyshenkilö (demo)`,
      titleI18n: t({
        fi: 'VIP-verkoston alueellinen yhdyshenkilö',
        sv: 'VIP-nätverkets regionala kontaktperson',
      }),
      email: `yhdyshenkilo.${mailbox}@example.org`,
      role: ContactRole.REGIONAL_CONTACT,
      regions: [region(area)],
    });
    em.create(Contact, {
      actor: actor('valteri'),
      name: `${area}-alueen ydinryhmän puheenjohtaja (demo)`,
      titleI18n: t({ fi: 'Ydinryhmän puheenjohtaja', sv: 'Ordförande för kärngruppen' }),
      email: `ydinryhma.${mailbox}@example.org`,
      role: ContactRole.CORE_GROUP_CHAIR,
      regions: [region(area)],
    });
  }
  em.create(Contact, {
    actor: actor('pohjois-savon-perhekeskukset'),
    name: 'Perheneuvolan ajanvaraus (demo)',
    phone: '+358 17 123 4567',
    role: ContactRole.SERVICE_CONTACT,
    regions: [region('13')],
  });

  for (const [i, spec] of [...OFFERINGS, ...PARTNER_OFFERINGS].entries()) {
    em.create(ServiceOffering, {
      actor: actor(spec.actor),
      titleI18n: t(spec.title),
      descriptionI18n: t({
        fi: spec.description.fi ? spec.description.fi + DEMO_NOTE.fi : undefined,
        sv: spec.description.sv ? spec.description.sv + DEMO_NOTE.sv : undefined,
      }),
      categories: spec.categories.map((c) => categories.get(c)!),
      supportNeeds: spec.supportNeeds.map((c) => supportNeeds.get(c)!),
      regions: spec.regions.map(region),
      ageGroups: spec.ageGroups,
      languages: spec.languages,
      deliveryModes: spec.delivery,
      cost: spec.cost ?? CostType.FREE,
      referralRequired: spec.referral ?? false,
      status: spec.status ?? PublicationStatus.PUBLISHED,
      contact: spec.actor === 'valteri' ? contact : null,
      validFrom: spec.validFrom ?? '2026-08-01',
      validUntil: spec.validUntil ?? null,
      url: spec.url ?? null,
      howToApplyI18n: spec.howToApply ? t(spec.howToApply) : null,
      isDemo: true,
      createdAt: new Date(Date.UTC(2026, 7, 1 + i)),
    });
  }

  const themeGroup = (
    title: Text,
    description: Text,
    lead: string,
    partners: string[],
    extra: { startsOn?: string } = {},
  ) => {
    const initiative = em.create(JointInitiative, {
      titleI18n: t(title),
      descriptionI18n: t(description),
      kind: InitiativeKind.THEME_GROUP,
      status: InitiativeStatus.ACTIVE,
      startsOn: '2019-01-01',
      regions: ['HYKS', 'TYKS', 'TAYS', 'KYS', 'OYS'].map(region),
      isDemo: true,
      ...extra,
    });
    em.create(InitiativeParticipant, { initiative, actor: actor(lead), role: ParticipantRole.LEAD });
    for (const p of partners)
      em.create(InitiativeParticipant, { initiative, actor: actor(p), role: ParticipantRole.PARTNER });
    return initiative;
  };
  const nonAttendance = themeGroup(
    {
      fi: 'Koulua käymättömät lapset ja nuoret',
      sv: 'Barn som inte går i skola',
      en: 'Children not attending school',
    },
    {
      fi: 'VIP-verkoston teemaryhmä koulua käymättömien oppilaiden tukemiseksi: tutkimustietoa, malleja ja materiaaleja.',
      sv: 'VIP-nätverkets temagrupp för stöd till elever som inte går i skola: forskningsdata, modeller och material.',
    },
    'valteri',
    ['sairaalaopetus-helsinki', 'sairaalaopetus-oulu', 'valteri-onerva'],
  );
  const placed = themeGroup(
    {
      fi: 'Kodin ulkopuolelle sijoitetut lapset',
      sv: 'Placerade barn',
      en: 'Children placed outside the home',
    },
    {
      fi: 'Teemaryhmä sijoitettujen lasten koulunkäynnin tukemiseksi.',
      sv: 'Temagrupp för stöd till placerade barns skolgång.',
    },
    'sippolan-koulukoti',
    ['lagmansgarden', 'limingan-koulukoti', 'sairilan-koulukoti', 'vuorelan-koulukoti'],
  );
  themeGroup(
    {
      fi: 'Toiminta-alueittainen opetus',
      sv: 'Undervisning som ordnas enligt verksamhetsområde',
      en: 'Teaching by activity areas',
    },
    { fi: 'Teemaryhmä toiminta-alueittain opiskelevien oppilaiden opetuksen kehittämiseksi.' },
    'elmeri-koulu-etela',
    ['valteri-ruskis', 'elmeri-koulu-pirkanmaa'],
    { startsOn: '2019-09-01' },
  );
  const pilot = em.create(JointInitiative, {
    titleI18n: t({
      fi: 'Opiskeluhuollon ohjausryhmien kehittämispilotointi',
      sv: 'Elevhälsans styrgruppers utvecklingsprocess',
    }),
    descriptionI18n: t({ fi: 'Pilotointi opiskeluhuollon ohjausryhmien työn kehittämiseksi.' }),
    kind: InitiativeKind.PILOT,
    status: InitiativeStatus.COMPLETED,
    startsOn: '2019-12-09',
    endsOn: '2020-12-31',
    regions: ['HYKS', 'KYS'].map(region),
    isDemo: true,
  });
  em.create(InitiativeParticipant, {
    initiative: pilot,
    actor: actor('valteri'),
    role: ParticipantRole.LEAD,
  });
  em.create(InitiativeParticipant, {
    initiative: pilot,
    actor: actor('valteri-mikael'),
    role: ParticipantRole.EXPERT,
  });
  const tuvet = em.create(JointInitiative, {
    titleI18n: t({
      fi: 'TUVET-tutkimus- ja kehittämishanke',
      sv: 'Forsknings- och utvecklingsprojektet TUVET',
    }),
    descriptionI18n: t({ fi: 'VIP-verkostoa tukeva hanke, joka tarjoaa maksutonta täydennyskoulutusta.' }),
    kind: InitiativeKind.DEVELOPMENT_PROJECT,
    status: InitiativeStatus.COMPLETED,
    startsOn: '2018-01-01',
    endsOn: '2020-12-31',
    regions: ['HYKS', 'TYKS', 'TAYS', 'KYS', 'OYS'].map(region),
    website: 'https://www.tuvet.fi/',
    isDemo: true,
  });
  em.create(InitiativeParticipant, {
    initiative: tuvet,
    actor: actor('valteri'),
    role: ParticipantRole.LEAD,
  });
  em.create(InitiativeParticipant, {
    initiative: tuvet,
    actor: actor('sairaalaopetus-tampere'),
    role: ParticipantRole.PARTNER,
  });

  const video = (durationSeconds: number, spoken: Language[], captions: Language[]) =>
    Object.assign(new VideoDetails(), {
      durationSeconds,
      spokenLanguages: spoken,
      captionLanguages: captions,
      thumbnailUrl: null,
    });
  const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
  const materials: EntityData<SharedMaterial>[] = [
    {
      kind: MaterialKind.VIDEO,
      titleI18n: t({
        fi: 'Vaatu-toimijat esittelevät palvelunsa',
        sv: 'Vaatu-aktörerna presenterar sina tjänster',
      }),
      descriptionI18n: t({
        fi: 'Video, jossa Vaatu-toimijat kertovat palveluistaan.',
        sv: 'En video där aktörerna beskriver sina tjänster.',
      }),
      url: 'https://example.org/demo/vaatu-palvelut',
      publisher: actor('valteri'),
      contributors: ['sairaalaopetus-helsinki', 'sippolan-koulukoti', 'elmeri-koulu-etela'].map(actor),
      languages: [Language.FI, Language.SV],
      tags: ['vaatu', 'video'],
      video: video(540, [Language.FI, Language.SV], [Language.FI, Language.SV]),
      publishedAt: new Date('2020-03-01T09:00:00Z'),
    },
    {
      kind: MaterialKind.VIDEO,
      titleI18n: t({
        fi: 'Kunta-agenttien toimenkuva ja yhteistyö VIP:n kanssa',
        sv: 'Kommunagenternas uppgifter',
      }),
      url: 'https://example.org/demo/kunta-agentit',
      publisher: actor('valteri'),
      initiative: tuvet,
      languages: [Language.FI],
      tags: ['kunta-agentit', 'video'],
      video: video(300, [Language.FI], [Language.FI]),
      publishedAt: new Date('2019-03-15T09:00:00Z'),
    },
    // Videos with captions missing, so that the caption report shows something: one overdue, one
    // still within its 14 days (dated from the load), one whose spoken languages are not given.
    {
      kind: MaterialKind.VIDEO,
      titleI18n: t({
        fi: 'Verkostopäivän tallenne: kaksikielinen paneeli',
        sv: 'Inspelning från nätverksdagen: tvåspråkig panel',
      }),
      url: 'https://example.org/demo/verkostopaiva-paneeli',
      publisher: actor('valteri'),
      languages: [Language.FI, Language.SV],
      tags: ['verkostopäivä', 'video'],
      video: video(3600, [Language.FI, Language.SV], [Language.FI]),
      publishedAt: new Date('2021-04-20T12:00:00Z'),
    },
    {
      kind: MaterialKind.VIDEO,
      titleI18n: t({
        fi: 'Webinaaritallenne: paluu omaan kouluun',
        sv: 'Webbinarieinspelning: tillbaka till skolan',
      }),
      url: 'https://example.org/demo/webinaari-paluu-kouluun',
      publisher: actor('sairaalaopetus-tampere'),
      languages: [Language.FI],
      tags: ['webinaari', 'video'],
      video: video(2700, [Language.FI], []),
      publishedAt: daysAgo(3),
    },
    {
      kind: MaterialKind.VIDEO,
      titleI18n: t({ fi: 'Sairaalakoulun esittelyvideo', sv: 'Presentationsvideo om sjukhusskolan' }),
      url: 'https://example.org/demo/sairaalakoulu-esittely',
      publisher: actor('sairaalaopetus-helsinki'),
      languages: [Language.FI],
      tags: ['video'],
      video: video(180, [], []),
      publishedAt: new Date('2022-01-12T09:00:00Z'),
    },
    {
      kind: MaterialKind.SCREENING_TOOL,
      titleI18n: t({ fi: 'Koulunkäyntikyvyn seula', sv: 'Screening om skolgångsförmåga' }),
      descriptionI18n: t({ fi: 'Varhaisen puuttumisen työväline koulunkäyntikyvyn arviointiin.' }),
      url: 'https://example.org/demo/koulunkayntikyvyn-seula',
      publisher: actor('sairaalaopetus-helsinki'),
      initiative: nonAttendance,
      languages: [Language.FI, Language.SV],
      tags: ['seula', 'koulupoissaolot'],
      publishedAt: new Date('2020-05-20T09:00:00Z'),
    },
    {
      kind: MaterialKind.GUIDE,
      titleI18n: t({
        fi: 'Opas koulua käymättömien lasten tukemiseen',
        sv: 'Guide om stöd till barn som inte går i skola',
      }),
      url: 'https://example.org/demo/opas-koulua-kaymattomat',
      publisher: actor('valteri-onerva'),
      initiative: nonAttendance,
      languages: [Language.FI, Language.SV],
      tags: ['opas', 'koulupoissaolot'],
      publishedAt: new Date('2020-09-01T09:00:00Z'),
    },
    {
      kind: MaterialKind.TRAINING_MATERIAL,
      titleI18n: t({
        fi: 'Sijoitettu lapsi koulussa – koulutusmateriaali',
        sv: 'Placerade barn i skolan – utbildningsmaterial',
      }),
      url: 'https://example.org/demo/sijoitettu-lapsi-koulussa',
      publisher: actor('sippolan-koulukoti'),
      initiative: placed,
      languages: [Language.FI],
      tags: ['sijaishuolto'],
      publishedAt: new Date('2021-02-10T09:00:00Z'),
    },
    {
      kind: MaterialKind.DOCUMENT,
      titleI18n: t({ fi: 'Luonnos: alueellinen palvelukartta', sv: 'Utkast: regional tjänstekarta' }),
      url: 'https://example.org/demo/palvelukartta-luonnos',
      publisher: actor('valteri'),
      languages: [Language.FI],
      tags: ['kartoitus'],
      status: PublicationStatus.DRAFT,
    },
  ];
  for (const m of materials) {
    em.create(SharedMaterial, {
      status: PublicationStatus.PUBLISHED,
      video: null,
      isDemo: true,
      ...m,
    } as RequiredEntityData<SharedMaterial>);
  }

  const event = (e: EntityData<Event> & { organizers: Actor[] }) =>
    em.create(Event, {
      remoteParticipation: false,
      free: true,
      isDemo: true,
      ...e,
    } as RequiredEntityData<Event>);
  for (const [area, town] of [
    ['HYKS', 'Helsinki'],
    ['TYKS', 'Turku'],
    ['TAYS', 'Tampere'],
    ['KYS', 'Kuopio'],
    ['OYS', 'Oulu'],
  ] as const) {
    event({
      kind: EventKind.NETWORK_DAY,
      titleI18n: t({ fi: `VIP-verkostopäivä, ${area}-alue`, sv: `VIP-nätverksdag, ${area}-området` }),
      startsAt: new Date('2027-04-15T07:00:00Z'),
      endsAt: new Date('2027-04-15T13:00:00Z'),
      location: town,
      remoteParticipation: true,
      languages: area === 'HYKS' ? [Language.FI, Language.SV] : [Language.FI],
      audienceI18n: t({
        fi: 'Sivistys-, sosiaali- ja terveystoimen johto ja asiantuntijat',
        sv: 'Ledning och experter inom bildnings-, social- och hälsovårdsväsendet',
      }),
      registrationClosesAt: new Date('2027-04-01T21:00:00Z'),
      organizers: [actor('valteri')],
      regions: [region(area)],
    });
  }
  event({
    kind: EventKind.TRAINING,
    titleI18n: t({
      fi: 'Koulua koulua käymättömille -kokoontumisajo',
      sv: 'Skola för dem som inte går i skola',
    }),
    startsAt: new Date('2019-03-27T07:00:00Z'),
    location: 'Helsinki',
    remoteParticipation: true,
    organizers: [actor('valteri'), actor('sairaalaopetus-helsinki')],
    initiatives: [nonAttendance],
    regions: [region('HYKS')],
  });
  event({
    kind: EventKind.TRAINING,
    titleI18n: t({
      fi: '”Don’t give up on us” -koulutus',
      sv: 'Utbildningen ”Don’t give up on us”',
      en: '“Don’t give up on us” training',
    }),
    startsAt: new Date('2020-03-25T07:00:00Z'),
    location: 'Helsinki',
    organizers: [actor('sippolan-koulukoti'), actor('valteri')],
    // Partly shared by the theme groups on non-attending and on placed children.
    initiatives: [placed, nonAttendance],
    languages: [Language.FI],
    regions: [region('HYKS')],
  });
  event({
    kind: EventKind.TRAINING,
    titleI18n: t({
      fi: 'TUVET-hankkeen maksuton täydennyskoulutus',
      sv: 'TUVET-projektets avgiftsfria fortbildning',
    }),
    startsAt: new Date('2019-04-10T06:00:00Z'),
    endsAt: new Date('2019-05-31T14:00:00Z'),
    location: 'Eri puolilla Suomea',
    organizers: [actor('valteri')],
    initiatives: [tuvet],
    regions: ['HYKS', 'TYKS', 'TAYS', 'KYS', 'OYS'].map(region),
  });
  event({
    kind: EventKind.WEBINAR,
    titleI18n: t({
      fi: 'Webinaari: sairaalaopetuksesta takaisin omaan kouluun',
      sv: 'Webbinarium: från sjukhusundervisning tillbaka till skolan',
    }),
    startsAt: new Date('2027-02-10T12:00:00Z'),
    remoteParticipation: true,
    organizers: [actor('sairaalaopetus-tampere'), actor('sairaalaopetus-oulu')],
    regions: [region('TAYS'), region('OYS')],
  });

  for (const n of NEEDS) {
    em.create(ServiceNeed, {
      region: region(n.region),
      categories: n.categories.map((c) => categories.get(c)!),
      ageGroups: n.ages,
      supportNeeds: n.needs.map((c) => supportNeeds.get(c)!),
      descriptionI18n: t(n.text),
      status: n.status ?? NeedStatus.OPEN,
      isDemo: true,
    });
  }
  await em.flush();
  return {
    actors: ACTORS.length,
    offerings: OFFERINGS.length + PARTNER_OFFERINGS.length,
    materials: materials.length,
    initiatives: 5,
    events: 9,
    needs: NEEDS.length,
  };
}
