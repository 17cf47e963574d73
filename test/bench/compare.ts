import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { Role } from '../../src/common/context';
import { signDevToken } from '../../src/modules/auth/token';
import { ROOT, startProcess, Started } from './processes';
import type { GraphQLBody, Workload } from './workloads';

/**
 * The hub as it answered before its read path was rewritten (plain rows instead of ORM entities,
 * pruned columns, direct resolvers): every answer of today's hub must stay byte-for-byte the same.
 */
export const RESPONSE_BASELINE = 'f787781';

/** What the comparison found, for the report. */
export interface ComparisonFigures {
  baseline: string;
  operations: number;
  /** Byte-for-byte equal answers. */
  exact: number;
  /** Equal once region lists are sorted by code (the baseline read them without an order). */
  orderOnly: string[];
  /**
   * Equal but for `search.totalCount` above 10,000 hits, which is an estimate now (documented, within
   * 5 % of the baseline's exact count here).
   */
  estimated: string[];
  different: string[];
  /** Operations whose SQL statement count grew against the baseline's (`key: before → now`). */
  moreSql: string[];
  /** Operations run by fewer statements than before. */
  fewerSql: number;
}

/** The directory of a production build of `rev`, built once (kept under dist/, ignored by git). */
export function buildBaseline(rev: string, log: (m: string) => void): string {
  const commit = execFileSync('git', ['rev-parse', '--short', rev], { cwd: ROOT }).toString().trim();
  const dir = path.join(ROOT, 'dist', `baseline-${commit}`);
  if (fs.existsSync(path.join(dir, 'dist', 'src', 'main.js'))) return dir;
  log(`building the response baseline ${commit} (git archive + tsc)`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const archive = spawnSync('git', ['archive', '--format=tar', commit], { cwd: ROOT, maxBuffer: 1 << 30 });
  if (archive.status !== 0) throw new Error(`git archive ${commit} failed`);
  const untar = spawnSync('tar', ['-x', '-C', dir], { input: archive.stdout });
  if (untar.status !== 0) throw new Error('Unpacking the baseline failed');
  // Its dependencies are a subset of today's (nothing has been removed since).
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  fs.writeFileSync(
    path.join(dir, 'tsconfig.bench.json'),
    JSON.stringify({ extends: './tsconfig.json', include: ['src/**/*.ts', 'migrations/**/*.ts'] }),
  );
  const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.bench.json', '--noCheck'], {
    cwd: dir,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('The baseline build failed');
  return dir;
}

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
interface Field {
  name: string;
  args: { type: TypeRef; defaultValue: string | null }[];
  type: TypeRef;
}
interface FullType {
  kind: string;
  name: string;
  fields: Field[] | null;
}

const REF = 'kind name ofType { kind name ofType { kind name ofType { kind name } } }';

function named(t: TypeRef): TypeRef {
  return t.ofType ? named(t.ofType) : t;
}

/**
 * Operations that read everything the schema offers: every root list (a connection's first 20
 * nodes, or a plain list) with each field that needs no argument, two levels of objects below
 * each item, and the lists inside those (the first 5).
 */
export function readEverything(types: FullType[], queryType: string): { key: string; query: string }[] {
  const byName = new Map(types.map((t) => [t.name, t]));
  const callable = (f: Field) => f.args.every((a) => a.type.kind !== 'NON_NULL' || a.defaultValue != null);
  const selection = (typeName: string, depth: number): string => {
    const type = byName.get(typeName);
    if (!type?.fields) return '__typename';
    const parts: string[] = [];
    for (const f of type.fields) {
      if (!callable(f)) continue;
      const t = named(f.type);
      if (t.kind === 'SCALAR' || t.kind === 'ENUM') parts.push(f.name);
      else if (t.kind !== 'OBJECT' || depth === 0) parts.push(`${f.name} { __typename }`);
      else {
        const inner = byName.get(t.name!);
        const isConnection = inner?.fields?.some((x) => x.name === 'nodes');
        const first = isConnection && f.args.length ? '(first: 5)' : '';
        parts.push(`${f.name}${first} { ${selection(t.name!, depth - 1)} }`);
      }
    }
    return parts.join(' ');
  };
  const root = byName.get(queryType)!;
  const operations: { key: string; query: string }[] = [];
  for (const f of root.fields ?? []) {
    if (!callable(f) || f.name === 'node' || f.name === 'nodes') continue;
    const t = named(f.type);
    if (t.kind !== 'OBJECT') continue;
    const inner = byName.get(t.name!);
    const isConnection = inner?.fields?.some((x) => x.name === 'nodes');
    const list = f.type.kind === 'LIST' || f.type.ofType?.kind === 'LIST';
    if (!isConnection && !list) continue;
    const args = isConnection && f.args.some((a) => named(a.type).name === 'Int') ? '(first: 20)' : '';
    operations.push({ key: f.name, query: `{ ${f.name}${args} { ${selection(t.name!, 3)} } }` });
  }
  return operations;
}

async function post(
  url: string,
  body: GraphQLBody,
  token?: string,
): Promise<{ status: number; text: string; sql: number | null }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const raw = await res.text();
  let sql: number | null = null;
  let text = raw;
  try {
    // The SQL count (EXPOSE_SQL_COUNT) is taken out; the rest is serialized as the hub does.
    const json = JSON.parse(raw) as { extensions?: Record<string, unknown> };
    if (typeof json.extensions?.sqlStatements === 'number') {
      sql = json.extensions.sqlStatements;
      delete json.extensions.sqlStatements;
      if (Object.keys(json.extensions).length === 0) delete json.extensions;
      text = JSON.stringify(json);
    }
  } catch {
    // not JSON: compared as it is
  }
  return { status: res.status, text, sql };
}

/**
 * The lists the baseline read through unordered relations (regions; a need's categories and support
 * needs; an event's organisers), sorted by code (or slug): their order there was whatever
 * PostgreSQL returned.
 */
const UNORDERED_IN_BASELINE = new Set(['regions', 'categories', 'supportNeeds', 'organizers']);
function sortUnordered(text: string): string {
  try {
    return JSON.stringify(
      JSON.parse(text, (key, value: unknown) =>
        UNORDERED_IN_BASELINE.has(key) && Array.isArray(value)
          ? [...(value as { code?: string; slug?: string }[])].sort((a, b) =>
              String(a.code ?? a.slug).localeCompare(String(b.code ?? b.slug)),
            )
          : value,
      ),
    );
  } catch {
    return text;
  }
}

/** Above this many hits, `search.totalCount` is an estimate (src/modules/search/README.md). */
const SEARCH_EXACT_UP_TO = 10_000;

/**
 * `now` with its `search.totalCount` replaced by the baseline's, when both are above
 * SEARCH_EXACT_UP_TO and within 5 % of each other; else null.
 */
function withBaselineEstimate(before: string, now: string): string | null {
  try {
    const a = JSON.parse(before) as { data?: { search?: { totalCount?: number } } };
    const b = JSON.parse(now) as { data?: { search?: { totalCount?: number } } };
    const exact = a.data?.search?.totalCount;
    const estimate = b.data?.search?.totalCount;
    if (exact == null || estimate == null || exact <= SEARCH_EXACT_UP_TO || estimate <= SEARCH_EXACT_UP_TO)
      return null;
    if (Math.abs(estimate - exact) > exact * 0.05) return null;
    b.data!.search!.totalCount = exact;
    return JSON.stringify(b);
  } catch {
    return null;
  }
}

/**
 * Starts the baseline and today's hub on the same database (response cache off, one process, SQL
 * counted) and sends both every workload and the read-everything operations, as an anonymous
 * reader, a coordinator and an editor. Mismatches are written to `mismatchFile`.
 */
export async function compareWithBaseline(options: {
  baselineDir: string;
  databaseUrl: string;
  env: Record<string, string>;
  hubEntry: string;
  workloads: Workload[];
  secret: string;
  mismatchFile: string;
  log: (m: string) => void;
}): Promise<ComparisonFigures> {
  const { env, log } = options;
  const pg = new Client({ connectionString: options.databaseUrl });
  await pg.connect();
  let slug: string;
  try {
    slug = ((await pg.query('select slug from actor order by slug limit 1')).rows[0] as { slug: string })
      .slug;
  } finally {
    await pg.end();
  }
  const sign = (sub: string, roles: Role[], actor?: string) =>
    signDevToken(options.secret, { sub, name: `Bench ${sub}`, actor, roles }, 3600);
  const viewers: [string, string | undefined][] = [
    ['anonymous', undefined],
    ['coordinator', await sign('bench-compare-coordinator', [Role.COORDINATOR], slug)],
    ['editor', await sign('bench-compare-editor', [Role.EDITOR], slug)],
  ];
  const started: Started[] = [];
  try {
    // Coverage cached in both, as the baseline always did: the statement counts compare like with like.
    const compareEnv = {
      ...env,
      WORKERS: '1',
      EXPOSE_SQL_COUNT: 'true',
      MAX_QUERY_COST: '1000000',
      COVERAGE_CACHE: 'true',
    };
    const baseline = await startProcess(
      [path.join(options.baselineDir, 'dist', 'src', 'main.js')],
      compareEnv,
      {
        label: 'baseline hub',
        cwd: options.baselineDir,
      },
    );
    started.push(baseline);
    const today = await startProcess([options.hubEntry], compareEnv, { label: 'hub' });
    started.push(today);
    const urls = [baseline, today].map((p) => `http://127.0.0.1:${p.port}/graphql`);

    const schema = await post(urls[0], {
      query: `{ __schema { queryType { name } types { kind name fields { name args { defaultValue type { ${REF} } } type { ${REF} } } } } }`,
    });
    const s = (
      JSON.parse(schema.text) as { data: { __schema: { queryType: { name: string }; types: FullType[] } } }
    ).data.__schema;
    const operations: { key: string; body: GraphQLBody }[] = [
      ...options.workloads.filter((w) => w.body).map((w) => ({ key: w.key, body: w.body! })),
      ...readEverything(s.types, s.queryType.name).map((o) => ({ key: o.key, body: { query: o.query } })),
    ];
    const figures: ComparisonFigures = {
      baseline: RESPONSE_BASELINE,
      operations: 0,
      exact: 0,
      orderOnly: [],
      estimated: [],
      different: [],
      moreSql: [],
      fewerSql: 0,
    };
    const mismatches: unknown[] = [];
    for (const [who, token] of viewers) {
      // A token's first request records its staff member (a write): not part of the comparison.
      for (const url of urls) await post(url, { query: '{ __typename }' }, token);
      for (const op of operations) {
        const key = `${op.key} (${who})`;
        // The second answer, once per-process caches (taxonomies, plans) are warm. Statements are
        // counted as the least of five: lists batched per tick of the event loop can split one
        // batch in two when a statement's rows arrive a moment later (±1–2 in both hubs).
        const answers = [];
        for (const url of urls) {
          await post(url, op.body, token);
          const answer = await post(url, op.body, token);
          for (let i = 0; i < 4; i++) {
            const again = await post(url, op.body, token);
            if (answer.sql != null && again.sql != null) answer.sql = Math.min(answer.sql, again.sql);
          }
          answers.push(answer);
        }
        const [before, now] = answers;
        figures.operations++;
        if (before.status === now.status && before.text === now.text) figures.exact++;
        else if (before.status === now.status && sortUnordered(before.text) === sortUnordered(now.text))
          figures.orderOnly.push(key);
        else if (
          before.status === now.status &&
          sortUnordered(before.text) === sortUnordered(withBaselineEstimate(before.text, now.text) ?? '')
        )
          figures.estimated.push(key);
        else {
          figures.different.push(key);
          mismatches.push({ key, body: op.body, baseline: before, today: now });
        }
        if (before.sql != null && now.sql != null) {
          if (now.sql > before.sql) figures.moreSql.push(`${key}: ${before.sql} → ${now.sql}`);
          else if (now.sql < before.sql) figures.fewerSql++;
        }
      }
    }
    if (mismatches.length) fs.writeFileSync(options.mismatchFile, JSON.stringify(mismatches, null, 1));
    log(
      `responses against ${RESPONSE_BASELINE}: ${figures.exact}/${figures.operations} byte-for-byte, ` +
        `${figures.orderOnly.length} equal up to the order of lists the baseline left unordered, ` +
        `${figures.estimated.length} equal but for search's estimated totalCount, ${figures.different.length} different; ` +
        `SQL statements: ${figures.moreSql.length} more, ${figures.fewerSql} fewer`,
    );
    return figures;
  } finally {
    for (const p of started) await p.stop();
  }
}
