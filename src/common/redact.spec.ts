import { describeError, redactText } from './redact';

describe('redactText', () => {
  it('masks e-mail addresses and phone numbers', () => {
    expect(redactText('from Maija.M+x@example-mail.fi: hi')).toBe('from [email]: hi');
    expect(redactText('call +358 40 123 4567 or 040-123 4567 or 091234567')).toBe(
      'call [phone] or [phone] or [phone]',
    );
    expect(redactText('ÄÄkkönen.östen@kunta.fi')).toBe('[email]');
  });

  it('leaves identifiers, times and small numbers alone', () => {
    const text =
      'id 01234567-89ab-4cde-8f01-234567890abc at 2026-12-01T09:00:00.000Z took 1200 ms, 0.123456, SQLSTATE 23514, port 4000';
    expect(redactText(text)).toBe(text);
  });
});

describe('describeError', () => {
  it('keeps a driver error’s SQLSTATE, constraint and own message, not its statement, values or detail', () => {
    const pg = Object.assign(
      new Error(
        `insert into "contact" ("name", "email") values ('Maija Meikäläinen', 'maija@example.org') - new row for relation "contact" violates check constraint "contact_email_check"`,
      ),
      {
        name: 'CheckConstraintViolationException',
        code: '23514',
        severity: 'ERROR',
        constraint: 'contact_email_check',
        table: 'contact',
        detail: 'Failing row contains (Maija Meikäläinen, maija@example.org).',
      },
    );
    const text = describeError(pg);
    expect(text).toContain('SQLSTATE 23514');
    expect(text).toContain('constraint contact_email_check');
    expect(text).toContain('violates check constraint');
    expect(text).not.toMatch(/Maija|maija@example\.org|insert into/);
  });

  it('drops a quoted input value from PostgreSQL’s message', () => {
    const pg = Object.assign(
      new Error(
        `select 1 where id = 'Maija Meikäläinen' - invalid input syntax for type uuid: "Maija Meikäläinen"`,
      ),
      { code: '22P02', severity: 'ERROR' },
    );
    expect(describeError(pg)).not.toContain('Maija');
  });

  it('masks e-mail addresses in other errors and their causes', () => {
    const e = new Error('outer', { cause: new Error('no user maija@example.org') });
    const text = describeError(e);
    expect(text).toContain('Caused by: Error: no user [email]');
    expect(text).not.toContain('maija@example.org');
  });
});
