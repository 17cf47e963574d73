import { Field, registerEnumType } from 'type-graphql';
import { rawSql, Sql, sql } from '../../common/sql';

/** Which offerings a list counts by their validity period, on today's date in Finland. */
export enum Validity {
  IN_FORCE = 'IN_FORCE',
  UPCOMING = 'UPCOMING',
  EXPIRED = 'EXPIRED',
  ANY = 'ANY',
}
registerEnumType(Validity, {
  name: 'Validity',
  description: 'Offerings by their validity period (`validFrom`–`validUntil`), on today’s date in Finland.',
  valuesConfig: {
    IN_FORCE: {
      description:
        'In force today: `validFrom` and `validUntil` (both inclusive, either open) around today. The default.',
    },
    UPCOMING: { description: 'Not yet in force: `validFrom` is after today.' },
    EXPIRED: { description: 'No longer in force: `validUntil` is before today.' },
    ANY: { description: 'Whatever the dates (editors looking after their own offerings).' },
  },
});

/** The `validity` field of an offering filter (default IN_FORCE). */
export function ValidityField(): PropertyDecorator {
  return Field(() => Validity, {
    nullable: true,
    defaultValue: Validity.IN_FORCE,
    description:
      'Offerings by validity on today’s date in Finland (Europe/Helsinki): IN_FORCE (default), ' +
      'UPCOMING, EXPIRED or ANY (staff editing their own offerings pass ANY).',
  });
}

/**
 * SQL true when the offering of `alias` has `validity` on `today` (an ISO date, see
 * `finnishToday`); nothing for ANY. The date is bound, not `now()`: one request, its lists,
 * `inForce` and a cached coverage matrix all agree on the day.
 */
export function validitySql(alias: string, validity: Validity, today: string): Sql | null {
  const from = rawSql(`${alias}.valid_from`);
  const until = rawSql(`${alias}.valid_until`);
  switch (validity) {
    case Validity.IN_FORCE:
      return sql`(${from} is null or ${from} <= ${today}::date) and (${until} is null or ${until} >= ${today}::date)`;
    case Validity.UPCOMING:
      return sql`${from} > ${today}::date`;
    case Validity.EXPIRED:
      return sql`${until} < ${today}::date`;
    case Validity.ANY:
      return null;
  }
}

/** Whether an offering is in force on `today` (the same rule as IN_FORCE). */
export function isInForce(
  offering: { validFrom?: string | null; validUntil?: string | null },
  today: string,
): boolean {
  return (
    (offering.validFrom == null || offering.validFrom <= today) &&
    (offering.validUntil == null || offering.validUntil >= today)
  );
}
