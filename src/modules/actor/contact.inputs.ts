import {
  ArrayMaxSize,
  IsEmail,
  IsNotEmpty,
  IsOptional,
  IsPhoneNumber,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { LocalizedStringInput } from '../../common/localized';
import { ContactRole } from './contact.entity';

/** The fields of a contact person both inputs share (a base only: not in the schema by itself). */
@InputType()
class ContactFields {
  @Field(() => LocalizedStringInput, { nullable: true, description: 'Job title, e.g. Palveluohjaaja.' })
  @IsOptional()
  @ValidateNested()
  title?: LocalizedStringInput | null;

  @Field(() => String, { nullable: true, description: 'An e-mail address (this or phone, or both).' })
  @IsOptional()
  @MaxLength(254)
  @IsEmail()
  email?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'A phone number: Finnish (040 123 4567) or international (+46 8 123 456).',
  })
  @IsOptional()
  @MaxLength(40)
  @IsPhoneNumber('FI')
  phone?: string | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Codes of the regions the person is the contact for (replaces the list).',
  })
  @IsOptional()
  @ArrayMaxSize(50)
  regionCodes?: string[] | null;
}

@InputType({ description: 'A new contact person of an actor: needs an e-mail address or a phone number.' })
export class CreateContactInput extends ContactFields {
  @Field(() => ID)
  actorId!: string;

  @Field(() => String)
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @Field(() => ContactRole, { nullable: true, description: 'Default GENERAL.' })
  role?: ContactRole | null;
}

@InputType({ description: 'Fields to change; fields left out stay as they are, null clears.' })
export class UpdateContactInput extends ContactFields {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string | null;

  @Field(() => ContactRole, { nullable: true })
  role?: ContactRole | null;
}
