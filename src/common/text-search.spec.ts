import { Language } from './enums';
import { parseTextQuery, searchVectorSql } from './text-search';

describe('parseTextQuery', () => {
  it('returns null for blank text', () => {
    expect(parseTextQuery('')).toBeNull();
    expect(parseTextQuery('   ')).toBeNull();
    expect(parseTextQuery(null)).toBeNull();
  });

  it('turns the wanted words into prefixes and keeps them for similarity', () => {
    expect(parseTextQuery('  Koulua käymättömät ')).toEqual({
      text: 'Koulua käymättömät',
      prefix: '(koulua:*) & (käymättömät:*)',
      words: 'koulua käymättömät',
      excluded: null,
    });
  });

  it('reads or, quoted phrases and exclusions as websearch_to_tsquery does', () => {
    const q = parseTextQuery('"koulua käymättömät" or autismi -"pitkä jakso" -lääkitys');
    expect(q?.prefix).toBe('(koulua:* & käymättömät:*) | (autismi:*)');
    expect(q?.words).toBe('koulua käymättömät autismi');
    expect(q?.excluded).toBe('(pitkä <-> jakso) | lääkitys');
  });

  it('leaves single letters out of prefixes and too little text out of similarity', () => {
    expect(parseTextQuery('a b')).toMatchObject({ prefix: null, words: null });
    expect(parseTextQuery('e-oppiminen')?.prefix).toBe('(oppiminen:*)');
  });

  it('lets only letters and digits into to_tsquery input', () => {
    const q = parseTextQuery("x'); drop table actor; -- & | ! :* (a) <-> 'b' 2024")!;
    expect(q.prefix).toMatch(/^[\p{L}\p{N}():*&| ]+$/u);
    expect(q.prefix).toBe('(drop:*) & (table:*) & (actor:*) & (2024:*)');
  });

  it('has no words when there is nothing but punctuation', () => {
    expect(parseTextQuery('!!! :*')).toEqual({ text: '!!! :*', prefix: null, words: null, excluded: null });
  });
});

describe('searchVectorSql', () => {
  it('weights the title over the description and normalises Swedish definite forms', () => {
    const spec = { table: 'event', title: 'title', description: 'description', extra: ['location'] };
    expect(searchVectorSql(spec, Language.FI)).toBe(
      "setweight(to_tsvector('finnish', coalesce(title_fi, '')), 'A') || " +
        "setweight(to_tsvector('finnish', coalesce(description_fi, '')), 'B') || " +
        "setweight(to_tsvector('finnish', coalesce(location, '')), 'C')",
    );
    expect(searchVectorSql(spec, Language.SV)).toContain(
      "to_tsvector('swedish', regexp_replace(regexp_replace(",
    );
  });
});
