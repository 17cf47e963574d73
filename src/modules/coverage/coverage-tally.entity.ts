import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/*
 * The coverage tallies: the matrix of the default reading (PUBLISHED offerings in force, every
 * category, every age group, regions reached as SERVES) kept up to date as offerings change, so
 * that `serviceCoverage` with no filter reads a few hundred rows instead of every offering.
 * Written only by the database's own triggers and functions (the migration that creates these
 * tables defines them); mapped here so that the schema check knows the tables.
 *
 * - A statement on `service_offering`, `service_offering_region` or `service_offering_category`
 *   marks the offerings it changed in `coverage_dirty` (with the transaction's id);
 * - when the transaction commits, a deferred trigger takes away what those offerings counted
 *   before (`coverage_offering`) and counts what they count now, under one lock, so concurrent
 *   writers settle one after another and the tallies always describe the committed offerings;
 * - what is in force depends on the day: `coverage_state.as_of` is the day the tallies describe,
 *   and a read for another day first moves it, recounting only the offerings whose validity starts
 *   or ends in between.
 */

/** The day (Finnish time) the tallies describe: one row. */
@Entity({ tableName: 'coverage_state' })
export class CoverageState {
  @PrimaryKey({ type: 'boolean', default: true })
  id!: boolean;

  @Property({ type: 'date' })
  asOf!: string;
}

/** Offerings changed by a transaction that has not committed yet (and its nil-id marker row). */
@Entity({ tableName: 'coverage_dirty' })
export class CoverageDirty {
  @PrimaryKey({ type: 'bigint', autoincrement: false })
  txid!: string;

  @PrimaryKey({ type: 'uuid' })
  offeringId!: string;
}

/** What an offering counts in the tallies: its actor, age groups, categories and the cells it reaches (every level). */
export abstract class OfferingCount {
  @Property({ type: 'uuid' })
  actorId!: string;

  @Property({ columnType: 'text[]', type: 'string[]' })
  ageGroups!: string[];

  @Property({ columnType: 'text[]', type: 'string[]' })
  categories!: string[];

  @Property({ columnType: 'uuid[]', type: 'string[]' })
  cells!: string[];
}

/** What one offering counts in the tallies now. */
@Entity({ tableName: 'coverage_offering' })
export class CoverageOffering extends OfferingCount {
  @PrimaryKey({ type: 'uuid' })
  offeringId!: string;
}

/** A settling transaction's changes: what its offerings counted before (-1) and count now (+1). */
@Entity({ tableName: 'coverage_change' })
export class CoverageChange extends OfferingCount {
  @PrimaryKey({ type: 'bigint', autoincrement: false })
  txid!: string;

  @PrimaryKey({ type: 'uuid' })
  offeringId!: string;

  @PrimaryKey({ type: 'smallint' })
  sign!: number;
}

/** Offerings of one actor in one cell, category and age group: how many actors share it follows from these. */
@Entity({ tableName: 'coverage_actor' })
export class CoverageActor {
  @PrimaryKey({ type: 'uuid' })
  cellId!: string;

  @PrimaryKey({ type: 'text' })
  categoryCode!: string;

  @PrimaryKey({ type: 'text' })
  ageGroup!: string;

  @PrimaryKey({ type: 'uuid' })
  actorId!: string;

  @Property({ type: 'integer' })
  n!: number;
}

/**
 * One count of the default matrix of a level: with a category and no age group ('') the
 * offerings of a cell and category; with an age group, the actors offering that category to it
 * there; with no category (''), the offerings of a cell in any category. The nil cell holds the
 * level's counts per category and in all.
 */
@Entity({ tableName: 'coverage_tally' })
export class CoverageTally {
  @PrimaryKey({ type: 'text' })
  level!: string;

  @PrimaryKey({ type: 'uuid' })
  cellId!: string;

  @PrimaryKey({ type: 'text' })
  categoryCode!: string;

  @PrimaryKey({ type: 'text' })
  ageGroup!: string;

  @Property({ type: 'integer' })
  n!: number;
}
