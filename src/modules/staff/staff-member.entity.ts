import { Entity, Enum, ManyToOne, Property, Ref, Unique, Opt } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { Role } from '../../common/context';
import { BaseEntity, Node } from '../../common/node';
import type { Actor } from '../actor';

/** A member of Vaatu staff, created or updated from token claims on first use. */
@Entity({ tableName: 'staff_member' })
@ObjectType({ implements: Node })
export class StaffMember extends BaseEntity {
  /** The token's issuer and `sub`: `<iss>|<sub>`, `local|<sub>` for tokens without an issuer. */
  @Property({ type: 'text' })
  @Unique()
  subject!: string;

  @Field(() => String)
  @Property({ type: 'text' })
  name!: string;

  /** Exposed as `email` by the resolver, to coordinators and the person themselves only. */
  @Property({ type: 'text', nullable: true })
  email?: string | null;

  @ManyToOne('Actor', { ref: true, nullable: true, deleteRule: 'set null', index: true })
  actor?: Ref<Actor> | null;

  @Field(() => [Role])
  @Enum({ items: () => Role, array: true, default: [] })
  roles: Opt<Role[]> = [];

  @Property({ type: 'timestamptz', nullable: true })
  lastSeenAt?: Date | null;

  /**
   * Set when the person's data was erased: the row stays as the placeholder the audit log and
   * service needs point to, with no name, e-mail, subject, actor or roles left.
   */
  @Field(() => Date, {
    nullable: true,
    description: 'When the person’s data was erased; the record is then a placeholder named "[erased]".',
  })
  @Property({ type: 'timestamptz', nullable: true })
  erasedAt?: Date | null;
}
