import { Migration } from '@mikro-orm/migrations';

/**
 * Versions the coverage matrix (see DataVersion): every statement that writes one of its source
 * tables records its transaction once in `data_change`, so a matrix cached under a version is
 * reused until a change to any source becomes visible.
 */
const SOURCES = [
  'region',
  'actor',
  'service_category',
  'service_offering',
  'service_offering_region',
  'service_offering_category',
  'service_offering_support_need',
  'service_need',
  'service_need_category',
  'service_need_support_need',
];

export class Migration20261125120456_coverage_data_version extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "data_change" ("txid" bigint not null, constraint "data_change_pkey" primary key ("txid"));`);

    this.addSql(`create table "data_version" ("name" text not null, "base" bigint not null, constraint "data_version_pkey" primary key ("name"));`);
    this.addSql(`insert into "data_version" ("name", "base") values ('coverage', 0);`);
    // Writers only insert their own txid (no shared row to wait for); a second statement of the
    // same transaction finds its row already there.
    this.addSql(`create function record_coverage_change() returns trigger language plpgsql as $$
begin
  insert into data_change (txid) values (txid_current()) on conflict do nothing;
  return null;
end $$;`);
    for (const table of SOURCES) {
      this.addSql(`create trigger "${table}_coverage_change" after insert or update or delete or truncate on "${table}" for each statement execute function record_coverage_change();`);
    }
  }

  override async down(): Promise<void> {
    for (const table of SOURCES) {
      this.addSql(`drop trigger if exists "${table}_coverage_change" on "${table}";`);
    }
    this.addSql(`drop function if exists record_coverage_change();`);
    this.addSql(`drop table if exists "data_change" cascade;`);

    this.addSql(`drop table if exists "data_version" cascade;`);
  }

}
