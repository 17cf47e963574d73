import { ChildProcess, execFileSync, fork } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { Role } from '../../src/common/context';
import { signDevToken } from '../../src/modules/auth/token';
import { BARE_CHANNEL, BareEvent } from './bare-subscriptions';
import { percentile } from './load';
import { cpuMsOf, HUB_ENTRY, hubNodeArgs, ROOT, rssOf, startProcess, track } from './processes';
import type { ClientsCounted, ClientsReady, ClientsResult, ParentMessage } from './subscriber-clients';
import { postGraphQL } from './workloads';

export interface SubscriptionSettings {
  subscribers: number[];
  eventsPerSec: number[];
  /** Seconds of publishing per rate. */
  seconds: number;
  /** The last deliveries are in once receipts have not grown for this long. */
  settleMs: number;
  /** Processes the subscribers are shared out over (by default one per core). */
  clientProcesses: number;
  /**
   * How the subscriber processes are scheduled: `batch` (the default) runs them under Linux's
   * SCHED_BATCH (see `startClients`), `normal` as ordinary processes.
   */
  clientScheduling: 'batch' | 'normal';
}

export interface SubscriptionResult {
  subscribers: number;
  eventsPerSec: number;
  events: number;
  /** Publications whose mutation failed (not counted as lost). */
  publishFailed: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  lost: number;
  duplicates: number;
  /** Subscriptions the server closed before the end (a slow consumer, say). */
  closedEarly: number;
  bytesPerSubscriber: number;
  /**
   * CPU time (ms, every thread, idle background subtracted) per published event: of the hub's
   * processes, and of the subscriber processes (which share the hub's cores).
   */
  hubCpuMsPerEvent?: number;
  clientCpuMsPerEvent?: number;
  /** Seconds until every subscription was acknowledged. */
  connectSeconds: number;
  serverRssMb: number;
  /** At 1 event/s: the bare graphql-ws reference with the same subscribers (`bare-subscriptions.ts`). */
  bare?: BareFigures;
  /** The hub's p99 over the bare reference's, in the same run. */
  bareRatio?: number;
}

/** The bare graphql-ws reference's figures at 1 event/s. */
export interface BareFigures {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  lost: number;
  serverCpuMsPerEvent?: number;
  clientCpuMsPerEvent?: number;
}

const CREATE = `mutation Create($input: CreateSharedMaterialInput!) {
  createSharedMaterial(input: $input) { sharedMaterial { id version } }
}`;
const PUBLISH = `mutation Publish($id: ID!, $version: Int!) {
  publishSharedMaterial(id: $id, version: $version) { sharedMaterial { id publishedAt } }
}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** CPU used so far by the hub (its whole process tree) and by the subscriber processes. */
interface CpuSample {
  at: number;
  hub: number;
  clients: number;
  /** What was used between `earlier` and this sample, and over how many milliseconds. */
  since(earlier: CpuSample): { ms: number; hub: number; clients: number };
}

function cpuSample(hubPid: number, clients: ChildProcess[]): CpuSample {
  const at = performance.now();
  const hub = cpuMsOf(hubPid) ?? 0;
  const clientsMs = clients.reduce((sum, c) => sum + (cpuMsOf(c.pid!) ?? 0), 0);
  return {
    at,
    hub,
    clients: clientsMs,
    since: (earlier) => ({
      ms: at - earlier.at,
      hub: hub - earlier.hub,
      clients: clientsMs - earlier.clients,
    }),
  };
}

class Publisher {
  private n = 0;
  constructor(
    private readonly url: string,
    private readonly token: string,
    private readonly publisherId: string,
  ) {}

  private async call<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const res = await postGraphQL(this.url, { query, variables }, { authorization: `Bearer ${this.token}` });
    if (res.status !== 200 || res.json.errors?.length || !res.json.data) {
      throw new Error(`Mutation failed (HTTP ${res.status}): ${res.text.slice(0, 500)}`);
    }
    return res.json.data as T;
  }

  /** A DRAFT video (no announcement yet). */
  async draft(): Promise<{ id: string; version: number }> {
    const i = ++this.n;
    const data = await this.call<{
      createSharedMaterial: { sharedMaterial: { id: string; version: number } };
    }>(CREATE, {
      input: {
        publisherId: this.publisherId,
        kind: 'VIDEO',
        title: { fi: `Benchmark-video ${i}`, sv: `Benchmarkvideo ${i}` },
        url: `https://example.org/bench/videos/${i}`,
        video: { durationSeconds: 60 + i, captionLanguages: ['FI'] },
      },
    });
    return data.createSharedMaterial.sharedMaterial;
  }

  /** Publishes; returns the id and `publishedAt`, stamped in the transaction before its writes and commit. */
  async publish(m: { id: string; version: number }): Promise<{ id: string; commitMs: number }> {
    const data = await this.call<{
      publishSharedMaterial: { sharedMaterial: { id: string; publishedAt: string } };
    }>(PUBLISH, m);
    const s = data.publishSharedMaterial.sharedMaterial;
    return { id: s.id, commitMs: Date.parse(s.publishedAt) };
  }
}

function waitMessage<T extends { type: string }>(
  child: ChildProcess,
  type: T['type'],
  ms: number,
): Promise<T> {
  return new Promise((resolve, reject) => {
    // Every listener comes off once the wait is over (a run waits on each process many times).
    const done = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`No '${type}' from the subscriber process within ${ms} ms`));
    }, ms);
    const onMessage = (m: { type: string }) => {
      if (m.type !== type) return;
      done();
      resolve(m as T);
    };
    const onExit = (code: number | null) => {
      done();
      reject(new Error(`Subscriber process exited with ${code}`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Latency percentiles over the receipts of every subscriber process. */
function summarize(parts: ClientsResult[]): Pick<
  SubscriptionResult,
  'p50Ms' | 'p99Ms' | 'maxMs' | 'lost' | 'duplicates' | 'closedEarly'
> & {
  minMs: number;
} {
  const sorted = Float64Array.from(parts.flatMap((p) => p.latencies)).sort();
  return {
    minMs: percentile(sorted, 0),
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: percentile(sorted, 100),
    lost: parts.reduce((n, p) => n + p.lost, 0),
    duplicates: parts.reduce((n, p) => n + p.duplicates, 0),
    closedEarly: parts.reduce((n, p) => n + p.closedEarly, 0),
  };
}

/**
 * Waits until the last deliveries have arrived: the subscriber processes' receipts stop growing
 * for `quietMs` (an overloaded hub may still be catching up when the last publication returns).
 */
async function settled(clients: ChildProcess[], quietMs: number, maxMs = 180_000): Promise<void> {
  const count = async () => {
    const replies = await Promise.all(
      clients.map((c) => {
        const reply = waitMessage<ClientsCounted>(c, 'counted', 10_000);
        c.send({ type: 'count' } satisfies ParentMessage);
        return reply;
      }),
    );
    return replies.reduce((n, r) => n + r.frames, 0);
  };
  const deadline = Date.now() + maxMs;
  let last = await count();
  let stableSince = Date.now();
  while (Date.now() < deadline && Date.now() - stableSince < quietMs) {
    await sleep(500);
    const now = await count();
    if (now !== last) {
      last = now;
      stableSince = Date.now();
    }
  }
}

async function stopClients(child: ChildProcess): Promise<void> {
  if (child.exitCode != null) return;
  child.send({ type: 'exit' } satisfies ParentMessage);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** A published event: the material's id (as the subscribers see it) and its commit stamp. */
interface Published {
  id: string;
  commitMs: number;
}

/** A server under measurement, its subscribers, and how to publish to them. */
interface Stage {
  pid: number;
  clients: ChildProcess[];
  settleMs: number;
  /** Publishes the next event. */
  publish(): Promise<Published>;
}

/**
 * Starts `count` subscribers against the server on `port`, shared out over `clientProcesses`
 * processes (as the hub's are over its workers: one process would hold back the receipts of 10k
 * sockets on one core) scheduled as `clientScheduling` says, and waits until every subscription
 * is acknowledged.
 */
/**
 * The subscribers stand in for frontends on other machines, but here they share the server's
 * cores, and a socket write that wakes an ordinary process lets it preempt the writer (the
 * scheduler favours tasks waking from sleep): the server's fan-out loop was interrupted for a
 * client's read of one frame, again and again. Remote clients cost the server no such switches.
 * Under SCHED_BATCH (`chrt --batch`) a woken client does not preempt; it gets the same CPU
 * share, on whichever core is free, and reads the frames that are waiting by then. The bare
 * graphql-ws reference runs with the same clients, so both are measured alike.
 */
function schedule(child: ChildProcess, scheduling: SubscriptionSettings['clientScheduling']): void {
  if (scheduling !== 'batch') return;
  // -a: every thread of the process (threads started later inherit the policy).
  try {
    execFileSync('chrt', ['--batch', '--all-tasks', '--pid', '0', String(child.pid)], { stdio: 'pipe' });
  } catch (e) {
    throw new Error(
      `chrt --batch failed (${e instanceof Error ? e.message : e}): run with --subscriber-scheduling normal`,
      { cause: e },
    );
  }
}

async function startClients(
  port: number,
  count: number,
  settings: Pick<SubscriptionSettings, 'clientProcesses' | 'clientScheduling'>,
): Promise<{ clients: ChildProcess[]; connectSeconds: number }> {
  const wsUrl = `ws://127.0.0.1:${port}/graphql`;
  const t0 = Date.now();
  const clients: ChildProcess[] = [];
  const n = Math.max(1, Math.min(settings.clientProcesses, count));
  for (let k = 0; k < n; k++) {
    const share = Math.floor(count / n) + (k < count % n ? 1 : 0);
    const child = fork(path.join(__dirname, 'subscriber-clients.ts'), [], {
      cwd: ROOT,
      execArgv: [
        '-r',
        'ts-node/register',
        ...(process.env.BENCH_CLIENT_NODE_ARGS ?? '').split(' ').filter(Boolean),
      ],
      env: {
        ...process.env,
        BENCH_WS_URL: wsUrl,
        BENCH_SUBSCRIBERS: String(share),
        BENCH_FIRST_SOURCE: String(k),
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    track(child);
    clients.push(child);
    schedule(child, settings.clientScheduling);
  }
  try {
    const readies = await Promise.all(clients.map((c) => waitMessage<ClientsReady>(c, 'ready', 180_000)));
    const failed = readies.reduce((sum, r) => sum + r.failed, 0);
    if (failed > 0) {
      throw new Error(`${failed} subscriptions failed: ${readies.flatMap((r) => r.errors).join(' | ')}`);
    }
  } catch (e) {
    await Promise.all(clients.map(stopClients));
    throw e;
  }
  return { clients, connectSeconds: Math.round(((Date.now() - t0) / 1000) * 10) / 10 };
}

/** Warm-up publications (not counted), until their last deliveries are in. */
async function warmUp(stage: Stage): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await stage.publish();
    await sleep(300);
  }
  await settled(stage.clients, stage.settleMs);
}

/** What one rate measured (the fields of its row), and the earliest receipt (for the log). */
type RateFigures = Pick<
  SubscriptionResult,
  | 'events'
  | 'publishFailed'
  | 'p50Ms'
  | 'p99Ms'
  | 'maxMs'
  | 'lost'
  | 'duplicates'
  | 'closedEarly'
  | 'hubCpuMsPerEvent'
  | 'clientCpuMsPerEvent'
>;

/**
 * Publishes `rate` events a second for `seconds` s, waits until the receipts stop growing, and
 * collects every subscriber's latency. CPU per event is measured over the same span, less what
 * the processes use while idle (measured just before).
 */
async function measureRate(
  stage: Stage,
  rate: number,
  seconds: number,
  log: (m: string) => void,
): Promise<{ figures: RateFigures; minMs: number }> {
  const idle = cpuSample(stage.pid, stage.clients);
  await sleep(stage.settleMs / 3);
  const idleRate = cpuSample(stage.pid, stage.clients).since(idle);
  const total = rate * seconds;
  const published: Record<string, number> = {};
  let failed = 0;
  const cpuAtStart = cpuSample(stage.pid, stage.clients);
  const start = Date.now();
  const pending: Promise<void>[] = [];
  for (let k = 0; k < total; k++) {
    const wait = start + (k * 1000) / rate - Date.now();
    if (wait > 0) await sleep(wait);
    pending.push(
      stage.publish().then(
        (p) => {
          published[p.id] = p.commitMs;
        },
        (e: unknown) => {
          failed++;
          if (failed === 1) log(`subscriptions: a publication failed: ${(e as Error).message}`);
        },
      ),
    );
  }
  await Promise.all(pending);
  await settled(stage.clients, stage.settleMs);
  const used = cpuSample(stage.pid, stage.clients).since(cpuAtStart);
  const perEvent = (busy: number, idleBusy: number) =>
    Math.max(0, Math.round((busy - (idleBusy / idleRate.ms) * used.ms) / total));
  for (const c of stage.clients) c.send({ type: 'collect', published } satisfies ParentMessage);
  const parts = await Promise.all(stage.clients.map((c) => waitMessage<ClientsResult>(c, 'result', 60_000)));
  const { minMs, ...latencies } = summarize(parts);
  return {
    figures: {
      events: total,
      publishFailed: failed,
      ...latencies,
      hubCpuMsPerEvent: perEvent(used.hub, idleRate.hub),
      clientCpuMsPerEvent: perEvent(used.clients, idleRate.clients),
    },
    minMs,
  };
}

function describe({ figures: r, minMs }: { figures: RateFigures; minMs: number }): string {
  return `min ${minMs} ms, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, max ${r.maxMs} ms, lost ${r.lost}, closed early ${r.closedEarly}, publications failed ${r.publishFailed}; CPU per event: server ${r.hubCpuMsPerEvent} ms, subscribers ${r.clientCpuMsPerEvent} ms`;
}

/**
 * The bare graphql-ws reference (see `bare-subscriptions.ts`) at 1 event/s with `count`
 * subscribers: the same clients, subscription, payload and number of server processes as the hub.
 */
async function measureBare(
  databaseUrl: string,
  count: number,
  settings: SubscriptionSettings,
  workers: number,
  log: (m: string) => void,
): Promise<BareFigures> {
  const server = await startProcess(
    ['-r', 'ts-node/register', 'test/bench/bare-subscriptions.ts'],
    { DATABASE_URL: databaseUrl, BARE_WORKERS: String(workers) },
    { label: 'bare graphql-ws' },
  );
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  let n = 0;
  const publish = async (): Promise<Published> => {
    const i = ++n;
    const event: BareEvent = {
      cursor: Buffer.from(`announcement:${i}`, 'utf8').toString('base64url'),
      material: {
        id: Buffer.from(`SharedMaterial:bare-${i}`, 'utf8').toString('base64url'),
        title: `Benchmark-video ${i}`,
        url: `https://example.org/bench/videos/${i}`,
        kind: 'VIDEO',
      },
    };
    const commitMs = Date.now();
    await pg.query('select pg_notify($1, $2)', [BARE_CHANNEL, JSON.stringify(event)]);
    return { id: event.material.id, commitMs };
  };
  let clients: ChildProcess[] = [];
  try {
    const started = await startClients(server.port, count, settings);
    clients = started.clients;
    const stage: Stage = { pid: server.pid, clients, settleMs: settings.settleMs, publish };
    await warmUp(stage);
    const measured = await measureRate(stage, 1, settings.seconds, log);
    log(`subscriptions, bare graphql-ws: ${count} × 1/s: ${describe(measured)}`);
    const r = measured.figures;
    return {
      p50Ms: r.p50Ms,
      p99Ms: r.p99Ms,
      maxMs: r.maxMs,
      lost: r.lost,
      serverCpuMsPerEvent: r.hubCpuMsPerEvent,
      clientCpuMsPerEvent: r.clientCpuMsPerEvent,
    };
  } finally {
    await Promise.all(clients.map(stopClients));
    await pg.end();
    await server.stop();
  }
}

/**
 * For each subscriber count: a fresh production server, that many graphql-ws subscribers to
 * `materialPublished(filter: { kinds: [VIDEO] })` in processes of their own, then videos
 * published through the API at each rate. Latency is from the publication's commit stamp to
 * receipt. Then, unless `withBare` is false, the bare graphql-ws reference at 1 event/s with the
 * same subscribers.
 */
export async function runSubscriptions(
  databaseUrl: string,
  settings: SubscriptionSettings,
  hubEnv: Record<string, string>,
  log: (m: string) => void,
  withBare = true,
): Promise<SubscriptionResult[]> {
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  const actor = (await pg.query('select id from actor order by slug limit 1')).rows[0] as { id: string };
  await pg.end();
  const publisherId = Buffer.from(`Actor:${actor.id}`, 'utf8').toString('base64url');
  const token = await signDevToken(
    hubEnv.JWT_SECRET,
    { sub: 'bench-coordinator', name: 'Bench Coordinator', roles: [Role.COORDINATOR] },
    4 * 3600,
  );
  const results: SubscriptionResult[] = [];
  for (const count of settings.subscribers) {
    const server = await startProcess(
      [...hubNodeArgs(), HUB_ENTRY],
      { ...hubEnv, DATABASE_URL: databaseUrl, EXPOSE_SQL_COUNT: 'false' },
      { label: 'hub (subscriptions)' },
    );
    let clients: ChildProcess[] = [];
    const rows: SubscriptionResult[] = [];
    try {
      const publisher = new Publisher(`http://127.0.0.1:${server.port}/graphql`, token, publisherId);
      const needed = 3 + settings.eventsPerSec.reduce((sum, r) => sum + r * settings.seconds, 0);
      // Drafts first (not announced), a few at a time.
      const drafts: { id: string; version: number }[] = [];
      while (drafts.length < needed) {
        const batch = Math.min(8, needed - drafts.length);
        drafts.push(...(await Promise.all(Array.from({ length: batch }, () => publisher.draft()))));
      }
      await sleep(1000);
      const rssBefore = rssOf(server.pid) ?? 0;
      const started = await startClients(server.port, count, settings);
      clients = started.clients;
      await sleep(1000);
      const bytesPerSubscriber = Math.round(((rssOf(server.pid) ?? 0) - rssBefore) / count);
      log(
        `subscriptions: ${count} acknowledged in ${started.connectSeconds} s, ${bytesPerSubscriber} B/subscriber`,
      );
      const stage: Stage = {
        pid: server.pid,
        clients,
        settleMs: settings.settleMs,
        publish: () => publisher.publish(drafts.shift()!),
      };
      await warmUp(stage);
      for (const rate of settings.eventsPerSec) {
        const measured = await measureRate(stage, rate, settings.seconds, log);
        log(`subscriptions: ${count} × ${rate}/s: ${describe(measured)}`);
        rows.push({
          subscribers: count,
          eventsPerSec: rate,
          ...measured.figures,
          bytesPerSubscriber,
          connectSeconds: started.connectSeconds,
          serverRssMb: Math.round(((rssOf(server.pid) ?? 0) / 1024 / 1024) * 10) / 10,
        });
      }
    } finally {
      await Promise.all(clients.map(stopClients));
      await server.stop();
    }
    if (withBare) {
      const bare = await measureBare(databaseUrl, count, settings, Number(hubEnv.WORKERS ?? 1), log);
      const at1 = rows.find((r) => r.eventsPerSec === 1);
      if (at1) {
        at1.bare = bare;
        at1.bareRatio = Math.round((at1.p99Ms / bare.p99Ms) * 100) / 100;
      }
    }
    results.push(...rows);
  }
  return results;
}
