import fs from 'node:fs';
import path from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

const DIR = path.join(__dirname, '..', 'fixtures', 'hsds');

function load(file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as Record<string, unknown>;
}

export type HsdsSchema =
  'service' | 'service_list' | 'organization' | 'organization_list' | 'taxonomy' | 'taxonomy_term';

/**
 * Open Referral's own JSON schemas (test/fixtures/hsds), compiled with ajv (and ajv-formats for
 * `uuid`, `uri`, `email`, `date-time`): `check(schema, value)` returns ajv's errors as text, or
 * null when the value validates. `checkPage` validates HSDS's `Page` envelope (every paging field
 * present) with each item of `contents` against `item`.
 */
export function hsdsSchemas() {
  // The specification's schemas carry keywords of their own (name, path, constraints, core...).
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(load('metadata.json'), 'metadata.json');
  ajv.addSchema(load('taxonomy.json'), 'taxonomy.json');
  ajv.addSchema(load('taxonomy_term.json'), 'taxonomy_term.json');
  const compiled: Record<HsdsSchema, ValidateFunction> = {
    service: ajv.compile(load('compiled-service.json')),
    service_list: ajv.compile(load('compiled-service_list.json')),
    organization: ajv.compile(load('compiled-organization.json')),
    organization_list: ajv.compile(load('compiled-organization_list.json')),
    taxonomy: ajv.getSchema('taxonomy.json')!,
    taxonomy_term: ajv.getSchema('taxonomy_term.json')!,
  };
  const openapi = load('openapi.json') as { components: { schemas: { Page: Record<string, unknown> } } };
  const pageSchema = openapi.components.schemas.Page;
  const page = ajv.compile({
    ...pageSchema,
    required: [...Object.keys(pageSchema.properties as object), 'contents'],
    properties: { ...(pageSchema.properties as object), contents: { type: 'array' } },
  });
  const check = (schema: HsdsSchema, value: unknown): string | null => {
    const validate = compiled[schema];
    return validate(value) ? null : ajv.errorsText(validate.errors, { dataVar: schema });
  };
  return {
    check,
    checkPage(item: HsdsSchema, value: unknown): string | null {
      if (!page(value)) return ajv.errorsText(page.errors, { dataVar: 'page' });
      const contents = (value as { contents: unknown[] }).contents;
      for (const [i, entry] of contents.entries()) {
        const problem = check(item, entry);
        if (problem) return `contents[${i}]: ${problem}`;
      }
      return null;
    },
  };
}
