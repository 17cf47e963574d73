import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { configureOutbox } from '../modules/outbox';
import { formatReport, importPtv } from '../modules/ptv-import';

const USAGE = `Usage: npm run import:ptv -- [--dry-run] [--json] FILE...
Imports organisations and services from Finnish Service Catalogue (PTV) open-API v11 JSON files.
  --dry-run  report what would change, write nothing
  --json     print the report as JSON`;

/**
 * `npm run import:ptv -- FILE...`: imports PTV open-API JSON files into the hub's database
 * (DATABASE_URL, else the embedded one under DATA_DIR). Exit code 0 when imported, 1 when the
 * files had problems (nothing imported), 2 for a usage error.
 */
async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const flags = new Set(args.filter((a) => a.startsWith('--')));
  const names = args.filter((a) => !a.startsWith('--'));
  const unknown = [...flags].filter((f) => f !== '--dry-run' && f !== '--json');
  if (names.length === 0 || unknown.length || flags.has('--help')) {
    console.error(unknown.length ? `Unknown option: ${unknown.join(', ')}\n${USAGE}` : USAGE);
    return 2;
  }
  const files = [];
  for (const name of names) {
    try {
      files.push({ name: path.basename(name), text: fs.readFileSync(name, 'utf8') });
    } catch (e) {
      console.error(`Cannot read ${name}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      return 2;
    }
  }
  const config = loadConfig();
  const db = await openDatabase(config, (m) => console.error(m));
  configureOutbox({ crossProcess: !db.embedded });
  try {
    const report = await importPtv(db.orm.em.fork(), files, { dryRun: flags.has('--dry-run') });
    console.log(flags.has('--json') ? JSON.stringify(report, null, 2) : formatReport(report));
    return report.problems.length ? 1 : 0;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
