import { Writable } from 'node:stream';
import { Client } from 'pg';
import { Role } from '../../src/common/context';
import { createLogger, LogLevel } from '../../src/common/logger';
import { startTestHub, TestHub } from '../support/hub';
import { openRawWs } from '../support/raw-ws';

/**
 * Request logs (pino): one JSON line per request with its id, operation, viewer id, cost, cache
 * hit, status and duration; never a name, e-mail address or token; errors with their stack in the
 * log only; every LOG_LEVEL honoured.
 */
type Line = Record<string, unknown> & { level: string; msg: string };

/** A hub whose log lines are kept, parsed. */
async function loggedHub(label: string, level: LogLevel, env: Record<string, string> = {}) {
  const lines: Line[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(text) as Line);
      done();
    },
  });
  const t = await startTestHub(label, env, createLogger({ level, destination }));
  return { t, lines };
}

const NAME = 'Kaisa Koordinaattori';
const EMAIL = 'kaisa.koordinaattori@example.fi';

async function signedIn(t: TestHub): Promise<string> {
  return t.token({ roles: [Role.COORDINATOR], name: NAME, sub: 'kaisa' });
}

/** Makes every query that reads actors fail inside the database (an unexpected error). */
async function breakActors(t: TestHub, broken: boolean): Promise<void> {
  const pg = new Client({ connectionString: t.hub.db.url });
  await pg.connect();
  try {
    await pg.query(
      broken ? 'alter table actor rename to actor_gone' : 'alter table actor_gone rename to actor',
    );
  } finally {
    await pg.end();
  }
}

describe('request lines', () => {
  let t: TestHub;
  let lines: Line[];

  beforeAll(async () => {
    ({ t, lines } = await loggedHub('logs', 'info', { RESPONSE_CACHE_MB: '8' }));
  });
  afterAll(() => t.stop());

  it('carry the request id (given or new, returned), operation, viewer id, cost, cache hit, status and duration', async () => {
    const token = await signedIn(t);
    const res = await fetch(t.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'x-request-id': 'trace-42',
      },
      body: JSON.stringify({
        query:
          'query WhoAmI($q: String) { viewer { id name } actors(filter: { search: $q }) { totalCount } }',
        variables: { q: EMAIL },
      }),
    });
    expect(res.headers.get('x-request-id')).toBe('trace-42');
    const body = (await res.json()) as { data: { viewer: { name: string } } };
    expect(body.data.viewer.name).toBe(NAME);
    const line = lines.find((l) => l.reqId === 'trace-42');
    expect(line).toMatchObject({
      level: 'info',
      method: 'POST',
      path: '/graphql',
      status: 200,
      operation: 'WhoAmI',
      viewer: expect.stringMatching(/^[0-9a-f-]{36}$/),
      cost: expect.any(Number),
      cacheHit: false,
      durationMs: expect.any(Number),
    });
    const again = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query Count { actors { totalCount } }' }),
    });
    await again.text();
    const again2 = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query Count { actors { totalCount } }' }),
    });
    const generated = again2.headers.get('x-request-id');
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    await again2.text();
    expect(lines.find((l) => l.reqId === generated)).toMatchObject({
      operation: 'Count',
      viewer: null,
      cacheHit: true,
    });

    // No personal data or credentials in any line.
    const all = JSON.stringify(lines);
    expect(all).not.toContain(NAME);
    expect(all).not.toContain(EMAIL);
    expect(all).not.toContain(token);
  });

  it('log an unexpected error with its stack, and answer with neither stack nor SQL', async () => {
    await breakActors(t, true);
    try {
      const res = await t.request('query Broken { actors(first: 1) { totalCount } }');
      expect(res.errors).toEqual([
        expect.objectContaining({
          message: 'Internal server error',
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        }),
      ]);
      expect(JSON.stringify(res)).not.toMatch(/actor_gone|relation|select |stack|\bat /i);
    } finally {
      await breakActors(t, false);
    }
    const logged = lines.find((l) => l.level === 'error' && l.msg === 'Unexpected error');
    const err = logged?.err as { stack?: string; message?: string } | undefined;
    expect(err?.message).toMatch(/actor/);
    expect(err?.stack).toMatch(/\n\s+at /);
    expect(lines.find((l) => l.operation === 'Broken')).toMatchObject({
      errorCodes: ['INTERNAL_SERVER_ERROR'],
    });
  });
});

it.each<[LogLevel, string[]]>([
  ['debug', ['debug', 'info', 'warn', 'error']],
  ['info', ['info', 'warn', 'error']],
  ['warn', ['warn', 'error']],
  ['error', ['error']],
  ['silent', []],
])('LOG_LEVEL=%s writes %j lines', async (level, expected) => {
  const { t, lines } = await loggedHub(`logs-${level}`, level);
  try {
    await (await fetch(`${new URL(t.url).origin}/healthz`)).text(); // debug: a probe
    await t.request('{ regions(first: 1) { totalCount } }'); // info: a request
    await t.request('{ nope }'); // warn: a refused request (400)
    await breakActors(t, true); // error: an unexpected error
    try {
      await t.request('{ actors { totalCount } }');
    } finally {
      await breakActors(t, false);
    }
    expect([...new Set(lines.map((l) => l.level))].sort()).toEqual([...expected].sort());
  } finally {
    await t.stop();
  }
});

describe('WebSocket protocol errors', () => {
  it('close the connection with the fitting code and log one warning line, nothing on standard error', async () => {
    const { t, lines } = await loggedHub('logs-ws', 'info');
    const stderr = jest.spyOn(console, 'error');
    try {
      const socket = await openRawWs(t.url);
      socket.send({ type: 'connection_init', payload: { padding: 'x'.repeat(70 * 1024) } });
      expect((await socket.closed).code).toBe(1009);
      // The hub still serves: a fresh connection is acknowledged.
      const again = await openRawWs(t.url);
      again.send({ type: 'connection_init' });
      await again.waitFor((f) => f.type === 'connection_ack');
      again.close();
      expect(lines).toContainEqual(
        expect.objectContaining({
          level: 'warn',
          msg: 'WebSocket peer broke the protocol',
          code: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH',
        }),
      );
      expect(stderr).not.toHaveBeenCalled();
    } finally {
      stderr.mockRestore();
      await t.stop();
    }
  });
});
