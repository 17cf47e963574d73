import { Migration } from '@mikro-orm/migrations';

/**
 * Erasure of personal data: a staff member's row becomes a placeholder (`erased_at` set), and the
 * audit log records erasures (action ERASE, without the erased values).
 */
export class Migration20261202163329_privacy_erasure extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "audit_entry" drop constraint if exists "audit_entry_action_check";`);

    this.addSql(`alter table "staff_member" add column "erased_at" timestamptz null;`);

    this.addSql(`alter table "audit_entry" add constraint "audit_entry_action_check" check("action" in ('CREATE', 'UPDATE', 'DELETE', 'PUBLISH', 'ARCHIVE', 'CANCEL', 'ADD_PARTICIPANT', 'REMOVE_PARTICIPANT', 'REPORT', 'UPDATE_STATUS', 'ERASE'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "audit_entry" drop constraint if exists "audit_entry_action_check";`);
    // The old rule knows no ERASE: the records of erasures go (the erasures themselves stay done).
    this.addSql(`delete from "audit_entry" where "action" = 'ERASE';`);

    this.addSql(`alter table "staff_member" drop column "erased_at";`);

    this.addSql(`alter table "audit_entry" add constraint "audit_entry_action_check" check("action" in ('CREATE', 'UPDATE', 'DELETE', 'PUBLISH', 'ARCHIVE', 'CANCEL', 'ADD_PARTICIPANT', 'REMOVE_PARTICIPANT', 'REPORT', 'UPDATE_STATUS'));`);
  }

}
