import { joinSql, rawSql, sql, sqlIf } from './sql';

// The one SQL builder of the hub: text search, coverage, lists and policies all compose with it,
// so its placeholder rules are pinned here once.
describe('sql', () => {
  it('binds values and splices fragments with their values in order', () => {
    const inner = sql`b = ${2}`;
    const f = sql`select ${'x'} where a = ${1} and ${inner} and c in (${['p', 'q']})`;
    expect(f.text).toBe('select ? where a = ? and b = ? and c in (?)');
    expect(f.params).toEqual(['x', 1, 2, ['p', 'q']]);
  });

  it('inlines trusted text and binds the rest', () => {
    const q = sql`select ${sql`lower(${'X'})`} = ${'y'} and ${rawSql('true')}`;
    expect(q.text).toBe('select lower(?) = ? and true');
    expect(q.params).toEqual(['X', 'y']);
  });

  it('joins and skips fragments', () => {
    expect(
      joinSql(
        [sql`a = ${1}`, sqlIf(false, () => sql`b`), sql`c = ${3}`].filter((f) => f.text),
        ' or ',
      ),
    ).toEqual({ text: 'a = ? or c = ?', params: [1, 3] });
  });

  it('refuses a placeholder character in literal SQL and unmatched values', () => {
    expect(() => rawSql('a in (?)', [])).toThrow();
    expect(() => rawSql('a ? b')).toThrow();
    expect(() => sql`a ? ${1}`).toThrow();
    expect(() => sql`a ? b`).toThrow();
  });
});
