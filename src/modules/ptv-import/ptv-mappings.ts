import { ActorKind } from '../actor';

/**
 * The mapping tables of the PTV import, kept here so that a change to them is reviewed like code.
 */

/**
 * PTV organisation type → actor kind. Companies and private social and health producers are not
 * among the hub's partner kinds: their records are skipped (with this reason).
 */
export const ORGANIZATION_KINDS: Readonly<Record<string, ActorKind | { skip: string }>> = {
  Municipality: ActorKind.MUNICIPALITY,
  // A wellbeing services county (hyvinvointialue) is published as a regional organisation type.
  Region: ActorKind.WELLBEING_SERVICES_COUNTY,
  Organization: ActorKind.ASSOCIATION,
  State: ActorKind.OTHER_PUBLIC_BODY,
  RegionalOrganization: ActorKind.OTHER_PUBLIC_BODY,
  SotePublic: ActorKind.OTHER_PUBLIC_BODY,
  Company: { skip: 'companies are not among the hub’s partner kinds' },
  SotePrivate: { skip: 'private social and health service producers are not among the hub’s partner kinds' },
};

/**
 * PTV service classes (the ptvserclass2 classification, code → its Finnish name for the reader)
 * → the hub's service categories. Only classes with an honest counterpart are listed; a service
 * none of whose classes is here is skipped, since every offering has a category.
 */
export const SERVICE_CLASS_CATEGORIES: Readonly<
  Record<string, { name: string; categories: readonly string[] }>
> = {
  'P3.6': { name: 'Lapsiperheiden sosiaalipalvelut', categories: ['FAMILY_SUPPORT'] },
  'P3.7': { name: 'Kasvatus- ja perheneuvonta', categories: ['FAMILY_SUPPORT', 'CONSULTATION'] },
  'P3.8': { name: 'Lastensuojelu', categories: ['FAMILY_SUPPORT'] },
  'P4.6': { name: 'Perhehoito', categories: ['FAMILY_SUPPORT'] },
  'P4.9': { name: 'Koulu- ja opiskelijahuollon sosiaalipalvelut', categories: ['CONSULTATION'] },
  'P4.12': { name: 'Sosiaalipalvelujen vertais- ja vapaaehtoistoiminta', categories: ['FAMILY_SUPPORT'] },
  'P4.13': { name: 'Sosiaalipalvelujen neuvonta- ja ohjauspalvelut', categories: ['CONSULTATION'] },
  'P5.4': { name: 'Röntgen, laboratorio ja muut tutkimuspalvelut', categories: ['ASSESSMENT'] },
  'P5.13': { name: 'Kuntoutus', categories: ['REHABILITATION_PERIOD'] },
  'P5.16': { name: 'Terveyden vertais- ja vapaaehtoistoiminta', categories: ['FAMILY_SUPPORT'] },
  'P6.4': { name: 'Ammatinvalinta ja opintojen ohjaus', categories: ['TRANSITION_SUPPORT'] },
  'P6.10': { name: 'Aikuis- ja täydennyskoulutus', categories: ['TRAINING'] },
  'P28.4': { name: 'Etsivä nuorisotyö', categories: ['TRANSITION_SUPPORT'] },
  'P28.5': {
    name: 'Ohjaamot sekä muut nuorten tieto-, neuvonta- ja ohjauspalvelut',
    categories: ['TRANSITION_SUPPORT', 'CONSULTATION'],
  },
};

/**
 * PTV's `Region` areas are the regions of Finland (maakunta, Statistics Finland's codes) → the
 * hub's wellbeing services counties: each region is one county, except Uusimaa, which is the four
 * Uusimaa counties and Helsinki together. Åland (21) has no county in the hub.
 */
export const REGION_COUNTIES: Readonly<Record<string, readonly string[]>> = {
  '01': ['01', '02', '03', '04', '90'],
  '02': ['05'],
  '04': ['06'],
  '05': ['07'],
  '06': ['08'],
  '07': ['09'],
  '08': ['10'],
  '09': ['11'],
  '10': ['12'],
  '11': ['13'],
  '12': ['14'],
  '13': ['15'],
  '14': ['16'],
  '15': ['17'],
  '16': ['18'],
  '17': ['19'],
  '18': ['20'],
  '19': ['21'],
  '21': [],
};

/** A nationwide service serves all five collaboration areas: the hub's whole country. */
export const NATIONWIDE = ['HYKS', 'TYKS', 'TAYS', 'KYS', 'OYS'];

/** PTV service charge type → the hub's cost; anything else (Other, none) is VARIES. */
export const CHARGE_TYPES: Readonly<Record<string, 'FREE' | 'PAID'>> = {
  FreeOfCharge: 'FREE',
  Chargeable: 'PAID',
};
