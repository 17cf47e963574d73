import { Role } from '../../src/common/context';
import { AgeGroup, Language, PublicationStatus } from '../../src/common/enums';
import { CostType, DeliveryMode } from '../../src/modules/service-offering/service-offering.entity';
import { Fixtures } from '../support/fixtures';
import { startTestHub, TestHub } from '../support/hub';

/*
 * An actor's services are read as read views (not managed entities): every field must answer
 * exactly as on the same offering read by id, for anonymous readers and for the actor's editor.
 */

let t: TestHub;

/** The fields the tests look into (the rest are compared whole). */
type Offering = { id: string; title: string; cost: string } & Record<string, unknown>;

const OFFERING = `
  id title description titleI18n { fi sv en } descriptionI18n { fi sv en }
  ageGroups languages deliveryModes cost referralRequired status isDemo version
  validFrom validUntil createdAt updatedAt
  categories { code name } supportNeeds { code name } regions { code name }
  actor { id slug name } contact { name email }
`;

beforeAll(async () => {
  t = await startTestHub('read_views');
  const f = new Fixtures(t.em());
  const actor = await f.actor({ slug: 'view-school', regionCodes: ['KYS'] });
  const contact = await f.contact(actor);
  await f.offering(actor, {
    title: { fi: 'Konsultaatio', sv: 'Konsultation', en: 'Consultation' },
    description: { fi: 'Kuvaus', sv: 'Beskrivning' },
    categoryCodes: ['CONSULTATION', 'ASSESSMENT'],
    supportNeedCodes: ['PLACED_CHILDREN'],
    regionCodes: ['KYS', '13'],
    ageGroups: [AgeGroup.PRIMARY, AgeGroup.LOWER_SECONDARY],
    languages: [Language.FI, Language.SV],
    deliveryModes: [DeliveryMode.ON_SITE, DeliveryMode.REMOTE],
    cost: CostType.PAID,
    contact,
  });
  await f.offering(actor, { title: { sv: 'Utkast' }, status: PublicationStatus.DRAFT });
  await f.offering(actor, { title: { en: 'No regions' }, categoryCodes: [] });
});

afterAll(async () => {
  await t?.stop();
});

async function both(token?: string, lang?: string) {
  const listed = await t.request<{ actor: { services: { nodes: Offering[] } } }, Record<string, never>>(
    `{ actor(slug: "view-school") { services(first: 10) { nodes { ${OFFERING} } } } }`,
    {},
    { token, lang },
  );
  expect(listed.errors).toBeUndefined();
  const nodes = listed.data!.actor.services.nodes;
  const byId = [];
  for (const node of nodes) {
    const one = await t.request<{ serviceOffering: unknown }, { id: string }>(
      `query One($id: ID!) { serviceOffering(id: $id) { ${OFFERING} } }`,
      { id: node.id },
      { token, lang },
    );
    expect(one.errors).toBeUndefined();
    byId.push(one.data!.serviceOffering);
  }
  return { nodes, byId };
}

describe('nested offerings as read views', () => {
  it('answer like the offering read by id, for anonymous readers', async () => {
    const { nodes, byId } = await both();
    expect(nodes).toHaveLength(2);
    expect(nodes).toEqual(byId);
    const full = nodes.find((n) => n.cost === 'PAID')!;
    expect(full.categories).toEqual([
      expect.objectContaining({ code: 'CONSULTATION' }),
      expect.objectContaining({ code: 'ASSESSMENT' }),
    ]);
    expect(full.contact).toBeNull();
    expect((full.actor as { slug: string }).slug).toBe('view-school');
  });

  it('answer like the offering read by id, for the editor (drafts, contacts) and in Swedish', async () => {
    const editor = await t.token({ actor: 'view-school', roles: [Role.EDITOR] });
    const { nodes, byId } = await both(editor, 'sv');
    expect(nodes).toHaveLength(3);
    expect(nodes).toEqual(byId);
    const titles = nodes.map((n) => n.title).sort();
    expect(titles).toEqual(['Konsultation', 'No regions', 'Utkast']);
    const full = nodes.find((n) => n.cost === 'PAID')!;
    expect(full.contact).toEqual({ name: 'Maija Meikäläinen', email: 'maija@example.org' });
  });
});
