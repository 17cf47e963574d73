import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Language, PublicationStatus } from '../../common/enums';
import { MaterialKind } from './material.entity';

/**
 * Captions of videos (EU Web Accessibility Directive; the Finnish act on providing digital
 * services): every spoken language needs captions, a live recording within 14 days of publication.
 * The rules are written twice, here for one material and below as SQL for filters and the report;
 * `test/e2e/captions.e2e.test.ts` checks that both agree.
 */
export enum AccessibilityIssueCode {
  CAPTIONS_MISSING = 'CAPTIONS_MISSING',
  CAPTIONS_UNKNOWN = 'CAPTIONS_UNKNOWN',
  CAPTIONS_OVERDUE = 'CAPTIONS_OVERDUE',
}
registerEnumType(AccessibilityIssueCode, {
  name: 'AccessibilityIssueCode',
  valuesConfig: {
    CAPTIONS_MISSING: { description: 'A spoken language of the video has no captions.' },
    CAPTIONS_UNKNOWN: {
      description: 'The video’s spoken languages are not given: its captions cannot be checked.',
    },
    CAPTIONS_OVERDUE: {
      description: 'Captions are still missing more than 14 days after publication (PUBLISHED videos).',
    },
  },
});

/** Days after publication within which missing captions must be added. */
export const CAPTION_GRACE_DAYS = 14;

@ObjectType({ description: 'Something that keeps a material from being accessible to everyone.' })
export class AccessibilityIssue {
  @Field(() => AccessibilityIssueCode)
  code!: AccessibilityIssueCode;

  @Field(() => [Language], { description: 'The languages concerned (for CAPTIONS_MISSING and _OVERDUE).' })
  languages!: Language[];

  @Field(() => Date, {
    nullable: true,
    description: 'When missing captions are (or were) due: 14 days after publication; null for drafts.',
  })
  dueAt?: Date | null;
}

const LANGUAGE_ORDER: readonly Language[] = [Language.FI, Language.SV, Language.EN];

/** What the caption rules read of a material (an entity, or a row of a list). */
export interface CaptionedMaterial {
  kind: MaterialKind;
  status: PublicationStatus;
  publishedAt?: Date | null;
  video?: { captionLanguages?: Language[] | null; spokenLanguages?: Language[] | null } | null;
}

/** Spoken languages of a video without captions, in the order FI, SV, EN; empty for other kinds. */
export function captionsMissing(m: CaptionedMaterial): Language[] {
  if (m.kind !== MaterialKind.VIDEO || !m.video) return [];
  const spoken = new Set(m.video.spokenLanguages ?? []);
  const captioned = new Set(m.video.captionLanguages ?? []);
  return LANGUAGE_ORDER.filter((l) => spoken.has(l) && !captioned.has(l));
}

/** The accessibility issues of a material at `now`. */
export function accessibilityIssues(m: CaptionedMaterial, now = new Date()): AccessibilityIssue[] {
  if (m.kind !== MaterialKind.VIDEO || !m.video) return [];
  if ((m.video.spokenLanguages ?? []).length === 0) {
    return [{ code: AccessibilityIssueCode.CAPTIONS_UNKNOWN, languages: [] }];
  }
  const missing = captionsMissing(m);
  if (missing.length === 0) return [];
  const dueAt = m.publishedAt ? new Date(m.publishedAt.getTime() + CAPTION_GRACE_DAYS * 86_400_000) : null;
  const issues: AccessibilityIssue[] = [
    { code: AccessibilityIssueCode.CAPTIONS_MISSING, languages: missing, dueAt },
  ];
  if (m.status === PublicationStatus.PUBLISHED && dueAt && dueAt < now) {
    issues.push({ code: AccessibilityIssueCode.CAPTIONS_OVERDUE, languages: missing, dueAt });
  }
  return issues;
}

const LANGUAGE_NAMES: Record<Language, Record<Language, string>> = {
  [Language.FI]: { FI: 'suomi', SV: 'ruotsi', EN: 'englanti' },
  [Language.SV]: { FI: 'finska', SV: 'svenska', EN: 'engelska' },
  [Language.EN]: { FI: 'Finnish', SV: 'Swedish', EN: 'English' },
};

const MESSAGES: Record<AccessibilityIssueCode, Record<Language, (languages: string) => string>> = {
  CAPTIONS_MISSING: {
    FI: (l) => `Videosta puuttuu tekstitys puhutulla kielellä: ${l}.`,
    SV: (l) => `Videon saknar undertexter på det talade språket: ${l}.`,
    EN: (l) => `The video has no captions in its spoken language: ${l}.`,
  },
  CAPTIONS_UNKNOWN: {
    FI: () => 'Videon puhuttuja kieliä ei ole kerrottu, joten tekstitystä ei voi tarkistaa.',
    SV: () => 'Videons talade språk har inte angetts, så undertexterna kan inte kontrolleras.',
    EN: () => 'The video’s spoken languages are not given, so its captions cannot be checked.',
  },
  CAPTIONS_OVERDUE: {
    FI: (l) => `Tekstitys puuttuu yhä yli ${CAPTION_GRACE_DAYS} päivää julkaisun jälkeen: ${l}.`,
    SV: (l) =>
      `Undertexterna saknas fortfarande mer än ${CAPTION_GRACE_DAYS} dagar efter publiceringen: ${l}.`,
    EN: (l) => `Captions are still missing more than ${CAPTION_GRACE_DAYS} days after publication: ${l}.`,
  },
};

/** The issue explained in `lang`, naming the languages concerned. */
export function issueMessage(issue: AccessibilityIssue, lang: Language): string {
  const names = issue.languages.map((l) => LANGUAGE_NAMES[lang][l]).join(', ');
  return MESSAGES[issue.code][lang](names);
}

/** The same rules in SQL over a `shared_material` row of alias `a`. */
export const captionSql = {
  /** A video whose spoken languages are not given. */
  unknown: (a: string) =>
    `(${a}.kind = 'VIDEO' and jsonb_array_length(coalesce(${a}.video->'spoken_languages', '[]'::jsonb)) = 0)`,
  /** A video with a spoken language that has no captions. */
  missing: (a: string) =>
    `(${a}.kind = 'VIDEO' and not coalesce(${a}.video->'caption_languages', '[]'::jsonb) @> coalesce(${a}.video->'spoken_languages', '[]'::jsonb))`,
  /** A PUBLISHED video still missing captions after the grace period. */
  overdue: (a: string) =>
    `(${captionSql.missing(a)} and ${a}.status = 'PUBLISHED' and ${a}.published_at < now() - interval '${CAPTION_GRACE_DAYS} days')`,
  /** A video with captions in every spoken language (which are given). */
  captioned: (a: string) =>
    `(${a}.kind = 'VIDEO' and not ${captionSql.unknown(a)} and not ${captionSql.missing(a)})`,
  /** Rows with any of `codes`. */
  anyOf: (a: string, codes: readonly AccessibilityIssueCode[]) =>
    `(${[...new Set(codes)]
      .map((c) =>
        c === AccessibilityIssueCode.CAPTIONS_UNKNOWN
          ? captionSql.unknown(a)
          : c === AccessibilityIssueCode.CAPTIONS_MISSING
            ? captionSql.missing(a)
            : captionSql.overdue(a),
      )
      .join(' or ')})`,
};
