import { Migration } from '@mikro-orm/migrations';

export class Migration20261124211526 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "age_group" ("code" text not null, "name_fi" text null, "name_sv" text null, "name_en" text null, "position" smallint not null default 0, constraint "age_group_pkey" primary key ("code"));`);

    this.addSql(`create table "joint_initiative" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "title_fi" text null, "title_sv" text null, "title_en" text null, "description_fi" text null, "description_sv" text null, "description_en" text null, "sort_title" text generated always as (lower(coalesce(title_fi, title_sv, title_en))) stored null, "kind" text check ("kind" in ('THEME_GROUP', 'DEVELOPMENT_PROJECT', 'PILOT', 'NETWORK', 'TRAINING_PROGRAMME', 'OTHER')) not null, "status" text check ("status" in ('PLANNED', 'ACTIVE', 'COMPLETED', 'DISCONTINUED')) not null default 'ACTIVE', "publication_status" text check ("publication_status" in ('DRAFT', 'PUBLISHED', 'ARCHIVED')) not null default 'PUBLISHED', "starts_on" date null, "ends_on" date null, "is_demo" boolean not null default false, "version" int not null default 1, constraint "joint_initiative_pkey" primary key ("id"), constraint joint_initiative_dates check (ends_on is null or starts_on is null or ends_on >= starts_on), constraint joint_initiative_title_present check (coalesce(title_fi, title_sv, title_en) is not null));`);
    this.addSql(`create index "joint_initiative_kind_index" on "joint_initiative" ("kind");`);
    this.addSql(`create index "joint_initiative_status_index" on "joint_initiative" ("status");`);
    this.addSql(`create index "joint_initiative_visibility_created_idx" on "joint_initiative" ("publication_status", "created_at", "id");`);

    this.addSql(`create table "event" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "kind" text check ("kind" in ('NETWORK_DAY', 'TRAINING', 'WEBINAR', 'CONFERENCE', 'MEETING', 'OTHER')) not null, "title_fi" text null, "title_sv" text null, "title_en" text null, "description_fi" text null, "description_sv" text null, "description_en" text null, "sort_title" text generated always as (lower(coalesce(title_fi, title_sv, title_en))) stored null, "starts_at" timestamptz not null, "ends_at" timestamptz null, "location" text null, "remote_participation" boolean not null default false, "free" boolean not null default true, "registration_url" text null, "initiative_id" uuid null, "status" text check ("status" in ('SCHEDULED', 'CANCELLED')) not null default 'SCHEDULED', "publication_status" text check ("publication_status" in ('DRAFT', 'PUBLISHED', 'ARCHIVED')) not null default 'PUBLISHED', "is_demo" boolean not null default false, "version" int not null default 1, constraint "event_pkey" primary key ("id"), constraint event_times check (ends_at is null or ends_at >= starts_at), constraint event_title_present check (coalesce(title_fi, title_sv, title_en) is not null));`);
    this.addSql(`create index "event_kind_index" on "event" ("kind");`);
    this.addSql(`create index "event_starts_at_index" on "event" ("starts_at");`);
    this.addSql(`create index "event_initiative_id_index" on "event" ("initiative_id");`);
    this.addSql(`create index "event_visibility_starts_idx" on "event" ("publication_status", "starts_at", "id");`);

    this.addSql(`create table "region" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "code" text not null, "kind" text check ("kind" in ('COLLABORATION_AREA', 'WELLBEING_COUNTY', 'MUNICIPALITY')) not null, "name_fi" text null, "name_sv" text null, "name_en" text null, "sort_name" text generated always as (lower(coalesce(name_fi, name_sv, name_en))) stored null, "parent_id" uuid null, constraint "region_pkey" primary key ("id"));`);
    this.addSql(`alter table "region" add constraint "region_code_unique" unique ("code");`);
    this.addSql(`create index "region_kind_index" on "region" ("kind");`);
    this.addSql(`create index "region_parent_id_index" on "region" ("parent_id");`);

    this.addSql(`create table "joint_initiative_region" ("joint_initiative_id" uuid not null, "region_id" uuid not null, constraint "joint_initiative_region_pkey" primary key ("joint_initiative_id", "region_id"));`);

    this.addSql(`create table "event_region" ("event_id" uuid not null, "region_id" uuid not null, constraint "event_region_pkey" primary key ("event_id", "region_id"));`);

    this.addSql(`create table "actor" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "slug" text not null, "kind" text check ("kind" in ('ELMERI_SCHOOL', 'VALTERI', 'HOSPITAL_TEACHING_UNIT', 'STATE_SCHOOL_HOME')) not null, "name_fi" text null, "name_sv" text null, "name_en" text null, "description_fi" text null, "description_sv" text null, "description_en" text null, "sort_name" text generated always as (lower(coalesce(name_fi, name_sv, name_en))) stored null, "website" text null, "municipality_id" uuid null, "languages" text[] not null default '{}', "parent_id" uuid null, "is_demo" boolean not null default false, "version" int not null default 1, constraint "actor_pkey" primary key ("id"), constraint actor_slug_format check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*\$'), constraint actor_languages_valid check (languages <@ array['FI', 'SV', 'EN']::text[]), constraint actor_name_present check (coalesce(name_fi, name_sv, name_en) is not null));`);
    this.addSql(`alter table "actor" add constraint "actor_slug_unique" unique ("slug");`);
    this.addSql(`create index "actor_kind_index" on "actor" ("kind");`);
    this.addSql(`create index "actor_municipality_id_index" on "actor" ("municipality_id");`);
    this.addSql(`create index "actor_parent_id_index" on "actor" ("parent_id");`);
    this.addSql(`create index "actor_languages_index" on "actor" using gin ("languages");`);

    this.addSql(`create table "initiative_participant" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "initiative_id" uuid not null, "actor_id" uuid not null, "role" text check ("role" in ('LEAD', 'PARTNER', 'EXPERT')) not null, "joined_at" timestamptz not null default now(), constraint "initiative_participant_pkey" primary key ("id"));`);
    this.addSql(`create index "initiative_participant_actor_id_index" on "initiative_participant" ("actor_id");`);
    this.addSql(`alter table "initiative_participant" add constraint "initiative_participant_unique" unique ("initiative_id", "actor_id");`);

    this.addSql(`create table "event_organizer" ("event_id" uuid not null, "actor_id" uuid not null, constraint "event_organizer_pkey" primary key ("event_id", "actor_id"));`);

    this.addSql(`create table "contact" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "actor_id" uuid not null, "name" text not null, "title_fi" text null, "title_sv" text null, "title_en" text null, "email" text null, "phone" text null, constraint "contact_pkey" primary key ("id"));`);
    this.addSql(`create index "contact_actor_id_index" on "contact" ("actor_id");`);

    this.addSql(`create table "actor_region" ("actor_id" uuid not null, "region_id" uuid not null, constraint "actor_region_pkey" primary key ("actor_id", "region_id"));`);

    this.addSql(`create table "service_category" ("code" text not null, "name_fi" text null, "name_sv" text null, "name_en" text null, "position" smallint not null default 0, constraint "service_category_pkey" primary key ("code"));`);

    this.addSql(`create table "service_offering" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "actor_id" uuid not null, "title_fi" text null, "title_sv" text null, "title_en" text null, "description_fi" text null, "description_sv" text null, "description_en" text null, "sort_title" text generated always as (lower(coalesce(title_fi, title_sv, title_en))) stored null, "age_groups" text[] not null default '{}', "languages" text[] not null default '{}', "delivery_modes" text[] not null default '{}', "cost" text check ("cost" in ('FREE', 'PAID', 'MUNICIPALITY_FUNDED', 'VARIES')) not null default 'FREE', "referral_required" boolean not null default false, "status" text check ("status" in ('DRAFT', 'PUBLISHED', 'ARCHIVED')) not null default 'DRAFT', "valid_from" date null, "valid_until" date null, "contact_id" uuid null, "is_demo" boolean not null default false, "version" int not null default 1, constraint "service_offering_pkey" primary key ("id"), constraint service_offering_validity check (valid_until is null or valid_from is null or valid_until >= valid_from), constraint service_offering_delivery_modes_valid check (delivery_modes <@ array['ON_SITE', 'REMOTE', 'OUTREACH']::text[]), constraint service_offering_age_groups_valid check (age_groups <@ array['EARLY_CHILDHOOD', 'PRE_PRIMARY', 'PRIMARY', 'LOWER_SECONDARY', 'UPPER_SECONDARY']::text[]), constraint service_offering_languages_valid check (languages <@ array['FI', 'SV', 'EN']::text[]), constraint service_offering_title_present check (coalesce(title_fi, title_sv, title_en) is not null));`);
    this.addSql(`create index "service_offering_cost_index" on "service_offering" ("cost");`);
    this.addSql(`create index "service_offering_contact_id_index" on "service_offering" ("contact_id");`);
    this.addSql(`create index "service_offering_age_groups_index" on "service_offering" using gin ("age_groups");`);
    this.addSql(`create index "service_offering_languages_index" on "service_offering" using gin ("languages");`);
    this.addSql(`create index "service_offering_delivery_modes_index" on "service_offering" using gin ("delivery_modes");`);
    this.addSql(`create index "service_offering_actor_created_idx" on "service_offering" ("actor_id", "created_at", "id");`);
    this.addSql(`create index "service_offering_status_created_idx" on "service_offering" ("status", "created_at", "id");`);

    this.addSql(`create table "service_offering_region" ("service_offering_id" uuid not null, "region_id" uuid not null, constraint "service_offering_region_pkey" primary key ("service_offering_id", "region_id"));`);

    this.addSql(`create table "service_offering_category" ("service_offering_id" uuid not null, "category_code" text not null, constraint "service_offering_category_pkey" primary key ("service_offering_id", "category_code"));`);

    this.addSql(`create table "shared_material" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "kind" text check ("kind" in ('VIDEO', 'DOCUMENT', 'GUIDE', 'SCREENING_TOOL', 'TRAINING_MATERIAL', 'WEB_PAGE', 'OTHER')) not null, "title_fi" text null, "title_sv" text null, "title_en" text null, "description_fi" text null, "description_sv" text null, "description_en" text null, "sort_title" text generated always as (lower(coalesce(title_fi, title_sv, title_en))) stored null, "url" text not null, "languages" text[] not null default '{}', "tags" text[] not null default '{}', "publisher_id" uuid not null, "initiative_id" uuid null, "status" text check ("status" in ('DRAFT', 'PUBLISHED', 'ARCHIVED')) not null default 'DRAFT', "published_at" timestamptz null, "sort_published_at" timestamptz generated always as (coalesce(published_at, created_at)) stored null, "video" jsonb null, "is_demo" boolean not null default false, "version" int not null default 1, constraint "shared_material_pkey" primary key ("id"), constraint shared_material_published_at check (status <> 'PUBLISHED' or published_at is not null), constraint shared_material_video_details check ((kind = 'VIDEO') = (video is not null)), constraint shared_material_languages_valid check (languages <@ array['FI', 'SV', 'EN']::text[]), constraint shared_material_title_present check (coalesce(title_fi, title_sv, title_en) is not null));`);
    this.addSql(`create index "shared_material_kind_index" on "shared_material" ("kind");`);
    this.addSql(`create index "shared_material_publisher_id_index" on "shared_material" ("publisher_id");`);
    this.addSql(`create index "shared_material_initiative_id_index" on "shared_material" ("initiative_id");`);
    this.addSql(`create index "shared_material_languages_index" on "shared_material" using gin ("languages");`);
    this.addSql(`create index "shared_material_tags_index" on "shared_material" using gin ("tags");`);
    this.addSql(`create index "shared_material_status_published_idx" on "shared_material" ("status", "sort_published_at", "id");`);

    this.addSql(`create table "staff_member" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "subject" text not null, "name" text not null, "email" text null, "actor_id" uuid null, "roles" text[] not null default '{}', "last_seen_at" timestamptz null, constraint "staff_member_pkey" primary key ("id"));`);
    this.addSql(`alter table "staff_member" add constraint "staff_member_subject_unique" unique ("subject");`);
    this.addSql(`create index "staff_member_actor_id_index" on "staff_member" ("actor_id");`);

    this.addSql(`create table "service_need" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "region_id" uuid not null, "age_groups" text[] not null default '{}', "description_fi" text null, "description_sv" text null, "description_en" text null, "status" text check ("status" in ('OPEN', 'IN_PROGRESS', 'MET', 'DISMISSED')) not null default 'OPEN', "reported_by_id" uuid null, "is_demo" boolean not null default false, "version" int not null default 1, constraint "service_need_pkey" primary key ("id"), constraint service_need_age_groups_valid check (age_groups <@ array['EARLY_CHILDHOOD', 'PRE_PRIMARY', 'PRIMARY', 'LOWER_SECONDARY', 'UPPER_SECONDARY']::text[]));`);
    this.addSql(`create index "service_need_region_id_index" on "service_need" ("region_id");`);
    this.addSql(`create index "service_need_reported_by_id_index" on "service_need" ("reported_by_id");`);
    this.addSql(`create index "service_need_age_groups_index" on "service_need" using gin ("age_groups");`);
    this.addSql(`create index "service_need_status_created_idx" on "service_need" ("status", "created_at", "id");`);

    this.addSql(`create table "service_need_category" ("service_need_id" uuid not null, "category_code" text not null, constraint "service_need_category_pkey" primary key ("service_need_id", "category_code"));`);

    this.addSql(`create table "support_need" ("code" text not null, "name_fi" text null, "name_sv" text null, "name_en" text null, "position" smallint not null default 0, constraint "support_need_pkey" primary key ("code"));`);

    this.addSql(`create table "service_offering_support_need" ("service_offering_id" uuid not null, "support_need_code" text not null, constraint "service_offering_support_need_pkey" primary key ("service_offering_id", "support_need_code"));`);

    this.addSql(`create table "service_need_support_need" ("service_need_id" uuid not null, "support_need_code" text not null, constraint "service_need_support_need_pkey" primary key ("service_need_id", "support_need_code"));`);

    this.addSql(`alter table "event" add constraint "event_initiative_id_foreign" foreign key ("initiative_id") references "joint_initiative" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "region" add constraint "region_parent_id_foreign" foreign key ("parent_id") references "region" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "joint_initiative_region" add constraint "joint_initiative_region_joint_initiative_id_foreign" foreign key ("joint_initiative_id") references "joint_initiative" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "joint_initiative_region" add constraint "joint_initiative_region_region_id_foreign" foreign key ("region_id") references "region" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "event_region" add constraint "event_region_event_id_foreign" foreign key ("event_id") references "event" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "event_region" add constraint "event_region_region_id_foreign" foreign key ("region_id") references "region" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "actor" add constraint "actor_municipality_id_foreign" foreign key ("municipality_id") references "region" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "actor" add constraint "actor_parent_id_foreign" foreign key ("parent_id") references "actor" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "initiative_participant" add constraint "initiative_participant_initiative_id_foreign" foreign key ("initiative_id") references "joint_initiative" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "initiative_participant" add constraint "initiative_participant_actor_id_foreign" foreign key ("actor_id") references "actor" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "event_organizer" add constraint "event_organizer_event_id_foreign" foreign key ("event_id") references "event" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "event_organizer" add constraint "event_organizer_actor_id_foreign" foreign key ("actor_id") references "actor" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "contact" add constraint "contact_actor_id_foreign" foreign key ("actor_id") references "actor" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "actor_region" add constraint "actor_region_actor_id_foreign" foreign key ("actor_id") references "actor" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "actor_region" add constraint "actor_region_region_id_foreign" foreign key ("region_id") references "region" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "service_offering" add constraint "service_offering_actor_id_foreign" foreign key ("actor_id") references "actor" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "service_offering" add constraint "service_offering_contact_id_foreign" foreign key ("contact_id") references "contact" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "service_offering_region" add constraint "service_offering_region_service_offering_id_foreign" foreign key ("service_offering_id") references "service_offering" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "service_offering_region" add constraint "service_offering_region_region_id_foreign" foreign key ("region_id") references "region" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "service_offering_category" add constraint "service_offering_category_service_offering_id_foreign" foreign key ("service_offering_id") references "service_offering" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "service_offering_category" add constraint "service_offering_category_category_code_foreign" foreign key ("category_code") references "service_category" ("code") on update cascade on delete cascade;`);

    this.addSql(`alter table "shared_material" add constraint "shared_material_publisher_id_foreign" foreign key ("publisher_id") references "actor" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "shared_material" add constraint "shared_material_initiative_id_foreign" foreign key ("initiative_id") references "joint_initiative" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "staff_member" add constraint "staff_member_actor_id_foreign" foreign key ("actor_id") references "actor" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "service_need" add constraint "service_need_region_id_foreign" foreign key ("region_id") references "region" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "service_need" add constraint "service_need_reported_by_id_foreign" foreign key ("reported_by_id") references "staff_member" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "service_need_category" add constraint "service_need_category_service_need_id_foreign" foreign key ("service_need_id") references "service_need" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "service_need_category" add constraint "service_need_category_category_code_foreign" foreign key ("category_code") references "service_category" ("code") on update cascade on delete cascade;`);

    this.addSql(`alter table "service_offering_support_need" add constraint "service_offering_support_need_service_offering_id_foreign" foreign key ("service_offering_id") references "service_offering" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "service_offering_support_need" add constraint "service_offering_support_need_support_need_code_foreign" foreign key ("support_need_code") references "support_need" ("code") on update cascade on delete cascade;`);

    this.addSql(`alter table "service_need_support_need" add constraint "service_need_support_need_service_need_id_foreign" foreign key ("service_need_id") references "service_need" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "service_need_support_need" add constraint "service_need_support_need_support_need_code_foreign" foreign key ("support_need_code") references "support_need" ("code") on update cascade on delete cascade;`);

    // Reverse lookups on the pivot tables (region, taxonomy and organiser filters), written by hand:
    // the schema generator indexes only the pivots' primary keys.
    this.addSql(`create index "actor_region_region_id_index" on "actor_region" ("region_id");`);
    this.addSql(`create index "service_offering_region_region_id_index" on "service_offering_region" ("region_id");`);
    this.addSql(`create index "service_offering_category_category_code_index" on "service_offering_category" ("category_code");`);
    this.addSql(`create index "service_offering_support_need_code_index" on "service_offering_support_need" ("support_need_code");`);
    this.addSql(`create index "joint_initiative_region_region_id_index" on "joint_initiative_region" ("region_id");`);
    this.addSql(`create index "event_region_region_id_index" on "event_region" ("region_id");`);
    this.addSql(`create index "event_organizer_actor_id_index" on "event_organizer" ("actor_id");`);
    this.addSql(`create index "service_need_category_category_code_index" on "service_need_category" ("category_code");`);
    this.addSql(`create index "service_need_support_need_code_index" on "service_need_support_need" ("support_need_code");`);
  }

}
