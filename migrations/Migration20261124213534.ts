import { Migration } from '@mikro-orm/migrations';

export class Migration20261124213534 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "announcement" ("id" bigserial primary key, "topic" text check ("topic" in ('MATERIAL_PUBLISHED', 'SERVICE_OFFERING_CHANGED', 'INITIATIVE_CHANGED')) not null, "change" text not null, "entity_id" uuid not null, "created_at" timestamptz not null default now());`);
    this.addSql(`create index "announcement_created_at_index" on "announcement" ("created_at");`);
    this.addSql(`create index "announcement_topic_id_idx" on "announcement" ("topic", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "announcement" cascade;`);
  }

}
