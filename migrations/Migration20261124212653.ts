import { Migration } from '@mikro-orm/migrations';

export class Migration20261124212653 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "audit_entry" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "staff_id" uuid null, "staff_actor_id" uuid null, "owner_actor_id" uuid null, "entity_type" text not null, "entity_id" uuid not null, "action" text check ("action" in ('CREATE', 'UPDATE', 'PUBLISH', 'ARCHIVE', 'CANCEL', 'ADD_PARTICIPANT', 'REMOVE_PARTICIPANT', 'REPORT', 'UPDATE_STATUS')) not null, "changes" jsonb not null, constraint "audit_entry_pkey" primary key ("id"));`);
    this.addSql(`create index "audit_entry_staff_id_index" on "audit_entry" ("staff_id");`);
    this.addSql(`create index "audit_entry_staff_actor_id_index" on "audit_entry" ("staff_actor_id");`);
    this.addSql(`create index "audit_entry_owner_actor_id_index" on "audit_entry" ("owner_actor_id");`);
    this.addSql(`create index "audit_entry_entity_idx" on "audit_entry" ("entity_type", "entity_id");`);
    this.addSql(`create index "audit_entry_created_idx" on "audit_entry" ("created_at", "id");`);

    this.addSql(`alter table "audit_entry" add constraint "audit_entry_staff_id_foreign" foreign key ("staff_id") references "staff_member" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "audit_entry" add constraint "audit_entry_staff_actor_id_foreign" foreign key ("staff_actor_id") references "actor" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "audit_entry" add constraint "audit_entry_owner_actor_id_foreign" foreign key ("owner_actor_id") references "actor" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "audit_entry" cascade;`);
  }

}
