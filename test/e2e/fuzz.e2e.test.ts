/**
 * Property-based fuzzing of both transports (fast-check): requests generated from the schema
 * itself, well-typed and hostile values, broken documents, junk variables, extensions and bodies,
 * sent anonymously and with staff tokens over HTTP POST, HTTP GET and WebSocket. Whatever is
 * sent, the answer is JSON, no status is 5xx except SERVICE_UNAVAILABLE, no error is
 * INTERNAL_SERVER_ERROR (every one of these requests is the client's doing), every error has a
 * code, and no message shows a stack, a file path, SQL or a library's name.
 *
 * Fixed seed by default, so a failure reproduces; FUZZ_SEED and FUZZ_RUNS (per transport) run
 * others or more, and FUZZ_STATS=1 prints what came back how often:
 * `FUZZ_RUNS=5000 FUZZ_SEED=$RANDOM FUZZ_STATS=1 npx jest test/e2e/fuzz.e2e.test.ts`.
 */
import fc from 'fast-check';
import { Role } from '../../src/common/context';
import { toGlobalId } from '../../src/common/node';
import { ActorKind } from '../../src/modules/actor/actor.entity';
import { Fixtures } from '../support/fixtures';
import { anyRequest, FuzzContext, FuzzRequest, nastyString } from '../support/graphql-arbitraries';
import { startTestHub, TestHub } from '../support/hub';
import { isAck, openRawWs, RawWs } from '../support/raw-ws';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const SEED = Number(process.env.FUZZ_SEED ?? 14);
/** Each transport's property gets time in proportion to its runs (a request takes milliseconds). */
const TIMEOUT = Math.max(60_000, RUNS * 100);

let t: TestHub;
let ctx: FuzzContext;
const tokens: (string | undefined)[] = [undefined];

/** What must never reach a client: stacks, paths, SQL, the names of the libraries underneath. */
const INTERNALS =
  /\bat \S+ \(\S+:\d+:\d+\)|\bat (?:\/|file:|node:)\S+:\d+|node_modules|\/src\/|\.[jt]s:\d|mikro-?orm|\bknex\b|\bpg-|postgres|sqlstate|\bselect\b.+\bfrom\b|\binsert into\b|\bupdate\b.+\bset\b|\bdelete from\b|TypeError|RangeError|ReferenceError|Cannot read propert|is not a function|Maximum call stack|ECONN|type-graphql|class-validator|graphql-scalars|express|apollo/i;

/** A message with what the client sent (quoted) left out: only the server's own words count. */
function ownWords(message: string): string {
  return message.replace(/"(?:[^"\\]|\\.)*"/g, '""');
}

interface ErrorShape {
  message?: unknown;
  extensions?: Record<string, unknown>;
}

function checkErrors(errors: unknown, where: string): void {
  if (errors === undefined) return;
  expect({ where, isArray: Array.isArray(errors) }).toEqual({ where, isArray: true });
  for (const e of errors as ErrorShape[]) {
    const code = e.extensions?.code;
    expect({ where, message: e.message, code: typeof code }).toEqual({
      where,
      message: e.message,
      code: 'string',
    });
    expect({ where, message: e.message, code }).not.toEqual({
      where,
      message: e.message,
      code: 'INTERNAL_SERVER_ERROR',
    });
    expect(Object.keys(e.extensions ?? {})).not.toContain('stacktrace');
    expect({ where, message: ownWords(String(e.message)) }).not.toEqual({
      where,
      message: expect.stringMatching(INTERNALS),
    });
  }
}

/** With FUZZ_STATS=1, how often each status and first error code came back, printed at the end. */
const stats = new Map<string, number>();
afterAll(() => {
  if (!process.env.FUZZ_STATS) return;
  const lines = [...stats.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${String(v).padStart(6)} ${k}`);
  console.log(lines.join('\n'));
});

function count(transport: string, status: number | string, errors: ErrorShape[] | undefined): void {
  const key = `${transport} ${status} ${errors?.length ? String(errors[0].extensions?.code) : 'data'}`;
  stats.set(key, (stats.get(key) ?? 0) + 1);
}

function checkHttp(status: number, contentType: string | null, text: string, where: string): void {
  expect({ where, status, json: /json/.test(contentType ?? '') }).toEqual({
    where,
    status: expect.any(Number),
    json: true,
  });
  let body: { errors?: ErrorShape[] };
  try {
    body = JSON.parse(text) as { errors?: ErrorShape[] };
  } catch {
    throw new Error(`${where}: not JSON: ${text.slice(0, 200)}`);
  }
  count(where.split(' ')[0], status, body.errors);
  if (status >= 500) {
    expect({ where, status, codes: body.errors?.map((e) => e.extensions?.code) }).toEqual({
      where,
      status: 503,
      codes: expect.arrayContaining(['SERVICE_UNAVAILABLE']),
    });
  }
  checkErrors(body.errors, where);
}

async function postRaw(body: string, token: string | undefined, contentType = 'application/json') {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(t.url, { method: 'POST', headers, body });
  return { status: res.status, contentType: res.headers.get('content-type'), text: await res.text() };
}

/** JSON text of a request; JSON.stringify writes unpaired surrogates as escapes, as clients do. */
function json(request: FuzzRequest): string {
  return JSON.stringify(request, (_k, v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v) ? 1e308 : v,
  );
}

beforeAll(async () => {
  t = await startTestHub('fuzz', { RESPONSE_CACHE_MB: '8' });
  const fx = new Fixtures(t.em());
  const actor = await fx.actor({ slug: 'fuzz-valteri', kind: ActorKind.VALTERI, regionCodes: ['KYS'] });
  const offering = await fx.offering(actor, { regionCodes: ['KYS'] });
  const material = await fx.material(actor);
  const need = await fx.need('KYS');
  ctx = {
    ids: [
      toGlobalId('Actor', actor.id),
      toGlobalId('ServiceOffering', offering.id),
      toGlobalId('SharedMaterial', material.id),
      toGlobalId('ServiceNeed', need.id),
    ],
    codes: ['KYS', '05', 'CONSULTATION', 'SCHOOL_NON_ATTENDANCE', 'fuzz-valteri', 'koulu', 'x'],
  };
  tokens.push(
    await t.token({ actor: 'fuzz-valteri', roles: [Role.EDITOR], sub: 'fuzz-editor' }),
    await t.token({ roles: [Role.COORDINATOR], sub: 'fuzz-coordinator' }),
  );
});
afterAll(async () => {
  await t?.stop();
});

it(
  'answers any POST with JSON, no 5xx, no internal error and no internals',
  async () => {
    const body = fc.oneof(
      { arbitrary: anyRequest(t.hub.schema, ctx).map(json), weight: 9 },
      { arbitrary: fc.oneof(nastyString, fc.string({ maxLength: 40 })), weight: 1 },
    );
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom(...tokens), async (text, token) => {
        const res = await postRaw(text, token);
        checkHttp(res.status, res.contentType, res.text, `POST ${text.slice(0, 300)}`);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  },
  TIMEOUT,
);

it(
  'answers any GET with JSON, no 5xx, no internal error and no internals',
  async () => {
    await fc.assert(
      fc.asyncProperty(anyRequest(t.hub.schema, ctx), async (request) => {
        const url = new URL(t.url);
        for (const [key, value] of Object.entries(request)) {
          if (value !== undefined)
            url.searchParams.set(key, typeof value === 'string' ? value : json(value as FuzzRequest));
        }
        const res = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
        checkHttp(
          res.status,
          res.headers.get('content-type'),
          await res.text(),
          `GET ${url.search.slice(0, 300)}`,
        );
      }),
      { numRuns: RUNS, seed: SEED },
    );
  },
  TIMEOUT,
);

describe('over WebSocket', () => {
  const sockets = new Map<string | undefined, RawWs>();
  let n = 0;

  /** The connection of a token (reopened when the server closed it for a malformed message). */
  async function socketFor(token: string | undefined): Promise<RawWs> {
    const open = sockets.get(token);
    if (open && open.socket.readyState === open.socket.OPEN) return open;
    const socket = await openRawWs(t.url, token ? { authorization: `Bearer ${token}` } : {});
    sockets.set(token, socket);
    return socket;
  }

  afterAll(() => {
    for (const s of sockets.values()) s.close();
  });

  it(
    'answers any operation with coded errors and no internals, and never fails the connection',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          anyRequest(t.hub.schema, ctx),
          fc.constantFrom(...tokens),
          async (request, token) => {
            const socket = await socketFor(token);
            const id = `f${++n}`;
            const from = socket.frames.length;
            const payload = JSON.parse(json(request)) as FuzzRequest;
            socket.send({ id, type: 'subscribe', payload });
            const where = `WS ${JSON.stringify(payload).slice(0, 300)}`;
            const outcome = await Promise.race([
              socket
                .waitFor((f) => f.id === id && (f.type === 'error' || f.type === 'complete'), 20_000, from)
                .catch(() => null),
              socket.waitFor(isAck(id), 20_000, from).catch(() => null),
              socket.closed.then(() => null),
            ]);
            if (!outcome && socket.socket.readyState !== socket.socket.OPEN) {
              // Only what graphql-ws or ws refuse closes the socket: not a valid message (4400), one
              // over the 64 KiB message limit (1009).
              const { code, reason } = await socket.closed;
              expect({ where, code: [4400, 1009].includes(code) }).toEqual({ where, code: true });
              expect(reason).not.toMatch(INTERNALS);
              return;
            }
            expect({ where, settled: outcome != null }).toEqual({ where, settled: true });
            if (outcome && isAck(id)(outcome)) socket.send({ id, type: 'complete' });
            for (const f of socket.frames.slice(from).filter((f) => f.id === id)) {
              const errors =
                f.type === 'error' ? f.payload : (f.payload as { errors?: unknown } | undefined)?.errors;
              if (f.type === 'error' || f.type === 'next')
                count('WS', f.type, errors as ErrorShape[] | undefined);
              checkErrors(errors, where);
            }
            if (outcome && isAck(id)(outcome)) count('WS', 'subscribed', undefined);
          },
        ),
        { numRuns: RUNS, seed: SEED },
      );
    },
    TIMEOUT,
  );
});
