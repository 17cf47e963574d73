import { Migration } from '@mikro-orm/migrations';

/**
 * The rank bound of each searchable table (`rankBoundSql` in src/common/text-search.ts): the
 * highest relevance a one-word query can give the row, so that `search` ranks a very common word
 * only among the rows that can reach the page. Adding the columns computes them for every row.
 */
export class Migration20261203093311_search_rank_bound extends Migration {

  override async up(): Promise<void> {
    // Over the words of the vectors: 1 when the word has a title (A) position, plus r / (r + 1) for
    // r the sum of its positions' weights (ts_rank_cd's defaults). Immutable: generated columns use it.
    this.addSql(`create or replace function search_rank_bound(vectors tsvector[]) returns double precision language sql immutable parallel safe as $$
      select coalesce(max((case when 'A' = any(w.weights) then 1 else 0 end) + w.r / (w.r + 1)), 0)::double precision
      from (
        select u.weights, (select sum(case x when 'A' then 1.0 when 'B' then 0.4 when 'C' then 0.2 else 0.1 end) from unnest(u.weights) x)::double precision as r
        from unnest(vectors) as v(vector), unnest(v.vector) as u
      ) w
    $$;`);
    this.addSql(`alter table "event" add column "search_rank_bound" double precision generated always as (search_rank_bound(array[setweight(to_tsvector('finnish', coalesce(title_fi, '')), 'A') || setweight(to_tsvector('finnish', coalesce(description_fi, '')), 'B') || setweight(to_tsvector('finnish', coalesce(location, '')), 'C'), setweight(to_tsvector('swedish', regexp_replace(regexp_replace(coalesce(title_sv, ''), '([[:alpha:]]{2}a)ns{0,1}\\M', '\\1', 'gi'), '([[:alpha:]][^[:space:][:punct:][:digit:]h])ets{0,1}\\M', '\\1e', 'gi')), 'A') || setweight(to_tsvector('swedish', regexp_replace(regexp_replace(coalesce(description_sv, ''), '([[:alpha:]]{2}a)ns{0,1}\\M', '\\1', 'gi'), '([[:alpha:]][^[:space:][:punct:][:digit:]h])ets{0,1}\\M', '\\1e', 'gi')), 'B') || setweight(to_tsvector('swedish', regexp_replace(regexp_replace(coalesce(location, ''), '([[:alpha:]]{2}a)ns{0,1}\\M', '\\1', 'gi'), '([[:alpha:]][^[:space:][:punct:][:digit:]h])ets{0,1}\\M', '\\1e', 'gi')), 'C'), setweight(to_tsvector('english', coalesce(title_en, '')), 'A') || setweight(to_tsvector('english', coalesce(description_en, '')), 'B') || setweight(to_tsvector('english', coalesce(location, '')), 'C')])) stored null;`);
    this.addSql(`create index "event_search_rank_bound_index" on "event" ("search_rank_bound");`);

    this.addSql(`alter table "joint_initiative" add column "search_rank_bound" double precision generated always as (search_rank_bound(array[setweight(to_tsvector('finnish', coalesce(title_fi, '')), 'A') || setweight(to_tsvector('finnish', coalesce(description_fi, '')), 'B'), setweight(to_tsvector('swedish', regexp_replace(regexp_replace(coalesce(title_sv, ''), '([[:alpha:]]{2}a)ns{0,1}\\M', '\\1', 'gi'), '([[:alpha:]][^[:space:][:punct:][:digit:]h])ets{0,1}\\M', '\\1e', 'gi')), 'A') || setweight(to_tsvector('swedish', regexp_replace(regexp_replace(coalesce(description_sv, ''), '([[:alpha:]]{2}a)ns{0,1}\\M', '\\1', 'gi'), '([[:alpha:]][^[:space:][:punct:][:digit:]h])ets{0,1}\\M', '\\1e', 'gi')), 'B'), setweight(to_tsvector('english', coalesce(title_en, '')), 'A') || setweight(to_tsvector('english', coalesce(description_en, '')), 'B')])) stored null;`);
    this.addSql(`create index "joint_initiative_search_rank_bound_index" on "joint_initiative" ("search_rank_bound");`);

    this.addSql(`alter table "actor" add column "search_rank_bound" double precision generated always as (search_rank_bound(array[setweight(to_tsvector('finnish', coalesce(name_fi, '')), 'A') || setweight(to_tsvector('finnish', coalesce(description_fi, '')), 'B'), setweight(to_tsvector('swedish', regexp_replace(regexp_replace(coalesce(name_sv, ''), '([[:alpha:]]{2}a)ns{0,1}\\M', '\\1', 'gi'), '([[:alpha:]][^[:space:][:punct:][:digit:]h])ets{0,1}\\M', '\\1e', 'gi')), 'A') || setweight(to_tsvector('swedish', regexp_replace(regexp_replace(coalesce(description_sv, ''), '([[:alpha:]]{2}a)ns{0,1}\\M', '\\1', 'gi'), '([[:alpha:]][^[:space:][:punct:][:digit:]h])ets{0,1}\\M', '\\1e', 'gi')), 'B'), setweight(to_tsvector('english', coalesce(name_en, '')), 'A') || setweight(to_tsvector('english', coalesce(description_en, '')), 'B')])) stored null;`);
    this.addSql(`create index "actor_search_rank_bound_index" on "actor" ("search_rank_bound");`);

    this.addSql(`alter table "service_offering" add column "search_rank_bound" double precision generated always as (search_rank_bound(array[setweight(to_tsvector('finnish', coalesce(title_fi, '')), 'A') || setweight(to_tsvector('finnish', coalesce(description_fi, '')), 'B'), setweight(to_tsvector('swedish', regexp_replace(regexp_replace(coalesce(title_sv, ''), '([[:alpha:]]{2}a)ns{0,1}\\M', '\\1', 'gi'), '([[:alpha:]][^[:space:][:punct:][:digit:]h])ets{0,1}\\M', '\\1e', 'gi')), 'A') || setweight(to_tsvector('swedish', regexp_replace(regexp_replace(coalesce(description_sv, ''), '([[:alpha:]]{2}a)ns{0,1}\\M', '\\1', 'gi'), '([[:alpha:]][^[:space:][:punct:][:digit:]h])ets{0,1}\\M', '\\1e', 'gi')), 'B'), setweight(to_tsvector('english', coalesce(title_en, '')), 'A') || setweight(to_tsvector('english', coalesce(description_en, '')), 'B')])) stored null;`);
    this.addSql(`create index "service_offering_search_rank_bound_index" on "service_offering" ("search_rank_bound");`);

    this.addSql(`alter table "shared_material" add column "search_rank_bound" double precision generated always as (search_rank_bound(array[setweight(to_tsvector('finnish', coalesce(title_fi, '')), 'A') || setweight(to_tsvector('finnish', coalesce(description_fi, '')), 'B') || setweight(to_tsvector('finnish', coalesce(tags_search_text(tags), '')), 'C'), setweight(to_tsvector('swedish', regexp_replace(regexp_replace(coalesce(title_sv, ''), '([[:alpha:]]{2}a)ns{0,1}\\M', '\\1', 'gi'), '([[:alpha:]][^[:space:][:punct:][:digit:]h])ets{0,1}\\M', '\\1e', 'gi')), 'A') || setweight(to_tsvector('swedish', regexp_replace(regexp_replace(coalesce(description_sv, ''), '([[:alpha:]]{2}a)ns{0,1}\\M', '\\1', 'gi'), '([[:alpha:]][^[:space:][:punct:][:digit:]h])ets{0,1}\\M', '\\1e', 'gi')), 'B') || setweight(to_tsvector('swedish', regexp_replace(regexp_replace(coalesce(tags_search_text(tags), ''), '([[:alpha:]]{2}a)ns{0,1}\\M', '\\1', 'gi'), '([[:alpha:]][^[:space:][:punct:][:digit:]h])ets{0,1}\\M', '\\1e', 'gi')), 'C'), setweight(to_tsvector('english', coalesce(title_en, '')), 'A') || setweight(to_tsvector('english', coalesce(description_en, '')), 'B') || setweight(to_tsvector('english', coalesce(tags_search_text(tags), '')), 'C')])) stored null;`);
    this.addSql(`create index "shared_material_search_rank_bound_index" on "shared_material" ("search_rank_bound");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "event_search_rank_bound_index";`);
    this.addSql(`alter table "event" drop column "search_rank_bound";`);

    this.addSql(`drop index "joint_initiative_search_rank_bound_index";`);
    this.addSql(`alter table "joint_initiative" drop column "search_rank_bound";`);

    this.addSql(`drop index "actor_search_rank_bound_index";`);
    this.addSql(`alter table "actor" drop column "search_rank_bound";`);

    this.addSql(`drop index "service_offering_search_rank_bound_index";`);
    this.addSql(`alter table "service_offering" drop column "search_rank_bound";`);

    this.addSql(`drop index "shared_material_search_rank_bound_index";`);
    this.addSql(`alter table "shared_material" drop column "search_rank_bound";`);
    this.addSql(`drop function if exists search_rank_bound(tsvector[]);`);
  }

}
