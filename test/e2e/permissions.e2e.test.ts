import { Role } from '../../src/common/context';
import { PublicationStatus } from '../../src/common/enums';
import { toGlobalId } from '../../src/common/node';
import { Actor, ActorKind } from '../../src/modules/actor/actor.entity';
import { MaterialKind } from '../../src/modules/material/material.entity';
import {
  AddInitiativeParticipantDocument,
  ArchiveServiceOfferingDocument,
  ArchiveSharedMaterialDocument,
  CancelEventDocument,
  CreateActorDocument,
  CreateEventDocument,
  CreateInitiativeDocument,
  CreateServiceOfferingDocument,
  CreateSharedMaterialDocument,
  PublishServiceOfferingDocument,
  PublishSharedMaterialDocument,
  RemoveInitiativeParticipantDocument,
  ReportServiceNeedDocument,
  UpdateActorDocument,
  UpdateEventDocument,
  UpdateInitiativeDocument,
  UpdateServiceNeedStatusDocument,
  UpdateServiceOfferingDocument,
  UpdateSharedMaterialDocument,
} from '../support/generated/graphql';
import { Fixtures } from '../support/fixtures';
import { fingerprint } from '../support/fingerprint';
import { GraphQLResponse, startTestHub, TestHub } from '../support/hub';

type Who = 'anonymous' | 'ownEditor' | 'otherEditor' | 'coordinator';
type Outcome = 'ok' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND';

interface Case {
  name: string;
  /** Creates a fresh target and runs the mutation with the token. */
  run(token: string | undefined): Promise<GraphQLResponse<unknown>>;
  expect: Record<Who, Outcome>;
}

let t: TestHub;
let fx: Fixtures;
let a: Actor;
let c: Actor;
const tokens: Partial<Record<Who, string>> = {};

const gid = (type: string, id: string) => toGlobalId(type, id);

beforeAll(async () => {
  t = await startTestHub('permissions');
  fx = new Fixtures(t.em());
  a = await fx.actor({ slug: 'owner-a', kind: ActorKind.VALTERI });
  await fx.actor({ slug: 'other-b', kind: ActorKind.ELMERI_SCHOOL });
  c = await fx.actor({ slug: 'third-c', kind: ActorKind.STATE_SCHOOL_HOME });
  tokens.ownEditor = await t.token({ actor: 'owner-a', roles: [Role.EDITOR], sub: 'editor-a' });
  tokens.otherEditor = await t.token({ actor: 'other-b', roles: [Role.EDITOR], sub: 'editor-b' });
  tokens.coordinator = await t.token({ roles: [Role.COORDINATOR], sub: 'coordinator' });
});
afterAll(async () => {
  await t?.stop();
});

const standard = (refusal: 'FORBIDDEN' | 'NOT_FOUND'): Record<Who, Outcome> => ({
  anonymous: 'UNAUTHENTICATED',
  ownEditor: 'ok',
  otherEditor: refusal,
  coordinator: 'ok',
});

const cases: Case[] = [
  {
    name: 'createServiceOffering',
    run: (token) =>
      t.request(
        CreateServiceOfferingDocument,
        { input: { actorId: gid('Actor', a.id), title: { fi: 'Uusi' }, categoryCodes: ['CONSULTATION'] } },
        { token },
      ),
    expect: standard('FORBIDDEN'),
  },
  {
    name: 'updateServiceOffering (published)',
    run: async (token) => {
      const o = await fx.offering(a);
      return t.request(
        UpdateServiceOfferingDocument,
        { id: gid('ServiceOffering', o.id), version: o.version, input: { title: { fi: 'Muutettu' } } },
        { token },
      );
    },
    expect: standard('FORBIDDEN'),
  },
  {
    name: 'updateServiceOffering (draft: not even visible to others)',
    run: async (token) => {
      const o = await fx.offering(a, { status: PublicationStatus.DRAFT });
      return t.request(
        UpdateServiceOfferingDocument,
        { id: gid('ServiceOffering', o.id), version: o.version, input: { title: { fi: 'Muutettu' } } },
        { token },
      );
    },
    expect: standard('NOT_FOUND'),
  },
  {
    name: 'publishServiceOffering',
    run: async (token) => {
      const o = await fx.offering(a, { status: PublicationStatus.DRAFT });
      return t.request(
        PublishServiceOfferingDocument,
        { id: gid('ServiceOffering', o.id), version: o.version },
        { token },
      );
    },
    expect: standard('NOT_FOUND'),
  },
  {
    name: 'archiveServiceOffering',
    run: async (token) => {
      const o = await fx.offering(a);
      return t.request(
        ArchiveServiceOfferingDocument,
        { id: gid('ServiceOffering', o.id), version: o.version },
        { token },
      );
    },
    expect: standard('FORBIDDEN'),
  },
  {
    name: 'createSharedMaterial',
    run: (token) =>
      t.request(
        CreateSharedMaterialDocument,
        {
          input: {
            publisherId: gid('Actor', a.id),
            kind: 'GUIDE',
            title: { fi: 'Opas' },
            url: 'https://example.org/opas',
          },
        },
        { token },
      ),
    expect: standard('FORBIDDEN'),
  },
  {
    name: 'updateSharedMaterial (draft)',
    run: async (token) => {
      const m = await fx.material(a, { status: PublicationStatus.DRAFT });
      return t.request(
        UpdateSharedMaterialDocument,
        { id: gid('SharedMaterial', m.id), version: m.version, input: { title: { sv: 'Guide' } } },
        { token },
      );
    },
    expect: standard('NOT_FOUND'),
  },
  {
    name: 'publishSharedMaterial',
    run: async (token) => {
      const m = await fx.material(a, { status: PublicationStatus.DRAFT, kind: MaterialKind.VIDEO });
      return t.request(
        PublishSharedMaterialDocument,
        { id: gid('SharedMaterial', m.id), version: m.version },
        { token },
      );
    },
    expect: standard('NOT_FOUND'),
  },
  {
    name: 'archiveSharedMaterial',
    run: async (token) => {
      const m = await fx.material(a);
      return t.request(
        ArchiveSharedMaterialDocument,
        { id: gid('SharedMaterial', m.id), version: m.version },
        { token },
      );
    },
    expect: standard('FORBIDDEN'),
  },
  {
    name: 'createEvent',
    run: (token) =>
      t.request(
        CreateEventDocument,
        {
          input: {
            organizerIds: [gid('Actor', a.id)],
            kind: 'TRAINING',
            title: { fi: 'Koulutus' },
            startsAt: '2027-03-25T08:00:00Z',
          },
        },
        { token },
      ),
    expect: standard('FORBIDDEN'),
  },
  {
    name: 'updateEvent',
    run: async (token) => {
      const e = await fx.event([a]);
      return t.request(
        UpdateEventDocument,
        { id: gid('Event', e.id), version: e.version, input: { location: 'Helsinki' } },
        { token },
      );
    },
    expect: standard('FORBIDDEN'),
  },
  {
    name: 'cancelEvent',
    run: async (token) => {
      const e = await fx.event([a]);
      return t.request(CancelEventDocument, { id: gid('Event', e.id), version: e.version }, { token });
    },
    expect: standard('FORBIDDEN'),
  },
  {
    name: 'createInitiative',
    run: (token) =>
      t.request(
        CreateInitiativeDocument,
        { input: { leadActorId: gid('Actor', a.id), title: { fi: 'Teemaryhmä' }, kind: 'THEME_GROUP' } },
        { token },
      ),
    expect: standard('FORBIDDEN'),
  },
  {
    name: 'updateInitiative',
    run: async (token) => {
      const i = await fx.initiative(a);
      return t.request(
        UpdateInitiativeDocument,
        { id: gid('JointInitiative', i.id), version: i.version, input: { status: 'COMPLETED' } },
        { token },
      );
    },
    expect: standard('FORBIDDEN'),
  },
  {
    name: 'addInitiativeParticipant (another actor)',
    run: async (token) => {
      const i = await fx.initiative(a);
      return t.request(
        AddInitiativeParticipantDocument,
        { initiativeId: gid('JointInitiative', i.id), actorId: gid('Actor', c.id), role: 'PARTNER' },
        { token },
      );
    },
    expect: standard('FORBIDDEN'),
  },
  {
    name: 'removeInitiativeParticipant',
    run: async (token) => {
      const i = await fx.initiative(a, [c]);
      return t.request(
        RemoveInitiativeParticipantDocument,
        { initiativeId: gid('JointInitiative', i.id), actorId: gid('Actor', c.id) },
        { token },
      );
    },
    expect: standard('FORBIDDEN'),
  },
  {
    name: 'reportServiceNeed (any editor)',
    run: (token) =>
      t.request(
        ReportServiceNeedDocument,
        { input: { regionCode: '05', categoryCodes: ['ASSESSMENT'] } },
        { token },
      ),
    expect: { anonymous: 'UNAUTHENTICATED', ownEditor: 'ok', otherEditor: 'ok', coordinator: 'ok' },
  },
  {
    name: 'updateServiceNeedStatus (coordinators)',
    run: async (token) => {
      const n = await fx.need('05');
      return t.request(
        UpdateServiceNeedStatusDocument,
        { id: gid('ServiceNeed', n.id), version: n.version, status: 'MET' },
        { token },
      );
    },
    expect: {
      anonymous: 'UNAUTHENTICATED',
      ownEditor: 'FORBIDDEN',
      otherEditor: 'FORBIDDEN',
      coordinator: 'ok',
    },
  },
  {
    name: 'updateActor',
    run: async (token) => {
      const fresh = await t.em().findOneOrFail(Actor, { id: a.id });
      return t.request(
        UpdateActorDocument,
        { id: gid('Actor', a.id), version: fresh.version, input: { description: { fi: 'Kuvaus' } } },
        { token },
      );
    },
    expect: standard('FORBIDDEN'),
  },
  {
    name: 'createActor (coordinators)',
    run: (() => {
      let n = 0;
      return (token: string | undefined) =>
        t.request(
          CreateActorDocument,
          {
            input: {
              slug: `new-unit-${++n}`,
              kind: 'VALTERI',
              name: { fi: 'Yksikkö' },
              parentId: gid('Actor', a.id),
            },
          },
          { token },
        );
    })(),
    expect: {
      anonymous: 'UNAUTHENTICATED',
      ownEditor: 'FORBIDDEN',
      otherEditor: 'FORBIDDEN',
      coordinator: 'ok',
    },
  },
];

describe('permission matrix', () => {
  const whos: Who[] = ['anonymous', 'otherEditor', 'ownEditor', 'coordinator'];
  for (const c of cases) {
    for (const who of whos) {
      const expected = c.expect[who];
      it(`${c.name} as ${who}: ${expected}`, async () => {
        const em = t.em();
        if (expected === 'ok') {
          const res = await c.run(tokens[who]);
          expect(res.errors).toBeUndefined();
          expect(res.data).toBeTruthy();
          return;
        }
        // Arrange first (the case's setup writes its own target), then compare around the refusal only.
        const arranged = await arrangeThenRefuse(c, tokens[who], em);
        expect(arranged.code).toBe(expected);
        expect(arranged.after).toBe(arranged.before);
      });
    }
  }
});

/**
 * Runs a refused case and fingerprints the database just before and after the request: the
 * target is created by the case itself, so the "before" is taken once the request is built.
 */
async function arrangeThenRefuse(c: Case, token: string | undefined, em: ReturnType<TestHub['em']>) {
  let before = '';
  const originalRequest = t.request;
  t.request = (async (...args: Parameters<TestHub['request']>) => {
    before = await fingerprint(em);
    return originalRequest(...args);
  }) as TestHub['request'];
  try {
    const res = await c.run(token);
    const after = await fingerprint(em);
    return { code: res.errors?.[0]?.extensions?.code, before, after };
  } finally {
    t.request = originalRequest;
  }
}
