import { Client, types } from 'pg';
import { ormTypes } from '../../src/db/query';
import { PG_ADMIN_URL } from '../support/db';

/**
 * The read pool's parser of `text[]` values takes a shortcut for arrays of plain items; it must
 * read every value PostgreSQL prints exactly as the driver's own parser does.
 */
const VALUES = [
  `'{}'::text[]`,
  `array['PRIMARY']`,
  `array['PRIMARY', 'LOWER_SECONDARY', 'UPPER_SECONDARY']`,
  `array['fi', null, 'sv']`,
  `array[null]::text[]`,
  `array['NULL', 'null']`,
  `array['']`,
  `array['a,b', 'c']`,
  `array['with space', 'x']`,
  `array['quote"d', 'back\\slash']`,
  `array['{braced}', '}']`,
  `array[array['a', 'b'], array['c', 'd']]`,
  `'[0:1]={a,b}'::text[]`,
  `array['ääkkönen', 'Åbo', '😀']`,
  `null::text[]`,
];

let client: Client;

beforeAll(async () => {
  client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
});

it('reads text arrays as the driver does, plain or not', async () => {
  const hub = ormTypes();
  const select = `select ${VALUES.map((v, i) => `${v} as v${i}`).join(', ')}`;
  const driver = await client.query({ text: select, types });
  const ours = await client.query({ text: select, types: hub });
  expect(driver.fields.every((f) => f.dataTypeID === 1009)).toBe(true);
  expect(ours.rows[0]).toEqual(driver.rows[0]);
  // The shortcut was taken where it can be, and its items are what PostgreSQL stored.
  expect(ours.rows[0].v2).toEqual(['PRIMARY', 'LOWER_SECONDARY', 'UPPER_SECONDARY']);
  expect(ours.rows[0].v3).toEqual(['fi', null, 'sv']);
  expect(ours.rows[0].v5).toEqual(['NULL', 'null']);
  expect(ours.rows[0].v7).toEqual(['a,b', 'c']);
  expect(ours.rows[0].v11).toEqual([
    ['a', 'b'],
    ['c', 'd'],
  ]);
  expect(ours.rows[0].v14).toBeNull();
});
