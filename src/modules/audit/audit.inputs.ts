import { Field, ID, InputType } from 'type-graphql';
import { AuditAction } from './audit-entry.entity';
import { StringListField } from '../../common/input-fields';

@InputType()
export class AuditLogFilter {
  @StringListField('GraphQL type names, e.g. ServiceOffering.', 20)
  entityTypes?: string[] | null;

  @Field(() => ID, { nullable: true, description: 'Entries about this object (global id).' })
  entityId?: string | null;

  @Field(() => [AuditAction], { nullable: true })
  actions?: AuditAction[] | null;

  @Field(() => ID, { nullable: true, description: 'Entries about records of this actor.' })
  actorId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Entries made by this staff member.' })
  staffId?: string | null;

  @Field(() => Date, { nullable: true })
  from?: Date | null;

  @Field(() => Date, { nullable: true })
  to?: Date | null;
}
