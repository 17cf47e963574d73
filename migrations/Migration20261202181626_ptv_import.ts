import { Migration } from '@mikro-orm/migrations';

export class Migration20261202181626_ptv_import extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "audit_entry" drop constraint if exists "audit_entry_action_check";`);

    this.addSql(`alter table "actor" add column "ptv_id" uuid null, add column "import_source" text check ("import_source" in ('PTV')) null, add column "imported_version" int null;`);
    this.addSql(`alter table "actor" add constraint "actor_ptv_id_unique" unique ("ptv_id");`);

    this.addSql(`alter table "service_offering" add column "ptv_id" uuid null, add column "import_source" text check ("import_source" in ('PTV')) null, add column "imported_version" int null;`);
    this.addSql(`alter table "service_offering" add constraint "service_offering_ptv_id_unique" unique ("ptv_id");`);

    this.addSql(`alter table "audit_entry" add constraint "audit_entry_action_check" check("action" in ('CREATE', 'UPDATE', 'DELETE', 'PUBLISH', 'ARCHIVE', 'CANCEL', 'ADD_PARTICIPANT', 'REMOVE_PARTICIPANT', 'REPORT', 'UPDATE_STATUS', 'ERASE', 'IMPORT'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "audit_entry" drop constraint if exists "audit_entry_action_check";`);

    this.addSql(`alter table "actor" drop constraint "actor_ptv_id_unique";`);
    this.addSql(`alter table "actor" drop column "ptv_id", drop column "import_source", drop column "imported_version";`);

    this.addSql(`alter table "service_offering" drop constraint "service_offering_ptv_id_unique";`);
    this.addSql(`alter table "service_offering" drop column "ptv_id", drop column "import_source", drop column "imported_version";`);

    // The older check knows no IMPORT: imports stay in the log as plain updates.
    this.addSql(`update "audit_entry" set "action" = 'UPDATE' where "action" = 'IMPORT';`);
    this.addSql(`alter table "audit_entry" add constraint "audit_entry_action_check" check("action" in ('CREATE', 'UPDATE', 'DELETE', 'PUBLISH', 'ARCHIVE', 'CANCEL', 'ADD_PARTICIPANT', 'REMOVE_PARTICIPANT', 'REPORT', 'UPDATE_STATUS', 'ERASE'));`);
  }

}
