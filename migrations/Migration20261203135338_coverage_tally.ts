import { Migration } from '@mikro-orm/migrations';

/** The advisory lock under which the coverage tallies change (an arbitrary constant of this project). */
const LOCK = 7318202612;
/** The nil uuid: a key's "no cell", and the marker row of a transaction in coverage_dirty. */
const NIL = '00000000-0000-0000-0000-000000000000';

/**
 * The coverage tallies (see coverage-tally.entity.ts): the default coverage matrix kept up to date
 * by triggers, so that reading it does not scan every offering.
 */
export class Migration20261203135338_coverage_tally extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "coverage_actor" ("cell_id" uuid not null, "category_code" text not null, "age_group" text not null, "actor_id" uuid not null, "n" int not null, constraint "coverage_actor_pkey" primary key ("cell_id", "category_code", "age_group", "actor_id"));`);

    this.addSql(`create table "coverage_change" ("txid" bigint not null, "offering_id" uuid not null, "sign" smallint not null, "actor_id" uuid not null, "age_groups" text[] not null, "categories" text[] not null, "cells" uuid[] not null, constraint "coverage_change_pkey" primary key ("txid", "offering_id", "sign"));`);

    this.addSql(`create table "coverage_dirty" ("txid" bigint not null, "offering_id" uuid not null, constraint "coverage_dirty_pkey" primary key ("txid", "offering_id"));`);

    this.addSql(`create table "coverage_offering" ("offering_id" uuid not null, "actor_id" uuid not null, "age_groups" text[] not null, "categories" text[] not null, "cells" uuid[] not null, constraint "coverage_offering_pkey" primary key ("offering_id"));`);

    this.addSql(`create table "coverage_state" ("id" boolean not null default true, "as_of" date not null, constraint "coverage_state_pkey" primary key ("id"));`);

    this.addSql(`create table "coverage_tally" ("level" text not null, "cell_id" uuid not null, "category_code" text not null, "age_group" text not null, "n" int not null, constraint "coverage_tally_pkey" primary key ("level", "cell_id", "category_code", "age_group"));`);
    // The day the tallies describe, set below to today in Finland; a read for another day moves it.
    this.addSql(`insert into "coverage_state" ("id", "as_of") values (true, (now() at time zone 'Europe/Helsinki')::date);`);

    // Recounts the offerings `ids` (under one lock: concurrent transactions settle one after another,
    // each seeing the tallies the one before committed): what they counted before is taken away,
    // what they count now on the state's day is added. An offering counts when PUBLISHED, in force
    // on that day, with a category and a region; it counts in every region its regions reach as
    // SERVES does (the regions they lie in and the regions inside them).
    this.addSql(`create function coverage_apply(ids uuid[]) returns void language plpgsql as $$
declare
  day date;
begin
  if ids is null or cardinality(ids) = 0 then return; end if;
  perform pg_advisory_xact_lock(${LOCK});
  select s.as_of into day from coverage_state s;
  with old as (
    delete from coverage_offering where offering_id = any(ids) returning *
  )
  insert into coverage_change (txid, offering_id, sign, actor_id, age_groups, categories, cells)
  select txid_current(), old.offering_id, -1, old.actor_id, old.age_groups, old.categories, old.cells from old;
  with recursive down (target_id, region_id) as (
    select id, id from region
    union
    select d.target_id, r.id from down d join region r on r.parent_id = d.region_id
  ), up (target_id, region_id) as (
    select id, id from region
    union
    select u.target_id, r.parent_id from up u join region r on r.id = u.region_id where r.parent_id is not null
  ), reach as (
    select target_id, region_id from down union select target_id, region_id from up
  ), now_counted as (
    insert into coverage_offering (offering_id, actor_id, age_groups, categories, cells)
    select * from (
      select o.id, o.actor_id,
        array(select distinct g from unnest(o.age_groups) g order by 1),
        array(select x.category_code from service_offering_category x where x.service_offering_id = o.id order by 1) as categories,
        array(select distinct p.target_id from service_offering_region x join reach p on p.region_id = x.region_id
          where x.service_offering_id = o.id order by 1) as cells
      from service_offering o
      where o.id = any(ids) and o.status = 'PUBLISHED'
        and (o.valid_from is null or o.valid_from <= day) and (o.valid_until is null or o.valid_until >= day)
    ) c
    where cardinality(c.categories) > 0 and cardinality(c.cells) > 0
    returning *
  )
  insert into coverage_change (txid, offering_id, sign, actor_id, age_groups, categories, cells)
  select txid_current(), n.offering_id, 1, n.actor_id, n.age_groups, n.categories, n.cells from now_counted n;
  with ch as (
    select c.sign, c.offering_id, c.actor_id, c.age_groups, c.categories, u.cell_id, r.kind as level
    from coverage_change c
    cross join unnest(c.cells) u (cell_id)
    join region r on r.id = u.cell_id
    where c.txid = txid_current()
  ), actor_delta as (
    select ch.level, ch.cell_id, k.code as category_code, g.age_group, ch.actor_id, sum(ch.sign)::int as d
    from ch cross join unnest(ch.categories) k (code) cross join unnest(ch.age_groups) g (age_group)
    group by 1, 2, 3, 4, 5
    having sum(ch.sign) <> 0
  ), actor_counted as (
    insert into coverage_actor (cell_id, category_code, age_group, actor_id, n)
    select cell_id, category_code, age_group, actor_id, d from actor_delta order by 1, 2, 3, 4
    on conflict (cell_id, category_code, age_group, actor_id) do update set n = coverage_actor.n + excluded.n
    returning cell_id, category_code, age_group, actor_id, n
  ), delta (level, cell_id, category_code, age_group, d) as (
    -- actors per cell, category and age group: those whose offerings there went from none to some, or back
    select d.level, a.cell_id, a.category_code, a.age_group,
      case when a.n > 0 and a.n - d.d <= 0 then 1 when a.n <= 0 and a.n - d.d > 0 then -1 else 0 end
    from actor_counted a join actor_delta d using (cell_id, category_code, age_group, actor_id)
    union all
    -- offerings per cell and category
    select ch.level, ch.cell_id, k.code, '', ch.sign from ch cross join unnest(ch.categories) k (code)
    union all
    -- offerings per cell, in any category
    select ch.level, ch.cell_id, '', '', ch.sign from ch
    union all
    -- offerings per level and category, and per level, that reach a region of the level
    select l.level, '${NIL}'::uuid, k.code, '', l.sign
    from (select distinct sign, offering_id, level, categories from ch) l cross join unnest(l.categories) k (code)
    union all
    select l.level, '${NIL}'::uuid, '', '', l.sign from (select distinct sign, offering_id, level from ch) l
  )
  insert into coverage_tally (level, cell_id, category_code, age_group, n)
  select level, cell_id, category_code, age_group, sum(d)::int from delta
  group by 1, 2, 3, 4 having sum(d) <> 0 order by 1, 2, 3, 4
  on conflict (level, cell_id, category_code, age_group) do update set n = coverage_tally.n + excluded.n;
  delete from coverage_change where txid = txid_current();
end $$;`);

    // Recounts everything (a change to the regions: what reaches what).
    this.addSql(`create function coverage_rebuild() returns void language plpgsql as $$
begin
  perform pg_advisory_xact_lock(${LOCK});
  delete from coverage_offering;
  delete from coverage_actor;
  delete from coverage_tally;
  perform coverage_apply(array(select id from service_offering));
end $$;`);

    // Moves the tallies to \`today\`: recounts the offerings whose validity starts or ends in between.
    this.addSql(`create function coverage_roll(today date) returns void language plpgsql as $$
declare
  day date;
begin
  if (select as_of from coverage_state) = today then return; end if;
  perform pg_advisory_xact_lock(${LOCK});
  select as_of into day from coverage_state;
  if day = today then return; end if;
  update coverage_state set as_of = today;
  perform coverage_apply(array(
    select id from service_offering
    where (valid_from > least(day, today) and valid_from <= greatest(day, today))
       or (valid_until >= least(day, today) and valid_until < greatest(day, today))
  ));
end $$;`);

    // At commit: settles the offerings the transaction changed (fired once, by its marker row).
    this.addSql(`create function coverage_settle() returns trigger language plpgsql as $$
declare
  ids uuid[];
begin
  with d as (delete from coverage_dirty where txid = new.txid returning offering_id)
  select array_agg(offering_id) filter (where offering_id <> '${NIL}'::uuid) into ids from d;
  perform coverage_apply(ids);
  return null;
end $$;`);
    this.addSql(`create constraint trigger "coverage_settle" after insert on "coverage_dirty" deferrable initially deferred for each row when (new.offering_id = '${NIL}'::uuid) execute function coverage_settle();`);

    // Marks the offerings a statement changed (by transition tables: one insert per statement).
    this.addSql(`create function coverage_mark() returns trigger language plpgsql as $$
begin
  if TG_TABLE_NAME = 'service_offering' then
    if TG_OP = 'INSERT' then
      insert into coverage_dirty (txid, offering_id) select txid_current(), id from new_rows on conflict do nothing;
    elsif TG_OP = 'DELETE' then
      insert into coverage_dirty (txid, offering_id) select txid_current(), id from old_rows on conflict do nothing;
    else
      insert into coverage_dirty (txid, offering_id)
      select txid_current(), n.id from new_rows n join old_rows o on o.id = n.id
      where (o.actor_id, o.status, o.valid_from, o.valid_until, o.age_groups)
        is distinct from (n.actor_id, n.status, n.valid_from, n.valid_until, n.age_groups)
      on conflict do nothing;
    end if;
  else
    if TG_OP in ('INSERT', 'UPDATE') then
      insert into coverage_dirty (txid, offering_id) select txid_current(), service_offering_id from new_rows on conflict do nothing;
    end if;
    if TG_OP in ('DELETE', 'UPDATE') then
      insert into coverage_dirty (txid, offering_id) select txid_current(), service_offering_id from old_rows on conflict do nothing;
    end if;
  end if;
  if exists (select 1 from coverage_dirty where txid = txid_current() and offering_id <> '${NIL}'::uuid) then
    insert into coverage_dirty (txid, offering_id) values (txid_current(), '${NIL}'::uuid) on conflict do nothing;
  end if;
  return null;
end $$;`);
    for (const table of ['service_offering', 'service_offering_region', 'service_offering_category']) {
      this.addSql(`create trigger "${table}_coverage_insert" after insert on "${table}" referencing new table as new_rows for each statement execute function coverage_mark();`);
      this.addSql(`create trigger "${table}_coverage_update" after update on "${table}" referencing old table as old_rows new table as new_rows for each statement execute function coverage_mark();`);
      this.addSql(`create trigger "${table}_coverage_delete" after delete on "${table}" referencing old table as old_rows for each statement execute function coverage_mark();`);
    }
    this.addSql(`create function coverage_truncated() returns trigger language plpgsql as $$
begin
  perform coverage_rebuild();
  return null;
end $$;`);
    for (const table of ['service_offering', 'service_offering_region', 'service_offering_category']) {
      this.addSql(`create trigger "${table}_coverage_truncate" after truncate on "${table}" for each statement execute function coverage_truncated();`);
    }
    // What reaches what changes with the regions' hierarchy (not with their names).
    this.addSql(`create function coverage_regions_changed() returns trigger language plpgsql as $$
begin
  if TG_OP = 'UPDATE' then
    if not exists (select 1 from new_rows n join old_rows o on o.id = n.id
      where (o.parent_id, o.kind) is distinct from (n.parent_id, n.kind)) then
      return null;
    end if;
  elsif TG_OP = 'INSERT' then
    if not exists (select 1 from new_rows) then return null; end if;
  elsif not exists (select 1 from old_rows) then
    return null;
  end if;
  perform coverage_rebuild();
  return null;
end $$;`);
    this.addSql(`create trigger "region_coverage_insert" after insert on "region" referencing new table as new_rows for each statement execute function coverage_regions_changed();`);
    this.addSql(`create trigger "region_coverage_update" after update on "region" referencing old table as old_rows new table as new_rows for each statement execute function coverage_regions_changed();`);
    this.addSql(`create trigger "region_coverage_delete" after delete on "region" referencing old table as old_rows for each statement execute function coverage_regions_changed();`);

    this.addSql(`select coverage_rebuild();`);
  }

  override async down(): Promise<void> {
    for (const table of ['service_offering', 'service_offering_region', 'service_offering_category']) {
      for (const op of ['insert', 'update', 'delete', 'truncate']) this.addSql(`drop trigger if exists "${table}_coverage_${op}" on "${table}";`);
    }
    for (const op of ['insert', 'update', 'delete']) this.addSql(`drop trigger if exists "region_coverage_${op}" on "region";`);
    this.addSql(`drop trigger if exists "coverage_settle" on "coverage_dirty";`);
    for (const fn of ['coverage_regions_changed', 'coverage_truncated', 'coverage_mark', 'coverage_settle', 'coverage_rebuild']) {
      this.addSql(`drop function if exists ${fn}();`);
    }
    this.addSql(`drop function if exists coverage_roll(date);`);
    this.addSql(`drop function if exists coverage_apply(uuid[]);`);
    this.addSql(`drop table if exists "coverage_actor" cascade;`);

    this.addSql(`drop table if exists "coverage_change" cascade;`);

    this.addSql(`drop table if exists "coverage_dirty" cascade;`);

    this.addSql(`drop table if exists "coverage_offering" cascade;`);

    this.addSql(`drop table if exists "coverage_state" cascade;`);

    this.addSql(`drop table if exists "coverage_tally" cascade;`);
  }

}
