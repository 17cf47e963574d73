import { Role } from '../../src/common/context';
import { Fixtures } from '../support/fixtures';
import { startTestHub, TestHub } from '../support/hub';

/*
 * Lists read only the columns their client selected. Whatever a client selects (one field, every
 * field, through fragments, aliases or edges), each field must answer exactly as in the list that
 * selects everything.
 */

let t: TestHub;
let editor: string;

type IntrospectedField = {
  name: string;
  args: { type: { kind: string } }[];
  type: { kind: string; name: string | null; ofType: IntrospectedType | null };
};
type IntrospectedType = { kind: string; name: string | null; ofType: IntrospectedType | null };

beforeAll(async () => {
  t = await startTestHub('pruned_lists');
  const f = new Fixtures(t.em());
  const a = await f.actor({ slug: 'pruned-a', regionCodes: ['KYS'] });
  const b = await f.actor({ slug: 'pruned-b', regionCodes: ['13'] });
  const contact = await f.contact(a);
  await f.offering(a, {
    title: { fi: 'Konsultaatio', sv: 'Konsultation' },
    description: { fi: 'Kuvaus', en: 'Description' },
    categoryCodes: ['CONSULTATION'],
    regionCodes: ['KYS'],
    contact,
  });
  await f.offering(b, { title: { fi: 'Arviointi' }, categoryCodes: ['ASSESSMENT'] });
  const initiative = await f.initiative(a, [b], {
    description: { fi: 'Yhteinen hanke' },
    regionCodes: ['KYS'],
  });
  await f.material(a, { initiative, description: { sv: 'Material' }, tags: ['uni'] });
  await f.material(b, {});
  await f.event([a, b], { initiative, description: { fi: 'Tapahtuma' }, regionCodes: ['13'] });
  await t.em().flush();
  editor = await t.token({ actor: 'pruned-a', roles: [Role.EDITOR] });
});

afterAll(async () => {
  await t?.stop();
});

function named(type: IntrospectedType): IntrospectedType {
  return type.ofType ? named(type.ofType) : type;
}

/** Every field of `typeName` that takes no required argument, each with a selection of its own. */
async function selections(typeName: string): Promise<Record<string, string>> {
  const res = await t.request<{ __type: { fields: IntrospectedField[] } }, { name: string }>(
    `query T($name: String!) { __type(name: $name) { fields {
       name args { type { kind } }
       type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }`,
    { name: typeName },
  );
  expect(res.errors).toBeUndefined();
  const out: Record<string, string> = {};
  for (const field of res.data!.__type.fields) {
    if (field.args.some((a) => a.type.kind === 'NON_NULL')) continue;
    const leaf = ['SCALAR', 'ENUM'].includes(named(field.type).kind);
    out[field.name] = leaf ? field.name : `${field.name} { __typename }`;
  }
  return out;
}

/** Item type, and a query that selects `items` on its list's nodes (flattened by `pick`). */
type List = [
  string,
  string,
  (items: string) => string,
  (data: Record<string, unknown>) => Record<string, unknown>[],
];
type Nodes = { nodes: Record<string, unknown>[] };
const top = (field: string): [string, (items: string) => string, List[3]] => [
  field,
  (items) => `{ ${field}(first: 20) { nodes { ${items} } } }`,
  (data) => (data[field] as Nodes).nodes,
];
const nested = (parent: string, field: string): [string, (items: string) => string, List[3]] => [
  `${parent}.${field}`,
  (items) => `{ ${parent}(first: 20) { nodes { ${field}(first: 20) { nodes { ${items} } } } } }`,
  (data) => (data[parent] as { nodes: Record<string, Nodes>[] }).nodes.flatMap((p) => p[field].nodes),
];
const LISTS: List[] = [
  ['ServiceOffering', ...top('serviceOfferings')],
  ['SharedMaterial', ...top('materials')],
  ['Event', ...top('events')],
  ['JointInitiative', ...top('initiatives')],
  ['Actor', ...top('actors')],
  ['ServiceOffering', ...nested('actors', 'services')],
  ['SharedMaterial', ...nested('actors', 'materials')],
  ['Event', ...nested('actors', 'events')],
  ['JointInitiative', ...nested('actors', 'initiatives')],
  ['SharedMaterial', ...nested('initiatives', 'materials')],
  ['Event', ...nested('initiatives', 'events')],
];

describe.each([
  ['anonymous readers', () => undefined],
  ["an actor's editor", () => editor],
])('lists that select a few fields, for %s', (_who, token) => {
  it.each(LISTS)(
    '%s in %s: each field alone answers as in the full list',
    async (typeName, _list, query, pick) => {
      const fields = await selections(typeName);
      const all = Object.values(fields).join(' ');
      const full = await t.request<Record<string, unknown>, Record<string, never>>(
        query(`id ${all}`),
        {},
        {
          token: token(),
        },
      );
      expect(full.errors).toBeUndefined();
      const nodes = pick(full.data!);
      expect(nodes.length).toBeGreaterThan(0);
      for (const [name, selection] of Object.entries(fields)) {
        const one = await t.request<Record<string, unknown>, Record<string, never>>(
          query(selection),
          {},
          {
            token: token(),
          },
        );
        expect({ field: name, errors: one.errors }).toEqual({ field: name, errors: undefined });
        expect(pick(one.data!).map((n) => n[name])).toEqual(nodes.map((n) => n[name]));
      }
    },
  );
});

it('fragments, aliases and edges read what they select', async () => {
  const res = await t.request<
    {
      serviceOfferings: {
        edges: { node: { t: string; description: string | null; provider: { slug: string } } }[];
        nodes: { id: string; titleI18n: { fi: string | null } }[];
      };
    },
    Record<string, never>
  >(
    `fragment Text on ServiceOffering { description(lang: EN) }
     { serviceOfferings(first: 20) {
         edges { node { t: title ...Text provider: actor { slug } } }
         nodes { ... on ServiceOffering { id titleI18n { fi } } }
     } }`,
    {},
  );
  expect(res.errors).toBeUndefined();
  const edges = res.data!.serviceOfferings.edges.map((e) => e.node);
  expect(edges.map((e) => e.t).sort()).toEqual(['Arviointi', 'Konsultaatio']);
  expect(edges.find((e) => e.t === 'Konsultaatio')).toEqual({
    t: 'Konsultaatio',
    description: 'Description',
    provider: { slug: 'pruned-a' },
  });
  expect(res.data!.serviceOfferings.nodes.map((n) => n.titleI18n.fi).sort()).toEqual([
    'Arviointi',
    'Konsultaatio',
  ]);
});
