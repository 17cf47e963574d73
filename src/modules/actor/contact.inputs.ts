import { IsEmail, IsNotEmpty, IsOptional, MaxLength, ValidateBy } from 'class-validator';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { Field, ID, InputType } from 'type-graphql';
import { LocalizedStringInput } from '../../common/localized';
import { ContactRole } from './contact.entity';
import { OptionalLocalizedInputField, StringListField } from '../../common/input-fields';

/** Home country of numbers written without a country code. */
const PHONE_REGION = 'FI';

/**
 * A phone number, Finnish or international with its country code, in the international format
 * (`+358 40 1234567`); null when it is not a valid number (libphonenumber's full metadata).
 */
export function internationalPhone(value: string): string | null {
  const parsed = parsePhoneNumberFromString(value, PHONE_REGION);
  return parsed?.isValid() ? parsed.formatInternational() : null;
}

/** class-validator's IsPhoneNumber takes numbers of one country only: this takes any, by default Finnish. */
function IsPhone(): PropertyDecorator {
  return ValidateBy({
    name: 'isPhone',
    validator: {
      validate: (value) => typeof value === 'string' && internationalPhone(value) != null,
      defaultMessage: () => '$property must be a phone number (Finnish, or with its country code)',
    },
  });
}

/** The fields of a contact person both inputs share (a base only: not in the schema by itself). */
@InputType()
class ContactFields {
  @OptionalLocalizedInputField('Job title, e.g. Palveluohjaaja.')
  title?: LocalizedStringInput | null;

  @Field(() => String, { nullable: true, description: 'An e-mail address (this or phone, or both).' })
  @IsOptional()
  @MaxLength(254)
  @IsEmail()
  email?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'A phone number, Finnish (040 123 4567) or with its country code (+46 70 123 45 67); stored in the ' +
      'international format (+358 40 1234567).',
  })
  @IsOptional()
  @MaxLength(40)
  @IsPhone()
  phone?: string | null;

  @StringListField('Codes of the regions the person is the contact for (replaces the list).', 50)
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
