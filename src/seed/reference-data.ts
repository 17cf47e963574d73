import fs from 'node:fs';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { parse } from 'csv-parse/sync';

/** Finds a seed data file both from the sources and from the compiled build. */
function dataFile(name: string): string {
  for (const dir of [path.join(__dirname, 'data'), path.resolve(__dirname, '../../../src/seed/data')]) {
    const file = path.join(dir, name);
    if (fs.existsSync(file)) return file;
  }
  throw new Error(`Seed data file not found: ${name}`);
}

function readCsv(name: string): string[][] {
  return parse(fs.readFileSync(dataFile(name), 'utf8'), {
    comment: '#',
    skip_empty_lines: true,
    relax_column_count: true,
    trim: true,
  }) as string[][];
}

/** The taxonomies of taxonomies.csv and their tables. */
const TAXONOMY_TABLES: Record<string, string> = {
  SERVICE_CATEGORY: 'service_category',
  SUPPORT_NEED: 'support_need',
  AGE_GROUP: 'age_group',
};

/**
 * Upserts the reference data: the collaboration areas and wellbeing services counties with their
 * codes, names and area membership, and the service-category, support-need and age-group
 * taxonomies. Idempotent (runs at every start and in `npm run seed`); codes never change.
 *
 * One statement per table, the rows passed as one JSON parameter: a start costs five round trips
 * instead of one per row (on the embedded database each is a few milliseconds), and a row that is
 * already as the files say is not written again.
 */
export async function loadReferenceData(em: EntityManager): Promise<{ regions: number; terms: number }> {
  const regions = readCsv('regions.csv').map(([kind, code, fi, sv, en, parent]) => ({
    kind,
    code,
    name_fi: fi,
    name_sv: sv,
    name_en: en,
    parent: parent || null,
  }));
  const terms = new Map<
    string,
    { code: string; name_fi: string; name_sv: string; name_en: string; position: number }[]
  >(Object.values(TAXONOMY_TABLES).map((table) => [table, []]));
  for (const [taxonomy, code, fi, sv, en] of readCsv('taxonomies.csv')) {
    const rows = terms.get(TAXONOMY_TABLES[taxonomy]);
    if (!rows) throw new Error(`Unknown taxonomy in taxonomies.csv: ${taxonomy}`);
    rows.push({ code, name_fi: fi, name_sv: sv, name_en: en, position: rows.length + 1 });
  }
  const regionsJson = JSON.stringify(regions);
  await em.transactional(async (tx) => {
    await tx.execute(
      `insert into region (id, code, kind, name_fi, name_sv, name_en)
       select gen_random_uuid(), x.code, x.kind, x.name_fi, x.name_sv, x.name_en
         from json_to_recordset(?::json) as x(code text, kind text, name_fi text, name_sv text, name_en text)
       on conflict (code) do update set kind = excluded.kind, name_fi = excluded.name_fi, name_sv = excluded.name_sv,
         name_en = excluded.name_en, updated_at = now()
       where (region.kind, region.name_fi, region.name_sv, region.name_en) is distinct from (excluded.kind, excluded.name_fi, excluded.name_sv, excluded.name_en)`,
      [regionsJson],
    );
    // Parents once every region exists (a county may come before its area in the file).
    await tx.execute(
      `update region set parent_id = x.parent_id
         from (select r.code, p.id as parent_id
                 from json_to_recordset(?::json) as r(code text, parent text)
                 left join region p on p.code = r.parent) x
        where region.code = x.code and region.parent_id is distinct from x.parent_id`,
      [regionsJson],
    );
    for (const [table, rows] of terms) {
      await tx.execute(
        `insert into ${table} (code, name_fi, name_sv, name_en, position)
         select x.code, x.name_fi, x.name_sv, x.name_en, x.position
           from json_to_recordset(?::json) as x(code text, name_fi text, name_sv text, name_en text, position smallint)
         on conflict (code) do update set name_fi = excluded.name_fi, name_sv = excluded.name_sv,
           name_en = excluded.name_en, position = excluded.position
         where (${table}.name_fi, ${table}.name_sv, ${table}.name_en, ${table}.position)
           is distinct from (excluded.name_fi, excluded.name_sv, excluded.name_en, excluded.position)`,
        [JSON.stringify(rows)],
      );
    }
  });
  return { regions: regions.length, terms: [...terms.values()].reduce((n, rows) => n + rows.length, 0) };
}
