import { Enum, Property, Unique, type EntityName } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ObjectType } from 'type-graphql';
import { BaseEntity } from './node';

/** Where an imported record came from; records authored in the hub have none. */
export enum ImportSource {
  /** The Finnish Service Catalogue (Suomi.fi palvelutietovaranto, PTV). */
  PTV = 'PTV',
}

/**
 * The base of entities an import can create and keep up to date (actors, service offerings):
 * where the record came from, its id there, and the version the import left, so that an import
 * finds its own records again and never writes over what was authored or edited in the hub.
 * None of it is in the GraphQL schema (the type is there only to pass on BaseEntity's fields).
 */
@ObjectType()
export abstract class ImportedEntity extends BaseEntity {
  /** The record's id in the Finnish Service Catalogue, when it was imported from it. */
  @Property({ type: 'uuid', nullable: true })
  @Unique()
  ptvId?: string | null;

  /** Where the record was imported from; null when it was authored in the hub (never imported over). */
  @Enum({ items: () => ImportSource, nullable: true })
  importSource?: ImportSource | null;

  /** The version the last import left: a higher one means the record was edited in the hub since. */
  @Property({ type: 'integer', nullable: true })
  importedVersion?: number | null;
}

/**
 * Records the versions an import leaves on the records `ids` of `entity`: a later edit in the hub
 * moves past them. The table comes from the entity's own mapping.
 */
export async function markImported<T extends ImportedEntity>(
  em: EntityManager,
  entity: EntityName<T>,
  ids: readonly string[],
): Promise<void> {
  if (!ids.length) return;
  const table = em.getMetadata().get(entity as never).tableName;
  // On `em`, so that it runs in the import's transaction.
  await em.execute(`update "${table}" set imported_version = version where id in (?)`, [[...ids]]);
}
