import { Migration } from '@mikro-orm/migrations';

/** The new tables the API reads: the response cache's content version follows them too. */
const CONTENT_TABLES = ['event_initiative', 'contact_region', 'shared_material_contributor'];

/**
 * Partner actor kinds, contact roles, regions and versions, offerings' url and how to apply,
 * initiatives' website, materials' contributors, and events' languages, audience, registration
 * deadline and many initiatives: an event's single initiative becomes the first of them.
 */
export class Migration20261202160254_reach_partners_contacts_events extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "event_initiative" ("position" serial primary key, "event_id" uuid not null, "joint_initiative_id" uuid not null);`);

    this.addSql(`create table "contact_region" ("contact_id" uuid not null, "region_id" uuid not null, constraint "contact_region_pkey" primary key ("contact_id", "region_id"));`);

    this.addSql(`create table "shared_material_contributor" ("position" serial primary key, "shared_material_id" uuid not null, "actor_id" uuid not null);`);

    this.addSql(`alter table "event_initiative" add constraint "event_initiative_event_id_foreign" foreign key ("event_id") references "event" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "event_initiative" add constraint "event_initiative_joint_initiative_id_foreign" foreign key ("joint_initiative_id") references "joint_initiative" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "contact_region" add constraint "contact_region_contact_id_foreign" foreign key ("contact_id") references "contact" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "contact_region" add constraint "contact_region_region_id_foreign" foreign key ("region_id") references "region" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "shared_material_contributor" add constraint "shared_material_contributor_shared_material_id_foreign" foreign key ("shared_material_id") references "shared_material" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "shared_material_contributor" add constraint "shared_material_contributor_actor_id_foreign" foreign key ("actor_id") references "actor" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "announcement" drop constraint if exists "announcement_topic_check";`);

    this.addSql(`alter table "event" drop constraint "event_initiative_id_foreign";`);

    this.addSql(`alter table "actor" drop constraint if exists "actor_kind_check";`);

    this.addSql(`alter table "audit_entry" drop constraint if exists "audit_entry_action_check";`);

    this.addSql(`alter table "announcement" add constraint "announcement_topic_check" check("topic" in ('MATERIAL_PUBLISHED', 'SERVICE_OFFERING_CHANGED', 'INITIATIVE_CHANGED', 'EVENT_CHANGED'));`);

    this.addSql(`insert into "event_initiative" ("event_id", "joint_initiative_id") select "id", "initiative_id" from "event" where "initiative_id" is not null order by "created_at", "id";`);
    this.addSql(`drop index "event_initiative_id_index";`);
    this.addSql(`alter table "event" drop column "initiative_id";`);

    this.addSql(`alter table "event" add column "languages" text[] not null default '{}', add column "audience_fi" text null, add column "audience_sv" text null, add column "audience_en" text null, add column "registration_closes_at" timestamptz null;`);
    this.addSql(`alter table "event" add constraint event_languages_valid check(languages <@ array['FI', 'SV', 'EN']::text[]);`);

    this.addSql(`alter table "joint_initiative" add column "website" text null;`);

    this.addSql(`alter table "actor" add constraint "actor_kind_check" check("kind" in ('ELMERI_SCHOOL', 'VALTERI', 'HOSPITAL_TEACHING_UNIT', 'STATE_SCHOOL_HOME', 'MUNICIPALITY', 'WELLBEING_SERVICES_COUNTY', 'ASSOCIATION', 'OTHER_PUBLIC_BODY'));`);

    this.addSql(`alter table "contact" add column "role" text check ("role" in ('GENERAL', 'REGIONAL_CONTACT', 'CORE_GROUP_CHAIR', 'SERVICE_CONTACT')) not null default 'GENERAL', add column "version" int not null default 1;`);

    this.addSql(`alter table "service_offering" add column "url" text null, add column "how_to_apply_fi" text null, add column "how_to_apply_sv" text null, add column "how_to_apply_en" text null;`);

    this.addSql(`alter table "audit_entry" add constraint "audit_entry_action_check" check("action" in ('CREATE', 'UPDATE', 'DELETE', 'PUBLISH', 'ARCHIVE', 'CANCEL', 'ADD_PARTICIPANT', 'REMOVE_PARTICIPANT', 'REPORT', 'UPDATE_STATUS'));`);

    this.addSql(`create index "event_initiative_event_id_index" on "event_initiative" ("event_id");`);
    this.addSql(`create index "event_initiative_joint_initiative_id_index" on "event_initiative" ("joint_initiative_id");`);
    this.addSql(`create index "shared_material_contributor_shared_material_id_index" on "shared_material_contributor" ("shared_material_id");`);
    this.addSql(`create index "shared_material_contributor_actor_id_index" on "shared_material_contributor" ("actor_id");`);
    for (const table of CONTENT_TABLES) {
      this.addSql(`create trigger "${table}_content_change" after insert or update or delete or truncate on "${table}" for each statement execute function record_content_change();`);
    }
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "event" add column "initiative_id" uuid null;`);
    this.addSql(`update "event" e set "initiative_id" = (select x."joint_initiative_id" from "event_initiative" x where x."event_id" = e."id" order by x."position" limit 1);`);
    this.addSql(`drop table if exists "event_initiative" cascade;`);

    this.addSql(`drop table if exists "contact_region" cascade;`);

    this.addSql(`drop table if exists "shared_material_contributor" cascade;`);

    this.addSql(`alter table "announcement" drop constraint if exists "announcement_topic_check";`);

    this.addSql(`alter table "actor" drop constraint if exists "actor_kind_check";`);

    this.addSql(`alter table "audit_entry" drop constraint if exists "audit_entry_action_check";`);

    this.addSql(`alter table "announcement" add constraint "announcement_topic_check" check("topic" in ('MATERIAL_PUBLISHED', 'SERVICE_OFFERING_CHANGED', 'INITIATIVE_CHANGED'));`);

    this.addSql(`alter table "joint_initiative" drop column "website";`);

    this.addSql(`alter table "event" drop constraint event_languages_valid;`);
    this.addSql(`alter table "event" drop column "languages", drop column "audience_fi", drop column "audience_sv", drop column "audience_en", drop column "registration_closes_at";`);

    this.addSql(`alter table "event" add constraint "event_initiative_id_foreign" foreign key ("initiative_id") references "joint_initiative" ("id") on update cascade on delete set null;`);
    this.addSql(`create index "event_initiative_id_index" on "event" ("initiative_id");`);

    this.addSql(`alter table "actor" add constraint "actor_kind_check" check("kind" in ('ELMERI_SCHOOL', 'VALTERI', 'HOSPITAL_TEACHING_UNIT', 'STATE_SCHOOL_HOME'));`);

    this.addSql(`alter table "contact" drop column "role", drop column "version";`);

    this.addSql(`alter table "service_offering" drop column "url", drop column "how_to_apply_fi", drop column "how_to_apply_sv", drop column "how_to_apply_en";`);

    this.addSql(`alter table "audit_entry" add constraint "audit_entry_action_check" check("action" in ('CREATE', 'UPDATE', 'PUBLISH', 'ARCHIVE', 'CANCEL', 'ADD_PARTICIPANT', 'REMOVE_PARTICIPANT', 'REPORT', 'UPDATE_STATUS'));`);
  }

}
