import { Embedded, Entity, ManyToOne, Property, Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { LocalizedString } from '../../common/localized';
import { BaseEntity } from '../../common/node';
import type { Actor } from './actor.entity';

/** A contact person of an actor. Personal data: shown to authenticated staff only. */
@Entity({ tableName: 'contact' })
@ObjectType({ description: 'A contact person (personal data: authenticated staff only).' })
export class Contact extends BaseEntity {
  @ManyToOne('Actor', { ref: true, deleteRule: 'cascade', index: true })
  actor!: Ref<Actor>;

  @Field(() => String)
  @Property({ type: 'text' })
  name!: string;

  @Field(() => LocalizedString, { nullable: true, name: 'titleI18n' })
  @Embedded(() => LocalizedString, { prefix: 'title_', nullable: true })
  titleI18n?: LocalizedString | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  email?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  phone?: string | null;
}
