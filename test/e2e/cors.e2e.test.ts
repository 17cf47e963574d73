import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import NodeWebSocket from 'ws';
import { Role } from '../../src/common/context';
import { PublicationStatus } from '../../src/common/enums';
import { toGlobalId } from '../../src/common/node';
import { PublishSharedMaterialDocument } from '../support/generated/graphql';
import { launchChromium, recordingContext, serveStatic, StaticSite } from '../support/browser';
import { Fixtures } from '../support/fixtures';
import { startTestHub, TestHub } from '../support/hub';

/**
 * CORS and the WebSocket Origin check: a page served from another origin (a static server on
 * another port) queries over fetch and subscribes over graphql-ws in Chromium; a page of an origin
 * not in CORS_ORIGINS can do neither.
 */
let site: StaticSite;
let t: TestHub;
let browser: Browser;
let allowed: string;
let refused: string;

const PAGE = `<!doctype html><html><head><title>frontend</title>
<script src="/graphql-ws.js"></script></head><body>frontend</body></html>`;

beforeAll(async () => {
  site = await serveStatic({
    '/': { type: 'text/html', body: PAGE },
    '/graphql-ws.js': {
      type: 'text/javascript',
      body: fs.readFileSync(
        path.join(path.dirname(require.resolve('graphql-ws/package.json')), 'umd/graphql-ws.min.js'),
      ),
    },
  });
  allowed = `http://localhost:${site.port}`;
  refused = `http://127.0.0.1:${site.port}`;
  t = await startTestHub('cors', { CORS_ORIGINS: `${allowed}, https://app.example.fi` });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.stop();
  await site?.close();
});

/** A raw HTTP request, with headers a browser would send (fetch may not set Origin). */
function raw(
  method: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(t.url, { method, headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += String(d)));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('preflight', () => {
  it('answers an allowed origin 204 with methods, headers and max-age', async () => {
    const res = await raw('OPTIONS', {
      origin: allowed,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type, apollo-require-preflight',
    });
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(allowed);
    expect(res.headers['access-control-allow-methods']).toBe('GET,POST,OPTIONS');
    const allowedHeaders = String(res.headers['access-control-allow-headers']).split(',');
    expect(allowedHeaders).toEqual(
      expect.arrayContaining(['authorization', 'content-type', 'apollo-require-preflight', 'x-request-id']),
    );
    expect(Number(res.headers['access-control-max-age'])).toBeGreaterThan(0);
    expect(res.headers.vary).toContain('Origin');
  });

  it('refuses another origin with a JSON error and no Access-Control header', async () => {
    const res = await raw('OPTIONS', { origin: refused, 'access-control-request-method': 'POST' });
    expect(res.status).toBe(403);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(JSON.parse(res.body)).toMatchObject({ errors: [{ extensions: { code: 'FORBIDDEN' } }] });
  });

  it('keeps CSRF prevention for requests that are not preflighted', async () => {
    const res = await fetch(`${t.url}?query=${encodeURIComponent('{ __typename }')}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/apollo-require-preflight/);
  });
});

describe('WebSocket upgrades', () => {
  function open(origin?: string): Promise<{ opened: boolean; status?: number; body?: string }> {
    return new Promise((resolve) => {
      const ws = new NodeWebSocket(
        t.url.replace(/^http/, 'ws'),
        'graphql-transport-ws',
        origin ? { origin } : {},
      );
      ws.on('open', () => {
        ws.close();
        resolve({ opened: true });
      });
      ws.on('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (d) => (body += String(d)));
        res.on('end', () => resolve({ opened: false, status: res.statusCode, body }));
      });
      ws.on('error', () => undefined);
    });
  }

  it('refuses a disallowed Origin with 403 before connection_init', async () => {
    const result = await open('https://evil.example');
    expect(result).toMatchObject({ opened: false, status: 403 });
    expect(JSON.parse(result.body!)).toMatchObject({ errors: [{ extensions: { code: 'FORBIDDEN' } }] });
  });

  it('lets clients without an Origin (not browsers), allowed origins and the hub itself connect', async () => {
    expect(await open()).toEqual({ opened: true });
    expect(await open('https://app.example.fi')).toEqual({ opened: true });
    expect(await open(`http://127.0.0.1:${t.hub.port}`)).toEqual({ opened: true });
  });
});

describe('in Chromium', () => {
  it('lets a page of an allowed origin query over fetch and subscribe over graphql-ws', async () => {
    const em = t.em();
    const f = new Fixtures(em);
    const publisher = await f.actor({ slug: 'cors-publisher' });
    const material = await f.material(publisher, { status: PublicationStatus.DRAFT, title: 'Selainopas' });
    await em.flush();
    const token = await t.token({ roles: [Role.COORDINATOR] });

    const { context } = await recordingContext(browser);
    const page = await context.newPage();
    await page.goto(`${allowed}/`);
    const queried = await page.evaluate(
      async ({ url, token }) => {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: '{ viewer { roles } }' }),
        });
        return { status: res.status, body: await res.json(), requestId: res.headers.get('x-request-id') };
      },
      { url: t.url, token },
    );
    expect(queried.status).toBe(200);
    expect(queried.body).toEqual({
      data: { viewer: { roles: ['COORDINATOR'] } },
      extensions: expect.anything(),
    });
    expect(queried.requestId).toBeTruthy(); // exposed to the page

    // Subscribe in the page; resolves once the hub acknowledged the subscription.
    await page.evaluate(
      (wsUrl) => {
        const w = globalThis as unknown as {
          graphqlWs: typeof import('graphql-ws');
          events: unknown[];
          subscribed: Promise<void>;
        };
        w.events = [];
        w.subscribed = new Promise<void>((resolve) => {
          const client = w.graphqlWs.createClient({
            url: wsUrl,
            on: {
              pong: (received, payload) => {
                if (received && payload && 'subscribed' in payload) resolve();
              },
            },
          });
          client.subscribe(
            { query: 'subscription { materialPublished { material { title } } }' },
            {
              next: (v) => w.events.push(v),
              error: (e) => w.events.push({ error: String(e) }),
              complete: () => undefined,
            },
          );
        });
        return w.subscribed;
      },
      t.url.replace(/^http/, 'ws'),
    );
    await t.request(
      PublishSharedMaterialDocument,
      { id: toGlobalId('SharedMaterial', material.id), version: material.version },
      { token },
    );
    await page.waitForFunction(() => (globalThis as unknown as { events: unknown[] }).events.length > 0);
    const events = await page.evaluate(() => (globalThis as unknown as { events: unknown[] }).events);
    expect(events).toEqual([{ data: { materialPublished: { material: { title: 'Selainopas' } } } }]);
    await context.close();
  });

  it('blocks a page of another origin from querying and from opening a socket', async () => {
    const { context } = await recordingContext(browser);
    const page = await context.newPage();
    await page.goto(`${refused}/`);
    const outcome = await page.evaluate(
      async ({ url, wsUrl }) => {
        let fetched: string;
        try {
          await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query: '{ __typename }' }),
          });
          fetched = 'answered';
        } catch (e) {
          fetched = (e as Error).name;
        }
        const socket = await new Promise<string>((resolve) => {
          const ws = new (globalThis as unknown as { WebSocket: typeof NodeWebSocket }).WebSocket(
            wsUrl,
            'graphql-transport-ws',
          );
          ws.onopen = () => resolve('open');
          ws.onclose = (e) => resolve(`closed ${e.code}`);
        });
        return { fetched, socket };
      },
      { url: t.url, wsUrl: t.url.replace(/^http/, 'ws') },
    );
    expect(outcome).toEqual({ fetched: 'TypeError', socket: 'closed 1006' });
    await context.close();
  });
});
