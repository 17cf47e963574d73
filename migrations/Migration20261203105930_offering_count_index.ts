import { Migration } from '@mikro-orm/migrations';

/**
 * Counts of filtered offering lists (`totalCount`) read this covering index alone instead of the wide
 * rows (descriptions and three search vectors): an index-only count.
 */
export class Migration20261203105930_offering_count_index extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "service_offering_count_idx" on "service_offering" ("status") include ("id", "age_groups", "valid_from", "valid_until");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "service_offering_count_idx";`);
  }

}
