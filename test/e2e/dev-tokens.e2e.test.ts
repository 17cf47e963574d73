import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DEV_SECRET_FILE } from '../../src/modules/auth/dev-secret';
import { createEmptyDatabase, dropDatabase, testDatabaseName } from '../support/db';
import { HubProcess, startHubProcess } from '../support/process';

/**
 * `npm start` without JWT_SECRET, then `npm run token`: the hub makes a development secret in its
 * data directory, the token script signs with the same one, and the hub accepts the token. The
 * start-up log (human-readable in development) says how to get one. Production never does this.
 */
const run = promisify(execFile);
const dbName = testDatabaseName('devtokens');
let dbUrl: string;
let dataDir: string;
let hub: HubProcess | undefined;

beforeAll(async () => {
  dbUrl = await createEmptyDatabase(dbName);
  dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vaatu-devtokens-')), 'data', 'nested');
}, 60_000);

afterAll(async () => {
  await hub?.stop();
  await dropDatabase(dbName);
  fs.rmSync(path.dirname(path.dirname(dataDir)), { recursive: true, force: true });
});

/** `npm run token -- <args>` as the README says, with the hub's environment. */
function token(env: Record<string, string>, ...args: string[]) {
  return run('npm', ['run', '--silent', 'token', '--', ...args], {
    cwd: path.resolve(__dirname, '../..'),
    env: { ...process.env, JWT_SECRET: '', DATA_DIR: dataDir, ...env },
  });
}

async function viewerRoles(url: string, jwt: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${jwt}` },
    body: JSON.stringify({ query: '{ viewer { roles actor { slug } } }' }),
  });
  return { status: res.status, body: await res.json() };
}

it('signs tokens that the hub accepts, from a secret the hub made in its data directory', async () => {
  hub = await startHubProcess({
    NODE_ENV: 'development',
    JWT_SECRET: '',
    DATABASE_URL: dbUrl,
    DATA_DIR: dataDir,
    SEED_DEMO: 'true',
  });
  const file = path.join(dataDir, DEV_SECRET_FILE);
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  // Human-readable lines in development, and the way to a token.
  const output = hub.output();
  expect(output).toMatch(/INFO.*Vaatu Hub ready at/);
  expect(output).not.toMatch(/^\{"level"/m);
  expect(output).toContain('npm run token -- --role COORDINATOR');

  const coordinator = (await token({}, '--role', 'COORDINATOR')).stdout.trim();
  expect(await viewerRoles(hub.url, coordinator)).toMatchObject({
    status: 200,
    body: { data: { viewer: { roles: ['COORDINATOR'], actor: null } } },
  });
  const editor = (await token({}, '--actor', 'valteri', '--role', 'EDITOR')).stdout.trim();
  expect(await viewerRoles(hub.url, editor)).toMatchObject({
    body: { data: { viewer: { roles: ['EDITOR'], actor: { slug: 'valteri' } } } },
  });

  // Another secret's token is refused: the secret is the hub's own.
  const foreign = (
    await token({ JWT_SECRET: 'some-other-secret-of-16-chars' }, '--role', 'COORDINATOR')
  ).stdout.trim();
  expect(await viewerRoles(hub.url, foreign)).toMatchObject({
    status: 401,
    body: { errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] },
  });
  expect(await hub.stop()).toBe(0);

  // Production: no development tokens, and no generated secret to accept them with.
  await expect(token({ NODE_ENV: 'production' }, '--role', 'COORDINATOR')).rejects.toMatchObject({
    code: 1,
    stderr: expect.stringContaining('Refusing to sign development tokens'),
  });
  hub = await startHubProcess({
    NODE_ENV: 'production',
    JWT_SECRET: '',
    DATABASE_URL: dbUrl,
    DATA_DIR: dataDir,
  });
  expect(hub.output()).not.toContain('npm run token');
  expect(await viewerRoles(hub.url, coordinator)).toMatchObject({
    status: 401,
    body: { errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] },
  });
}, 120_000);
