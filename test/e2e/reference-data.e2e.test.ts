import { loadReferenceData } from '../../src/seed/reference-data';
import { startTestHub, TestHub } from '../support/hub';

let t: TestHub;

beforeAll(async () => {
  t = await startTestHub('reference-data');
});
afterAll(async () => {
  await t?.stop();
});

const sql = <T extends object>(text: string, params: unknown[] = []) =>
  t.em().getConnection().execute<T[]>(text, params);

/** Every reference row as the API would read it, and the row versions (xmin) as written. */
async function snapshot(): Promise<{ rows: string; versions: string[] }> {
  const regions = await sql<{ row: string; xmin: string }>(
    `select concat_ws('|', r.code, r.kind, r.name_fi, r.name_sv, r.name_en, p.code) as row, r.xmin::text as xmin
       from region r left join region p on p.id = r.parent_id order by r.code`,
  );
  const terms = await sql<{ row: string; xmin: string }>(
    `select concat_ws('|', t, code, name_fi, name_sv, name_en, position) as row, xmin::text as xmin from (
       select 'service_category' as t, *, xmin from service_category union all
       select 'support_need', *, xmin from support_need union all
       select 'age_group', *, xmin from age_group) x order by t, code`,
  );
  const all = [...regions, ...terms];
  return { rows: all.map((r) => r.row).join('\n'), versions: all.map((r) => r.xmin) };
}

describe('reference data', () => {
  it('loads every region and term of the files, with the county → area membership', async () => {
    const [{ n: regions }] = await sql<{ n: number }>('select count(*)::int as n from region');
    const [{ n: terms }] = await sql<{ n: number }>(
      'select (select count(*) from service_category) + (select count(*) from support_need) + (select count(*) from age_group) as n',
    );
    const loaded = await loadReferenceData(t.em());
    expect({ regions, terms: Number(terms) }).toEqual(loaded);
    const [oulu] = await sql<{ parent: string }>(
      `select p.code as parent from region r join region p on p.id = r.parent_id where r.code = '19'`,
    );
    expect(oulu.parent).toBe('OYS');
    const [areas] = await sql<{ n: number }>(
      `select count(*)::int as n from region where kind = 'COLLABORATION_AREA' and parent_id is null`,
    );
    expect(areas.n).toBe(5);
  });

  it('restores what was changed by hand: names, a lost term, a broken membership', async () => {
    const before = await snapshot();
    await sql(`update region set name_fi = 'Väärä nimi' where code = '13'`);
    await sql(`update region set parent_id = null where code = '21'`);
    await sql(`update age_group set position = 99, name_sv = null where code = 'PRIMARY'`);
    await sql(`delete from support_need where code = (select min(code) from support_need)`);
    expect((await snapshot()).rows).not.toBe(before.rows);

    await loadReferenceData(t.em());
    expect((await snapshot()).rows).toBe(before.rows);
  });

  it('writes nothing when every row is already as the files say, in one statement per table', async () => {
    const before = await snapshot();
    const statements: string[] = [];
    const knex = t.hub.db.orm.em.getKnex();
    const onQuery = (q: { sql: string }) => statements.push(q.sql);
    knex.on('query', onQuery);
    try {
      await loadReferenceData(t.em());
    } finally {
      knex.off('query', onQuery);
    }
    // Every row keeps its version: not rewritten with the same values.
    expect((await snapshot()).versions).toEqual(before.versions);
    const writes = statements.filter((s) => /^\s*(insert|update)/i.test(s));
    // Regions, their parents, and the three taxonomies.
    expect(writes).toHaveLength(5);
  });
});
