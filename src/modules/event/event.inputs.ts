import { ArrayMaxSize, ArrayNotEmpty, IsOptional, MaxLength } from 'class-validator';
import { URLResolver } from 'graphql-scalars';
import { Field, ID, InputType } from 'type-graphql';
import { Language, PublicationStatus } from '../../common/enums';
import { LocalizedStringInput } from '../../common/localized';
import { EventKind, EventStatus } from './event.entity';
import { RegionCodesInputField, RegionMatch, RegionMatchField } from '../region';
import { OrderInput } from '../../common/order';
import {
  IdListField,
  LocalizedInputField,
  OptionalLocalizedInputField,
  PublicationStatusFilterField,
  SearchFilterField,
  StringListField,
} from '../../common/input-fields';

@InputType()
export class EventFilter {
  @IdListField()
  ids?: string[] | null;

  @Field(() => Date, { nullable: true, description: 'Events still going on at or after this time.' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Events starting at or before this time.' })
  to?: Date | null;

  @StringListField('Events for these regions (see regionMatch).')
  regionCodes?: string[] | null;

  @RegionMatchField()
  regionMatch?: RegionMatch | null;

  @Field(() => [EventKind], { nullable: true })
  kinds?: EventKind[] | null;

  @Field(() => [Language], { nullable: true, description: 'Events held in any of these languages.' })
  languages?: Language[] | null;

  @IdListField()
  organizerIds?: string[] | null;

  @IdListField('Events of any of these initiatives.')
  initiativeIds?: string[] | null;

  @Field(() => Boolean, { nullable: true })
  free?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  remoteParticipation?: boolean | null;

  @Field(() => [EventStatus], { nullable: true, description: 'Default: scheduled and cancelled alike.' })
  status?: EventStatus[] | null;

  @PublicationStatusFilterField()
  publicationStatus?: PublicationStatus[] | null;

  @SearchFilterField()
  search?: string | null;
}

export enum EventOrderField {
  STARTS_AT = 'STARTS_AT',
  CREATED_AT = 'CREATED_AT',
  TITLE = 'TITLE',
}
export const EventOrder = OrderInput('EventOrder', EventOrderField);
export type EventOrder = InstanceType<typeof EventOrder>;

/** What create and update inputs of an event share beyond its core fields (a base only). */
@InputType()
class EventDetailsFields {
  @Field(() => ID, {
    nullable: true,
    deprecationReason: 'An event can have several initiatives: use initiativeIds.',
    description: 'Sets the initiatives to this one (null: none).',
  })
  initiativeId?: string | null;

  @IdListField('The joint initiatives behind the event, in order (replaces the list).', 20)
  initiativeIds?: string[] | null;

  @Field(() => [Language], { nullable: true, description: 'Languages the event is held in.' })
  languages?: Language[] | null;

  @OptionalLocalizedInputField('Who the event is for.')
  audience?: LocalizedStringInput | null;

  @Field(() => Date, { nullable: true, description: 'When registration closes (not after the event ends).' })
  registrationClosesAt?: Date | null;
}

@InputType({ description: 'A new event; organisers must include an actor you edit.' })
export class CreateEventInput extends EventDetailsFields {
  @Field(() => [ID], { description: 'Organising actors (at least one).' })
  @ArrayNotEmpty()
  @ArrayMaxSize(20)
  organizerIds!: string[];

  @Field(() => EventKind)
  kind!: EventKind;

  @LocalizedInputField()
  title!: LocalizedStringInput;

  @OptionalLocalizedInputField()
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

  @RegionCodesInputField()
  regionCodes?: string[] | null;

  @Field(() => PublicationStatus, {
    nullable: true,
    description: 'Default PUBLISHED; DRAFT keeps it to organisers’ staff.',
  })
  publicationStatus?: PublicationStatus | null;
}

@InputType({ description: 'Fields to change; fields left out stay as they are.' })
export class UpdateEventInput extends EventDetailsFields {
  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayNotEmpty()
  @ArrayMaxSize(20)
  organizerIds?: string[] | null;

  @Field(() => EventKind, { nullable: true })
  kind?: EventKind | null;

  @OptionalLocalizedInputField()
  title?: LocalizedStringInput | null;

  @OptionalLocalizedInputField()
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

  @RegionCodesInputField()
  regionCodes?: string[] | null;

  @Field(() => PublicationStatus, { nullable: true })
  publicationStatus?: PublicationStatus | null;
}
