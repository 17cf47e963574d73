import { RequestContext } from '../../common/context';
import { loadById } from '../../common/by-id';
import { listAll, selection } from '../../common/list-query';
import { readRows } from '../../db/query';
import { rawSql, sql } from '../../common/sql';
import { policy } from '../auth';
import { linkedReachSql, RegionMatch, regionsByIdSql } from '../region';
import { Contact, CONTACT_REGIONS, ContactRole } from './contact.entity';

/** Reading contact persons: personal data, for authenticated staff only (empty lists otherwise). */
export const contactService = {
  /**
   * The contact persons for a region: those whose regions reach it under `match` (SERVES: a
   * contact for the KYS area is a contact of each KYS county), optionally of some roles, by name.
   * Batched: the regions of one request asked with the same arguments share two statements.
   */
  /** A contact by id (batched per request); null for anonymous readers. */
  async findById(ctx: RequestContext, id: string): Promise<Contact | null> {
    if (!policy.canSeeContacts(ctx.viewer)) return null;
    return loadById(ctx, Contact, id);
  },

  async forRegion(
    ctx: RequestContext,
    regionId: string,
    args: { match: RegionMatch; roles?: readonly ContactRole[] | null },
  ): Promise<Contact[]> {
    if (!policy.canSeeContacts(ctx.viewer)) return [];
    return ctx.loaders
      .get<string, Contact[]>(`Region.contacts:${JSON.stringify(args)}`, async (regionIds) => {
        const reach = linkedReachSql(CONTACT_REGIONS, regionsByIdSql([...regionIds]), args.match);
        const pairs = await readRows<{ owner_id: string; target_id: string }>(ctx.em, reach);
        const ids = [...new Set(pairs.map((p) => p.owner_id))];
        const contacts = ids.length
          ? await listAll(
              ctx.em,
              selection(
                Contact,
                sql`e.id in (${ids})`,
                args.roles?.length ? sql`e.role in (${[...args.roles]})` : null,
              ),
              rawSql('e.name asc, e.id asc'),
            )
          : [];
        return regionIds.map((regionId) => {
          const mine = new Set(pairs.filter((p) => p.target_id === regionId).map((p) => p.owner_id));
          return contacts.filter((c) => mine.has(c.id));
        });
      })
      .load(regionId);
  },
};
