import { Index, Property } from '@mikro-orm/core';
import { FullTextType } from '@mikro-orm/postgresql';
import { Language } from './enums';
import { joinSql, rawSql, Sql, sql } from './sql';

/**
 * Full-text search over the localised text of a table, shared by the `search` query and the
 * `search` argument of the list filters.
 *
 * Each searchable table has three stored, generated `tsvector` columns, `search_fi`, `search_sv`
 * and `search_en`, built with the `finnish`, `swedish` and `english` configurations (stemming and
 * stop words), the title weighted 'A' over the description 'B' and language-neutral text 'C'.
 * A query is parsed by `websearch_to_tsquery` (quotes, `or`, `-word`). When that finds nothing
 * (list filters) or few (search), two fallbacks find near misses: every word as a prefix
 * (`autismi` → `autismikirjon`) and trigram similarity to the titles (`Valtri` → `Valteri`).
 *
 * All user text is bound as a parameter; the SQL built here contains no `?` of its own.
 */

/** PostgreSQL text-search configuration of each hub language. */
export const TEXT_SEARCH_CONFIG: Readonly<Record<Language, string>> = {
  [Language.FI]: 'finnish',
  [Language.SV]: 'swedish',
  [Language.EN]: 'english',
};

export const ALL_LANGUAGES: readonly Language[] = [Language.FI, Language.SV, Language.EN];

/** The description of the `search` field of the list filters. */
export const SEARCH_FILTER_DESCRIPTION =
  'Full-text search of the title, description and other text in Finnish, Swedish and English: ' +
  'inflected forms match; "quoted phrases", `or` and `-word` work. When the words match nothing, ' +
  'word beginnings and titles with typos do.';

/** The longest query accepted, in characters. */
export const MAX_QUERY_LENGTH = 200;

/** Minimum `word_similarity` of the query words to a title for the trigram fallback. */
export const TRIGRAM_THRESHOLD = 0.5;

/** The searchable text of a table: its stored vectors, the fallbacks and snippets are built from it. */
export interface TextSearchSpec {
  table: string;
  /** Prefix of the localised title columns (`title` → `title_fi`, `title_sv`, `title_en`): weight 'A'. */
  title: string;
  /** Prefix of the localised description columns: weight 'B'. */
  description: string;
  /** Language-neutral text of the row (SQL over its unqualified columns): weight 'C'. */
  extra?: readonly string[];
  /** SQL true for rows of `alias` anyone may see; omitted when every row is public. */
  publicWhere?: (alias: string) => string;
}

function lc(lang: Language): string {
  return lang.toLowerCase();
}

/** Name of a table's search vector column for `lang`. */
export function searchVectorColumn(lang: Language): string {
  return `search_${lc(lang)}`;
}

/**
 * The Swedish snowball stemmer leaves the definite forms of -a and of neuter nouns alone
 * (`skolan`, `barnet`), so they would not meet `skola`, `barn`. Both the stored vectors and the
 * queries pass Swedish text through the same two rewrites first: `-an(s)` → `-a` after two
 * letters, and `-et(s)` → `-e` except after `h` (`möjlighet` stays). Other languages pass as is.
 */
const SWEDISH_REWRITES: readonly (readonly [pattern: string, replacement: string])[] = [
  ['([[:alpha:]]{2}a)ns{0,1}\\M', '\\1'],
  ['([[:alpha:]][^[:space:][:punct:][:digit:]h])ets{0,1}\\M', '\\1e'],
];

function normalized(lang: Language, text: Sql): Sql {
  if (lang !== Language.SV) return text;
  return SWEDISH_REWRITES.reduce(
    (inner, [pattern, replacement]) =>
      sql`regexp_replace(${inner}, ${rawSql(`'${pattern}', '${replacement}', 'gi'`)})`,
    text,
  );
}

/** The generation expression of a table's search vector in `lang` (over unqualified columns). */
export function searchVectorSql(spec: TextSearchSpec, lang: Language): string {
  const cfg = TEXT_SEARCH_CONFIG[lang];
  const part = (expr: string, weight: string) =>
    `setweight(to_tsvector('${cfg}', ${normalized(lang, rawSql(`coalesce(${expr}, '')`)).text}), '${weight}')`;
  return [
    part(`${spec.title}_${lc(lang)}`, 'A'),
    part(`${spec.description}_${lc(lang)}`, 'B'),
    ...(spec.extra ?? []).map((e) => part(e, 'C')),
  ].join(' || ');
}

/** Name of a table's rank bound column (see `rankBoundSql`). */
export const RANK_BOUND_COLUMN = 'search_rank_bound';

/**
 * The generation expression of a table's rank bound: over all three languages and every word of
 * the row, the highest relevance (`TextSearchSql.score`, 0..2) a query of one word can reach:
 * 1 when the word is in the title, plus r / (r + 1) for r the sum of the weights of its positions
 * (A 1, B 0.4, C 0.2, D 0.1), which is what `ts_rank_cd` gives a one-word query. No one-word query
 * ranks the row higher, so `search` ranks a very common word only among the rows whose bound
 * reaches the page (`search.service.ts`). `search_rank_bound(tsvector[])` is the migration's.
 */
export function rankBoundSql(spec: TextSearchSpec): string {
  return `search_rank_bound(array[${ALL_LANGUAGES.map((l) => searchVectorSql(spec, l)).join(', ')}])`;
}

/**
 * Declares a table's stored, generated search vector for `lang` with its GIN index. Lazy: never
 * loaded with the entity, only queried. The first language's also declares the table's rank
 * bound (`rankBoundSql`) with its B-tree index: every searchable table declares all three.
 */
export function SearchVector(spec: TextSearchSpec, lang: Language) {
  return (target: object, key: string): void => {
    if (lang === ALL_LANGUAGES[0]) {
      Property({
        type: 'double',
        fieldName: RANK_BOUND_COLUMN,
        generated: `(${rankBoundSql(spec)}) stored`,
        nullable: true,
        lazy: true,
        hidden: true,
      })(target, 'searchRankBound');
      Index<Record<string, unknown>, string>({
        name: `${spec.table}_${RANK_BOUND_COLUMN}_index`,
      })(target as Record<string, unknown>, 'searchRankBound');
    }
    Property({
      type: new FullTextType(TEXT_SEARCH_CONFIG[lang]),
      fieldName: searchVectorColumn(lang),
      generated: `(${searchVectorSql(spec, lang)}) stored`,
      nullable: true,
      lazy: true,
      hidden: true,
    })(target, key);
    Index<Record<string, unknown>, string>({
      type: 'fulltext',
      name: `${spec.table}_${searchVectorColumn(lang)}_index`,
    })(target as Record<string, unknown>, key);
  };
}

/** A parsed query: the text for `websearch_to_tsquery` and what the fallbacks need. */
export interface TextQuery {
  /** The query as typed (quotes, `or` and `-word` are understood by `websearch_to_tsquery`). */
  text: string;
  /** `to_tsquery` input matching the wanted words as prefixes; null when there are none. */
  prefix: string | null;
  /** The wanted words, for trigram similarity; null when too short. */
  words: string | null;
  /** `to_tsquery` input matching any excluded (`-word`, `-"a phrase"`) text; null without. */
  excluded: string | null;
}

const TOKEN = /(-?)"([^"]*)"?|(\S+)/gu;
const WORD = /[\p{L}\p{N}]+/gu;
const MAX_GROUPS = 16;

/**
 * Parses the user's text the way `websearch_to_tsquery` reads it (quoted phrases, `or`, a leading
 * `-` excludes) into the inputs of the fallbacks. Returns null for blank text. Only letters and
 * digits reach the `to_tsquery` strings, so they cannot carry query syntax of their own.
 */
export function parseTextQuery(input: string | null | undefined): TextQuery | null {
  const text = (input ?? '').trim();
  if (!text) return null;
  const wanted: { words: string[]; or: boolean }[] = [];
  const excluded: string[][] = [];
  let pendingOr = false;
  for (const m of text.matchAll(TOKEN)) {
    const [, dash, phrase, bare] = m;
    let negated = dash === '-';
    let body = phrase ?? '';
    if (bare !== undefined) {
      if (bare.toLowerCase() === 'or') {
        pendingOr = wanted.length > 0;
        continue;
      }
      negated = bare.length > 1 && bare.startsWith('-');
      body = negated ? bare.slice(1) : bare;
    }
    const words = (body.match(WORD) ?? []).map((w) => w.toLowerCase());
    if (words.length === 0) continue;
    if (negated) excluded.push(words);
    else wanted.push({ words, or: pendingOr });
    pendingOr = false;
    if (wanted.length + excluded.length >= MAX_GROUPS) break;
  }
  let prefix = '';
  for (const group of wanted) {
    const words = group.words.filter((w) => w.length >= 2);
    if (words.length === 0) continue;
    const term = `(${words.map((w) => `${w}:*`).join(' & ')})`;
    prefix += prefix ? `${group.or ? ' | ' : ' & '}${term}` : term;
  }
  const words = wanted.flatMap((g) => g.words).join(' ');
  return {
    text,
    prefix: prefix || null,
    words: words.replace(/\s/g, '').length >= 3 ? words : null,
    excluded: excluded.length
      ? excluded.map((w) => (w.length > 1 ? `(${w.join(' <-> ')})` : w[0])).join(' | ')
      : null,
  };
}

/** The SQL of one query against the rows of alias `alias` of a table, in the given languages. */
export class TextSearchSql {
  constructor(
    private readonly spec: TextSearchSpec,
    private readonly query: TextQuery,
    private readonly langs: readonly Language[] = ALL_LANGUAGES,
    private readonly alias = 'e',
  ) {}

  private vector(lang: Language): Sql {
    return rawSql(`${this.alias}.${searchVectorColumn(lang)}`);
  }

  private static tsquery(fn: 'websearch_to_tsquery' | 'to_tsquery', lang: Language, text: string): Sql {
    return sql`${rawSql(fn)}('${rawSql(TEXT_SEARCH_CONFIG[lang])}', ${normalized(lang, sql`${text}`)})`;
  }

  /** The user's query in `lang` (websearch syntax). */
  static websearch(lang: Language, query: TextQuery): Sql {
    return TextSearchSql.tsquery('websearch_to_tsquery', lang, query.text);
  }

  /** The query's words as prefixes in `lang`; null when it has no wanted words. */
  static prefix(lang: Language, query: TextQuery): Sql | null {
    return query.prefix ? TextSearchSql.tsquery('to_tsquery', lang, query.prefix) : null;
  }

  private any(parts: Sql[]): Sql {
    return sql`(${joinSql(parts, ' or ')})`;
  }

  private greatest(parts: Sql[]): Sql {
    return parts.length === 1 ? parts[0] : sql`greatest(${joinSql(parts, ', ')})`;
  }

  /**
   * 0..2: 1 when every word is in the title (weight 'A'), plus the cover density r scaled to 0..1
   * as r / (r + 1) (normalization 32). Languages whose text does not match add nothing and are not
   * ranked: on a word most records contain, ranking is the cost of the whole search.
   */
  private relevance(lang: Language, tsquery: Sql): Sql {
    const v = this.vector(lang);
    return sql`(case when ${v} @@ ${tsquery} then (case when ts_filter(${v}, '{a}') @@ ${tsquery} then 1 else 0 end) + ts_rank_cd(${v}, ${tsquery}, 32)::float8 else 0 end)`;
  }

  /**
   * SQL true when the query is one word (or none) in each language, the queries the rank bound
   * (`rankBoundSql`) holds for: no `or`, phrase, exclusion or second word.
   */
  static oneWord(query: TextQuery, langs: readonly Language[]): Sql {
    return joinSql(
      langs.map((l) => sql`numnode(${TextSearchSql.websearch(l, query)}) <= 1`),
      ' and ',
    );
  }

  /** The row's rank bound (`rankBoundSql`): no one-word query's `score()` exceeds it. */
  rankBound(): Sql {
    return rawSql(`${this.alias}.${RANK_BOUND_COLUMN}`);
  }

  /** True when the full-text query matches in one of the languages. */
  matches(): Sql {
    return this.any(
      this.langs.map((l) => sql`${this.vector(l)} @@ ${TextSearchSql.websearch(l, this.query)}`),
    );
  }

  /** Full-text relevance, 0..2, the best over the languages. */
  score(): Sql {
    return this.greatest(this.langs.map((l) => this.relevance(l, TextSearchSql.websearch(l, this.query))));
  }

  private prefixMatches(): Sql | null {
    if (!this.query.prefix) return null;
    return this.any(this.langs.map((l) => sql`${this.vector(l)} @@ ${TextSearchSql.prefix(l, this.query)}`));
  }

  private similarity(): Sql | null {
    const words = this.query.words;
    if (!words) return null;
    return this.greatest(
      this.langs.map(
        (l) => sql`word_similarity(${words}, ${rawSql(`${this.alias}.${this.spec.title}_${lc(l)}`)})`,
      ),
    );
  }

  private notExcluded(): Sql {
    const excluded = this.query.excluded;
    if (!excluded) return rawSql('true');
    return sql`not ${this.any(
      this.langs.map((l) => sql`${this.vector(l)} @@ ${TextSearchSql.tsquery('to_tsquery', l, excluded)}`),
    )}`;
  }

  /**
   * True for near misses: every wanted word as a prefix, or a title similar to the words; never
   * a row with an excluded word. Null when the query has nothing to match loosely.
   */
  fallbackMatches(): Sql | null {
    const prefix = this.prefixMatches();
    const similarity = this.similarity();
    const loose = [
      ...(prefix ? [prefix] : []),
      ...(similarity ? [sql`coalesce(${similarity} >= ${rawSql(String(TRIGRAM_THRESHOLD))}, false)`] : []),
    ];
    if (loose.length === 0) return null;
    return sql`(${this.any(loose)} and ${this.notExcluded()})`;
  }

  /** Relevance of a near miss: 2..4 for a prefix match, else the title similarity (0.5..1). */
  fallbackScore(): Sql {
    const prefix = this.prefixMatches();
    const similarity = this.similarity() ?? rawSql('0');
    if (!prefix) return sql`coalesce(${similarity}, 0)::float8`;
    const prefixScore = this.greatest(
      this.langs.map((l) => this.relevance(l, TextSearchSql.prefix(l, this.query)!)),
    );
    return sql`(case when ${prefix} then 2 + ${prefixScore} else coalesce(${similarity}, 0)::float8 end)`;
  }

  /**
   * A list filter's condition: the full-text match, or, when the words match no public row of
   * the table at all, a near miss. Deciding on public rows only keeps drafts from showing
   * through, and the decision is the same for every page, nested list and subscription.
   */
  filterCondition(): Sql {
    const fallback = this.fallbackMatches();
    if (!fallback) return this.matches();
    const other = new TextSearchSql(this.spec, this.query, this.langs, 'fts_any');
    const publicRows = this.spec.publicWhere
      ? rawSql(` and ${this.spec.publicWhere('fts_any')}`)
      : rawSql('');
    return sql`(${this.matches()} or (${fallback} and not exists (select 1 from ${rawSql(
      `"${this.spec.table}"`,
    )} fts_any where ${other.matches()}${publicRows})))`;
  }
}

/**
 * SQL true for the rows (alias `e`) matching the `search` text of a list filter; nothing for blank
 * text (which matches everything).
 */
export function textMatchSql(spec: TextSearchSpec, text: string | null | undefined): Sql | null {
  const query = parseTextQuery(text);
  if (!query) return null;
  return new TextSearchSql(spec, query).filterCondition();
}
