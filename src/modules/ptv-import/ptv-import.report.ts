import type { Counts, ImportReport } from './ptv-import.service';

function counts(c: Counts): string {
  return `${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged, ${c.skipped} skipped`;
}

/** The import's report for people: the counts, then one line per record that did not stay as it was. */
export function formatReport(report: ImportReport): string {
  const lines: string[] = [];
  if (report.problems.length) {
    lines.push(
      `PTV import: ${report.problems.length} problem(s) in ${report.files} file(s); nothing was imported.`,
    );
    for (const p of report.problems)
      lines.push(`  ${p.file}${p.record ? `, ${p.record}` : ''}: ${p.message}`);
    return lines.join('\n');
  }
  lines.push(`PTV import${report.dryRun ? ' (dry run: nothing was written)' : ''}: ${report.files} file(s)`);
  lines.push(`  organisations: ${counts(report.organizations)}`);
  lines.push(`  services:      ${counts(report.services)}`);
  for (const r of report.records) {
    const what = `${r.kind === 'organization' ? 'organisation' : 'service'} ${r.ptvId} "${r.name}"`;
    const where = r.slug ? ` → actor ${r.slug}` : '';
    if (r.outcome === 'skipped') lines.push(`  skipped  ${what}: ${r.reason}`);
    else if (r.outcome === 'updated') lines.push(`  updated  ${what}${where}: ${r.changes?.join(', ')}`);
    else if (r.outcome === 'created') lines.push(`  created  ${what}${where}`);
    for (const note of r.notes) lines.push(`    note: ${note}`);
  }
  return lines.join('\n');
}
