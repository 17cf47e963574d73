import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { Language } from '../../common/enums';
import { inLang } from '../open-data';

/** `delimiter`: `,` (default, RFC 4180), `;` (Finnish Excel) or `tab`. */
export const delimiterParam = z
  .enum([',', ';', 'tab'], { error: 'must be , or ; or tab' })
  .transform((v) => (v === 'tab' ? '\t' : v));

/** One column of an export: its header in three languages and its cell. */
export interface Column<R> {
  header: [fi: string, sv: string, en: string];
  cell(row: R): string | number | null | undefined;
}

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or carriage return
 * first) gets a leading apostrophe, as OWASP advises for CSV exports: text from the hub is never
 * executed by the analyst's Excel. Numbers are written as they are.
 */
export function safeCell(value: string | number | null | undefined): string {
  if (value == null) return '';
  if (typeof value === 'number') return String(value);
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * An RFC 4180 CSV file: UTF-8 with a byte-order mark (so that Excel reads Finnish and Swedish
 * letters right), CRLF line ends, a header row in `lang`, quoting where a cell needs it.
 */
export function toCsv<R>(columns: Column<R>[], rows: R[], lang: Language, delimiter: string): string {
  return stringify(
    rows.map((row) => columns.map((c) => safeCell(c.cell(row)))),
    {
      bom: true,
      delimiter,
      record_delimiter: 'windows',
      header: true,
      columns: columns.map((c, i) => ({ key: String(i), header: inLang(lang, ...c.header) })),
    },
  );
}

/** Headers of a CSV download (`Content-Disposition: attachment`). */
export function csvHeaders(filename: string): { contentType: string; headers: Record<string, string> } {
  return {
    contentType: 'text/csv; charset=utf-8; header=present',
    headers: { 'content-disposition': `attachment; filename="${filename}"` },
  };
}
