import { Migration } from '@mikro-orm/migrations';

/**
 * Versions everything the API reads, for the response cache (src/graphql/response-cache): every
 * statement that writes one of these tables records its transaction once in `content_change`, so
 * a response cached under a version is served only while no change to them has become visible.
 * `test/e2e/response-cache.e2e.test.ts` checks that every table but the bookkeeping ones has it.
 */
const TABLES = [
  'region',
  'service_category',
  'support_need',
  'age_group',
  'actor',
  'actor_region',
  'contact',
  'staff_member',
  'service_offering',
  'service_offering_region',
  'service_offering_category',
  'service_offering_support_need',
  'joint_initiative',
  'joint_initiative_region',
  'initiative_participant',
  'shared_material',
  'event',
  'event_region',
  'event_organizer',
  'service_need',
  'service_need_category',
  'service_need_support_need',
  'audit_entry',
];

export class Migration20261125141442_response_cache_version extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "content_change" ("txid" bigint not null, constraint "content_change_pkey" primary key ("txid"));`);
    this.addSql(`insert into "data_version" ("name", "base") values ('content', 0);`);
    this.addSql(`create function record_content_change() returns trigger language plpgsql as $$
begin
  insert into content_change (txid) values (txid_current()) on conflict do nothing;
  return null;
end $$;`);
    for (const table of TABLES) {
      this.addSql(`create trigger "${table}_content_change" after insert or update or delete or truncate on "${table}" for each statement execute function record_content_change();`);
    }
  }

  override async down(): Promise<void> {
    for (const table of TABLES) {
      this.addSql(`drop trigger if exists "${table}_content_change" on "${table}";`);
    }
    this.addSql(`drop function if exists record_content_change();`);
    this.addSql(`delete from "data_version" where "name" = 'content';`);
    this.addSql(`drop table if exists "content_change" cascade;`);
  }

}
