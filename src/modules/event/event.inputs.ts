import { ArrayMaxSize, ArrayNotEmpty, IsOptional, MaxLength, ValidateNested } from 'class-validator';
import { URLResolver } from 'graphql-scalars';
import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { OrderDirection, PublicationStatus } from '../../common/enums';
import { LocalizedStringInput } from '../../common/localized';
import { SEARCH_FILTER_DESCRIPTION } from '../../common/text-search';
import { EventKind, EventStatus } from './event.entity';

@InputType()
export class EventFilter {
  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(100)
  ids?: string[] | null;

  @Field(() => Date, { nullable: true, description: 'Events still going on at or after this time.' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Events starting at or before this time.' })
  to?: Date | null;

  @Field(() => [String], { nullable: true, description: 'Events in these regions or anything inside them.' })
  @IsOptional()
  @ArrayMaxSize(100)
  regionCodes?: string[] | null;

  @Field(() => [EventKind], { nullable: true })
  kinds?: EventKind[] | null;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(100)
  organizerIds?: string[] | null;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(100)
  initiativeIds?: string[] | null;

  @Field(() => Boolean, { nullable: true })
  free?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  remoteParticipation?: boolean | null;

  @Field(() => [EventStatus], { nullable: true, description: 'Default: scheduled and cancelled alike.' })
  status?: EventStatus[] | null;

  @Field(() => [PublicationStatus], {
    nullable: true,
    description: 'Default: every status the viewer may see.',
  })
  publicationStatus?: PublicationStatus[] | null;

  @Field(() => String, { nullable: true, description: SEARCH_FILTER_DESCRIPTION })
  @IsOptional()
  @MaxLength(200)
  search?: string | null;
}

export enum EventOrderField {
  STARTS_AT = 'STARTS_AT',
  CREATED_AT = 'CREATED_AT',
  TITLE = 'TITLE',
}
registerEnumType(EventOrderField, { name: 'EventOrderField' });

@InputType()
export class EventOrder {
  @Field(() => EventOrderField)
  field!: EventOrderField;

  @Field(() => OrderDirection, { nullable: true, defaultValue: OrderDirection.ASC })
  direction?: OrderDirection | null;
}

@InputType({ description: 'A new event; organisers must include an actor you edit.' })
export class CreateEventInput {
  @Field(() => [ID], { description: 'Organising actors (at least one).' })
  @ArrayNotEmpty()
  @ArrayMaxSize(20)
  organizerIds!: string[];

  @Field(() => EventKind)
  kind!: EventKind;

  @Field(() => LocalizedStringInput)
  @ValidateNested()
  title!: LocalizedStringInput;

  @Field(() => LocalizedStringInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  description?: LocalizedStringInput | null;

  @Field(() => Date)
  startsAt!: Date;

  @Field(() => Date, { nullable: true })
  endsAt?: Date | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  location?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Default false.' })
  remoteParticipation?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Default true.' })
  free?: boolean | null;

  @Field(() => URLResolver, { nullable: true })
  registrationUrl?: URL | null;

  @Field(() => ID, { nullable: true })
  initiativeId?: string | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(200)
  regionCodes?: string[] | null;

  @Field(() => PublicationStatus, {
    nullable: true,
    description: 'Default PUBLISHED; DRAFT keeps it to organisers’ staff.',
  })
  publicationStatus?: PublicationStatus | null;
}

@InputType({ description: 'Fields to change; fields left out stay as they are.' })
export class UpdateEventInput {
  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayNotEmpty()
  @ArrayMaxSize(20)
  organizerIds?: string[] | null;

  @Field(() => EventKind, { nullable: true })
  kind?: EventKind | null;

  @Field(() => LocalizedStringInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  title?: LocalizedStringInput | null;

  @Field(() => LocalizedStringInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  description?: LocalizedStringInput | null;

  @Field(() => Date, { nullable: true })
  startsAt?: Date | null;

  @Field(() => Date, { nullable: true })
  endsAt?: Date | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  location?: string | null;

  @Field(() => Boolean, { nullable: true })
  remoteParticipation?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  free?: boolean | null;

  @Field(() => URLResolver, { nullable: true })
  registrationUrl?: URL | null;

  @Field(() => ID, { nullable: true })
  initiativeId?: string | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(200)
  regionCodes?: string[] | null;

  @Field(() => PublicationStatus, { nullable: true })
  publicationStatus?: PublicationStatus | null;
}
