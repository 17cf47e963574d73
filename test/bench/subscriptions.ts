import { ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { Role } from '../../src/common/context';
import { signDevToken } from '../../src/modules/auth/token';
import { percentile } from './load';
import { HUB_ENTRY, hubNodeArgs, ROOT, rssOf, startProcess, track } from './processes';
import type { ClientsCounted, ClientsReady, ClientsResult, ParentMessage } from './subscriber-clients';
import { postGraphQL } from './workloads';

export interface SubscriptionSettings {
  subscribers: number[];
  eventsPerSec: number[];
  /** Seconds of publishing per rate. */
  seconds: number;
  /** Processes the subscribers are shared out over (by default one per core). */
  clientProcesses: number;
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
  /** Seconds until every subscription was acknowledged. */
  connectSeconds: number;
  serverRssMb: number;
}

const CREATE = `mutation Create($input: CreateSharedMaterialInput!) {
  createSharedMaterial(input: $input) { sharedMaterial { id version } }
}`;
const PUBLISH = `mutation Publish($id: ID!, $version: Int!) {
  publishSharedMaterial(id: $id, version: $version) { sharedMaterial { id publishedAt } }
}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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

  /** Publishes; returns the id and `publishedAt`, stamped in the transaction just before it commits. */
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
    const timer = setTimeout(() => {
      child.off('message', onMessage);
      reject(new Error(`No '${type}' from the subscriber process within ${ms} ms`));
    }, ms);
    const onMessage = (m: { type: string }) => {
      if (m.type !== type) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(m as T);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Subscriber process exited with ${code}`));
    });
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
 * for 3 s (an overloaded hub may still be catching up when the last publication returns).
 */
async function settled(clients: ChildProcess[], maxMs = 180_000): Promise<void> {
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
  while (Date.now() < deadline && Date.now() - stableSince < 3000) {
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

/**
 * For each subscriber count: a fresh production server, that many graphql-ws subscribers to
 * `materialPublished(filter: { kinds: [VIDEO] })` in a separate process, then videos published
 * through the API at each rate. Latency is from the publication's commit stamp to receipt.
 */
export async function runSubscriptions(
  databaseUrl: string,
  settings: SubscriptionSettings,
  hubEnv: Record<string, string>,
  log: (m: string) => void,
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
    const clients: ChildProcess[] = [];
    try {
      const graphqlUrl = `http://127.0.0.1:${server.port}/graphql`;
      const publisher = new Publisher(graphqlUrl, token, publisherId);
      const warmups = 3;
      const needed = warmups + settings.eventsPerSec.reduce((s, r) => s + r * settings.seconds, 0);
      const drafts: { id: string; version: number }[] = [];
      for (let i = 0; i < needed; i++) drafts.push(await publisher.draft());
      await sleep(1000);
      const rssBefore = rssOf(server.pid) ?? 0;
      const t0 = Date.now();
      // The subscribers are shared out over several processes, as the hub's are over its workers:
      // one process would hold back the receipts of 10k sockets on one core.
      const processes = Math.max(1, Math.min(settings.clientProcesses, count));
      for (let k = 0; k < processes; k++) {
        const share = Math.floor(count / processes) + (k < count % processes ? 1 : 0);
        const child = fork(path.join(__dirname, 'subscriber-clients.ts'), [], {
          cwd: ROOT,
          execArgv: [
            '-r',
            'ts-node/register',
            ...(process.env.BENCH_CLIENT_NODE_ARGS ?? '').split(' ').filter(Boolean),
          ],
          env: {
            ...process.env,
            BENCH_WS_URL: `ws://127.0.0.1:${server.port}/graphql`,
            BENCH_SUBSCRIBERS: String(share),
            BENCH_FIRST_SOURCE: String(k),
          },
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        });
        track(child);
        clients.push(child);
      }
      const readies = await Promise.all(clients.map((c) => waitMessage<ClientsReady>(c, 'ready', 180_000)));
      const connectSeconds = (Date.now() - t0) / 1000;
      const failedCount = readies.reduce((n, r) => n + r.failed, 0);
      if (failedCount > 0)
        throw new Error(
          `${failedCount} subscriptions failed: ${readies.flatMap((r) => r.errors).join(' | ')}`,
        );
      await sleep(1000);
      const rssAfter = rssOf(server.pid) ?? 0;
      const bytesPerSubscriber = Math.round((rssAfter - rssBefore) / count);
      log(
        `subscriptions: ${count} acknowledged in ${connectSeconds.toFixed(1)} s, ${Math.round(bytesPerSubscriber)} B/subscriber`,
      );
      // Warm-up publications, not counted.
      for (let i = 0; i < warmups; i++) {
        await publisher.publish(drafts.shift()!);
        await sleep(300);
      }
      await sleep(1000);
      for (const rate of settings.eventsPerSec) {
        const total = rate * settings.seconds;
        const published: Record<string, number> = {};
        let failed = 0;
        const start = Date.now();
        const pending: Promise<void>[] = [];
        for (let k = 0; k < total; k++) {
          const due = start + (k * 1000) / rate;
          const wait = due - Date.now();
          if (wait > 0) await sleep(wait);
          const draft = drafts.shift()!;
          pending.push(
            publisher.publish(draft).then(
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
        await settled(clients);
        for (const c of clients) c.send({ type: 'collect', published } satisfies ParentMessage);
        const parts = await Promise.all(clients.map((c) => waitMessage<ClientsResult>(c, 'result', 60_000)));
        const r = summarize(parts);
        const rss = rssOf(server.pid) ?? 0;
        const row: SubscriptionResult = {
          subscribers: count,
          eventsPerSec: rate,
          events: total,
          publishFailed: failed,
          p50Ms: r.p50Ms,
          p99Ms: r.p99Ms,
          maxMs: r.maxMs,
          lost: r.lost,
          duplicates: r.duplicates,
          closedEarly: r.closedEarly,
          bytesPerSubscriber,
          connectSeconds: Math.round(connectSeconds * 10) / 10,
          serverRssMb: Math.round((rss / 1024 / 1024) * 10) / 10,
        };
        log(
          `subscriptions: ${count} × ${rate}/s: min ${r.minMs} ms, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, max ${r.maxMs} ms, lost ${r.lost}, closed early ${r.closedEarly}, publications failed ${failed}`,
        );
        results.push(row);
      }
    } finally {
      await Promise.all(clients.map(stopClients));
      await server.stop();
    }
  }
  return results;
}
