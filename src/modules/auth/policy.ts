import { rawSql, Sql } from '../../common/sql';
import { Role, Viewer } from '../../common/context';
import { PublicationStatus } from '../../common/enums';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../../common/errors';

/**
 * The facts that decide what a viewer may read: every read rule below (records, contacts, service
 * needs, the staff directory) is a function of this and nothing else about the viewer, and the key
 * that groups subscribers by visibility is made from it too, so the two cannot drift apart.
 * - `anonymous`: no token;
 * - `everything`: a coordinator;
 * - `staff`: any other signed-in staff member, with their actor (null when they have none).
 */
export type ReadScope =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'everything' }
  | { readonly kind: 'staff'; readonly actorId: string | null };

const ANONYMOUS: ReadScope = { kind: 'anonymous' };
const EVERYTHING: ReadScope = { kind: 'everything' };

function isCoordinator(viewer: Viewer | null): boolean {
  return !!viewer && viewer.roles.includes(Role.COORDINATOR);
}

/**
 * Who may see and do what. Every service and command asks here; resolvers never decide. The
 * functions are pure: callers pass the viewer and plain facts (owning actors, an initiative's
 * leads, the organisers named), and the database is never read here.
 *
 * - anonymous: PUBLISHED offerings, materials, initiatives, events; actors and regions;
 * - staff (any role): also drafts and archived records of their own actor, contacts, service needs,
 *   the staff directory;
 * - EDITOR of actor A: writes of A's records;
 * - COORDINATOR: everything, including erasing a person's data;
 * - caption reports and the audit log: coordinators for everyone, editors for their own actor.
 */
export const policy = {
  /** The facts the read rules depend on (see `ReadScope`). */
  readScope(viewer: Viewer | null): ReadScope {
    if (!viewer) return ANONYMOUS;
    if (isCoordinator(viewer)) return EVERYTHING;
    return { kind: 'staff', actorId: viewer.actorId };
  },

  /**
   * Groups live subscribers: viewers with the same key may read the same things, so an announced
   * object's match query and its GraphQL result are computed once per group and shared. Made only
   * from `readScope`, like every read rule. The one read rule outside the scope, a staff member's
   * e-mail (`canSeeStaffEmail`), is not reachable from announced objects (policy.spec checks the
   * schema for that).
   */
  visibilityKey(viewer: Viewer | null): string {
    const scope = policy.readScope(viewer);
    switch (scope.kind) {
      case 'anonymous':
        return 'anonymous';
      case 'everything':
        return 'coordinator';
      case 'staff':
        return `actor:${scope.actorId ?? '-'}`;
    }
  },

  /** May the viewer see unpublished records owned by one of `ownerActorIds`? */
  seesUnpublishedOf(viewer: Viewer | null, ownerActorIds: readonly string[]): boolean {
    const scope = policy.readScope(viewer);
    if (scope.kind === 'everything') return true;
    return scope.kind === 'staff' && scope.actorId != null && ownerActorIds.includes(scope.actorId);
  },

  /** Visibility of one record with a publication status and its owning actors. */
  canRead(viewer: Viewer | null, status: PublicationStatus, ownerActorIds: readonly string[]): boolean {
    return status === PublicationStatus.PUBLISHED || policy.seesUnpublishedOf(viewer, ownerActorIds);
  },

  /**
   * SQL true for the records (alias `e`) the viewer may see; nothing when the viewer sees all. The
   * same rule as `canRead`, for lists.
   * @param ownerSql SQL that is true when the row belongs to the actor bound at `?`.
   */
  visibleSql(viewer: Viewer | null, statusColumn: string, ownerSql: string): Sql | null {
    const scope = policy.readScope(viewer);
    if (scope.kind === 'everything') return null;
    if (scope.kind === 'staff' && scope.actorId)
      return rawSql(`(${statusColumn} = 'PUBLISHED' or ${ownerSql})`, [scope.actorId]);
    return rawSql(`${statusColumn} = 'PUBLISHED'`);
  },

  /** Contact persons are personal data: staff only. */
  canSeeContacts(viewer: Viewer | null): boolean {
    return policy.readScope(viewer).kind !== 'anonymous';
  },

  /** Editors manage their own actor's contact persons; coordinators everyone's. */
  requireContactEditor(viewer: Viewer | null, actorId: string): Viewer {
    const v = policy.requireStaff(viewer);
    if (!policy.canEditActor(v, actorId))
      throw new ForbiddenError('Only editors of the actor and coordinators may change its contact persons');
    return v;
  },

  /**
   * A staff member's e-mail address: to coordinators and to the person themselves only (the staff
   * directory is minimised; other staff see names and actors).
   */
  canSeeStaffEmail(viewer: Viewer | null, staffId: string): boolean {
    return isCoordinator(viewer) || viewer?.staffId === staffId;
  },

  canSeeServiceNeeds(viewer: Viewer | null): boolean {
    return policy.readScope(viewer).kind !== 'anonymous';
  },

  /** The staff directory (names and actors of staff members) is for staff only. */
  canSeeStaffDirectory(viewer: Viewer | null): boolean {
    return policy.readScope(viewer).kind !== 'anonymous';
  },

  requireStaff(viewer: Viewer | null): Viewer {
    if (!viewer) throw new UnauthenticatedError();
    return viewer;
  },

  /** May the viewer write records owned by `actorId` (EDITOR of that actor, or a coordinator)? */
  canEditActor(viewer: Viewer | null, actorId: string): boolean {
    if (!viewer) return false;
    if (isCoordinator(viewer)) return true;
    return viewer.roles.includes(Role.EDITOR) && viewer.actorId === actorId;
  },

  requireEditorOf(viewer: Viewer | null, actorId: string): Viewer {
    const v = policy.requireStaff(viewer);
    if (!policy.canEditActor(v, actorId))
      throw new ForbiddenError('Only editors of the owning actor may do this');
    return v;
  },

  /** May the viewer edit a record owned by any of `ownerActorIds`? */
  canEditAny(viewer: Viewer | null, ownerActorIds: readonly string[]): boolean {
    return isCoordinator(viewer) || ownerActorIds.some((id) => policy.canEditActor(viewer, id));
  },

  /**
   * Guards a write to an existing record: NOT_FOUND when it does not exist or the viewer may not
   * see it (so existence does not leak), FORBIDDEN when the viewer sees it but may not edit it.
   */
  requireWritable<T>(
    viewer: Viewer | null,
    what: string,
    id: string,
    record: T | null | undefined,
    access: (record: T) => {
      status: PublicationStatus;
      owners: readonly string[];
      editors?: readonly string[];
    },
  ): T {
    const v = policy.requireStaff(viewer);
    if (!record) throw new NotFoundError(what, id);
    const { status, owners, editors } = access(record);
    if (!policy.canRead(v, status, owners)) throw new NotFoundError(what, id);
    if (!policy.canEditAny(v, editors ?? owners))
      throw new ForbiddenError(`Only editors of the owning actor may change this ${what}`);
    return record;
  },

  /** Editors update their own actor; renaming it is for coordinators (its name is its identity). */
  requireActorUpdate(viewer: Viewer | null, actorId: string, renames: boolean): Viewer {
    const v = policy.requireEditorOf(viewer, actorId);
    if (renames && !isCoordinator(v)) throw new ForbiddenError('Only coordinators may rename an actor');
    return v;
  },

  /**
   * Organisers given to an event must include an actor the viewer edits: editors cannot hand an
   * event to actors they do not edit (and so lose it themselves).
   */
  requireOrganisers(viewer: Viewer | null, organiserActorIds: readonly string[]): void {
    if (!policy.canEditAny(viewer, organiserActorIds))
      throw new ForbiddenError('The organisers must include an actor you edit');
  },

  /** Does the viewer act for a joint initiative's lead (editor of a LEAD actor, or a coordinator)? */
  leadsInitiative(viewer: Viewer | null, leadActorIds: readonly string[]): boolean {
    return policy.canEditAny(viewer, leadActorIds);
  },

  /**
   * Adding `actorId` to an initiative led by `leadActorIds`: the lead's editors and coordinators
   * may add anyone in any role; an editor of the actor may add it itself, but not as LEAD.
   */
  requireParticipantAdder(
    viewer: Viewer | null,
    leadActorIds: readonly string[],
    actorId: string,
    grantsLead: boolean,
  ): void {
    if (policy.leadsInitiative(viewer, leadActorIds)) return;
    if (!policy.canEditActor(viewer, actorId)) throw new ForbiddenError('Only the lead may add other actors');
    if (grantsLead) throw new ForbiddenError('Only the lead or a coordinator may grant LEAD');
  },

  /** Removing `actorId` from an initiative: the lead's editors, coordinators, or the actor's own editors. */
  requireParticipantRemover(viewer: Viewer | null, leadActorIds: readonly string[], actorId: string): void {
    if (!policy.leadsInitiative(viewer, leadActorIds) && !policy.canEditActor(viewer, actorId))
      throw new ForbiddenError('Only the lead, a coordinator or the actor itself may remove a participant');
  },

  /**
   * Whose audit entries the viewer may read: coordinators everyone's, editors those about their
   * own actor's records or made by its staff; other staff none (FORBIDDEN).
   * @returns the actor whose entries to show; null for all of them
   */
  auditLogScope(viewer: Viewer | null): string | null {
    const v = policy.requireStaff(viewer);
    if (isCoordinator(v)) return null;
    if (!v.actorId || !policy.canEditActor(v, v.actorId))
      throw new ForbiddenError('The audit log is for coordinators and editors');
    return v.actorId;
  },

  /** Editors (of any actor) and coordinators may report service needs. */
  requireEditor(viewer: Viewer | null): Viewer {
    const v = policy.requireStaff(viewer);
    if (!isCoordinator(v) && !v.roles.includes(Role.EDITOR))
      throw new ForbiddenError('Only editors and coordinators may do this');
    return v;
  },

  /**
   * Whose caption report the viewer may read: coordinators every publisher's (`requested`, or all
   * when null), editors their own actor's only (FORBIDDEN for another actor's).
   * @returns the publishers to report on; null for all of them
   */
  captionReportScope(viewer: Viewer | null, requested: readonly string[] | null): string[] | null {
    const v = policy.requireEditor(viewer);
    if (isCoordinator(v)) return requested ? [...requested] : null;
    if (!v.actorId)
      throw new ForbiddenError('The caption report is for coordinators and editors of an actor');
    if (requested && requested.some((id) => id !== v.actorId))
      throw new ForbiddenError('Editors may read only their own actor’s caption report');
    return [v.actorId];
  },

  /** Erasing a person's data (staff members, contacts) is for coordinators. */
  requireEraser(viewer: Viewer | null): Viewer {
    const v = policy.requireStaff(viewer);
    if (!isCoordinator(v)) throw new ForbiddenError('Only coordinators may erase personal data');
    return v;
  },

  requireCoordinator(viewer: Viewer | null): Viewer {
    const v = policy.requireStaff(viewer);
    if (!isCoordinator(v)) throw new ForbiddenError('Only coordinators may do this');
    return v;
  },
};
