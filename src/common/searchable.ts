import { Embedded, Opt, Property } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { Language } from './enums';
import { LocalizedString } from './localized';
import type { BaseEntity } from './node';
import { SearchVector, TextSearchSpec } from './text-search';

/** Descriptions of the block's GraphQL fields that differ between the types (none by default). */
export interface SearchableDocs {
  isDemo?: string;
  version?: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the mixin pattern needs any[] arguments
type AbstractEntityClass = abstract new (...args: any[]) => BaseEntity;

/**
 * The localised, searchable block of the records people write and search (offerings,
 * initiatives, materials, events): title and description in three languages, the generated sort
 * title and three search vectors over them (built from `spec`), the demo flag and the optimistic
 * locking version. Declared once here over `Base` (BaseEntity or ImportedEntity) so that the
 * columns, their generation expressions and the GraphQL fields cannot drift between the types.
 *
 * A mixin rather than a MikroORM embeddable: an embeddable would prefix its columns, and the
 * generated columns and search indexes depend on each table's `spec`. `name` must be unique: the
 * ORM and type-graphql both key a class's metadata by its name.
 */
export function LocalizedSearchable<B extends AbstractEntityClass>(
  Base: B,
  name: string,
  spec: TextSearchSpec,
  docs: SearchableDocs = {},
) {
  abstract class Searchable extends Base {
    titleI18n!: LocalizedString;

    descriptionI18n?: LocalizedString | null;

    sortTitle?: string;

    /** Stored search vectors (title 'A', description 'B'), one per language; queried, never loaded. */
    searchFi?: string;

    searchSv?: string;

    searchEn?: string;

    isDemo: Opt<boolean> = false;

    version!: Opt<number>;
  }
  // Before any decorator runs: the metadata of both libraries is keyed by the class name.
  Object.defineProperty(Searchable, 'name', { value: name });
  const p = Searchable.prototype;

  Field(() => LocalizedString)(p, 'titleI18n');
  Embedded(() => LocalizedString, { prefix: 'title_' })(p, 'titleI18n');

  Field(() => LocalizedString, { nullable: true })(p, 'descriptionI18n');
  Embedded(() => LocalizedString, { prefix: 'description_', nullable: true })(p, 'descriptionI18n');

  Property({
    type: 'text',
    generated: '(lower(coalesce(title_fi, title_sv, title_en))) stored',
    nullable: true,
    hidden: true,
  })(p, 'sortTitle');

  SearchVector(spec, Language.FI)(p, 'searchFi');
  SearchVector(spec, Language.SV)(p, 'searchSv');
  SearchVector(spec, Language.EN)(p, 'searchEn');

  Field(() => Boolean, docs.isDemo === undefined ? {} : { description: docs.isDemo })(p, 'isDemo');
  Property({ type: 'boolean', default: false })(p, 'isDemo');

  Field(() => Int, docs.version === undefined ? {} : { description: docs.version })(p, 'version');
  Property({ version: true, type: 'integer' })(p, 'version');

  ObjectType(name)(Searchable);
  return Searchable;
}
