import { Migration } from '@mikro-orm/migrations';

export class Migration20261125113742_full_text_search extends Migration {

  override async up(): Promise<void> {
    // Trigram similarity for the search fallback (typos). Trusted extension: a database owner may create it.
    this.addSql(`create extension if not exists pg_trgm;`);
    // Tags enter the material vectors; array_to_string is only stable, generated columns need immutable.
    this.addSql(`create or replace function tags_search_text(tags text[]) returns text language sql immutable parallel safe as 'select array_to_string(tags, '' '')';`);

    this.addSql(`alter table "joint_initiative" add column "search_fi" tsvector generated always as (setweight(to_tsvector('finnish', coalesce(title_fi, '')), 'A') || setweight(to_tsvector('finnish', coalesce(description_fi, '')), 'B')) stored null, add column "search_sv" tsvector generated always as (setweight(to_tsvector('swedish', regexp_replace(regexp_replace(coalesce(title_sv, ''), '([[:alpha:]]{2}a)ns{0,1}\\M', '\\1', 'gi'), '([[:alpha:]][^[:space:][:punct:][:digit:]h])ets{0,1}\\M', '\\1e', 'gi')), 'A') || setweight(to_tsvector('swedish', regexp_replace(regexp_replace(coalesce(description_sv, ''), '([[:alpha:]]{2}a)ns{0,1}\\M', '\\1', 'gi'), '([[:alpha:]][^[:space:][:punct:][:digit:]h])ets{0,1}\\M', '\\1e', 'gi')), 'B')) stored null, add column "search_en" tsvector generated always as (setweight(to_tsvector('english', coalesce(title_en, '')), 'A') || setweight(to_tsvector('english', coalesce(description_en, '')), 'B')) stored null;`);
    this.addSql(`create index "joint_initiative_search_fi_index" on "public"."joint_initiative" using gin("search_fi");`);
    this.addSql(`create index "joint_initiative_search_sv_index" on "public"."joint_initiative" using gin("search_sv");`);
    this.addSql(`create index "joint_initiative_search_en_index" on "public"."joint_initiative" using gin("search_en");`);

    this.addSql(`alter table "event" add column "search_fi" tsvector generated always as (setweight(to_tsvector('finnish', coalesce(title_fi, '')), 'A') || setweight(to_tsvector('finnish', coalesce(description_fi, '')), 'B') || setweight(to_tsvector('finnish', coalesce(location, '')), 'C')) stored null, add column "search_sv" tsvector generated always as (setweight(to_tsvector('swedish', regexp_replace(regexp_replace(coalesce(title_sv, ''), '([[:alpha:]]{2}a)ns{0,1}\\M', '\\1', 'gi'), '([[:alpha:]][^[:space:][:punct:][:digit:]h])ets{0,1}\\M', '\\1e', 'gi')), 'A') || setweight(to_tsvector('swedish', regexp_replace(regexp_replace(coalesce(description_sv, ''), '([[:alpha:]]{2}a)ns{0,1}\\M', '\\1', 'gi'), '([[:alpha:]][^[:space:][:punct:][:digit:]h])ets{0,1}\\M', '\\1e', 'gi')), 'B') || setweight(to_tsvector('swedish', regexp_replace(regexp_replace(coalesce(location, ''), '([[:alpha:]]{2}a)ns{0,1}\\M', '\\1', 'gi'), '([[:alpha:]][^[:space:][:punct:][:digit:]h])ets{0,1}\\M', '\\1e', 'gi')), 'C')) stored null, add column "search_en" tsvector generated always as (setweight(to_tsvector('english', coalesce(title_en, '')), 'A') || setweight(to_tsvector('english', coalesce(description_en, '')), 'B') || setweight(to_tsvector('english', coalesce(location, '')), 'C')) stored null;`);
    this.addSql(`create index "event_search_fi_index" on "public"."event" using gin("search_fi");`);
    this.addSql(`create index "event_search_sv_index" on "public"."event" using gin("search_sv");`);
    this.addSql(`create index "event_search_en_index" on "public"."event" using gin("search_en");`);

    this.addSql(`alter table "actor" add column "search_fi" tsvector generated always as (setweight(to_tsvector('finnish', coalesce(name_fi, '')), 'A') || setweight(to_tsvector('finnish', coalesce(description_fi, '')), 'B')) stored null, add column "search_sv" tsvector generated always as (setweight(to_tsvector('swedish', regexp_replace(regexp_replace(coalesce(name_sv, ''), '([[:alpha:]]{2}a)ns{0,1}\\M', '\\1', 'gi'), '([[:alpha:]][^[:space:][:punct:][:digit:]h])ets{0,1}\\M', '\\1e', 'gi')), 'A') || setweight(to_tsvector('swedish', regexp_replace(regexp_replace(coalesce(description_sv, ''), '([[:alpha:]]{2}a)ns{0,1}\\M', '\\1', 'gi'), '([[:alpha:]][^[:space:][:punct:][:digit:]h])ets{0,1}\\M', '\\1e', 'gi')), 'B')) stored null, add column "search_en" tsvector generated always as (setweight(to_tsvector('english', coalesce(name_en, '')), 'A') || setweight(to_tsvector('english', coalesce(description_en, '')), 'B')) stored null;`);
    this.addSql(`create index "actor_search_fi_index" on "public"."actor" using gin("search_fi");`);
    this.addSql(`create index "actor_search_sv_index" on "public"."actor" using gin("search_sv");`);
    this.addSql(`create index "actor_search_en_index" on "public"."actor" using gin("search_en");`);

    this.addSql(`alter table "service_offering" add column "search_fi" tsvector generated always as (setweight(to_tsvector('finnish', coalesce(title_fi, '')), 'A') || setweight(to_tsvector('finnish', coalesce(description_fi, '')), 'B')) stored null, add column "search_sv" tsvector generated always as (setweight(to_tsvector('swedish', regexp_replace(regexp_replace(coalesce(title_sv, ''), '([[:alpha:]]{2}a)ns{0,1}\\M', '\\1', 'gi'), '([[:alpha:]][^[:space:][:punct:][:digit:]h])ets{0,1}\\M', '\\1e', 'gi')), 'A') || setweight(to_tsvector('swedish', regexp_replace(regexp_replace(coalesce(description_sv, ''), '([[:alpha:]]{2}a)ns{0,1}\\M', '\\1', 'gi'), '([[:alpha:]][^[:space:][:punct:][:digit:]h])ets{0,1}\\M', '\\1e', 'gi')), 'B')) stored null, add column "search_en" tsvector generated always as (setweight(to_tsvector('english', coalesce(title_en, '')), 'A') || setweight(to_tsvector('english', coalesce(description_en, '')), 'B')) stored null;`);
    this.addSql(`create index "service_offering_search_fi_index" on "public"."service_offering" using gin("search_fi");`);
    this.addSql(`create index "service_offering_search_sv_index" on "public"."service_offering" using gin("search_sv");`);
    this.addSql(`create index "service_offering_search_en_index" on "public"."service_offering" using gin("search_en");`);

    this.addSql(`alter table "shared_material" add column "search_fi" tsvector generated always as (setweight(to_tsvector('finnish', coalesce(title_fi, '')), 'A') || setweight(to_tsvector('finnish', coalesce(description_fi, '')), 'B') || setweight(to_tsvector('finnish', coalesce(tags_search_text(tags), '')), 'C')) stored null, add column "search_sv" tsvector generated always as (setweight(to_tsvector('swedish', regexp_replace(regexp_replace(coalesce(title_sv, ''), '([[:alpha:]]{2}a)ns{0,1}\\M', '\\1', 'gi'), '([[:alpha:]][^[:space:][:punct:][:digit:]h])ets{0,1}\\M', '\\1e', 'gi')), 'A') || setweight(to_tsvector('swedish', regexp_replace(regexp_replace(coalesce(description_sv, ''), '([[:alpha:]]{2}a)ns{0,1}\\M', '\\1', 'gi'), '([[:alpha:]][^[:space:][:punct:][:digit:]h])ets{0,1}\\M', '\\1e', 'gi')), 'B') || setweight(to_tsvector('swedish', regexp_replace(regexp_replace(coalesce(tags_search_text(tags), ''), '([[:alpha:]]{2}a)ns{0,1}\\M', '\\1', 'gi'), '([[:alpha:]][^[:space:][:punct:][:digit:]h])ets{0,1}\\M', '\\1e', 'gi')), 'C')) stored null, add column "search_en" tsvector generated always as (setweight(to_tsvector('english', coalesce(title_en, '')), 'A') || setweight(to_tsvector('english', coalesce(description_en, '')), 'B') || setweight(to_tsvector('english', coalesce(tags_search_text(tags), '')), 'C')) stored null;`);
    this.addSql(`create index "shared_material_search_fi_index" on "public"."shared_material" using gin("search_fi");`);
    this.addSql(`create index "shared_material_search_sv_index" on "public"."shared_material" using gin("search_sv");`);
    this.addSql(`create index "shared_material_search_en_index" on "public"."shared_material" using gin("search_en");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "joint_initiative_search_fi_index";`);
    this.addSql(`drop index "joint_initiative_search_sv_index";`);
    this.addSql(`drop index "joint_initiative_search_en_index";`);
    this.addSql(`alter table "joint_initiative" drop column "search_fi", drop column "search_sv", drop column "search_en";`);

    this.addSql(`drop index "event_search_fi_index";`);
    this.addSql(`drop index "event_search_sv_index";`);
    this.addSql(`drop index "event_search_en_index";`);
    this.addSql(`alter table "event" drop column "search_fi", drop column "search_sv", drop column "search_en";`);

    this.addSql(`drop index "actor_search_fi_index";`);
    this.addSql(`drop index "actor_search_sv_index";`);
    this.addSql(`drop index "actor_search_en_index";`);
    this.addSql(`alter table "actor" drop column "search_fi", drop column "search_sv", drop column "search_en";`);

    this.addSql(`drop index "service_offering_search_fi_index";`);
    this.addSql(`drop index "service_offering_search_sv_index";`);
    this.addSql(`drop index "service_offering_search_en_index";`);
    this.addSql(`alter table "service_offering" drop column "search_fi", drop column "search_sv", drop column "search_en";`);

    this.addSql(`drop index "shared_material_search_fi_index";`);
    this.addSql(`drop index "shared_material_search_sv_index";`);
    this.addSql(`drop index "shared_material_search_en_index";`);
    this.addSql(`alter table "shared_material" drop column "search_fi", drop column "search_sv", drop column "search_en";`);
    this.addSql(`drop function if exists tags_search_text(text[]);`);
    // pg_trgm stays: dropping an extension other objects may have come to use is not this migration's call.
  }

}
