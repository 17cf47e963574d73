/**
 * Every bad request is a clean 4xx: a JSON GraphQL error with a code (and the offending field),
 * never a 500, HTML, a stack or a library's words, and nothing stored changes. Over real HTTP and
 * WebSocket, with the response cache on as in production.
 *
 * The operations are deliberately broken, so they are written inline rather than in
 * test/operations (which codegen checks against the schema).
 */
import net from 'node:net';
import { Role } from '../../src/common/context';
import { toGlobalId } from '../../src/common/node';
import { sha256 } from '../../src/graphql/limits/persisted-queries';
import { Actor, ActorKind } from '../../src/modules/actor/actor.entity';
import { Fixtures } from '../support/fixtures';
import { startTestHub, TestHub } from '../support/hub';
import { openRawWs, RawWs } from '../support/raw-ws';

let t: TestHub;
let fx: Fixtures;
let actor: Actor;
let coordinator: string;
const sockets: RawWs[] = [];

interface Answer {
  status: number;
  contentType: string | null;
  text: string;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
}

/** Sends any body with any headers; the answer must be JSON whatever happens. */
async function send(
  body: string | Buffer,
  headers: Record<string, string>,
  method = 'POST',
): Promise<Answer> {
  const res = await fetch(t.url, { method, headers, body: method === 'GET' ? undefined : body });
  const text = await res.text();
  const contentType = res.headers.get('content-type');
  expect(contentType).toMatch(/^application\/(graphql-response\+)?json/);
  expect(text).not.toMatch(/<html|<pre|\bat \S+ \(|node_modules|\.ts:\d|\.js:\d/i);
  return { status: res.status, contentType, text, body: JSON.parse(text) as Answer['body'] };
}

function post(payload: unknown, token?: string): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  return send(JSON.stringify(payload), headers);
}

async function ws(params: Record<string, unknown> = {}): Promise<RawWs> {
  const socket = await openRawWs(t.url, params);
  sockets.push(socket);
  return socket;
}

/** Runs one operation on a raw socket; resolves with its first `next` or `error` frame's errors. */
async function wsErrors(socket: RawWs, id: string, payload: Record<string, unknown>) {
  const from = socket.frames.length;
  socket.send({ id, type: 'subscribe', payload });
  const frame = await socket.waitFor(
    (f) => f.id === id && (f.type === 'error' || f.type === 'next'),
    10_000,
    from,
  );
  return frame.type === 'error'
    ? (frame.payload as Answer['body']['errors'])
    : (frame.payload as Answer['body']).errors;
}

async function actorCount(): Promise<number> {
  return t.em().count(Actor, {});
}

beforeAll(async () => {
  t = await startTestHub('bad_input', { RESPONSE_CACHE_MB: '8' });
  fx = new Fixtures(t.em());
  actor = await fx.actor({ slug: 'kuulo', kind: ActorKind.VALTERI, regionCodes: ['KYS'] });
  await fx.actor({ slug: 'toinen' });
  coordinator = await t.token({ roles: [Role.COORDINATOR], sub: 'bad-input-coordinator' });
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.close();
});
afterAll(async () => {
  await t?.stop();
});

describe('malformed HTTP requests', () => {
  it('answers invalid JSON, an oversized body and unsupported media with JSON errors and 400/413/415', async () => {
    const cases: [string, string | Buffer, Record<string, string>, number][] = [
      ['invalid JSON', '{"query": "{ __typename }"', { 'content-type': 'application/json' }, 400],
      ['a JSON string, not an object', '"{ __typename }"', { 'content-type': 'application/json' }, 400],
      [
        'a body over the limit',
        JSON.stringify({ query: `{ __typename }${' '.repeat(300 * 1024)}` }),
        { 'content-type': 'application/json' },
        413,
      ],
      [
        'an unsupported charset',
        '{"query":"{ __typename }"}',
        { 'content-type': 'application/json; charset=latin1' },
        415,
      ],
      ['a text/plain body', '{"query":"{ __typename }"}', { 'content-type': 'text/plain' }, 415],
      ['a form', 'query=%7B__typename%7D', { 'content-type': 'application/x-www-form-urlencoded' }, 415],
      ['no content type', '{"query":"{ __typename }"}', {}, 415],
      [
        'an unknown content encoding',
        '{"query":"{ __typename }"}',
        { 'content-type': 'application/json', 'content-encoding': 'snappy' },
        415,
      ],
      [
        'a body that does not inflate',
        Buffer.from('not gzip at all'),
        { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        400,
      ],
    ];
    for (const [what, body, headers, status] of cases) {
      const answer = await send(body, headers);
      expect({ what, status: answer.status }).toEqual({ what, status });
      expect(answer.body.errors?.[0].extensions?.code).toBe('BAD_REQUEST');
      expect(answer.body.errors?.[0].message).toMatch(/\w/);
    }
  });

  it('answers an unknown path and an unsupported method with JSON too', async () => {
    const unknown = await fetch(new URL('/nowhere', t.url));
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as Answer['body']).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const put = await send('{"query":"{ __typename }"}', { 'content-type': 'application/json' }, 'PUT');
    expect(put.status).toBe(405);
  });

  it('answers what the HTTP parser refuses (a huge URL, bytes that are not HTTP) with JSON too', async () => {
    const url = new URL(t.url);
    url.searchParams.set('query', `{ ${'__typename '.repeat(3000)}}`);
    const long = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect(long.status).toBe(431);
    expect(((await long.json()) as Answer['body']).errors?.[0].extensions?.code).toBe('BAD_REQUEST');

    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(url.port), '127.0.0.1', () => socket.end('NOT HTTP AT ALL\r\n\r\n'));
      let text = '';
      socket.on('data', (d) => (text += String(d)));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(raw).toMatch(/content-type: application\/json/i);
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toEqual({
      errors: [{ message: expect.any(String), extensions: { code: 'BAD_REQUEST' } }],
    });
  });

  it('refuses documents nested deeper than the parser can follow, before parsing them', async () => {
    for (const depth of [1600, 2400, 50_000]) {
      const query = `{ actors(filter: ${'{ ids: ['.repeat(depth)}] }) { totalCount } }`.slice(0, 250_000);
      const answer = await post({ query });
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 64 });
      expect(answer.body.errors?.[0].extensions?.nesting).toBeGreaterThan(64);
    }
    const selections = await post({ query: `${'{ a '.repeat(3000)}${'}'.repeat(3000)}` });
    expect(selections.body.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
    // Brackets in strings and comments are no nesting.
    const quoted = await post({
      query: `# ${'{'.repeat(500)}\n{ actors(filter: { search: "${'['.repeat(100)}" }) { totalCount } }`,
    });
    expect(quoted.body.errors).toBeUndefined();
    expect(quoted.body.data).toEqual({ actors: { totalCount: 0 } });

    const socket = await ws();
    const [refused] = (await wsErrors(socket, 'deep', {
      query: `${'{ a '.repeat(3000)}${'}'.repeat(3000)}`,
    }))!;
    expect(refused.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 64 });
  });

  it('refuses variables nested too deep, with the response cache on (no 500)', async () => {
    // JSON text 5000 levels deep (JSON.stringify itself cannot write it).
    const deep = `${'{"a":'.repeat(5000)}"x"${'}'.repeat(5000)}`;
    const json = { 'content-type': 'application/json' };
    const declared = await send(
      `{"query":"query ($filter: ActorFilter) { actors(filter: $filter) { totalCount } }","variables":{"filter":${deep}}}`,
      json,
    );
    expect(declared.status).toBe(400);
    expect(declared.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: ['filter'],
    });
    const undeclared = await send(
      `{"query":"{ actors { totalCount } }","variables":{"extra":[${deep}]}}`,
      json,
    );
    expect(undeclared.status).toBe(400);
    expect(undeclared.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: ['extra'],
    });
    // Shallow undeclared variables are ignored as before, and the cache still answers.
    for (const expected of ['miss', 'hit']) {
      const res = await fetch(t.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ actors { totalCount } }', variables: { extra: { a: [1] } } }),
      });
      expect(res.headers.get('x-response-cache')).toBe(expected);
      expect(await res.json()).toEqual({
        data: { actors: { totalCount: 2 } },
        extensions: expect.any(Object),
      });
    }
  });

  it('answers a document with several operations and no operationName with 400, with the cache on', async () => {
    const answer = await post({
      query: 'query A { actors { totalCount } } query B { regions { totalCount } }',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0].extensions?.code).toBe('OPERATION_RESOLUTION_FAILURE');
    const named = await post({
      query: 'query A { actors { totalCount } } query B { regions { totalCount } }',
      operationName: 'A',
    });
    expect(named.body.data).toEqual({ actors: { totalCount: 2 } });
    const socket = await ws();
    const [unnamed] = (await wsErrors(socket, 'two', {
      query: 'query A { actors { totalCount } } query B { regions { totalCount } }',
    }))!;
    expect(unnamed.extensions?.code).toBe('OPERATION_RESOLUTION_FAILURE');
  });

  it('answers a subscription sent over HTTP with BAD_USER_INPUT', async () => {
    const answer = await post({ query: 'subscription { materialPublished { cursor } }' });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['query'] });
    expect(answer.body.errors?.[0].message).toMatch(/WebSocket/);
  });

  it('refuses a malformed persisted-query extension with BAD_USER_INPUT naming it', async () => {
    const query = '{ actors { totalCount } }';
    const cases: [unknown, string][] = [
      [{ version: 2, sha256Hash: sha256(query) }, 'extensions.persistedQuery.version'],
      [{ sha256Hash: sha256(query) }, 'extensions.persistedQuery.version'],
      [{ version: 1, sha256Hash: sha256('{ other }') }, 'extensions.persistedQuery.sha256Hash'],
      [{ version: 1, sha256Hash: 42 }, 'extensions.persistedQuery.sha256Hash'],
      ['yes', 'extensions.persistedQuery'],
    ];
    for (const [persistedQuery, field] of cases) {
      const answer = await post({ query, extensions: { persistedQuery } });
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', fields: [field] });
    }
    // Over GET, the extension is JSON text.
    const url = new URL(t.url);
    url.searchParams.set('query', query);
    url.searchParams.set('extensions', JSON.stringify({ persistedQuery: { version: 3, sha256Hash: 'x' } }));
    const get = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect(get.status).toBe(400);
    expect(((await get.json()) as Answer['body']).errors?.[0].extensions?.fields).toEqual([
      'extensions.persistedQuery.version',
    ]);
    // A correct one still registers and is found by its hash alone.
    const registered = await post({
      query,
      extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } },
    });
    expect(registered.body.data).toEqual({ actors: { totalCount: 2 } });
    const byHash = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } });
    expect(byHash.body.data).toEqual({ actors: { totalCount: 2 } });
  });
});

describe('client mistakes in values', () => {
  it('refuses NUL characters and unpaired surrogates in variables and literals, storing nothing', async () => {
    const before = await actorCount();
    const create = 'mutation ($input: CreateActorInput!) { createActor(input: $input) { actor { id } } }';
    const input = (name: string) => ({ kind: 'ELMERI_SCHOOL', slug: 'uusi', name: { fi: name } });
    for (const name of ['Koulu\u0000', 'Koulu\ud800', '\udc00Koulu']) {
      const answer = await post({ query: create, variables: { input: input(name) } }, coordinator);
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0].extensions).toEqual({
        code: 'BAD_USER_INPUT',
        fields: ['input.name.fi'],
      });
    }
    const literal = await post(
      {
        query:
          'mutation { createActor(input: { kind: ELMERI_SCHOOL, slug: "uusi", name: { fi: "A\\u0000" } }) { actor { id } } }',
      },
      coordinator,
    );
    expect(literal.status).toBe(400);
    expect(literal.body.errors?.[0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: ['input.name.fi'],
    });
    const search = await post({
      query: 'query ($s: String!) { search(query: $s) { totalCount } }',
      variables: { s: 'a\u0000' },
    });
    expect(search.body.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', fields: ['s'] });

    const socket = await ws({ authorization: `Bearer ${coordinator}` });
    const [overWs] = (await wsErrors(socket, 'nul', {
      query: create,
      variables: { input: input('X\u0000') },
    }))!;
    expect(overWs.extensions).toEqual({ code: 'BAD_USER_INPUT', fields: ['input.name.fi'] });
    expect(await actorCount()).toBe(before);
  });

  it('refuses dates PostgreSQL cannot store (year 0, past 9999) as BAD_USER_INPUT', async () => {
    const materials =
      'query ($after: DateTime) { materials(filter: { publishedAfter: $after }) { totalCount } }';
    for (const value of ['0000-01-01T00:00:00Z', '10000-01-01T00:00:00Z', '-000001-01-01T00:00:00Z']) {
      const answer = await post({ query: materials, variables: { after: value } });
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
    const literal = await post({
      query: '{ materials(filter: { publishedAfter: "0000-01-01T00:00:00Z" }) { totalCount } }',
    });
    expect(literal.status).toBe(400);
    expect(literal.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const ok = await post({ query: materials, variables: { after: '0001-01-01T00:00:00Z' } });
    expect(ok.body).toMatchObject({ data: { materials: { totalCount: 0 } } });
    const offering = await post(
      {
        query:
          'mutation ($input: CreateServiceOfferingInput!) { createServiceOffering(input: $input) { serviceOffering { id } } }',
        variables: {
          input: {
            actorId: toGlobalId('Actor', actor.id),
            title: { fi: 'Konsultaatio' },
            categoryCodes: ['CONSULTATION'],
            validFrom: '0000-01-01',
          },
        },
      },
      coordinator,
    );
    expect(offering.status).toBe(400);
    expect(offering.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: ['input.validFrom'],
    });
  });

  it('refuses tampered list cursors with BAD_USER_INPUT on `after`', async () => {
    const list =
      'query ($after: String) { actors(first: 1, after: $after, orderBy: { field: CREATED_AT }) { edges { cursor } } }';
    const page = await post({ query: list });
    const edges = (page.body.data?.actors as { edges: { cursor: string }[] }).edges;
    const [value, id] = JSON.parse(Buffer.from(edges[0].cursor, 'base64url').toString()) as [unknown, string];
    const cursor = (raw: string) => Buffer.from(raw, 'utf8').toString('base64url');
    const tampered = [
      cursor(JSON.stringify(['not a date', id])),
      cursor(JSON.stringify([{ d: 'not a date' }, id])),
      cursor(JSON.stringify([{ d: '0000-01-01T00:00:00Z' }, id])),
      cursor(JSON.stringify([value, 'not-a-uuid'])),
      cursor(JSON.stringify([value, `${id}'; drop table actor; --`])),
      cursor(`[1e400, "${id}"]`),
      cursor(JSON.stringify([true, id])),
      cursor(JSON.stringify([{ d: '2024-01-01T00:00:00Z' }, id]).replace('2024', '\\u0000')),
      cursor(JSON.stringify([value, id, 3])),
      'not base64 at all!',
    ];
    for (const after of tampered) {
      const answer = await post({ query: list, variables: { after } });
      // An execution error (the list's resolver decodes the cursor): HTTP 200 with no data.
      expect({ after, errors: answer.body.errors?.map((e) => e.extensions) }).toEqual({
        after,
        errors: [{ code: 'BAD_USER_INPUT', fields: ['after'] }],
      });
      expect(answer.body.data).toBeNull();
    }
    // Ordered by a text column, a date is the tampering.
    const regions = 'query ($after: String) { regions(first: 1, after: $after) { totalCount } }';
    const wrongKind = await post({
      query: regions,
      variables: { after: cursor(JSON.stringify([{ d: '2024-01-01T00:00:00Z' }, id])) },
    });
    expect(wrongKind.body.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', fields: ['after'] });
    // Genuine cursors still page.
    const next = await post({ query: list, variables: { after: edges[0].cursor } });
    expect((next.body.data?.actors as { edges: unknown[] }).edges).toHaveLength(1);
  });

  it('answers a malformed id in a nested list filter with BAD_USER_INPUT (found by the fuzz test)', async () => {
    // Nested lists load through per-request DataLoaders; the filter is checked inside the batch.
    const answer = await post({
      query: `{ actors(first: 1) { nodes { initiatives(filter: { ids: ["${toGlobalId('Actor', actor.id)}"] }) { totalCount } } } }`,
    });
    expect(answer.body.errors?.map((e) => e.extensions)).toEqual([
      { code: 'BAD_USER_INPUT', fields: ['filter.ids.0'] },
    ]);
  });

  it('answers node ids whose type is an Object method with null, not an error', async () => {
    const uuid = '00000000-0000-4000-8000-000000000000';
    for (const type of ['constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      const answer = await post({
        query: 'query ($id: ID!) { node(id: $id) { id } nodes(ids: [$id]) { id } }',
        variables: { id: toGlobalId(type, uuid) },
      });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ data: { node: null, nodes: [null] } });
      expect(answer.body.errors).toBeUndefined();
    }
    const real = await post({
      query: 'query ($id: ID!) { node(id: $id) { id } }',
      variables: { id: toGlobalId('Actor', actor.id) },
    });
    expect(real.body.data).toEqual({ node: { id: toGlobalId('Actor', actor.id) } });
  });

  it('refuses a subscription cursor beyond the bigint range and an unknown region code in a filter', async () => {
    const socket = await ws();
    const beyond = Buffer.from('announcement:9223372036854775808', 'utf8').toString('base64url');
    const [cursorError] = (await wsErrors(socket, 'cursor', {
      query: 'subscription ($after: String) { materialPublished(after: $after) { cursor } }',
      variables: { after: beyond },
    }))!;
    expect(cursorError.extensions).toEqual({ code: 'BAD_USER_INPUT', fields: ['after'] });
    const [regionError] = (await wsErrors(socket, 'region', {
      query:
        'subscription { serviceOfferingChanged(filter: { regionCodes: ["KYS", "NOWHERE"] }) { cursor } }',
    }))!;
    expect(regionError.extensions).toEqual({ code: 'BAD_USER_INPUT', fields: ['filter.regionCodes'] });
    const [initiativeRegion] = (await wsErrors(socket, 'initiative', {
      query: 'subscription { initiativeChanged(filter: { regionCodes: ["NOWHERE"] }) { cursor } }',
    }))!;
    expect(initiativeRegion.extensions).toEqual({ code: 'BAD_USER_INPUT', fields: ['filter.regionCodes'] });
    // Neither failed subscription was acknowledged as subscribed.
    expect(socket.frames.filter((f) => f.type === 'pong')).toEqual([]);
    // The largest bigint is a valid cursor (nothing after it).
    const largest = Buffer.from('announcement:9223372036854775807', 'utf8').toString('base64url');
    socket.send({
      id: 'largest',
      type: 'subscribe',
      payload: {
        query: 'subscription ($after: String) { materialPublished(after: $after) { cursor } }',
        variables: { after: largest },
      },
    });
    await socket.waitFor(
      (f) => f.type === 'pong' && (f.payload as { subscribed?: string }).subscribed === 'largest',
    );
  });
});
