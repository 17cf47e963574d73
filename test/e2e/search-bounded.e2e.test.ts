import { PublicationStatus } from '../../src/common/enums';
import { toGlobalId } from '../../src/common/node';
import { EXACT_COUNT_UP_TO, MAX_CANDIDATES, searchLimits } from '../../src/modules/search/search.service';
import { Fixtures } from '../support/fixtures';
import { startTestHub, TestHub } from '../support/hub';

/**
 * The one-word path of `search` (rank bound, bounded ranking, `totalCount` in the page
 * statement), against the ranking of every hit. The limits are lowered so that a few dozen
 * records reach both sides of them.
 */
let t: TestHub;

interface Hit {
  score: number;
  item: { id: string; title?: string };
}
interface Result {
  search: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: Hit[];
  };
}

const QUERY = `query ($q: String!, $first: Int, $after: String) {
  search(query: $q, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { score item { ... on ServiceOffering { id title } ... on SharedMaterial { id title } } }
  }
}`;

async function run(q: string, first = 100, after?: string) {
  const res = await t.request<Result, Record<string, unknown>>(QUERY, { q, first, after });
  expect(res.errors).toBeUndefined();
  return { ...res.data!.search, statements: res.extensions?.sqlStatements as number };
}

/** Published offerings and materials with "kallio" in the title, description or both. */
const PUBLISHED = 36;
const drafts: string[] = [];

beforeAll(async () => {
  t = await startTestHub('search-bounded');
  const fx = new Fixtures(t.em());
  const owner = await fx.actor({ slug: 'kallio-toimija' });
  for (let i = 0; i < 24; i++) {
    // Ties on purpose: every third record has the same text as the one before.
    const n = i - (i % 3 === 2 ? 1 : 0);
    await fx.offering(owner, {
      title: { fi: n % 2 === 0 ? `Kallio ryhmä ${n}` : `Ryhmä ${n}` },
      description: { fi: `Tukea ${'kallio '.repeat(1 + (n % 4))}perheille.` },
    });
  }
  for (let i = 0; i < 12; i++) {
    await fx.material(owner, { title: i % 2 ? `Kallio opas ${i % 4}` : `Opas ${i % 4} kalliosta` });
  }
  for (let i = 0; i < 3; i++) {
    const d = await fx.offering(owner, {
      title: { fi: 'Kallio kallio luonnos' },
      description: { fi: 'kallio kallio kallio' },
      status: PublicationStatus.DRAFT,
    });
    drafts.push(toGlobalId('ServiceOffering', d.id));
  }
  const fillers = await fx.offering(owner, { title: { fi: 'Muu palvelu' } });
  expect(fillers).toBeDefined();
});

// These tables are small: without this, one-word pages would be ranked among all hits.
const RANK_ALL_BELOW = searchLimits.rankAllBelow;
beforeEach(() => {
  searchLimits.rankAllBelow = 0;
});

afterEach(() => {
  searchLimits.exactCountUpTo = EXACT_COUNT_UP_TO;
  searchLimits.maxCandidates = MAX_CANDIDATES;
  searchLimits.rankAllBelow = RANK_ALL_BELOW;
});

afterAll(async () => {
  await t?.stop();
});

/** The ranking of every hit: no candidate set is small enough. */
async function fullRanking(q: string) {
  searchLimits.maxCandidates = 0;
  try {
    return await run(q);
  } finally {
    searchLimits.maxCandidates = MAX_CANDIDATES;
  }
}

describe('search, one word (bounded ranking)', () => {
  it('gives the page the full ranking gives, titles first, ties by type then id', async () => {
    const full = await fullRanking('kallio');
    expect(full.nodes).toHaveLength(PUBLISHED);
    for (const first of [1, 3, 5, 10]) {
      const page = await run('kallio', first);
      expect(page.statements).toBeLessThanOrEqual(3);
      expect(page.nodes).toEqual(full.nodes.slice(0, first));
    }
    // Scores descending; equal scores by type then id (ids are UUIDs, compared as text here).
    const scores = full.nodes.map((n) => n.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(full.nodes.filter((n) => n.score >= 5).length).toBeGreaterThan(0);
    expect(
      full.nodes
        .slice(0, full.nodes.filter((n) => n.score >= 5).length)
        .every((n) => /kallio/i.test(n.item.title ?? '')),
    ).toBe(true);
  });

  it('pages with `after` give the one big page', async () => {
    const full = await fullRanking('kallio');
    const seen: Hit[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await run('kallio', 4, after);
      seen.push(...page.nodes);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor!;
    }
    expect(seen).toEqual(full.nodes);
  });

  it('ranks every hit on small tables, once a search has seen their size: the same pages and count', async () => {
    const full = await fullRanking('kallio');
    searchLimits.rankAllBelow = RANK_ALL_BELOW;
    await run('kallio', 1);
    // With totalCount an estimate above 2 hits, the bounded statement gives it, and ranking every
    // hit needs a statement more for it: which way a page was ranked shows in the statements.
    searchLimits.exactCountUpTo = 2;
    const rankedAll = await run('kallio', 5);
    expect(rankedAll.statements).toBe(3);
    searchLimits.rankAllBelow = 0;
    const bounded = await run('kallio', 5);
    expect(bounded.statements).toBe(2);
    expect(rankedAll.nodes).toEqual(full.nodes.slice(0, 5));
    expect(bounded.nodes).toEqual(rankedAll.nodes);
    expect(rankedAll.totalCount).toBe(PUBLISHED);
    expect(bounded.totalCount).toBe(PUBLISHED);
    expect(rankedAll.pageInfo).toEqual(bounded.pageInfo);
  });

  it('runs the page, with totalCount, in one statement plus one per kind on the page', async () => {
    const page = await run('kallio', 1);
    expect(page.statements).toBe(2);
    expect(page.totalCount).toBe(PUBLISHED);
  });

  it('never shows drafts to anonymous readers, nor counts them', async () => {
    for (const first of [1, 5, 100]) {
      const page = await run('kallio', first);
      expect(page.nodes.map((n) => n.item.id)).not.toEqual(expect.arrayContaining([drafts[0]]));
      for (const d of drafts) expect(page.nodes.map((n) => n.item.id)).not.toContain(d);
      expect(page.totalCount).toBe(PUBLISHED);
    }
    searchLimits.exactCountUpTo = 2;
    const estimated = await run('kallio', 3);
    for (const d of drafts) expect(estimated.nodes.map((n) => n.item.id)).not.toContain(d);
    // The small tables' sample is the whole table: the estimate is the count of visible hits.
    expect(estimated.totalCount).toBe(PUBLISHED);
  });

  it('counts exactly at the threshold and estimates above it', async () => {
    searchLimits.exactCountUpTo = PUBLISHED;
    expect((await run('kallio', 2)).totalCount).toBe(PUBLISHED);
    searchLimits.exactCountUpTo = 10;
    const above = await run('kallio', 2);
    // Above the threshold: at least threshold + 1, within 5 % of the hits.
    expect(above.totalCount).toBeGreaterThan(10);
    expect(Math.abs(above.totalCount - PUBLISHED)).toBeLessThanOrEqual(PUBLISHED * 0.05);
    // The same number whichever page is read, also when the page falls back to ranking every hit.
    const deep = await run('kallio', 2, above.pageInfo.endCursor!);
    expect(deep.totalCount).toBe(above.totalCount);
    searchLimits.maxCandidates = 0;
    expect((await run('kallio', 2)).totalCount).toBe(above.totalCount);
  });

  it('falls back to ranking every hit when more than maxCandidates reach the floor', async () => {
    const full = await fullRanking('kallio');
    const bounded = await run('kallio', 10);
    searchLimits.maxCandidates = 2;
    const page = await run('kallio', 10);
    // The bounded statement, then the ranking of every hit: one statement more.
    expect(page.statements).toBe(bounded.statements + 1);
    expect(bounded.nodes).toEqual(full.nodes.slice(0, 10));
    expect(page.nodes).toEqual(full.nodes.slice(0, 10));
  });

  it('ranks every hit, and counts them exactly, for several words, `or` and `-word`', async () => {
    searchLimits.exactCountUpTo = 1;
    searchLimits.maxCandidates = 0;
    const or = await run('kallio or kalliosta');
    expect(or.totalCount).toBe(PUBLISHED);
    const two = await run('kallio ryhmä');
    expect(two.nodes.length).toBeGreaterThan(0);
    expect(two.totalCount).toBe(two.nodes.length);
    const minus = await run('kallio -opas');
    expect(minus.totalCount).toBe(minus.nodes.length);
    expect(minus.nodes.every((n) => !/opas/i.test(n.item.title ?? ''))).toBe(true);
    expect(minus.totalCount).toBeLessThan(PUBLISHED);
  });
});

describe('search_rank_bound (generated column)', () => {
  async function bound(id: string): Promise<number> {
    const rows = await t
      .em()
      .getConnection()
      .execute<{ b: number }[]>('select search_rank_bound as b from service_offering where id = ?', [id]);
    return Number(rows[0].b);
  }

  it('is filled on insert and follows updates', async () => {
    const fx = new Fixtures(t.em());
    const owner = await fx.actor({ slug: 'bound-toimija' });
    const o = await fx.offering(owner, { title: { fi: 'Graniitti' }, description: { fi: 'Tekstiä.' } });
    // One title position: 1 + 1 / (1 + 1).
    expect(await bound(o.id)).toBeCloseTo(1.5, 6);
    await t
      .em()
      .getConnection()
      .execute(
        `update service_offering set title_fi = 'Graniitti graniitti', description_fi = 'graniitti' where id = ?`,
        [o.id],
      );
    // Two title positions and a description one: 1 + 2.4 / 3.4.
    expect(await bound(o.id)).toBeCloseTo(1 + 2.4 / 3.4, 6);
    const rows = await t
      .em()
      .getConnection()
      .execute<{ n: string }[]>('select count(*) as n from service_offering where search_rank_bound is null');
    expect(Number(rows[0].n)).toBe(0);
  });
});
