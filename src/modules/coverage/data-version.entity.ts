import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * The version of a derived data set (the coverage matrix): `base` plus the number of rows in
 * `data_change`, where a statement-level trigger on every source table records each writing
 * transaction once (its txid). Read in the same snapshot as the data, the version changes exactly
 * when a change to the sources becomes visible: the set of committed changes only grows, so an
 * equal count means an equal set. Writers only insert (no shared row to lock); `base` absorbs the
 * rows that compaction deletes, in the same transaction.
 */
@Entity({ tableName: 'data_version' })
export class DataVersion {
  @PrimaryKey({ type: 'text' })
  name!: string;

  @Property({ type: 'bigint' })
  base!: string;
}

/** One writing transaction of the coverage sources (see DataVersion). */
@Entity({ tableName: 'data_change' })
export class DataChange {
  @PrimaryKey({ type: 'bigint', autoincrement: false })
  txid!: string;
}
