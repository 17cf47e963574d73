import { IsOptional, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { AgeGroup } from '../../common/enums';
import { LocalizedStringInput } from '../../common/localized';
import { NeedStatus } from './service-need.entity';
import { RegionMatch, RegionMatchField } from '../region';
import { CategoryCodesInputField, SupportNeedCodesInputField } from '../taxonomy';
import { OrderInput } from '../../common/order';
import { IdListField, OptionalLocalizedInputField, StringListField } from '../../common/input-fields';

@InputType()
export class ServiceNeedFilter {
  @IdListField()
  ids?: string[] | null;

  @StringListField(
    'Needs reported for these regions (see regionMatch: a need of an area is a need of each of its counties).',
  )
  regionCodes?: string[] | null;

  @RegionMatchField()
  regionMatch?: RegionMatch | null;

  @StringListField()
  categoryCodes?: string[] | null;

  @Field(() => [AgeGroup], { nullable: true })
  ageGroups?: AgeGroup[] | null;

  @StringListField()
  supportNeedCodes?: string[] | null;

  @Field(() => [NeedStatus], { nullable: true })
  status?: NeedStatus[] | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  search?: string | null;
}

export enum ServiceNeedOrderField {
  CREATED_AT = 'CREATED_AT',
  UPDATED_AT = 'UPDATED_AT',
}
export const ServiceNeedOrder = OrderInput('ServiceNeedOrder', ServiceNeedOrderField);
export type ServiceNeedOrder = InstanceType<typeof ServiceNeedOrder>;

@InputType({ description: 'A service need a region reports as unmet.' })
export class ReportServiceNeedInput {
  @Field(() => String, { description: 'The region (county, area or municipality) where the need is.' })
  @MaxLength(50)
  regionCode!: string;

  @CategoryCodesInputField()
  categoryCodes!: string[];

  @Field(() => [AgeGroup], { nullable: true })
  ageGroups?: AgeGroup[] | null;

  @SupportNeedCodesInputField()
  supportNeedCodes?: string[] | null;

  @OptionalLocalizedInputField()
  description?: LocalizedStringInput | null;
}
