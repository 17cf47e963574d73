import type { Browser, Page } from 'playwright-core';
import { Role } from '../../src/common/context';
import { PublicationStatus } from '../../src/common/enums';
import { toGlobalId } from '../../src/common/node';
import { PublishSharedMaterialDocument } from '../support/generated/graphql';
import { launchChromium, recordingContext } from '../support/browser';
import { Fixtures } from '../support/fixtures';
import { startTestHub, TestHub } from '../support/hub';

/**
 * GraphiQL at GET /graphql, driven in headless Chromium: queries with variables and a token in
 * the headers, a subscription over graphql-ws, and not one request to another host.
 */
let t: TestHub;
let browser: Browser;

beforeAll(async () => {
  t = await startTestHub('graphiql');
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

/** The CodeMirror editors in page order: query, variables, headers, result. */
const EDITOR = { query: 0, variables: 1, headers: 2 } as const;

type CodeMirrorElement = { CodeMirror: { setValue(v: string): void; getValue(): string } };

function setEditor(page: Page, index: number, text: string): Promise<void> {
  return page.evaluate(
    ({ index, text }) => {
      const all = (
        globalThis as unknown as { document: { querySelectorAll(s: string): CodeMirrorElement[] } }
      ).document.querySelectorAll('.graphiql-editors .CodeMirror');
      all[index].CodeMirror.setValue(text);
    },
    { index, text },
  );
}

/** Sets the query editor and waits until GraphiQL has taken in its operation (it persists its name). */
async function setQuery(page: Page, text: string, operationName: string): Promise<void> {
  await setEditor(page, EDITOR.query, text);
  await page.waitForFunction(
    (name) =>
      (globalThis as unknown as { localStorage: { getItem(k: string): string | null } }).localStorage.getItem(
        'graphiql:operationName',
      ) === name,
    operationName,
  );
}

/** Waits until the result pane holds text matching `pattern`; returns it. */
async function resultMatching(page: Page, pattern: RegExp): Promise<string> {
  try {
    const handle = await page.waitForFunction(
      (source) => {
        const doc = (
          globalThis as unknown as { document: { querySelector(s: string): CodeMirrorElement | null } }
        ).document;
        const text = doc.querySelector('.result-window .CodeMirror')?.CodeMirror.getValue() ?? '';
        return new RegExp(source).test(text) ? text : null;
      },
      pattern.source,
      { timeout: 20_000 },
    );
    return (await handle.jsonValue()) as string;
  } catch (error) {
    // Say what the pane holds instead, so that a failure shows what GraphiQL ran.
    const shown = await page
      .evaluate(() => {
        const doc = (
          globalThis as unknown as { document: { querySelector(s: string): CodeMirrorElement | null } }
        ).document;
        return doc.querySelector('.result-window .CodeMirror')?.CodeMirror.getValue() ?? '';
      })
      .catch(() => '(the page is gone)');
    throw new Error(`the result pane never matched ${pattern}; it holds: ${shown}`, { cause: error });
  }
}

it('runs a query with variables and a token, and a subscription, with no request to another host', async () => {
  const em = t.em();
  const f = new Fixtures(em);
  const publisher = await f.actor({ slug: 'ide-publisher' });
  await f.actor({ slug: 'ide-second' });
  const material = await f.material(publisher, { status: PublicationStatus.DRAFT, title: 'IDE-opas' });
  await em.flush();
  const token = await t.token({ roles: [Role.COORDINATOR] });

  const { context, requests } = await recordingContext(browser);
  const page = await context.newPage();
  const sockets: string[] = [];
  const problems: string[] = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });

  const res = await page.goto(t.url);
  expect(res?.headers()['content-type']).toMatch(/^text\/html/);
  await page.waitForSelector('.graphiql-query-editor .CodeMirror');
  // The example query is there to run as it is.
  await page.click('.graphiql-execute-button');
  await page.getByRole('menuitem', { name: 'Actors' }).click();
  expect(await resultMatching(page, /"totalCount": 2/)).toContain('"slug": "ide-');

  // Variables, and the token in the headers.
  // GraphiQL takes in the new operation after a pause; run it before that and it would still
  // run the operation chosen from the menu above.
  await setQuery(
    page,
    'query Me($first: Int) { viewer { roles } actors(first: $first) { nodes { slug } } }',
    'Me',
  );
  await setEditor(page, EDITOR.variables, '{ "first": 1 }');
  await page.getByRole('button', { name: 'Headers' }).click();
  await setEditor(page, EDITOR.headers, JSON.stringify({ authorization: `Bearer ${token}` }));
  await page.click('.graphiql-execute-button');
  const me = JSON.parse(await resultMatching(page, /"viewer"/)) as {
    data: { viewer: { roles: string[] }; actors: { nodes: unknown[] } };
  };
  expect(me.data.viewer.roles).toEqual(['COORDINATOR']);
  expect(me.data.actors.nodes).toHaveLength(1);

  // A subscription over graphql-ws: the header's token goes along as a connection parameter.
  await setQuery(
    page,
    'subscription Published { materialPublished { material { title status } } }',
    'Published',
  );
  await page.click('.graphiql-execute-button');
  const deadline = Date.now() + 20_000;
  while (t.hub.announcements.subscriberCount === 0) {
    if (Date.now() > deadline) throw new Error('GraphiQL did not subscribe');
    await new Promise((r) => setTimeout(r, 50));
  }
  await t.request(
    PublishSharedMaterialDocument,
    { id: toGlobalId('SharedMaterial', material.id), version: material.version },
    { token },
  );
  expect(await resultMatching(page, /IDE-opas/)).toContain('"status": "PUBLISHED"');

  const host = new URL(t.url).host;
  expect(requests.length).toBeGreaterThan(4);
  expect(requests.filter((url) => new URL(url).host !== host)).toEqual([]);
  expect(sockets.length).toBeGreaterThan(0);
  expect(sockets.filter((url) => new URL(url).host !== host)).toEqual([]);
  expect(problems).toEqual([]);
  await context.close();
}, 90_000);

it('is off in production unless GRAPHIQL=true: a JSON 404 for browsers, queries by GET still work', async () => {
  const off = await startTestHub('graphiql-off', { NODE_ENV: 'production', JWT_SECRET: '' });
  const on = await startTestHub('graphiql-on', { NODE_ENV: 'production', JWT_SECRET: '', GRAPHIQL: 'true' });
  try {
    const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
    const refused = await fetch(off.url, { headers: html });
    expect(refused.status).toBe(404);
    expect(await refused.json()).toMatchObject({ errors: [{ extensions: { code: 'NOT_FOUND' } }] });
    expect((await fetch(`${new URL(off.url).origin}/graphql/ide/graphiql.js`)).status).toBe(404);
    const query = await fetch(`${off.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { ...html, 'apollo-require-preflight': 'true' },
    });
    expect(await query.json()).toEqual({ data: { __typename: 'Query' }, extensions: expect.anything() });

    const page = await fetch(on.url, { headers: html });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await page.text()).toContain('/graphql/ide/graphiql.js');
    expect((await fetch(`${new URL(on.url).origin}/graphql/ide/graphiql.js`)).status).toBe(200);
  } finally {
    await off.stop();
    await on.stop();
  }
});
