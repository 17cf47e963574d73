import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { print } from 'graphql';
import { LatestMaterialsDocument, NewMaterialsDocument } from '../../src/client/generated/graphql';
import { startTestHub, TestHub } from '../support/hub';
import { connectWs } from '../support/ws';

/**
 * The frontend kit's allow-list workflow: `npm run persisted-queries` writes an Apollo manifest of
 * the kit's operations (src/client/operations), and a hub started with it in allow-list mode runs
 * exactly those, sent in full or by id, over HTTP and WebSocket.
 */
const root = path.resolve(__dirname, '../..');
let t: TestHub;
let manifest: { operations: { id: string; name: string; body: string }[] };

beforeAll(async () => {
  await promisify(execFile)('npm', ['run', '--silent', 'persisted-queries'], { cwd: root });
  // A copy of what the script wrote, as a deployment would ship it.
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vaatu-pq-')), 'manifest.json');
  fs.copyFileSync(path.join(root, 'persisted-query-manifest.json'), file);
  manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof manifest;
  t = await startTestHub('pq-kit', { PERSISTED_QUERIES_ONLY: 'true', PERSISTED_QUERIES_FILE: file });
}, 120_000);

afterAll(() => t?.stop());

it('registers every operation of the kit', () => {
  expect(manifest.operations.map((o) => o.name).sort()).toEqual(['LatestMaterials', 'NewMaterials']);
});

it('runs the registered operations, in full or by id, and refuses any other', async () => {
  const full = await t.request(LatestMaterialsDocument, { first: 1 });
  expect(full.status).toBe(200);
  expect(full.data?.materials.nodes).toEqual([]);

  const id = manifest.operations.find((o) => o.name === 'LatestMaterials')!.id;
  const res = await fetch(t.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      variables: { first: 1 },
      extensions: { persistedQuery: { version: 1, sha256Hash: id } },
    }),
  });
  expect(await res.json()).toMatchObject({ data: { materials: { nodes: [] } } });

  const other = await t.request('query Other { materials(first: 2) { nodes { id } } }');
  expect(other.status).toBe(403);
  expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
});

it('lets the registered subscription through over WebSocket', async () => {
  const ws = connectWs(t.url);
  try {
    const sub = ws.subscribe(NewMaterialsDocument, {});
    await sub.ready;
    expect(sub.received).toEqual([]);
    const refused = await ws.run({
      query: print(LatestMaterialsDocument).replace('LatestMaterials', 'Renamed'),
    });
    expect(refused[0].errors?.[0].extensions?.code).toBe('FORBIDDEN');
  } finally {
    await ws.dispose();
  }
});
