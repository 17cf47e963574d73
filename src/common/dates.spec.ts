import { finnishDate, finnishToday } from './dates';

describe('finnishDate', () => {
  it('turns the day at midnight in Finland, not in UTC', () => {
    // Winter (UTC+2): midnight in Helsinki is 22:00 UTC the day before.
    expect(finnishDate(new Date('2026-12-31T21:59:59.999Z'))).toBe('2026-12-31');
    expect(finnishDate(new Date('2026-12-31T22:00:00.000Z'))).toBe('2027-01-01');
    // Summer (UTC+3): 21:00 UTC.
    expect(finnishDate(new Date('2027-06-30T20:59:59.999Z'))).toBe('2027-06-30');
    expect(finnishDate(new Date('2027-06-30T21:00:00.000Z'))).toBe('2027-07-01');
  });

  it('keeps one date for one request scope', () => {
    const scope = {};
    const first = finnishToday(scope);
    expect(finnishToday(scope)).toBe(first);
    expect(first).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
