import { Entity, Enum, Index, ManyToOne, Property, Ref } from '@mikro-orm/core';
import { GraphQLJSON } from 'graphql-scalars';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity, Node } from '../../common/node';
import type { FieldChange } from '../../common/mutation';
import type { Actor } from '../actor';
import type { StaffMember } from '../staff';

export enum AuditAction {
  CREATE = 'CREATE',
  UPDATE = 'UPDATE',
  DELETE = 'DELETE',
  PUBLISH = 'PUBLISH',
  ARCHIVE = 'ARCHIVE',
  CANCEL = 'CANCEL',
  ADD_PARTICIPANT = 'ADD_PARTICIPANT',
  REMOVE_PARTICIPANT = 'REMOVE_PARTICIPANT',
  REPORT = 'REPORT',
  UPDATE_STATUS = 'UPDATE_STATUS',
  /** A person's data was erased (no values recorded). */
  ERASE = 'ERASE',
  /** Created or changed by an import (from the Finnish Service Catalogue): no staff member. */
  IMPORT = 'IMPORT',
}
registerEnumType(AuditAction, { name: 'AuditAction' });

@ObjectType('AuditFieldChange', { description: 'One changed field with its old and new value (JSON).' })
export class AuditFieldChange {
  @Field(() => String)
  field!: string;

  @Field(() => GraphQLJSON, { nullable: true })
  old!: unknown;

  @Field(() => GraphQLJSON, { nullable: true, name: 'new' })
  new!: unknown;
}

/** Who changed what and when: written in the same transaction as every successful mutation. */
@Entity({ tableName: 'audit_entry' })
@ObjectType({ implements: Node })
@Index({ name: 'audit_entry_created_idx', properties: ['createdAt', 'id'] })
@Index({ name: 'audit_entry_entity_idx', properties: ['entityType', 'entityId'] })
export class AuditEntry extends BaseEntity {
  @ManyToOne('StaffMember', { ref: true, nullable: true, deleteRule: 'set null', index: true })
  staff?: Ref<StaffMember> | null;

  /** The actor the staff member acted for. */
  @ManyToOne('Actor', { ref: true, nullable: true, deleteRule: 'set null', index: true })
  staffActor?: Ref<Actor> | null;

  /** The actor owning the changed record. */
  @ManyToOne('Actor', { ref: true, nullable: true, deleteRule: 'set null', index: true })
  ownerActor?: Ref<Actor> | null;

  @Field(() => String, { description: 'GraphQL type of the changed object, e.g. ServiceOffering.' })
  @Property({ type: 'text' })
  entityType!: string;

  @Property({ type: 'uuid' })
  entityId!: string;

  @Field(() => AuditAction)
  @Enum({ items: () => AuditAction })
  action!: AuditAction;

  @Field(() => [AuditFieldChange])
  @Property({ type: 'json' })
  changes!: FieldChange[];
}
