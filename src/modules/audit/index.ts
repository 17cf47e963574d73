// The audit feature's public surface: what other features, the app, the CLI and the seed may
// import. Everything else in this folder is internal to it (`npm run check:boundaries` fails on a
// deep import from outside). Files are listed entities first, resolvers last, so that loading the
// feature through this file defines its classes before anything that decorates with them.

export { AuditAction, AuditEntry } from './audit-entry.entity';
export { auditService } from './audit.service';
export { writeTrail } from './write-trail';
export { AuditEntryResolver, AuditFieldChangeResolver } from './audit.resolver';
