import { Embeddable, Property } from '@mikro-orm/core';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Field, InputType, ObjectType } from 'type-graphql';
import { Language } from './enums';

/** Text in Finnish, Swedish and English; stored as three columns (`<prefix>fi`, `sv`, `en`). */
@Embeddable()
@ObjectType('LocalizedString', { description: 'A text in each of the hub languages (null where missing).' })
export class LocalizedString {
  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  fi?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  sv?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  en?: string | null;

  constructor(value: { fi?: string | null; sv?: string | null; en?: string | null } = {}) {
    this.fi = value.fi ?? null;
    this.sv = value.sv ?? null;
    this.en = value.en ?? null;
  }
}

@InputType('LocalizedStringInput', { description: 'Localised input: at least one language must be given.' })
export class LocalizedStringInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  fi?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  sv?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  en?: string | null;
}

const FALLBACK: Record<Language, Language[]> = {
  [Language.FI]: [Language.FI, Language.SV, Language.EN],
  [Language.SV]: [Language.SV, Language.FI, Language.EN],
  [Language.EN]: [Language.EN, Language.FI, Language.SV],
};

/** The languages to try for a reader of `lang`, in order: `lang` first, then fi → sv → en. */
export function languageFallback(lang: Language): readonly Language[] {
  return FALLBACK[lang];
}

function valueIn(text: LocalizedString, lang: Language): string | null | undefined {
  switch (lang) {
    case Language.FI:
      return text.fi;
    case Language.SV:
      return text.sv;
    case Language.EN:
      return text.en;
  }
}

/**
 * The text in `lang`, falling back to the first non-empty of fi → sv → en.
 * Returns null when every language is empty.
 */
export function pickLang(text: LocalizedString | null | undefined, lang: Language): string | null {
  if (!text) return null;
  for (const l of FALLBACK[lang]) {
    const v = valueIn(text, l);
    if (v != null && v.trim() !== '') return v;
  }
  return null;
}

/** Parses an `Accept-Language` header into the best supported hub language. */
export function languageFromHeader(header: string | undefined | null): Language | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((x) => x.tag && !Number.isNaN(x.q) && x.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const primary = tag.split('-')[0];
    if (primary === 'fi') return Language.FI;
    if (primary === 'sv') return Language.SV;
    if (primary === 'en') return Language.EN;
  }
  return null;
}
