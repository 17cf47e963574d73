import { joinSql, rawSql, Sql } from './sql';

/** Escapes `%`, `_` and `\` for an ILIKE pattern. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * SQL true when every word of `text` occurs (case-insensitively) in one of `columns`; nothing for
 * blank text. For short reference texts (regions, service needs); records with search vectors use
 * `textMatchSql` in `text-search.ts` instead.
 */
export function wordsMatchSql(columns: string[], text: string | null | undefined): Sql | null {
  const words = (text ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 10);
  if (words.length === 0) return null;
  return joinSql(
    words.map((word) => {
      const p = likePattern(word);
      return rawSql(
        `(${columns.map((c) => `${c} ilike ?`).join(' or ')})`,
        columns.map(() => p),
      );
    }),
    ' and ',
  );
}
