import { rawSql, Sql } from '../../common/sql';
import { isCoordinator, Role, Viewer } from '../../common/context';
import { PublicationStatus } from '../../common/enums';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../../common/errors';

/**
 * Who may see and do what. Every service asks here; resolvers never decide.
 *
 * - anonymous: PUBLISHED offerings, materials, initiatives, events; actors and regions;
 * - staff (any role): also drafts and archived records of their own actor, contacts, service needs;
 * - EDITOR of actor A: writes of A's records;
 * - COORDINATOR: everything, including erasing a person's data;
 * - caption reports: coordinators of every publisher, editors of their own actor.
 */
export const policy = {
  isStaff(viewer: Viewer | null): viewer is Viewer {
    return viewer != null;
  },

  /** May the viewer see unpublished records owned by one of `ownerActorIds`? */
  seesUnpublishedOf(viewer: Viewer | null, ownerActorIds: readonly string[]): boolean {
    if (!viewer) return false;
    if (isCoordinator(viewer)) return true;
    return viewer.actorId != null && ownerActorIds.includes(viewer.actorId);
  },

  /** Visibility of one record with a publication status and its owning actors. */
  canRead(viewer: Viewer | null, status: PublicationStatus, ownerActorIds: readonly string[]): boolean {
    return status === PublicationStatus.PUBLISHED || policy.seesUnpublishedOf(viewer, ownerActorIds);
  },

  /**
   * SQL true for the records (alias `e`) the viewer may see; nothing when the viewer sees all.
   * @param ownerSql SQL that is true when the row belongs to the actor bound at `?`.
   */
  visibleSql(viewer: Viewer | null, statusColumn: string, ownerSql: string): Sql | null {
    if (isCoordinator(viewer)) return null;
    if (viewer?.actorId) return rawSql(`(${statusColumn} = 'PUBLISHED' or ${ownerSql})`, [viewer.actorId]);
    return rawSql(`${statusColumn} = 'PUBLISHED'`);
  },

  canSeeContacts(viewer: Viewer | null): boolean {
    return viewer != null;
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
    return viewer != null;
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
