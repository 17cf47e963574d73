import { z } from 'zod';
import { areaProblems } from './ptv-areas';
import { PtvOrganization, ptvOrganization, PtvService, ptvService } from './ptv.schema';

/** A file given to the import: its name (for the report) and its text. */
export interface PtvFile {
  name: string;
  text: string;
}

/** Something wrong with a file or one of its records: the import then writes nothing. */
export interface FileProblem {
  file: string;
  /** Which record (`record 3`, with its id when it has one); absent for the file as a whole. */
  record?: string;
  message: string;
}

export interface ParsedFiles {
  organizations: Map<string, { record: PtvOrganization; file: string }>;
  services: Map<string, { record: PtvService; file: string }>;
  problems: FileProblem[];
}

/** The first few of zod's issues, as `path: message`. */
function issues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'record'}: ${i.message}`);
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
  return `${shown.join('; ')}${more}`;
}

/** The records of one file: a record, a list of them, or a page (`{ itemList: [...] }`). */
function recordsOf(json: unknown): unknown[] | null {
  if (Array.isArray(json)) return json;
  if (json && typeof json === 'object') {
    const list = (json as { itemList?: unknown }).itemList;
    if (Array.isArray(list)) return list;
    if ('itemList' in json) return null;
    return [json];
  }
  return null;
}

/**
 * Reads PTV open-API JSON files: each record is checked against the model (zod) and its areas
 * against PTV's area codes; every problem is reported with its file and record. A record that
 * appears twice must be the same both times.
 */
export function parsePtvFiles(files: readonly PtvFile[]): ParsedFiles {
  const out: ParsedFiles = { organizations: new Map(), services: new Map(), problems: [] };
  for (const file of files) {
    let json: unknown;
    try {
      json = JSON.parse(file.text.replace(/^\uFEFF/, ''));
    } catch (e) {
      out.problems.push({ file: file.name, message: `not JSON: ${(e as Error).message}` });
      continue;
    }
    const records = recordsOf(json);
    if (!records) {
      out.problems.push({
        file: file.name,
        message: 'not PTV open-API data: expected a record, a list of records or a page with itemList',
      });
      continue;
    }
    records.forEach((raw, index) => {
      const id =
        raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string'
          ? ` (${(raw as { id: string }).id.slice(0, 40)})`
          : '';
      const record = `record ${index + 1}${id}`;
      const problem = (message: string) => out.problems.push({ file: file.name, record, message });
      if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
        problem('not an object');
        return;
      }
      const kind = 'organizationNames' in raw ? 'organization' : 'serviceNames' in raw ? 'service' : null;
      if (!kind) {
        problem('neither an organisation (organizationNames) nor a service (serviceNames)');
        return;
      }
      const parsed = (kind === 'organization' ? ptvOrganization : ptvService).safeParse(raw);
      if (!parsed.success) {
        problem(`not a PTV ${kind}: ${issues(parsed.error)}`);
        return;
      }
      const data = parsed.data;
      const areas = areaProblems(data.areaType, data.areas);
      if (areas.length) {
        problem(areas.join('; '));
        return;
      }
      const target = (kind === 'organization' ? out.organizations : out.services) as Map<
        string,
        { record: typeof data; file: string }
      >;
      const seen = target.get(data.id);
      if (seen && JSON.stringify(seen.record) !== JSON.stringify(data)) {
        problem(`${kind} ${data.id} is also in ${seen.file}, with other content`);
        return;
      }
      target.set(data.id, { record: data, file: file.name });
    });
  }
  return out;
}
