import { Language } from '../../common/enums';

type Labels = Readonly<Record<string, readonly [fi: string, sv: string, en: string]>>;

/**
 * Names of the hub's enum values in Finnish, Swedish and English, for the open-data formats that
 * show values to people (CSV cells, calendar and feed text, HSDS free-text fields). The taxonomies
 * (categories, support needs, age groups) and regions have their names in the database.
 */
const LABELS: Readonly<Record<string, Labels>> = {
  ActorKind: {
    ELMERI_SCHOOL: ['Elmeri-koulu', 'Elmeri-skola', 'Elmeri school'],
    VALTERI: ['Valteri', 'Valteri', 'Valteri'],
    HOSPITAL_TEACHING_UNIT: ['Sairaalaopetusyksikkö', 'Sjukhusundervisningsenhet', 'Hospital teaching unit'],
    STATE_SCHOOL_HOME: ['Valtion koulukoti', 'Statligt skolhem', 'State school home'],
    MUNICIPALITY: ['Kunta', 'Kommun', 'Municipality'],
    WELLBEING_SERVICES_COUNTY: ['Hyvinvointialue', 'Välfärdsområde', 'Wellbeing services county'],
    ASSOCIATION: ['Järjestö', 'Organisation', 'Association'],
    OTHER_PUBLIC_BODY: ['Muu julkinen toimija', 'Annan offentlig aktör', 'Other public body'],
  },
  RegionKind: {
    COLLABORATION_AREA: ['Yhteistyöalue', 'Samarbetsområde', 'Collaboration area'],
    WELLBEING_COUNTY: ['Hyvinvointialue', 'Välfärdsområde', 'Wellbeing services county'],
    MUNICIPALITY: ['Kunta', 'Kommun', 'Municipality'],
  },
  CostType: {
    FREE: ['Maksuton', 'Avgiftsfri', 'Free of charge'],
    PAID: ['Maksullinen', 'Avgiftsbelagd', 'Chargeable'],
    MUNICIPALITY_FUNDED: ['Kunnan kustantama', 'Bekostas av kommunen', 'Funded by the municipality'],
    VARIES: ['Vaihtelee', 'Varierar', 'Varies'],
  },
  DeliveryMode: {
    ON_SITE: ['Paikan päällä', 'På plats', 'On site'],
    REMOTE: ['Etänä', 'På distans', 'Remote'],
    OUTREACH: ['Jalkautuva', 'Uppsökande', 'Outreach'],
  },
  PublicationStatus: {
    DRAFT: ['Luonnos', 'Utkast', 'Draft'],
    PUBLISHED: ['Julkaistu', 'Publicerad', 'Published'],
    ARCHIVED: ['Arkistoitu', 'Arkiverad', 'Archived'],
  },
  Language: {
    FI: ['suomi', 'finska', 'Finnish'],
    SV: ['ruotsi', 'svenska', 'Swedish'],
    EN: ['englanti', 'engelska', 'English'],
  },
  EventKind: {
    CONFERENCE: ['Konferenssi', 'Konferens', 'Conference'],
    MEETING: ['Kokous', 'Möte', 'Meeting'],
    NETWORK_DAY: ['Verkostopäivä', 'Nätverksdag', 'Network day'],
    TRAINING: ['Koulutus', 'Utbildning', 'Training'],
    WEBINAR: ['Webinaari', 'Webbinarium', 'Webinar'],
    OTHER: ['Muu tapahtuma', 'Annat evenemang', 'Other event'],
  },
  MaterialKind: {
    VIDEO: ['Video', 'Video', 'Video'],
    DOCUMENT: ['Asiakirja', 'Dokument', 'Document'],
    GUIDE: ['Opas', 'Guide', 'Guide'],
    SCREENING_TOOL: ['Seulontatyökalu', 'Screeningverktyg', 'Screening tool'],
    TRAINING_MATERIAL: ['Koulutusmateriaali', 'Utbildningsmaterial', 'Training material'],
    WEB_PAGE: ['Verkkosivu', 'Webbsida', 'Web page'],
    OTHER: ['Muu materiaali', 'Annat material', 'Other material'],
  },
  Boolean: {
    true: ['kyllä', 'ja', 'yes'],
    false: ['ei', 'nej', 'no'],
  },
};

const INDEX: Record<Language, 0 | 1 | 2> = { [Language.FI]: 0, [Language.SV]: 1, [Language.EN]: 2 };

export type LabelledEnum = keyof typeof LABELS;

/** The name of `value` of `enumName` in `lang` (the value itself when it has no name). */
export function label(enumName: LabelledEnum, value: string | boolean, lang: Language): string {
  const key = String(value);
  const names = Object.hasOwn(LABELS[enumName], key) ? LABELS[enumName][key] : undefined;
  return names ? names[INDEX[lang]] : key;
}

/** Text in one of the three languages, picked by `lang`. */
export function inLang(lang: Language, fi: string, sv: string, en: string): string {
  return [fi, sv, en][INDEX[lang]];
}
