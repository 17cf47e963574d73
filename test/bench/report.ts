import type { SubscriptionResult } from './subscriptions';

export interface WorkloadFigures {
  label: string;
  reqPerSec?: number;
  reqPerSecRuns?: number[];
  p50Ms?: number;
  p95Ms?: number;
  p99Ms?: number;
  errors?: number;
  sqlPerRequest?: number;
  responseBytes?: number;
  serverRssMb?: number;
  /** Q2 only: hub req/s divided by the floor's. */
  floorRatio?: number;
  /**
   * The same workload against a hub with the response cache off (RESPONSE_CACHE_MB=0): every
   * request executed. Q2 at the workload's connections, Q5 and Q6 one request at a time.
   */
  uncached?: {
    connections: number;
    reqPerSec: number;
    p50Ms: number;
    p95Ms: number;
    p99Ms: number;
    errors: number;
  };
  /** Q2 only: the uncached hub's req/s divided by the floor's. */
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
  out.push('## HTTP workloads (10 connections)', '');
  out.push('| size | workload | req/s | p50 ms | p95 ms | p99 ms | errors | SQL/req | KB | server RSS MB |');
  out.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const [size, s] of Object.entries(r.sizes)) {
    const before = flatWorkloads(previous?.sizes[size]?.workloads);
    for (const [key, w] of flatWorkloads(s.workloads)) {
      const p = before.get(key);
      if (w.skipped) {
        out.push(`| ${size} | ${w.label} | skipped: ${w.skipped} | | | | | | | |`);
        continue;
      }
      out.push(
        `| ${size} | ${w.label} | ${fmt(w.reqPerSec)}${delta(w.reqPerSec, p?.reqPerSec)} | ${fmt(w.p50Ms, 2)}${delta(w.p50Ms, p?.p50Ms)} | ${fmt(w.p95Ms, 2)} | ${fmt(w.p99Ms, 2)}${delta(w.p99Ms, p?.p99Ms)} | ${w.errors} | ${w.sqlPerRequest ?? '–'} | ${fmt((w.responseBytes ?? 0) / 1024)} | ${fmt(w.serverRssMb)} |`,
      );
      if (w.floor) {
        out.push(
          `| ${size} | ↳ floor (node:http + pg) | ${fmt(w.floor.reqPerSec)}${delta(w.floor.reqPerSec, p?.floor?.reqPerSec)} | ${fmt(w.floor.p50Ms, 2)} | | ${fmt(w.floor.p99Ms, 2)} | ${w.floor.errors} | ${w.floor.sqlPerRequest} | | |`,
        );
        out.push(
          `| ${size} | ↳ floorRatio hub/floor | **${fmt(w.floorRatio, 2)}**${delta(w.floorRatio, p?.floorRatio)} | | | | | | | |`,
        );
      }
      if (w.uncached) {
        const u = w.uncached;
        out.push(
          `| ${size} | ↳ response cache off, ${u.connections} connection${u.connections === 1 ? '' : 's'} | ${fmt(u.reqPerSec)}${delta(u.reqPerSec, p?.uncached?.reqPerSec)} | ${fmt(u.p50Ms, 2)}${delta(u.p50Ms, p?.uncached?.p50Ms)} | ${fmt(u.p95Ms, 2)} | ${fmt(u.p99Ms, 2)} | ${u.errors} | | | |`,
        );
      }
      if (w.floorRatioUncached != null) {
        out.push(
          `| ${size} | ↳ floorRatio, response cache off | **${fmt(w.floorRatioUncached, 2)}**${delta(w.floorRatioUncached, p?.floorRatioUncached)} | | | | | | | |`,
        );
      }
    }
  }
  out.push('');
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
