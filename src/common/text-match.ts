import type { QueryBuilder } from '@mikro-orm/postgresql';

/** Escapes `%`, `_` and `\` for an ILIKE pattern. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Every word of `text` must occur (case-insensitively) in one of `columns`. For short reference
 * texts (regions, service needs); records with search vectors use `whereTextMatches` in
 * `text-search.ts` instead.
 */
export function whereWordsMatch<T extends object>(
  qb: QueryBuilder<T>,
  columns: string[],
  text: string | null | undefined,
): void {
  const words = (text ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 10);
  for (const word of words) {
    const p = likePattern(word);
    qb.andWhere(
      `(${columns.map((c) => `${c} ilike ?`).join(' or ')})`,
      columns.map(() => p),
    );
  }
}
