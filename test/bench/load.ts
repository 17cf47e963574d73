import autocannon from 'autocannon';
import { rssSampler } from './processes';
import type { GraphQLBody } from './workloads';

export interface LoadSettings {
  connections: number;
  warmupSeconds: number;
  seconds: number;
  repetitions: number;
}

export interface LoadResult {
  reqPerSec: number;
  /** req/s of each repetition (the spread shows the noise). */
  reqPerSecRuns: number[];
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  errors: number;
  requests: number;
  responseBytes: number;
  /** Peak resident set size of the server process during the timed runs. */
  serverRssMb: number;
}

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/** A GraphQL response with `errors` counts as a failure even with HTTP 200. */
const noGraphQLErrors = (body: string) => !body.startsWith('{"errors"') && !body.includes('"errors":[');

async function once(
  url: string,
  body: GraphQLBody,
  connections: number,
  seconds: number,
  latencies: number[] | null,
): Promise<{ reqPerSec: number; errors: number; requests: number; bytes: number }> {
  const instance = autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    connections,
    duration: seconds,
    timeout: 30,
    verifyBody: noGraphQLErrors,
  });
  let bytes = 0;
  instance.on('response', (_client, _status, resBytes, responseTime) => {
    latencies?.push(responseTime);
    bytes = resBytes;
  });
  const r = await instance;
  return {
    reqPerSec: r.requests.total / r.duration,
    errors: r.errors + r.timeouts + r.mismatches + r.non2xx,
    requests: r.requests.total,
    bytes,
  };
}

/** Warm-up, then `repetitions` timed runs; latencies pooled over the timed runs. */
export async function runLoad(
  url: string,
  body: GraphQLBody,
  settings: LoadSettings,
  serverPid: number,
): Promise<LoadResult> {
  await once(url, body, settings.connections, settings.warmupSeconds, null);
  const latencies: number[] = [];
  const runs: number[] = [];
  let errors = 0;
  let requests = 0;
  let bytes = 0;
  const rss = rssSampler(serverPid);
  try {
    for (let i = 0; i < settings.repetitions; i++) {
      const r = await once(url, body, settings.connections, settings.seconds, latencies);
      runs.push(r.reqPerSec);
      errors += r.errors;
      requests += r.requests;
      bytes = r.bytes;
    }
  } finally {
    rss.stop();
  }
  const sorted = Float64Array.from(latencies).sort();
  const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
  return {
    reqPerSec: round(runs.reduce((s, x) => s + x, 0) / runs.length),
    reqPerSecRuns: runs.map((x) => round(x)),
    p50Ms: round(percentile(sorted, 50), 2),
    p95Ms: round(percentile(sorted, 95), 2),
    p99Ms: round(percentile(sorted, 99), 2),
    errors,
    requests,
    responseBytes: bytes,
    serverRssMb: round(rss.peak() / 1024 / 1024),
  };
}
