/**
 * Token rules (exp required, HS256 lifetime and production refusal, unknown actors), the
 * minimised staff directory (e-mail only to coordinators and the person themselves), and
 * INTROSPECTION=false, over real HTTP and WebSocket.
 */
import { SignJWT } from 'jose';
import { Role } from '../../src/common/context';
import { ActorKind } from '../../src/modules/actor/actor.entity';
import { signDevToken } from '../../src/modules/auth/token';
import { StaffMember } from '../../src/modules/staff/staff-member.entity';
import { Fixtures } from '../support/fixtures';
import { startTestHub, TEST_JWT_SECRET, TestHub } from '../support/hub';
import { openRawWs } from '../support/raw-ws';

interface Answer {
  status: number;
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

async function post(t: TestHub, query: string, bearer?: string, variables: unknown = {}): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  const res = await fetch(t.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return { status: res.status, ...((await res.json()) as Omit<Answer, 'status'>) };
}

/** An HS256 token with exactly these claims (no defaults: exp and iat only when given). */
function rawToken(claims: Record<string, unknown>, secret = TEST_JWT_SECRET): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(secret));
}

const now = () => Math.floor(Date.now() / 1000);
const VIEWER = '{ viewer { name } }';

describe('tokens', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub('tokens');
    await new Fixtures(t.em()).actor({ slug: 'valteri', kind: ActorKind.VALTERI });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('requires exp, and refuses HS256 tokens living longer than JWT_MAX_TTL_SECONDS (12 h)', async () => {
    const base = { sub: 'token-rules', name: 'Testaaja' };
    const noExp = await post(t, VIEWER, await rawToken({ ...base, iat: now() }));
    expect(noExp.status).toBe(401);
    expect(noExp.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(noExp.errors?.[0].message).toMatch(/"exp"/);

    const tooLong = await post(t, VIEWER, await rawToken({ ...base, iat: now(), exp: now() + 13 * 3600 }));
    expect(tooLong.status).toBe(401);
    expect(tooLong.errors?.[0].message).toMatch(/JWT_MAX_TTL_SECONDS/);
    // Without iat, the lifetime counts from now.
    const noIat = await post(t, VIEWER, await rawToken({ ...base, exp: now() + 24 * 3600 }));
    expect(noIat.status).toBe(401);
    // An old iat does not stretch the lifetime either.
    const oldIat = await post(
      t,
      VIEWER,
      await rawToken({ ...base, iat: now() - 13 * 3600, exp: now() + 600 }),
    );
    expect(oldIat.status).toBe(401);

    const ok = await post(t, VIEWER, await rawToken({ ...base, iat: now(), exp: now() + 12 * 3600 }));
    expect(ok.errors).toBeUndefined();
    expect(ok.data).toEqual({ viewer: { name: 'Testaaja' } });

    // Over WebSocket the token is checked at connection_init: a bad one closes with 4403.
    const socket = await openRawWs(t.url, null);
    socket.send({ type: 'connection_init', payload: { authorization: `Bearer ${await rawToken(base)}` } });
    expect((await socket.closed).code).toBe(4403);
  });

  it('refuses a token naming an unknown actor with UNAUTHENTICATED naming the claim', async () => {
    const unknown = await signDevToken(
      TEST_JWT_SECRET,
      { sub: 'ghost', name: 'Haamu', actor: 'no-such-actor', roles: [Role.EDITOR] },
      600,
    );
    const answer = await post(t, '{ serviceNeeds { totalCount } }', unknown);
    expect(answer.status).toBe(401);
    expect(answer.data).toBeUndefined();
    expect(answer.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(answer.errors?.[0].message).toMatch(/claim "actor"/);
    expect(await t.em().count(StaffMember, { subject: { $like: '%ghost' } })).toBe(0);
    const socket = await openRawWs(t.url, null);
    socket.send({ type: 'connection_init', payload: { authorization: `Bearer ${unknown}` } });
    expect((await socket.closed).code).toBe(4403);
    // A known actor is fine.
    const known = await t.token({ actor: 'valteri', roles: [Role.EDITOR], sub: 'known' });
    expect((await post(t, '{ serviceNeeds { totalCount } }', known)).data).toEqual({
      serviceNeeds: { totalCount: 0 },
    });
  });
});

describe('HS256 under NODE_ENV=production', () => {
  it('is refused unless JWT_ALLOW_HS256=true', async () => {
    const token = await signDevToken(TEST_JWT_SECRET, { sub: 'prod', name: 'Tuotanto', roles: [] }, 600);
    const refusing = await startTestHub('tokens_prod', { NODE_ENV: 'production' });
    try {
      const answer = await post(refusing, VIEWER, token);
      expect(answer.status).toBe(401);
      expect(answer.errors?.[0].message).toMatch(/JWT_ALLOW_HS256/);
      // Anonymous requests are served as ever.
      expect((await post(refusing, VIEWER)).data).toEqual({ viewer: null });
    } finally {
      await refusing.stop();
    }
    const allowing = await startTestHub('tokens_prod_allow', {
      NODE_ENV: 'production',
      JWT_ALLOW_HS256: 'true',
    });
    try {
      expect((await post(allowing, VIEWER, token)).data).toEqual({ viewer: { name: 'Tuotanto' } });
    } finally {
      await allowing.stop();
    }
  });
});

describe('staff directory', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub('staff_directory');
    await new Fixtures(t.em()).actor({ slug: 'kuulo', kind: ActorKind.VALTERI });
  });
  afterAll(async () => {
    await t?.stop();
  });

  /** A token with an e-mail claim. */
  function staffToken(sub: string, roles: Role[], email: string): Promise<string> {
    return signDevToken(TEST_JWT_SECRET, { sub, name: sub, email, actor: 'kuulo', roles }, 600);
  }

  it('shows e-mail addresses only to coordinators and to the person themselves', async () => {
    const editor = await staffToken('editori', [Role.EDITOR], 'editori@example.org');
    const colleague = await staffToken('kollega', [Role.EDITOR], 'kollega@example.org');
    const coordinator = await staffToken('koordinaattori', [Role.COORDINATOR], 'koord@example.org');
    // The editor reports a need (so it is reportedBy) and sees their own address.
    const reported = await post(
      t,
      'mutation ($input: ReportServiceNeedInput!) { reportServiceNeed(input: $input) { serviceNeed { id reportedBy { id email } } } }',
      editor,
      { input: { regionCode: 'KYS', description: { fi: 'Tarve' }, categoryCodes: ['CONSULTATION'] } },
    );
    expect(reported.errors).toBeUndefined();
    const need = (
      reported.data?.reportServiceNeed as {
        serviceNeed: { id: string; reportedBy: { id: string; email: string } };
      }
    ).serviceNeed;
    expect(need.reportedBy.email).toBe('editori@example.org');
    expect((await post(t, '{ viewer { email } }', editor)).data).toEqual({
      viewer: { email: 'editori@example.org' },
    });

    const reads = `query ($need: ID!, $staff: ID!) {
      node(id: $staff) { ... on StaffMember { name email } }
      need: node(id: $need) { ... on ServiceNeed { reportedBy { email } } }
    }`;
    const variables = { need: need.id, staff: need.reportedBy.id };
    // Another editor sees the name, not the address, by node(id) and as reportedBy.
    const other = await post(t, reads, colleague, variables);
    expect(other.errors).toBeUndefined();
    expect(other.data).toEqual({
      node: { name: 'editori', email: null },
      need: { reportedBy: { email: null } },
    });
    // A coordinator sees it, also in the audit log.
    const coord = await post(t, reads, coordinator, variables);
    expect(coord.data).toEqual({
      node: { name: 'editori', email: 'editori@example.org' },
      need: { reportedBy: { email: 'editori@example.org' } },
    });
    const audit = await post(t, '{ auditLog { nodes { staff { name email } } } }', coordinator);
    expect(audit.data).toEqual({
      auditLog: { nodes: [{ staff: { name: 'editori', email: 'editori@example.org' } }] },
    });
    const editorsAudit = await post(t, '{ auditLog { nodes { staff { name email } } } }', colleague);
    expect(editorsAudit.data).toEqual({ auditLog: { nodes: [{ staff: { name: 'editori', email: null } }] } });
  });
});

describe('INTROSPECTION', () => {
  const INTROSPECT = '{ __schema { queryType { name } } }';

  it('is on by default and can be turned off on both transports', async () => {
    const on = await startTestHub('introspection_on');
    try {
      expect((await post(on, INTROSPECT)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    } finally {
      await on.stop();
    }
    const off = await startTestHub('introspection_off', { INTROSPECTION: 'false' });
    try {
      const http = await post(off, INTROSPECT);
      expect(http.status).toBe(400);
      expect(http.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect((await post(off, '{ __type(name: "Actor") { name } }')).status).toBe(400);
      // __typename is no introspection.
      expect((await post(off, '{ __typename }')).data).toEqual({ __typename: 'Query' });
      const socket = await openRawWs(off.url);
      socket.send({ id: 'i', type: 'subscribe', payload: { query: INTROSPECT } });
      const refused = await socket.waitFor((f) => f.id === 'i');
      expect(refused.type).toBe('error');
      expect(JSON.stringify(refused.payload)).toContain('GRAPHQL_VALIDATION_FAILED');
      socket.close();
    } finally {
      await off.stop();
    }
  });
});
