import { IsOptional, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { RegionKind } from './region.entity';
import { OrderInput } from '../../common/order';
import { StringListField } from '../../common/input-fields';

@InputType()
export class RegionFilter {
  @Field(() => [RegionKind], { nullable: true })
  kinds?: RegionKind[] | null;

  @StringListField('These regions and everything inside them.')
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
export const RegionOrder = OrderInput('RegionOrder', RegionOrderField);
export type RegionOrder = InstanceType<typeof RegionOrder>;
