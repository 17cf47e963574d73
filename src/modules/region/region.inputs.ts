import { ArrayMaxSize, IsOptional, MaxLength } from 'class-validator';
import { Field, InputType, registerEnumType } from 'type-graphql';
import { OrderDirection } from '../../common/enums';
import { RegionKind } from './region.entity';

@InputType()
export class RegionFilter {
  @Field(() => [RegionKind], { nullable: true })
  kinds?: RegionKind[] | null;

  @Field(() => [String], { nullable: true, description: 'These regions and everything inside them.' })
  @IsOptional()
  @ArrayMaxSize(100)
  codes?: string[] | null;

  @Field(() => String, { nullable: true, description: 'Only regions directly under this one.' })
  parentCode?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Case-insensitive match on the name in any language or the code.',
  })
  @IsOptional()
  @MaxLength(200)
  search?: string | null;
}

export enum RegionOrderField {
  CODE = 'CODE',
  NAME = 'NAME',
}
registerEnumType(RegionOrderField, { name: 'RegionOrderField' });

@InputType()
export class RegionOrder {
  @Field(() => RegionOrderField)
  field!: RegionOrderField;

  @Field(() => OrderDirection, { nullable: true, defaultValue: OrderDirection.ASC })
  direction?: OrderDirection | null;
}
