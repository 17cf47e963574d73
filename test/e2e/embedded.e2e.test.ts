import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, print } from 'graphql';
import { Role } from '../../src/common/context';
import { signDevToken } from '../../src/modules/auth/token';
import {
  ActorBySlugDocument,
  CreateSharedMaterialDocument,
  MaterialPublishedDocument,
  MaterialsDocument,
  PublishSharedMaterialDocument,
  SearchDocument,
} from '../support/generated/graphql';
import { TEST_JWT_SECRET } from '../support/hub';
import { HubProcess, startHubProcess } from '../support/process';
import { connectWs } from '../support/ws';

/** The zero-setup start: no DATABASE_URL, PGlite under DATA_DIR, migrations and demo data on first start. */
describe('embedded database (npm start without DATABASE_URL)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vaatu-embedded-'));
  const env = { DATA_DIR: dataDir, JWT_SECRET: TEST_JWT_SECRET, DATABASE_URL: '' };
  let hub: HubProcess | null = null;

  async function gql<T>(
    doc: Parameters<typeof print>[0],
    variables: object,
    token?: string,
  ): Promise<{ data?: T; errors?: unknown[] }> {
    const res = await fetch(hub!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: print(doc), variables }),
    });
    return (await res.json()) as { data?: T; errors?: unknown[] };
  }

  afterAll(async () => {
    await hub?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts, migrates, seeds, serves writes and live announcements, and keeps its data across a restart', async () => {
    delete process.env.DATABASE_URL;
    hub = await startHubProcess(env);
    expect(hub.output()).toMatch(/Embedded PostgreSQL/);
    expect(hub.output()).toMatch(/Loaded demo data/);
    const valteri = await gql<{ actor: { id: string; units: { slug: string }[] } }>(ActorBySlugDocument, {
      slug: 'valteri',
    });
    const valteriId = valteri.data!.actor.id;
    expect(valteri.data!.actor.units.length).toBeGreaterThan(0);
    const before = await gql<{ materials: { totalCount: number } }>(MaterialsDocument, {});
    expect(before.data!.materials.totalCount).toBeGreaterThan(0);
    // The search migration ran here too: stemmed full text, and the typo fallback needs pg_trgm.
    type Found = { search: { edges: { node: { item: { __typename: string; slug?: string } } }[] } };
    const stemmed = await gql<Found>(SearchDocument, { query: 'koulua käymättömät' });
    expect(stemmed.data!.search.edges.length).toBeGreaterThan(0);
    const typo = await gql<Found>(SearchDocument, { query: 'Valtri', types: ['ACTOR'] });
    expect(typo.data!.search.edges.map((e) => e.node.item.slug)).toContain('valteri');
    // The coverage tallies' triggers and functions work here too: the tallied default matrix
    // equals the one computed from the offerings (selecting providers computes it).
    type Cells = { serviceCoverage: { cells: { offeringCount: number; gap: boolean; overlap: boolean }[] } };
    const tallied = await gql<Cells>(
      parse('{ serviceCoverage(level: WELLBEING_COUNTY) { cells { offeringCount gap overlap } } }'),
      {},
    );
    const computed = await gql<Cells>(
      parse(
        '{ serviceCoverage(level: WELLBEING_COUNTY) { cells { offeringCount gap overlap providerCount } } }',
      ),
      {},
    );
    const cells = tallied.data!.serviceCoverage.cells;
    expect(cells.some((c) => c.offeringCount > 0)).toBe(true);
    expect(cells).toEqual(
      computed.data!.serviceCoverage.cells.map(({ offeringCount, gap, overlap }) => ({
        offeringCount,
        gap,
        overlap,
      })),
    );

    // A write and its announcement through the in-process channel (no LISTEN/NOTIFY here).
    const token = await signDevToken(
      TEST_JWT_SECRET,
      { sub: 'embedded-editor', name: 'E', actor: 'valteri', roles: [Role.EDITOR] },
      600,
    );
    const ws = connectWs(hub.url);
    const sub = ws.subscribe(MaterialPublishedDocument, {});
    await sub.ready;
    const created = await gql<{ createSharedMaterial: { sharedMaterial: { id: string; version: number } } }>(
      CreateSharedMaterialDocument,
      {
        input: {
          publisherId: valteriId,
          kind: 'GUIDE',
          title: { fi: 'Upotettu opas' },
          url: 'https://example.org/upotettu',
        },
      },
      token,
    );
    const m = created.data!.createSharedMaterial.sharedMaterial;
    await gql(PublishSharedMaterialDocument, { id: m.id, version: m.version }, token);
    const [event] = await sub.waitFor(1);
    expect(event.data?.materialPublished.material.id).toBe(m.id);
    const cursor = event.data!.materialPublished.cursor;
    await ws.dispose();

    expect(await hub.stop()).toBe(0);
    hub = await startHubProcess(env);
    expect(hub.output()).not.toMatch(/Loaded demo data/);
    const after = await gql<{ materials: { totalCount: number } }>(MaterialsDocument, {});
    expect(after.data!.materials.totalCount).toBe(before.data!.materials.totalCount + 1);

    // Replay works the same on the embedded database: nothing after the cursor yet, then live.
    const ws2 = connectWs(hub.url);
    const resumed = ws2.subscribe(MaterialPublishedDocument, { after: cursor });
    await resumed.ready;
    const second = await gql<{ createSharedMaterial: { sharedMaterial: { id: string; version: number } } }>(
      CreateSharedMaterialDocument,
      {
        input: {
          publisherId: valteriId,
          kind: 'GUIDE',
          title: { fi: 'Toinen' },
          url: 'https://example.org/toinen',
        },
      },
      token,
    );
    const m2 = second.data!.createSharedMaterial.sharedMaterial;
    await gql(PublishSharedMaterialDocument, { id: m2.id, version: m2.version }, token);
    await resumed.waitFor(1);
    expect(resumed.received.map((r) => r.data?.materialPublished.material.id)).toEqual([m2.id]);
    await ws2.dispose();
  }, 120_000);

  it('refuses a second process on the same data directory', async () => {
    await expect(startHubProcess(env)).rejects.toThrow(/in use by process/);
  }, 60_000);

  it('stops with a clear message, and frees the directory, when the database cannot open its data', async () => {
    const broken = fs.mkdtempSync(path.join(os.tmpdir(), 'vaatu-embedded-broken-'));
    try {
      // Files of another PostgreSQL major version: PGlite's thread fails to start on them.
      fs.mkdirSync(path.join(broken, 'pg'));
      fs.writeFileSync(path.join(broken, 'pg', 'PG_VERSION'), '9\n');
      const failed = await startHubProcess({ ...env, DATA_DIR: broken }).then(
        () => null,
        (e: Error) => e.message,
      );
      expect(failed).toMatch(/hub exited with 1: .*The embedded database failed: /s);
      expect(failed).not.toMatch(/\n\s+at /);
      expect(fs.existsSync(path.join(broken, 'hub.pid'))).toBe(false);
    } finally {
      fs.rmSync(broken, { recursive: true, force: true });
    }
  }, 60_000);
});
