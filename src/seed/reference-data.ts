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

/**
 * Upserts the reference data: the collaboration areas and wellbeing services counties with their
 * codes, names and area membership, and the service-category, support-need and age-group
 * taxonomies. Idempotent (runs at every start and in `npm run seed`); codes never change.
 */
export async function loadReferenceData(em: EntityManager): Promise<{ regions: number; terms: number }> {
  const regions = readCsv('regions.csv');
  const terms = readCsv('taxonomies.csv');
  await em.transactional(async (tx) => {
    for (const [kind, code, fi, sv, en] of regions) {
      await tx.execute(
        `insert into region (id, code, kind, name_fi, name_sv, name_en) values (gen_random_uuid(), ?, ?, ?, ?, ?)
         on conflict (code) do update set kind = excluded.kind, name_fi = excluded.name_fi, name_sv = excluded.name_sv,
           name_en = excluded.name_en, updated_at = now()
         where (region.kind, region.name_fi, region.name_sv, region.name_en) is distinct from (excluded.kind, excluded.name_fi, excluded.name_sv, excluded.name_en)`,
        [code, kind, fi, sv, en],
      );
    }
    for (const [, code, , , , parent] of regions) {
      await tx.execute(
        `update region set parent_id = (select id from region p where p.code = ?) where code = ?
           and parent_id is distinct from (select id from region p where p.code = ?)`,
        [parent || null, code, parent || null],
      );
    }
    const tables: Record<string, string> = {
      SERVICE_CATEGORY: 'service_category',
      SUPPORT_NEED: 'support_need',
      AGE_GROUP: 'age_group',
    };
    const positions = new Map<string, number>();
    for (const [taxonomy, code, fi, sv, en] of terms) {
      const table = tables[taxonomy];
      if (!table) throw new Error(`Unknown taxonomy in taxonomies.csv: ${taxonomy}`);
      const position = (positions.get(table) ?? 0) + 1;
      positions.set(table, position);
      await tx.execute(
        `insert into ${table} (code, name_fi, name_sv, name_en, position) values (?, ?, ?, ?, ?)
         on conflict (code) do update set name_fi = excluded.name_fi, name_sv = excluded.name_sv,
           name_en = excluded.name_en, position = excluded.position`,
        [code, fi, sv, en, position],
      );
    }
  });
  return { regions: regions.length, terms: terms.length };
}
