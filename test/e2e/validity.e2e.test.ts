import { Role } from '../../src/common/context';
import { finnishDate } from '../../src/common/dates';
import { toGlobalId } from '../../src/common/node';
import { ServiceOffering } from '../../src/modules/service-offering/service-offering.entity';
import { Fixtures } from '../support/fixtures';
import {
  CoverageCellsDocument,
  OfferingValidityDocument,
  SearchFilteredDocument,
  ServiceOfferingChangedDocument,
  StatisticsCountsDocument,
  UpdateServiceOfferingDocument,
  type Validity,
} from '../support/generated/graphql';
import { startTestHub, TestHub } from '../support/hub';
import { connectWs } from '../support/ws';

/**
 * Validity on today's date in Finland. The offerings' dates are set relative to the Finnish date
 * of the moment the checks run, and the checks are repeated when that date turns meanwhile, so
 * the suite does not depend on the wall clock being away from midnight.
 */

let t: TestHub;
let editor: string;
let actorId: string;
const ids: Record<string, string> = {};

const NAMES = ['expired', 'ends-today', 'starts-today', 'upcoming', 'open'] as const;
type Name = (typeof NAMES)[number];

function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Sets the offerings' periods around `today`: yesterday's end, today's end and start, tomorrow's start. */
async function arrange(today: string): Promise<void> {
  const periods: Record<Name, [string | null, string | null]> = {
    expired: [addDays(today, -30), addDays(today, -1)],
    'ends-today': [null, today],
    'starts-today': [today, null],
    upcoming: [addDays(today, 1), addDays(today, 30)],
    open: [null, null],
  };
  const em = t.em();
  for (const name of NAMES) {
    const o = await em.findOneOrFail(ServiceOffering, { id: ids[name] });
    [o.validFrom, o.validUntil] = periods[name];
  }
  await em.flush();
}

/** Runs `check` on offerings arranged around today, again if the Finnish date turned meanwhile. */
async function onStableDate(check: () => Promise<void>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const today = finnishDate();
    await arrange(today);
    await check();
    if (finnishDate() === today || attempt === 2) return;
  }
}

async function titles(validity?: Validity): Promise<string[]> {
  const res = await t.request(OfferingValidityDocument, { filter: { regionCodes: ['13'], validity } });
  expect(res.errors).toBeUndefined();
  return res.data!.serviceOfferings.nodes.map((n) => n.title).sort();
}

beforeAll(async () => {
  t = await startTestHub('validity');
  const fx = new Fixtures(t.em());
  const actor = await fx.actor({ slug: 'valid-actor' });
  actorId = actor.id;
  for (const name of NAMES) {
    ids[name] = (await fx.offering(actor, { title: { fi: `Tukipalvelu ${name}` }, regionCodes: ['13'] })).id;
  }
  editor = await t.token({ actor: 'valid-actor', roles: [Role.EDITOR] });
});
afterAll(async () => {
  await t?.stop();
});

describe('validity of offerings', () => {
  it('lists only offerings in force by default; UPCOMING, EXPIRED and ANY on request', async () => {
    await onStableDate(async () => {
      expect(await titles()).toEqual([
        'Tukipalvelu ends-today',
        'Tukipalvelu open',
        'Tukipalvelu starts-today',
      ]);
      expect(await titles('IN_FORCE')).toEqual(await titles());
      expect(await titles('UPCOMING')).toEqual(['Tukipalvelu upcoming']);
      expect(await titles('EXPIRED')).toEqual(['Tukipalvelu expired']);
      expect(await titles('ANY')).toHaveLength(5);
    });
  });

  it('tells inForce: today, yesterday and tomorrow at the edges', async () => {
    await onStableDate(async () => {
      const res = await t.request(OfferingValidityDocument, { filter: { validity: 'ANY' } });
      const inForce = Object.fromEntries(
        res.data!.serviceOfferings.nodes.map((n) => [n.title.replace('Tukipalvelu ', ''), n.inForce]),
      );
      expect(inForce).toEqual({
        expired: false,
        'ends-today': true,
        'starts-today': true,
        upcoming: false,
        open: true,
      });
    });
  });

  it('counts only offerings in force in coverage, statistics and search unless asked', async () => {
    await onStableDate(async () => {
      const cell = async (validity?: Validity) => {
        const res = await t.request(CoverageCellsDocument, {
          level: 'WELLBEING_COUNTY',
          filter: { regionCodes: ['13'], categoryCodes: ['CONSULTATION'], validity },
          first: 10,
        });
        const c = res.data!.serviceCoverage.cells[0];
        expect(c.offerings.totalCount).toBe(c.offeringCount);
        return c.offeringCount;
      };
      expect([await cell(), await cell('EXPIRED'), await cell('UPCOMING'), await cell('ANY')]).toEqual([
        3, 1, 1, 5,
      ]);
      const stats = async (validity?: Validity) =>
        (await t.request(StatisticsCountsDocument, { filter: { validity } })).data!.statistics.offeringCount;
      expect([await stats(), await stats('ANY')]).toEqual([3, 5]);
      const search = async (validity?: Validity) =>
        (
          await t.request(SearchFilteredDocument, {
            query: 'tukipalvelu',
            types: ['SERVICE_OFFERING'],
            filter: { validity },
          })
        ).data!.search.totalCount;
      expect([await search(), await search('EXPIRED'), await search('ANY')]).toEqual([3, 1, 5]);
    });
  });

  it('lets staff see their own actor’s offerings whatever the dates with ANY', async () => {
    await onStableDate(async () => {
      const filter = { actorIds: [toGlobalId('Actor', actorId)] };
      const mine = await t.request(
        OfferingValidityDocument,
        { filter: { ...filter, validity: 'ANY' } },
        { token: editor },
      );
      const byDefault = await t.request(OfferingValidityDocument, { filter }, { token: editor });
      expect(byDefault.data!.serviceOfferings.totalCount).toBe(3);
      expect(mine.data!.serviceOfferings.totalCount).toBe(5);
    });
  });

  it('rejects validUntil before validFrom on update and changes nothing', async () => {
    const o = await t.em().findOneOrFail(ServiceOffering, { id: ids.upcoming });
    const res = await t.request(
      UpdateServiceOfferingDocument,
      { id: toGlobalId('ServiceOffering', o.id), version: o.version, input: { validUntil: '2000-01-01' } },
      { token: editor },
    );
    expect(res.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: ['input.validUntil'],
    });
    expect((await t.em().findOneOrFail(ServiceOffering, { id: o.id })).validUntil).toBe(o.validUntil);
  });

  it('announces changes of offerings out of force only to subscribers who ask for them', async () => {
    const ws = connectWs(t.url, { token: editor });
    try {
      const inForce = ws.subscribe(ServiceOfferingChangedDocument, { filter: { regionCodes: ['13'] } });
      const any = ws.subscribe(ServiceOfferingChangedDocument, { filter: { validity: 'ANY' } });
      await Promise.all([inForce.ready, any.ready]);
      const update = async (name: Name, fi: string) => {
        const o = await t.em().findOneOrFail(ServiceOffering, { id: ids[name] });
        const res = await t.request(
          UpdateServiceOfferingDocument,
          { id: toGlobalId('ServiceOffering', o.id), version: o.version, input: { title: { fi } } },
          { token: editor },
        );
        expect(res.errors).toBeUndefined();
      };
      await update('expired', 'Tukipalvelu expired');
      // The sentinel: an offering in force, after the expired one.
      await update('open', 'Tukipalvelu open');
      await inForce.waitFor(1);
      await any.waitFor(2);
      expect(inForce.received.map((r) => r.data?.serviceOfferingChanged.offering.title)).toEqual([
        'Tukipalvelu open',
      ]);
      expect(any.received.map((r) => r.data?.serviceOfferingChanged.offering.title)).toEqual([
        'Tukipalvelu expired',
        'Tukipalvelu open',
      ]);
    } finally {
      await ws.dispose();
    }
  });
});
