import { ArrayMaxSize, IsOptional } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { AuditAction } from './audit-entry.entity';

@InputType()
export class AuditLogFilter {
  @Field(() => [String], { nullable: true, description: 'GraphQL type names, e.g. ServiceOffering.' })
  @IsOptional()
  @ArrayMaxSize(20)
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
