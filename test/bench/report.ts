import type { ComparisonFigures } from './compare';
import type { SubscriptionResult } from './subscriptions';

/**
 * One workload at one size. The top-level figures are never-seen work: a hub with its response
 * cache (and coverage cache) off, every request executed; `cached` is the same workload with the
 * cache on, the second row.
 */
export interface WorkloadFigures {
  label: string;
  /** Connections of the timed runs (Q5 and Q6 uncached: one request at a time). */
  connections?: number;
  reqPerSec?: number;
  reqPerSecRuns?: number[];
  p50Ms?: number;
  p95Ms?: number;
  p99Ms?: number;
  errors?: number;
  sqlPerRequest?: number;
  responseBytes?: number;
  serverRssMb?: number;
  /** Q2 only: the (uncached) hub's req/s divided by the floor's. */
  floorRatio?: number;
  /** The same workload with the response cache on (a repeated query is answered from memory). */
  cached?: LoadFigures & { serverRssMb?: number };
  /** Q2 only: the cached hub's req/s divided by the floor's. */
  floorRatioCached?: number;
  /** The response baseline's build, uncached, timed the same way in the same run (`--baseline-timing`). */
  baseline?: LoadFigures;
  /** Q6 with the coverage cache on and the response cache off, as the baseline always ran. */
  asBaseline?: LoadFigures;
  /** Reports before the uncached figures became the headline: the response cache off. */
  uncached?: LoadFigures;
  floorRatioUncached?: number;
  floor?: {
    reqPerSec: number;
    p50Ms: number;
    p99Ms: number;
    errors: number;
    sqlPerRequest: number;
    equal: string;
  };
  skipped?: string;
}

export interface LoadFigures {
  connections: number;
  reqPerSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  errors: number;
}

/** Q4 is timed on two pages of the same query. */
export interface PagedFigures {
  label: string;
  page1: WorkloadFigures;
  page50: WorkloadFigures;
}

export interface SizeFigures {
  offerings: number;
  database: { reused: boolean; generateSeconds: number; counts: Record<string, number> };
  workloads: Record<string, WorkloadFigures | PagedFigures>;
  /** Every answer compared with the response baseline's on this size's database. */
  comparison?: ComparisonFigures;
}

/** The workloads of one size as (key, figures) pairs, Q4's pages as `q4.page1` and `q4.page50`. */
export function flatWorkloads(workloads: SizeFigures['workloads'] | undefined): Map<string, WorkloadFigures> {
  const flat = new Map<string, WorkloadFigures>();
  for (const [key, w] of Object.entries(workloads ?? {})) {
    if ('page1' in w) {
      flat.set(`${key}.page1`, w.page1);
      flat.set(`${key}.page50`, w.page50);
    } else flat.set(key, w);
  }
  return flat;
}

export interface TargetCheck {
  target: string;
  value: number | string | null;
  pass: boolean | null;
}

export interface BenchReport {
  /** 2: the top-level figures are uncached (before: cached, with an `uncached` row). */
  version?: number;
  machine: Record<string, string | number>;
  date: string;
  mode: string;
  settings: Record<string, unknown>;
  sizes: Record<string, SizeFigures>;
  subscriptions: SubscriptionResult[];
  /** As `npm start` runs by default (one process); `workers`: with WORKERS as the hub ran here. */
  coldStart:
    | (ColdStartFigures & {
        workers?: ColdStartFigures & { count: number };
        /** `npm start` as the README runs it: no DATABASE_URL, the embedded PGlite, existing data. */
        embedded?: { ms: number[]; medianMs: number; firstStartMs: number };
      })
    | null;
  targets: TargetCheck[];
  notes: string[];
}

export interface ColdStartFigures {
  tsNodeMs: number[];
  productionMs: number[];
  tsNodeMedianMs: number;
  productionMedianMs: number;
}

const fmt = (v: number | undefined | null, d = 1) =>
  v == null || Number.isNaN(v) ? '–' : v.toLocaleString('en-US', { maximumFractionDigits: d });

function delta(now: number | undefined, before: number | undefined): string {
  if (now == null || before == null || before === 0 || Number.isNaN(now) || Number.isNaN(before)) return '';
  const pct = ((now - before) / before) * 100;
  return ` (${pct >= 0 ? '+' : ''}${pct.toFixed(0)}%)`;
}

/**
 * A report as version 2 reads it: in older ones the top-level figures were the cached ones and
 * `uncached` the second row.
 */
export function headline(r: BenchReport): BenchReport {
  if (r.version === 2) return r;
  const sizes: Record<string, SizeFigures> = {};
  const convert = (w: WorkloadFigures): WorkloadFigures => {
    if (w.skipped) return w;
    const cached = {
      connections: 10,
      reqPerSec: w.reqPerSec!,
      p50Ms: w.p50Ms!,
      p95Ms: w.p95Ms!,
      p99Ms: w.p99Ms!,
      errors: w.errors!,
    };
    return {
      label: w.label,
      ...w.uncached,
      sqlPerRequest: w.sqlPerRequest,
      responseBytes: w.responseBytes,
      floor: w.floor,
      floorRatio: w.floorRatioUncached,
      cached,
      floorRatioCached: w.floorRatio,
    };
  };
  for (const [size, s] of Object.entries(r.sizes)) {
    const workloads: SizeFigures['workloads'] = {};
    for (const [key, w] of Object.entries(s.workloads)) {
      workloads[key] =
        'page1' in w ? { ...w, page1: convert(w.page1), page50: convert(w.page50) } : convert(w);
    }
    sizes[size] = { ...s, workloads };
  }
  return { ...r, sizes, version: 2 };
}

/** The Markdown report; with `previous`, each figure carries its change since then. */
export function renderMarkdown(r: BenchReport, previous: BenchReport | null): string {
  const out: string[] = [];
  out.push(`# Vaatu Hub benchmark (${r.mode})`, '');
  out.push(
    `${r.date} · ${r.machine.cores} cores (${r.machine.cpu}) · hub and floor ${r.machine.workers ?? 1} process(es) · Node ${r.machine.node} · ${r.machine.postgres} · load average at start ${r.machine.loadAverage}`,
    '',
  );
  for (const note of r.notes) out.push(`> ${note}`, '');
  if (previous)
    out.push(`Changes in brackets are against the previous run (${previous.date}, ${previous.mode}).`, '');
  out.push(
    '## HTTP workloads: never-seen work',
    '',
    'Every request executed (response cache and coverage cache off), at 10 connections; Q5 and Q6 one request at a time. The second row of each is the same workload with the response cache on.',
    '',
  );
  out.push('| size | workload | req/s | p50 ms | p95 ms | p99 ms | errors | SQL/req | KB | server RSS MB |');
  out.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  const prev = previous ? headline(previous) : null;
  for (const [size, s] of Object.entries(r.sizes)) {
    const before = flatWorkloads(prev?.sizes[size]?.workloads);
    for (const [key, w] of flatWorkloads(s.workloads)) {
      const p = before.get(key);
      if (w.skipped) {
        out.push(`| ${size} | ${w.label} | skipped: ${w.skipped} | | | | | | | |`);
        continue;
      }
      const one = w.connections === 1 ? ' (one at a time)' : '';
      out.push(
        `| ${size} | ${w.label}${one} | **${fmt(w.reqPerSec)}**${delta(w.reqPerSec, p?.reqPerSec)} | ${fmt(w.p50Ms, 2)}${delta(w.p50Ms, p?.p50Ms)} | ${fmt(w.p95Ms, 2)}${delta(w.p95Ms, p?.p95Ms)} | ${fmt(w.p99Ms, 2)}${delta(w.p99Ms, p?.p99Ms)} | ${w.errors ?? '–'} | ${w.sqlPerRequest ?? '–'} | ${fmt((w.responseBytes ?? 0) / 1024)} | ${fmt(w.serverRssMb)} |`,
      );
      if (w.floor) {
        out.push(
          `| ${size} | ↳ floor (node:http + pg) | ${fmt(w.floor.reqPerSec)}${delta(w.floor.reqPerSec, p?.floor?.reqPerSec)} | ${fmt(w.floor.p50Ms, 2)} | | ${fmt(w.floor.p99Ms, 2)} | ${w.floor.errors} | ${w.floor.sqlPerRequest} | | |`,
        );
        out.push(
          `| ${size} | ↳ floorRatio hub/floor | **${fmt(w.floorRatio, 2)}**${delta(w.floorRatio, p?.floorRatio)} | | | | | | | |`,
        );
      }
      if (w.baseline) {
        const b = w.baseline;
        out.push(
          `| ${size} | ↳ baseline ${s.comparison?.baseline ?? ''}, same run | ${fmt(b.reqPerSec)} | ${fmt(b.p50Ms, 2)} | ${fmt(b.p95Ms, 2)} | ${fmt(b.p99Ms, 2)} | ${b.errors} | | | |`,
        );
      }
      if (w.asBaseline) {
        const b = w.asBaseline;
        out.push(
          `| ${size} | ↳ this build with the coverage cache on, as the baseline | ${fmt(b.reqPerSec)} | ${fmt(b.p50Ms, 2)} | ${fmt(b.p95Ms, 2)} | ${fmt(b.p99Ms, 2)} | ${b.errors} | | | |`,
        );
      }
      if (w.cached) {
        const c = w.cached;
        out.push(
          `| ${size} | ↳ response cache on, ${c.connections} connection${c.connections === 1 ? '' : 's'} | ${fmt(c.reqPerSec)}${delta(c.reqPerSec, p?.cached?.reqPerSec)} | ${fmt(c.p50Ms, 2)} | ${fmt(c.p95Ms, 2)} | ${fmt(c.p99Ms, 2)} | ${c.errors} | | | ${fmt(c.serverRssMb)} |`,
        );
      }
      if (w.floorRatioCached != null) {
        out.push(
          `| ${size} | ↳ floorRatio, response cache on | ${fmt(w.floorRatioCached, 2)}${delta(w.floorRatioCached, p?.floorRatioCached)} | | | | | | | |`,
        );
      }
    }
  }
  out.push('');
  const compared = Object.entries(r.sizes).filter(([, s]) => s.comparison);
  if (compared.length) {
    out.push(
      '## Answers compared with the response baseline',
      '',
      'Every workload and an operation reading each root list with every field (anonymous, coordinator, editor), sent to the baseline build and to this one on the same database.',
      '',
      '| size | baseline | operations | byte-for-byte | equal up to unordered lists | search totalCount estimated (within 5 %) | different | more SQL | fewer SQL |',
      '|---|---|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const [size, { comparison: c }] of compared) {
      out.push(
        `| ${size} | ${c!.baseline} | ${c!.operations} | ${c!.exact} | ${c!.orderOnly.length} | ${c!.estimated?.length ?? 0} | ${c!.different.length ? `**${c!.different.length}**: ${c!.different.join(', ')}` : 0} | ${c!.moreSql.length ? `**${c!.moreSql.join(', ')}**` : 0} | ${c!.fewerSql} |`,
      );
    }
    out.push('');
  }
  if (r.subscriptions.length) {
    out.push('## Subscriptions (`materialPublished(filter: { kinds: [VIDEO] })`)', '');
    out.push(
      '| subscribers | events/s | events | p50 ms | p99 ms | max ms | lost | server CPU ms/event | subscribers CPU ms/event | bytes/subscriber | connect s | server RSS MB |',
    );
    out.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const s of r.subscriptions) {
      const p = previous?.subscriptions.find(
        (x) => x.subscribers === s.subscribers && x.eventsPerSec === s.eventsPerSec,
      );
      out.push(
        `| ${s.subscribers} | ${s.eventsPerSec} | ${s.events} | ${fmt(s.p50Ms)}${delta(s.p50Ms, p?.p50Ms)} | ${fmt(s.p99Ms)}${delta(s.p99Ms, p?.p99Ms)} | ${fmt(s.maxMs)} | ${s.lost} | ${fmt(s.hubCpuMsPerEvent, 0)} | ${fmt(s.clientCpuMsPerEvent, 0)} | ${fmt(s.bytesPerSubscriber, 0)}${delta(s.bytesPerSubscriber, p?.bytesPerSubscriber)} | ${fmt(s.connectSeconds)} | ${fmt(s.serverRssMb)} |`,
      );
      if (s.bare) {
        const b = s.bare;
        out.push(
          `| ↳ bare graphql-ws | ${s.eventsPerSec} | ${s.events} | ${fmt(b.p50Ms)}${delta(b.p50Ms, p?.bare?.p50Ms)} | ${fmt(b.p99Ms)}${delta(b.p99Ms, p?.bare?.p99Ms)} | ${fmt(b.maxMs)} | ${b.lost} | ${fmt(b.serverCpuMsPerEvent, 0)} | ${fmt(b.clientCpuMsPerEvent, 0)} | | | |`,
          `| ↳ p99 hub/bare | | | | **${fmt(s.bareRatio, 2)}**${delta(s.bareRatio, p?.bareRatio)} | | | | | | | |`,
        );
      }
    }
    out.push('');
  }
  if (r.coldStart) {
    out.push(
      '## Cold start (spawn → `/readyz` 200, existing migrated database: the PostgreSQL server unless marked)',
      '',
    );
    out.push('| entry point | median ms | runs ms |', '|---|---:|---|');
    const rows = (c: ColdStartFigures, p: ColdStartFigures | undefined, suffix: string) => {
      out.push(
        `| \`node -r ts-node/register src/main.ts\` (npm start${suffix}) | ${fmt(c.tsNodeMedianMs, 0)}${delta(c.tsNodeMedianMs, p?.tsNodeMedianMs)} | ${c.tsNodeMs.map((x) => fmt(x, 0)).join(', ')} |`,
      );
      out.push(
        `| \`node dist/src/main.js\` (production build${suffix}) | ${fmt(c.productionMedianMs, 0)}${delta(c.productionMedianMs, p?.productionMedianMs)} | ${c.productionMs.map((x) => fmt(x, 0)).join(', ')} |`,
      );
    };
    rows(
      r.coldStart,
      previous?.coldStart?.workers ? previous.coldStart : undefined,
      ', default: one process',
    );
    const w = r.coldStart.workers;
    if (w) rows(w, previous?.coldStart?.workers, `, WORKERS=${w.count}: primary and ${w.count} workers`);
    const e = r.coldStart.embedded;
    if (e) {
      out.push(
        `| \`node -r ts-node/register src/main.ts\` (npm start without DATABASE_URL: embedded PGlite, existing data) | ${fmt(e.medianMs, 0)}${delta(e.medianMs, previous?.coldStart?.embedded?.medianMs)} | ${e.ms.map((x) => fmt(x, 0)).join(', ')} (first start, migrating and loading the demo data, not counted: ${fmt(e.firstStartMs, 0)}) |`,
      );
    }
    out.push('');
  }
  out.push('## Targets', '', '| target | value | pass |', '|---|---:|:---:|');
  for (const t of r.targets) {
    out.push(
      `| ${t.target} | ${typeof t.value === 'number' ? fmt(t.value, 2) : (t.value ?? '–')} | ${t.pass == null ? 'n/a' : t.pass ? 'yes' : '**NO**'} |`,
    );
  }
  out.push('');
  return out.join('\n');
}
