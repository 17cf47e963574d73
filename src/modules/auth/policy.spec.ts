import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  getNamedType,
  GraphQLNamedType,
  isInterfaceType,
  isObjectType,
  isUnionType,
} from 'graphql';
import { Role, Viewer } from '../../common/context';
import { PublicationStatus } from '../../common/enums';
import { DomainError } from '../../common/errors';
import { policy } from './policy';

// Actors of the examples: A and B are ordinary actors, L leads the initiative, O organises the event.
const A = 'actor-a';
const B = 'actor-b';
const L = 'actor-lead';
const O = 'actor-organiser';

function staff(staffId: string, actorId: string | null, roles: Role[]): Viewer {
  return {
    staffId,
    subject: `sub-${staffId}`,
    name: staffId,
    email: null,
    actorId,
    actorSlug: actorId,
    roles,
    expiresAt: null,
  };
}

/** The viewers every decision is checked against. */
const viewers = {
  anonymous: null,
  staffWithoutActor: staff('s-none', null, []),
  staffOfA: staff('s-a', A, []),
  editorOfA: staff('e-a', A, [Role.EDITOR]),
  otherEditorOfA: staff('e-a2', A, [Role.EDITOR]),
  editorWithoutActor: staff('e-none', null, [Role.EDITOR]),
  editorOfB: staff('e-b', B, [Role.EDITOR]),
  initiativeLead: staff('e-l', L, [Role.EDITOR]),
  organiser: staff('e-o', O, [Role.EDITOR]),
  coordinator: staff('c', null, [Role.COORDINATOR]),
  coordinatorOfB: staff('c-b', B, [Role.COORDINATOR, Role.EDITOR]),
} satisfies Record<string, Viewer | null>;
type ViewerName = keyof typeof viewers;
const viewerNames = Object.keys(viewers) as ViewerName[];

/** What a decision came to: its value (`ok` for a guard that passed), or the error's code and message. */
function outcome(decide: () => unknown): unknown {
  try {
    const value = decide();
    return value === undefined || (value !== null && typeof value === 'object' && 'staffId' in value)
      ? 'ok'
      : value;
  } catch (e) {
    if (e instanceof DomainError) return `${e.code}: ${e.message}`;
    throw e;
  }
}

const UNAUTHENTICATED = 'UNAUTHENTICATED: Authentication required';
const forbidden = (message: string) => `FORBIDDEN: ${message}`;

type Decision = (viewer: Viewer | null) => unknown;

/** Each decision, and what each viewer gets (viewers left out get `otherwise`). */
const decisions: {
  name: string;
  decide: Decision;
  expected: Partial<Record<ViewerName, unknown>>;
  otherwise: unknown;
}[] = [
  {
    name: 'canRead a PUBLISHED record of A',
    decide: (v) => policy.canRead(v, PublicationStatus.PUBLISHED, [A]),
    expected: {},
    otherwise: true,
  },
  {
    name: 'canRead a DRAFT of A',
    decide: (v) => policy.canRead(v, PublicationStatus.DRAFT, [A]),
    expected: {
      staffOfA: true,
      editorOfA: true,
      otherEditorOfA: true,
      coordinator: true,
      coordinatorOfB: true,
    },
    otherwise: false,
  },
  {
    name: 'canRead an ARCHIVED record of B and L',
    decide: (v) => policy.canRead(v, PublicationStatus.ARCHIVED, [B, L]),
    expected: { editorOfB: true, initiativeLead: true, coordinator: true, coordinatorOfB: true },
    otherwise: false,
  },
  {
    name: 'canSeeContacts',
    decide: (v) => policy.canSeeContacts(v),
    expected: { anonymous: false },
    otherwise: true,
  },
  {
    name: 'canSeeServiceNeeds',
    decide: (v) => policy.canSeeServiceNeeds(v),
    expected: { anonymous: false },
    otherwise: true,
  },
  {
    name: 'canSeeStaffDirectory',
    decide: (v) => policy.canSeeStaffDirectory(v),
    expected: { anonymous: false },
    otherwise: true,
  },
  {
    name: 'canSeeStaffEmail of staff member e-a',
    decide: (v) => policy.canSeeStaffEmail(v, 'e-a'),
    expected: { editorOfA: true, coordinator: true, coordinatorOfB: true },
    otherwise: false,
  },
  {
    name: 'canEditActor A',
    decide: (v) => policy.canEditActor(v, A),
    expected: { editorOfA: true, otherEditorOfA: true, coordinator: true, coordinatorOfB: true },
    otherwise: false,
  },
  {
    name: 'canEditAny of B and L',
    decide: (v) => policy.canEditAny(v, [B, L]),
    expected: { editorOfB: true, initiativeLead: true, coordinator: true, coordinatorOfB: true },
    otherwise: false,
  },
  {
    name: 'requireStaff',
    decide: (v) => policy.requireStaff(v),
    expected: { anonymous: UNAUTHENTICATED },
    otherwise: 'ok',
  },
  {
    name: 'requireEditorOf A',
    decide: (v) => policy.requireEditorOf(v, A),
    expected: {
      anonymous: UNAUTHENTICATED,
      editorOfA: 'ok',
      otherEditorOfA: 'ok',
      coordinator: 'ok',
      coordinatorOfB: 'ok',
    },
    otherwise: forbidden('Only editors of the owning actor may do this'),
  },
  {
    name: 'requireActorUpdate of A without renaming',
    decide: (v) => policy.requireActorUpdate(v, A, false),
    expected: {
      anonymous: UNAUTHENTICATED,
      editorOfA: 'ok',
      otherEditorOfA: 'ok',
      coordinator: 'ok',
      coordinatorOfB: 'ok',
    },
    otherwise: forbidden('Only editors of the owning actor may do this'),
  },
  {
    name: 'requireActorUpdate of A renaming it',
    decide: (v) => policy.requireActorUpdate(v, A, true),
    expected: {
      anonymous: UNAUTHENTICATED,
      editorOfA: forbidden('Only coordinators may rename an actor'),
      otherEditorOfA: forbidden('Only coordinators may rename an actor'),
      coordinator: 'ok',
      coordinatorOfB: 'ok',
    },
    otherwise: forbidden('Only editors of the owning actor may do this'),
  },
  {
    name: 'requireContactEditor of A',
    decide: (v) => policy.requireContactEditor(v, A),
    expected: {
      anonymous: UNAUTHENTICATED,
      editorOfA: 'ok',
      otherEditorOfA: 'ok',
      coordinator: 'ok',
      coordinatorOfB: 'ok',
    },
    otherwise: forbidden('Only editors of the actor and coordinators may change its contact persons'),
  },
  {
    name: 'requireOrganisers B and O',
    decide: (v) => policy.requireOrganisers(v, [B, O]),
    expected: { editorOfB: 'ok', organiser: 'ok', coordinator: 'ok', coordinatorOfB: 'ok' },
    otherwise: forbidden('The organisers must include an actor you edit'),
  },
  {
    name: 'leadsInitiative led by L',
    decide: (v) => policy.leadsInitiative(v, [L]),
    expected: { initiativeLead: true, coordinator: true, coordinatorOfB: true },
    otherwise: false,
  },
  {
    name: 'requireParticipantAdder: A as PARTNER to an initiative led by L',
    decide: (v) => policy.requireParticipantAdder(v, [L], A, false),
    expected: {
      editorOfA: 'ok',
      otherEditorOfA: 'ok',
      initiativeLead: 'ok',
      coordinator: 'ok',
      coordinatorOfB: 'ok',
    },
    otherwise: forbidden('Only the lead may add other actors'),
  },
  {
    name: 'requireParticipantAdder: A as LEAD to an initiative led by L',
    decide: (v) => policy.requireParticipantAdder(v, [L], A, true),
    expected: {
      editorOfA: forbidden('Only the lead or a coordinator may grant LEAD'),
      otherEditorOfA: forbidden('Only the lead or a coordinator may grant LEAD'),
      initiativeLead: 'ok',
      coordinator: 'ok',
      coordinatorOfB: 'ok',
    },
    otherwise: forbidden('Only the lead may add other actors'),
  },
  {
    name: 'requireParticipantRemover: A from an initiative led by L',
    decide: (v) => policy.requireParticipantRemover(v, [L], A),
    expected: {
      editorOfA: 'ok',
      otherEditorOfA: 'ok',
      initiativeLead: 'ok',
      coordinator: 'ok',
      coordinatorOfB: 'ok',
    },
    otherwise: forbidden('Only the lead, a coordinator or the actor itself may remove a participant'),
  },
  {
    name: 'auditLogScope',
    decide: (v) => policy.auditLogScope(v),
    expected: {
      anonymous: UNAUTHENTICATED,
      editorOfA: A,
      otherEditorOfA: A,
      editorOfB: B,
      initiativeLead: L,
      organiser: O,
      coordinator: null,
      coordinatorOfB: null,
    },
    otherwise: forbidden('The audit log is for coordinators and editors'),
  },
  {
    name: 'captionReportScope of every publisher',
    decide: (v) => policy.captionReportScope(v, null),
    expected: {
      anonymous: UNAUTHENTICATED,
      editorOfA: [A],
      otherEditorOfA: [A],
      editorWithoutActor: forbidden('The caption report is for coordinators and editors of an actor'),
      editorOfB: [B],
      initiativeLead: [L],
      organiser: [O],
      coordinator: null,
      coordinatorOfB: null,
    },
    otherwise: forbidden('Only editors and coordinators may do this'),
  },
  {
    name: 'captionReportScope of B',
    decide: (v) => policy.captionReportScope(v, [B]),
    expected: {
      anonymous: UNAUTHENTICATED,
      staffWithoutActor: forbidden('Only editors and coordinators may do this'),
      staffOfA: forbidden('Only editors and coordinators may do this'),
      editorWithoutActor: forbidden('The caption report is for coordinators and editors of an actor'),
      editorOfB: [B],
      coordinator: [B],
      coordinatorOfB: [B],
    },
    otherwise: forbidden('Editors may read only their own actor’s caption report'),
  },
  {
    name: 'requireEditor',
    decide: (v) => policy.requireEditor(v),
    expected: {
      anonymous: UNAUTHENTICATED,
      staffWithoutActor: forbidden('Only editors and coordinators may do this'),
      staffOfA: forbidden('Only editors and coordinators may do this'),
    },
    otherwise: 'ok',
  },
  {
    name: 'requireEraser',
    decide: (v) => policy.requireEraser(v),
    expected: { anonymous: UNAUTHENTICATED, coordinator: 'ok', coordinatorOfB: 'ok' },
    otherwise: forbidden('Only coordinators may erase personal data'),
  },
  {
    name: 'requireCoordinator',
    decide: (v) => policy.requireCoordinator(v),
    expected: { anonymous: UNAUTHENTICATED, coordinator: 'ok', coordinatorOfB: 'ok' },
    otherwise: forbidden('Only coordinators may do this'),
  },
  {
    name: 'requireWritable: a missing record',
    decide: (v) =>
      policy.requireWritable(v, 'Event', 'x', null, () => ({ status: PublicationStatus.DRAFT, owners: [] })),
    expected: { anonymous: UNAUTHENTICATED },
    otherwise: 'NOT_FOUND: Event not found: x',
  },
  {
    name: 'requireWritable: a DRAFT of A',
    decide: (v) =>
      policy.requireWritable(v, 'Event', 'x', { owner: A }, (r) => ({
        status: PublicationStatus.DRAFT,
        owners: [r.owner],
      })),
    expected: {
      anonymous: UNAUTHENTICATED,
      // Sees it (own actor's draft) but is no editor: told so rather than "not found".
      staffOfA: forbidden('Only editors of the owning actor may change this Event'),
      editorOfA: { owner: A },
      otherEditorOfA: { owner: A },
      coordinator: { owner: A },
      coordinatorOfB: { owner: A },
    },
    otherwise: 'NOT_FOUND: Event not found: x',
  },
  {
    name: 'requireWritable: a PUBLISHED initiative of A and L, editable by its lead L only',
    decide: (v) =>
      policy.requireWritable(v, 'JointInitiative', 'x', { id: 'x' }, () => ({
        status: PublicationStatus.PUBLISHED,
        owners: [A, L],
        editors: [L],
      })),
    expected: {
      anonymous: UNAUTHENTICATED,
      initiativeLead: { id: 'x' },
      coordinator: { id: 'x' },
      coordinatorOfB: { id: 'x' },
    },
    otherwise: forbidden('Only editors of the owning actor may change this JointInitiative'),
  },
];

const cases = decisions.flatMap((d) =>
  viewerNames.map((v) => [d.name, v, d.decide, v in d.expected ? d.expected[v] : d.otherwise] as const),
);

describe('policy decisions', () => {
  it.each(cases)('%s, for %s', (_name, viewer, decide, expected) => {
    expect(outcome(() => decide(viewers[viewer]))).toEqual(expected);
  });
});

describe('policy.visibleSql, the list form of canRead', () => {
  it.each([
    ['anonymous', "e.status = 'PUBLISHED'", []],
    ['staffWithoutActor', "e.status = 'PUBLISHED'", []],
    ['staffOfA', "(e.status = 'PUBLISHED' or e.actor_id = ?)", [A]],
    ['editorOfB', "(e.status = 'PUBLISHED' or e.actor_id = ?)", [B]],
    ['coordinator', null, null],
    ['coordinatorOfB', null, null],
  ] as const)('for %s', (viewer, text, params) => {
    const condition = policy.visibleSql(viewers[viewer], 'e.status', 'e.actor_id = ?');
    expect(condition && { text: condition.text, params: condition.params }).toEqual(
      text === null ? null : { text, params },
    );
  });
});

/**
 * The read rules that depend on the viewer's read scope, asked about concrete records: two
 * viewers get the same visibility key exactly when these answers are the same.
 */
const readProbes: Decision[] = [
  (v) => policy.canRead(v, PublicationStatus.DRAFT, [A]),
  (v) => policy.canRead(v, PublicationStatus.DRAFT, [B]),
  (v) => policy.canRead(v, PublicationStatus.DRAFT, [L]),
  (v) => policy.canRead(v, PublicationStatus.DRAFT, [O]),
  (v) => {
    const condition = policy.visibleSql(v, 'e.status', 'e.actor_id = ?');
    return condition && [condition.text, ...condition.params];
  },
  (v) => policy.canSeeContacts(v),
  (v) => policy.canSeeServiceNeeds(v),
  (v) => policy.canSeeStaffDirectory(v),
];
const readAnswers = (viewer: ViewerName) => JSON.stringify(readProbes.map((probe) => probe(viewers[viewer])));

describe('policy.visibilityKey, which groups live subscribers', () => {
  it.each([
    ['staffOfA', 'editorOfA'],
    ['editorOfA', 'otherEditorOfA'],
    ['coordinator', 'coordinatorOfB'],
  ] as const)('is the same for %s and %s, who may read the same', (one, other) => {
    expect(policy.visibilityKey(viewers[one])).toBe(policy.visibilityKey(viewers[other]));
  });

  it.each([
    ['anonymous', 'staffWithoutActor'],
    ['staffWithoutActor', 'staffOfA'],
    ['editorWithoutActor', 'editorOfA'],
    ['editorOfA', 'editorOfB'],
    ['editorOfA', 'coordinator'],
    ['anonymous', 'coordinator'],
  ] as const)('differs for %s and %s, who may not', (one, other) => {
    expect(policy.visibilityKey(viewers[one])).not.toBe(policy.visibilityKey(viewers[other]));
  });

  const pairs = viewerNames.flatMap((one, i) =>
    viewerNames.slice(i + 1).map((other) => [one, other] as const),
  );
  it.each(pairs)('agrees with the read rules for %s and %s', (one, other) => {
    const sameKey = policy.visibilityKey(viewers[one]) === policy.visibilityKey(viewers[other]);
    expect(sameKey).toBe(readAnswers(one) === readAnswers(other));
  });

  it('covers every read rule that reaches announced objects: staff e-mails (per person) do not', () => {
    // The key leaves out who the viewer is, so an announced object's result must not contain
    // anything decided per person. StaffMember.email is (canSeeStaffEmail): it must stay out of
    // reach from the subscription payloads, or the key must grow the staff id.
    const schema = buildSchema(readFileSync(path.join(__dirname, '../../../schema/schema.graphql'), 'utf8'));
    const reached = new Set<string>();
    const visit = (type: GraphQLNamedType): void => {
      if (reached.has(type.name)) return;
      reached.add(type.name);
      if (isObjectType(type) || isInterfaceType(type))
        for (const field of Object.values(type.getFields())) visit(getNamedType(field.type));
      if (isInterfaceType(type)) for (const impl of schema.getPossibleTypes(type)) visit(impl);
      if (isUnionType(type)) for (const member of type.getTypes()) visit(member);
    };
    for (const field of Object.values(schema.getSubscriptionType()!.getFields()))
      visit(getNamedType(field.type));
    expect(reached.has('Actor')).toBe(true);
    expect(reached.has('StaffMember')).toBe(false);
  });
});
