import { Entity, PrimaryKey } from '@mikro-orm/core';

/**
 * One writing transaction of any table the API reads (its txid, once), recorded by a
 * statement-level trigger. With `data_version.base` of the name `content`, it versions every
 * response the hub serves: see `CONTENT_DATA` in `src/common/data-version.ts`.
 */
@Entity({ tableName: 'content_change' })
export class ContentChange {
  @PrimaryKey({ type: 'bigint', autoincrement: false })
  txid!: string;
}
