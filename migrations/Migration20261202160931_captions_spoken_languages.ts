import { Migration } from '@mikro-orm/migrations';

/**
 * Videos gain `spokenLanguages` (in the `video` JSON). Existing videos never said which languages
 * they speak: they get an empty list, i.e. "not given" (CAPTIONS_UNKNOWN), rather than a guess.
 */
export class Migration20261202160931_captions_spoken_languages extends Migration {

  override async up(): Promise<void> {
    this.addSql(`update "shared_material" set "video" = "video" || '{"spoken_languages": []}'::jsonb where "video" is not null and "video"->'spoken_languages' is null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`update "shared_material" set "video" = "video" - 'spoken_languages' where "video" is not null;`);
  }

}
