import { loadManyById } from '../../common/by-id';
import { fromWhere, narrowed, Selection } from '../../common/list-query';
import { readRows } from '../../db/query';
import { RequestContext } from '../../common/context';
import { Language } from '../../common/enums';
import { ValidationError } from '../../common/errors';
import { languageFallback } from '../../common/localized';
import { isUuid } from '../../common/node';
import { packCursor, Page, pageSize, unpackCursor } from '../../common/pagination';
import { joinSql, rawSql, Sql, sql } from '../../common/sql';
import {
  ALL_LANGUAGES,
  MAX_QUERY_LENGTH,
  parseTextQuery,
  TEXT_SEARCH_CONFIG,
  TextQuery,
  TextSearchSpec,
  TextSearchSql,
} from '../../common/text-search';
import { Actor, ACTOR_TEXT, actorService } from '../actor';
import { Event, EVENT_TEXT, eventService } from '../event';
import { INITIATIVE_TEXT, JointInitiative, initiativeService } from '../initiative';
import { MATERIAL_TEXT, SharedMaterial, materialService } from '../material';
import { SERVICE_OFFERING_TEXT, ServiceOffering, serviceOfferingService } from '../service-offering';
import { SearchFilter, SearchType } from './search.inputs';
import { RegionMatch, requireRegionScope } from '../region';

/** A record search can find. */
export type SearchItem = Actor | ServiceOffering | JointInitiative | SharedMaterial | Event;

/** One ranked result: the record, its relevance and an excerpt. */
export interface SearchHitValue {
  score: number;
  snippet: string | null;
  item: SearchItem;
}

export interface SearchArgs {
  query: string;
  lang?: Language | null;
  types?: SearchType[] | null;
  filter?: SearchFilter | null;
  first?: number | null;
  after?: string | null;
  /** The client asks for `totalCount`: count alongside the page rather than after it. */
  countTotal?: boolean;
}

/**
 * When the full-text query finds fewer hits than this, near misses (prefixes, similar titles)
 * are added below them.
 */
export const FALLBACK_BELOW = 5;

/** Full-text hits score 4..6, prefix matches 2..4, similar titles 0.5..1. */
const FULL_TEXT_BASE = 4;

/**
 * The limits of a one-word query's shortcuts (`boundedHitsSql`, `countSql`). Tests lower them to
 * reach both sides with a few records; the hub never changes them.
 */
export const searchLimits = {
  /** `totalCount` of a one-word query is exact up to this many hits; above it, an estimate. */
  exactCountUpTo: 10_000,
  /**
   * A one-word query ranks, of each kind of record, at most this many candidates (the rows whose
   * rank bound reaches the page); when more reach it, the page is ranked among all hits instead.
   */
  maxCandidates: 2000,
  /**
   * Below this many records in the searched tables (by the planner's `reltuples`, as the last
   * search over them reported), a one-word page is ranked among all hits: on small tables that
   * costs less than finding the candidates first. The same page either way.
   */
  rankAllBelow: 5000,
};

/** The records in the searched tables by their kinds' key, as each search statement reports it. */
const tableSizes = new Map<string, number>();

/** The number of records in the tables of `types` (their `reltuples`), one scalar subquery. */
function tableSizeSql(types: SearchType[]): Sql {
  const tables = types.map((type) => `'"${SEARCHABLE[type].spec.table}"'::regclass`).join(', ');
  return rawSql(
    `(select coalesce(sum(greatest(reltuples, 0)), 0)::float8 from pg_class where oid in (${tables}))`,
  );
}

/** Default of `searchLimits.exactCountUpTo`. */
export const EXACT_COUNT_UP_TO = searchLimits.exactCountUpTo;

/** Default of `searchLimits.maxCandidates`. */
export const MAX_CANDIDATES = searchLimits.maxCandidates;

/**
 * The estimate of a kind of record with more than `exactCountUpTo` hits counts its hits among
 * the records whose id (random, version 4) falls in the first part of the id space that holds
 * about COUNT_SAMPLE_ROWS of the table's records (by the planner's `reltuples`), and scales it up.
 */
const COUNT_SAMPLE_ROWS = 1024;

/** A query that may be one word in every language (`TextSearchSql.oneWord` decides). */
const ONE_WORD = /^"?[\p{L}\p{N}]+"?$/u;

/** Slack for the float4 rounding of ts_rank_cd against the rank bound (float8). */
const BOUND_SLACK = 1e-6;

const HEADLINE_OPTIONS =
  'StartSel=<mark>, StopSel=</mark>, MaxWords=30, MinWords=12, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "';

/** One searchable kind: its text, the viewer's visible rows (through its service) and a loader. */
interface Searchable {
  spec: TextSearchSpec;
  /** SELECT `columns` FROM the rows the viewer may see (alias `e`) and `filter` matches WHERE `where`. */
  branch(ctx: RequestContext, filter: SearchFilter, columns: Sql, where: Sql): Sql;
  load(ctx: RequestContext, ids: string[]): Promise<SearchItem[]>;
}

/** `select <columns>` of a feature's visible rows (alias `e`) narrowed by `where`. */
function branchSql<T extends object>(ctx: RequestContext, rows: Selection<T>, columns: Sql, where: Sql): Sql {
  return sql`select ${columns} ${fromWhere(ctx.em, narrowed(rows, where))}`;
}

/** The region part of a search filter, as the lists' filters take it. */
function regionsOf(f: SearchFilter): { regionCodes?: string[] | null; regionMatch?: RegionMatch | null } {
  return { regionCodes: f.regionCodes, regionMatch: f.regionMatch };
}

const SEARCHABLE: Record<SearchType, Searchable> = {
  [SearchType.ACTOR]: {
    spec: ACTOR_TEXT,
    branch: (ctx, f, c, w) => branchSql(ctx, actorService.visibleQuery(ctx, regionsOf(f)), c, w),
    load: (ctx, ids) => loadManyById(ctx, Actor, ids),
  },
  [SearchType.SERVICE_OFFERING]: {
    spec: SERVICE_OFFERING_TEXT,
    branch: (ctx, f, c, w) =>
      branchSql(
        ctx,
        serviceOfferingService.visibleQuery(ctx, { ...regionsOf(f), validity: f.validity }),
        c,
        w,
      ),
    load: (ctx, ids) => loadManyById(ctx, ServiceOffering, ids),
  },
  [SearchType.INITIATIVE]: {
    spec: INITIATIVE_TEXT,
    branch: (ctx, f, c, w) => branchSql(ctx, initiativeService.visibleQuery(ctx, regionsOf(f)), c, w),
    load: (ctx, ids) => loadManyById(ctx, JointInitiative, ids),
  },
  [SearchType.MATERIAL]: {
    spec: MATERIAL_TEXT,
    branch: (ctx, _f, c, w) => branchSql(ctx, materialService.visibleQuery(ctx, null), c, w),
    load: (ctx, ids) => loadManyById(ctx, SharedMaterial, ids),
  },
  [SearchType.EVENT]: {
    spec: EVENT_TEXT,
    branch: (ctx, f, c, w) => branchSql(ctx, eventService.visibleQuery(ctx, regionsOf(f)), c, w),
    load: (ctx, ids) => loadManyById(ctx, Event, ids),
  },
};

const TYPES = Object.values(SearchType);

/** Position of a hit in the ranking: score descending, then type and id ascending. */
interface HitPosition {
  score: number;
  type: SearchType;
  id: string;
}

function encodeCursor(pos: HitPosition): string {
  return packCursor([pos.score, pos.type, pos.id]);
}

function decodeCursor(cursor: string | null | undefined): HitPosition | null {
  if (cursor == null) return null;
  return unpackCursor(cursor, 3, ([score, type, id]) =>
    typeof score === 'number' &&
    Number.isFinite(score) &&
    TYPES.includes(type as SearchType) &&
    typeof id === 'string' &&
    isUuid(id)
      ? { score, type: type as SearchType, id }
      : undefined,
  );
}

function parseQuery(query: string): TextQuery {
  if (query.length > MAX_QUERY_LENGTH) {
    throw new ValidationError(`query must be at most ${MAX_QUERY_LENGTH} characters`, ['query']);
  }
  const parsed = parseTextQuery(query);
  if (!parsed || !/[\p{L}\p{N}]/u.test(parsed.text)) {
    throw new ValidationError('query must contain a word to search for', ['query']);
  }
  return parsed;
}

/**
 * The `with` clause naming the ranked hits (`hits`: type, id, score) the viewer may see. Without
 * `ranked`, the full-text hits score 0: enough to count them, without ranking each one. Without
 * `nearMisses`, only the full-text hits: the same hits whenever those are FALLBACK_BELOW or more,
 * in a statement that reads them once (with near misses, they are read again to be counted).
 */
function hitsSql(
  ctx: RequestContext,
  query: TextQuery,
  langs: readonly Language[],
  types: SearchType[],
  filter: SearchFilter,
  ranked = true,
  nearMisses = true,
): Sql {
  const fullText = types.map((type) => {
    const text = new TextSearchSql(SEARCHABLE[type].spec, query, langs);
    const score = ranked ? sql`${rawSql(String(FULL_TEXT_BASE))} + ${text.score()}` : rawSql('0');
    return SEARCHABLE[type].branch(
      ctx,
      filter,
      sql`${rawSql(`'${type}'`)} as type, e.id, ${score} as score`,
      text.matches(),
    );
  });
  const near = types.flatMap((type) => {
    const text = new TextSearchSql(SEARCHABLE[type].spec, query, langs);
    const fallback = nearMisses ? text.fallbackMatches() : null;
    if (!fallback) return [];
    return [
      SEARCHABLE[type].branch(
        ctx,
        filter,
        sql`${rawSql(`'${type}'`)} as type, e.id, ${text.fallbackScore()} as score`,
        sql`(select count(*) from fts) < ${rawSql(String(FALLBACK_BELOW))} and not ${text.matches()} and ${fallback}`,
      ),
    ];
  });
  const hits = near.length
    ? rawSql('select type, id, score from fts union all select type, id, score from near')
    : rawSql('select type, id, score from fts');
  return sql`with fts as (${joinSql(fullText, ' union all ')})${
    near.length ? sql`, near as (${joinSql(near, ' union all ')})` : rawSql('')
  }, hits as (${hits})`;
}

/**
 * The `with` clause naming the full-text hits (`hits`: type, id, score) that can reach the page
 * after `after`, for a one-word query (`TextSearchSql.oneWord`), without ranking every hit:
 *
 * 1. `probe`: of each kind, the first `k` hits after the cursor in descending rank bound (B-tree
 *    `search_rank_bound` index). Their k-th best score `floor` is reached by at least k hits
 *    after the cursor, so the page holds no hit scoring below it.
 * 2. `hits`: the hits whose rank bound reaches `floor` (no other hit can score that much), at
 *    most `maxCandidates` + 1 of each kind; `overflow` says when a kind had more, and the page must
 *    then be ranked among all hits.
 *
 * Ranking these gives the same page, in the same order, as ranking every hit.
 */
function boundedHitsSql(
  ctx: RequestContext,
  query: TextQuery,
  langs: readonly Language[],
  types: SearchType[],
  filter: SearchFilter,
  after: HitPosition | null,
  k: number,
): Sql {
  const base = rawSql(String(FULL_TEXT_BASE));
  const slack = rawSql(String(BOUND_SLACK));
  const maxCandidates = searchLimits.maxCandidates;
  const probe = types.map((type) => {
    const text = new TextSearchSql(SEARCHABLE[type].spec, query, langs);
    const score = sql`(${base} + ${text.score()})`;
    const typeSql = rawSql(`'${type}'`);
    const afterCursor = after
      ? sql` and ${text.rankBound()} <= ${after.score - FULL_TEXT_BASE} + ${slack} and (${score} < ${after.score} or (${score} = ${after.score} and (${typeSql}, e.id) > (${after.type}, ${after.id}::uuid)))`
      : rawSql('');
    return sql`(${SEARCHABLE[type].branch(
      ctx,
      filter,
      sql`${typeSql} as type, e.id, ${score} as score`,
      sql`${text.matches()}${afterCursor}`,
    )} order by ${text.rankBound()} desc limit ${k})`;
  });
  const candidates = types.map((type) => {
    const text = new TextSearchSql(SEARCHABLE[type].spec, query, langs);
    return sql`(${SEARCHABLE[type].branch(
      ctx,
      filter,
      sql`${rawSql(`'${type}'`)} as type, e.id, ${base} + ${text.score()} as score`,
      sql`${text.matches()} and ${text.rankBound()} >= (select floor from floor) - ${base} - ${slack}`,
    )} order by ${text.rankBound()} desc limit ${maxCandidates + 1})`;
  });
  const matched = types.map((type) => {
    const text = new TextSearchSql(SEARCHABLE[type].spec, query, langs);
    return SEARCHABLE[type].branch(ctx, filter, rawSql('1 as one'), text.matches());
  });
  return sql`with probe as (${joinSql(probe, ' union all ')}),
    few as (select count(*) < ${FALLBACK_BELOW} as few from (${joinSql(matched, ' union all ')} limit ${FALLBACK_BELOW}) m),
    one_word as (select ${TextSearchSql.oneWord(query, langs)} as ok),
    floor as (select case when (select ok from one_word)
      then coalesce((select score from probe order by score desc offset ${k - 1} limit 1), '-infinity'::float8)
      else 'infinity'::float8 end as floor),
    hits as (${joinSql(candidates, ' union all ')}),
    overflow as (select not (select ok from one_word) or coalesce(max(n), 0) > ${maxCandidates} as overflow
      from (select count(*) as n from hits group by type) per_type)`;
}

/** Whether the query has near misses to offer at all: words to match as prefixes or by similarity. */
function hasNearMisses(query: TextQuery, langs: readonly Language[], types: SearchType[]): boolean {
  return types.some(
    (type) => new TextSearchSql(SEARCHABLE[type].spec, query, langs).fallbackMatches() != null,
  );
}

/**
 * An excerpt of each hit (alias `p`) in the reader's language: its description, else its title,
 * HTML-escaped, with the matched words in `<mark>`.
 */
function snippetSql(query: TextQuery, readerLang: Language, types: SearchType[]): Sql {
  const order = languageFallback(readerLang);
  const highlight = (lang: Language): Sql => {
    const fullText = TextSearchSql.websearch(lang, query);
    const prefix = TextSearchSql.prefix(lang, query);
    if (!prefix) return fullText;
    return sql`(case when p.score >= ${rawSql(String(FULL_TEXT_BASE))} then ${fullText} else ${prefix} end)`;
  };
  const headline = (lang: Language, column: string): Sql => {
    const text = `replace(replace(replace(nullif(btrim(s.${column}_${lang.toLowerCase()}), ''), '&', '&amp;'), '<', '&lt;'), '>', '&gt;')`;
    return sql`ts_headline('${rawSql(TEXT_SEARCH_CONFIG[lang])}', ${rawSql(text)}, ${highlight(lang)}, '${rawSql(
      HEADLINE_OPTIONS,
    )}')`;
  };
  const cases = types.map((type) => {
    const spec = SEARCHABLE[type].spec;
    const excerpts = [
      ...order.map((l) => headline(l, spec.description)),
      ...order.map((l) => headline(l, spec.title)),
    ];
    return sql`when '${rawSql(type)}' then (select coalesce(${joinSql(excerpts, ', ')}) from ${rawSql(
      `"${spec.table}"`,
    )} s where s.id = p.id)`;
  });
  return sql`(case p.type ${joinSql(cases, ' ')} end)`;
}

/**
 * The scalar `totalCount` of the full-text hits of a one-word query: exact up to
 * `exactCountUpTo`; above it, for each kind with more hits than that, its hits among the records
 * of the id sample scaled up to the table (at least `exactCountUpTo` + 1). Below FALLBACK_BELOW
 * (always exact) near misses count too, so the caller counts those instead. A subquery of the
 * page statement: `totalCount` needs no statement of its own.
 */
function countSql(
  ctx: RequestContext,
  query: TextQuery,
  langs: readonly Language[],
  types: SearchType[],
  filter: SearchFilter,
): Sql {
  const exactUpTo = searchLimits.exactCountUpTo;
  const perType = types.map((type) => {
    const text = new TextSearchSql(SEARCHABLE[type].spec, query, langs);
    const capped = SEARCHABLE[type].branch(ctx, filter, rawSql('1 as one'), text.matches());
    // The sample: ids below `bound` (the first 32 bits of the id, of 2^32), about COUNT_SAMPLE_ROWS.
    const table = SEARCHABLE[type].spec.table;
    const bound = sql`(select greatest(1, least(4294967296, floor(4294967296 * ${COUNT_SAMPLE_ROWS} / greatest(reltuples, 1))))::int8
      from pg_class where oid = ${rawSql(`'"${table}"'`)}::regclass)`;
    const sampleIds = sql`e.id < (select (case when b.bound >= 4294967296 then 'ffffffff-ffff-ffff-ffff-ffffffffffff'
        else lpad(to_hex(b.bound), 8, '0') || '-0000-0000-0000-000000000000' end)::uuid from (select ${bound} as bound) b)`;
    const sample = SEARCHABLE[type].branch(
      ctx,
      filter,
      rawSql('count(*)'),
      sql`${sampleIds} and ${text.matches()}`,
    );
    return sql`select (case when c.n > ${exactUpTo}
        then greatest(${exactUpTo + 1}, round((${sample}) * 4294967296.0 / ${bound})::int8) else c.n end) as n
      from (select count(*) as n from (${capped} limit ${exactUpTo + 1}) x) c`;
  });
  return sql`(select sum(n)::int8 from (${joinSql(perType, ' union all ')}) t)`;
}

interface HitRow {
  type: SearchType;
  id: string;
  score: number;
  /** How many hits there are in all (before the cursor too), when every hit was ranked. */
  total: number | string | null;
  snippet: string | null;
  /** The records in the searched tables (`tableSizeSql`). */
  size: number | null;
}

/** Ranked full-text search over actors, offerings, initiatives, materials and events. */
export const searchService = {
  /**
   * One page of hits for `query`, best first, among the records the viewer may see (the same
   * visibility as the lists). `lang` narrows matching to that language's text; otherwise Finnish,
   * Swedish and English text are each matched with their own stemming. Runs one statement for the
   * page and, when asked for (`countTotal`), `totalCount` (two when the words find fewer than
   * FALLBACK_BELOW records, or the page is empty, and the query has near misses to offer; two
   * when a one-word query has more than `maxCandidates` hits of a kind that can reach the page),
   * and one per kind of record on it; `totalCount` not asked for up front, or of an empty page
   * (`first: 0`, or past the end of a ranking of every hit), runs one more.
   *
   * A one-word query ranks only the hits that can reach the page (`boundedHitsSql`), unless the
   * searched tables were below `rankAllBelow` records at the last search over them; its
   * `totalCount` is exact up to `exactCountUpTo` hits, an estimate above (`countSql`), whichever
   * way a page was ranked. Any other query ranks every hit and counts them exactly.
   *
   * @throws ValidationError for a blank or overlong query, a bad page size or cursor.
   */
  async search(ctx: RequestContext, args: SearchArgs): Promise<Page<SearchHitValue>> {
    const query = parseQuery(args.query);
    const size = pageSize(args.first);
    const after = decodeCursor(args.after);
    const types = args.types?.length ? TYPES.filter((t) => args.types!.includes(t)) : TYPES;
    const langs = args.lang ? [args.lang] : ALL_LANGUAGES;
    const filter = args.filter ?? {};
    const typesKey = types.join(',');
    const tablesSize = tableSizeSql(types);
    await requireRegionScope(ctx.em, filter, 'filter');
    // A query of one run of letters and digits may be one word in each language: its page may be
    // ranked among the hits that can reach it (`boundedHitsSql`), and its count is `countSql`.
    const oneWord = !query.excluded && ONE_WORD.test(query.text);

    // `totalCount` when the page statement did not give it: `countSql` for a one-word query,
    // unless the words find fewer than FALLBACK_BELOW records and near misses count too.
    let total: Promise<number> | null = null;
    const count = async () => {
      if (oneWord) {
        const rows = await readRows<{ n: number | string | null }>(
          ctx.em,
          sql`select ${countSql(ctx, query, langs, types, filter)} as n`,
        );
        const n = Number(rows[0]?.n ?? 0);
        if (n >= FALLBACK_BELOW || !hasNearMisses(query, langs, types)) return n;
      }
      const all = hitsSql(ctx, query, langs, types, filter, false);
      const rows = await readRows<{ n: number }>(ctx.em, sql`${all} select count(*)::int as n from hits`);
      return rows[0]?.n ?? 0;
    };
    const totalCount = () => (total ??= count());
    if (size === 0) return { items: [], cursors: [], hasNextPage: false, totalCount };

    const keyset = after
      ? sql`where (score < ${after.score} or (score = ${after.score} and (type, id) > (${after.type}, ${after.id}::uuid)))`
      : rawSql('');
    const snippet = snippetSql(query, args.lang ?? ctx.lang, types);
    // Every hit ranked; the same statement counts them exactly (`total`).
    const pageOf = async (nearMisses: boolean) => {
      const hits = hitsSql(ctx, query, langs, types, filter, true, nearMisses);
      const page = sql`${hits} select p.type, p.id, p.score, p.total, ${snippet} as snippet, ${tablesSize} as size
        from (select type, id, score, total from (select type, id, score, count(*) over () as total from hits) counted
          ${keyset} order by score desc, type, id limit ${size + 1}) p
        order by p.score desc, p.type, p.id`;
      const rows = await readRows<HitRow>(ctx.em, page);
      if (rows.length > 0 && rows[0].size != null) tableSizes.set(typesKey, Number(rows[0].size));
      return rows;
    };
    // A one-word query ranks only the hits that can reach the page (`boundedHitsSql`). The last
    // row says whether the words find fewer than FALLBACK_BELOW records (`few`), whether too many
    // hits could reach the page (`overflow`: it must be ranked among all hits) and, when asked
    // for, `countSql` (`total`), an uncorrelated subquery PostgreSQL runs once.
    const boundedPage = async () => {
      const hits = boundedHitsSql(ctx, query, langs, types, filter, after, size + 1);
      const counted = args.countTotal ? countSql(ctx, query, langs, types, filter) : rawSql('null::int8');
      const page = sql`${hits} select p.type, p.id, p.score, null::int8 as total, (select few from few) as few,
          (select overflow from overflow) as overflow, ${snippet} as snippet, null::float8 as size
        from (select type, id, score from hits ${keyset} order by score desc, type, id limit ${size + 1}) p
        union all select null, null, null, ${counted}, (select few from few), (select overflow from overflow), null, ${tablesSize}
        order by 3 desc nulls last, 1, 2`;
      const rows = await readRows<HitRow & { few: boolean; overflow: boolean }>(ctx.em, page);
      const last = rows.pop()!;
      if (last.size != null) tableSizes.set(typesKey, Number(last.size));
      return { rows, few: last.few, overflow: last.overflow, total: last.total };
    };
    // On tables known to be small, every hit is ranked (`searchLimits.rankAllBelow`).
    const known = tableSizes.get(typesKey);
    const rankAll = known !== undefined && known < searchLimits.rankAllBelow;
    const bounded = oneWord && !rankAll ? await boundedPage() : null;
    // Near misses join only when the words find fewer than FALLBACK_BELOW records: first the
    // full-text hits alone; when they are fewer (or the page is empty), the statement with both,
    // if the query has any.
    let rows = bounded && !bounded.overflow ? bounded.rows : await pageOf(false);
    let few =
      bounded && !bounded.overflow
        ? bounded.few || rows.length === 0
        : rows.length === 0 || Number(rows[0].total) < FALLBACK_BELOW;
    if (few && hasNearMisses(query, langs, types)) rows = await pageOf(true);
    else few = false;
    // `totalCount` from the page statement: near misses, or any query but one word, count exactly;
    // a one-word query's count is `countSql`'s, the same whichever way its pages were ranked.
    const ranked = rows.length > 0 && rows[0].total != null ? Number(rows[0].total) : null;
    if (few || !oneWord) {
      if (ranked != null) total = Promise.resolve(ranked);
    } else if (ranked != null && ranked <= searchLimits.exactCountUpTo) {
      total = Promise.resolve(ranked);
    } else if (bounded?.total != null) {
      total = Promise.resolve(Number(bounded.total));
    }
    const pageRows = rows.slice(0, size);

    const ids = new Map<SearchType, string[]>();
    for (const row of pageRows) ids.set(row.type, [...(ids.get(row.type) ?? []), row.id]);
    const loaded = new Map<string, SearchItem>();
    await Promise.all(
      [...ids].map(async ([type, typeIds]) => {
        for (const item of await SEARCHABLE[type].load(ctx, typeIds)) loaded.set(`${type}:${item.id}`, item);
      }),
    );
    // A record deleted between the two statements is left out.
    const found = pageRows.filter((row) => loaded.has(`${row.type}:${row.id}`));
    return {
      items: found.map((row) => ({
        score: Number(row.score),
        snippet: row.snippet,
        item: loaded.get(`${row.type}:${row.id}`)!,
      })),
      cursors: found.map((row) => encodeCursor({ score: Number(row.score), type: row.type, id: row.id })),
      hasNextPage: rows.length > size,
      totalCount,
    };
  },
};
