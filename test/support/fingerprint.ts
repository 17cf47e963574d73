import type { EntityManager } from '@mikro-orm/postgresql';

const TABLES = [
  'actor',
  'actor_region',
  'contact',
  'contact_region',
  'service_offering',
  'service_offering_category',
  'service_offering_region',
  'service_offering_support_need',
  'joint_initiative',
  'joint_initiative_region',
  'initiative_participant',
  'shared_material',
  'shared_material_contributor',
  'event',
  'event_organizer',
  'event_region',
  'event_initiative',
  'service_need',
  'service_need_category',
  'audit_entry',
];

/** A hash of every row of the domain tables: equal before and after means nothing was stored. */
export async function fingerprint(em: EntityManager): Promise<string> {
  const parts = TABLES.map(
    (t) => `(select coalesce(md5(string_agg(x::text, ',' order by x::text)), '-') from "${t}" x)`,
  );
  const [row] = await em
    .getConnection()
    .execute<{ h: string }[]>(`select md5(concat(${parts.join(', ')})) as h`);
  return row.h;
}
