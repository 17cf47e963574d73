import { RequestContext } from '../../common/context';
import { NotFoundError, ValidationError } from '../../common/errors';
import { expectVersion, mergeLocalized } from '../../common/mutation';
import { AuditAction, writeTrail } from '../audit';
import { policy } from '../auth';
import { requireRegionsByCode } from '../region';
import { requireTerms } from '../taxonomy';
import { NeedStatus, ServiceNeed } from './service-need.entity';
import { ReportServiceNeedInput } from './service-need.inputs';

const AUDITED = ['region', 'categories', 'ageGroups', 'supportNeeds', 'descriptionI18n', 'status'] as const;

const trail = writeTrail<ServiceNeed>('ServiceNeed', AUDITED, null);

/** Reporting needs (editors and coordinators) and moving their status (coordinators). */
export const serviceNeedCommands = {
  async report(ctx: RequestContext, input: ReportServiceNeedInput): Promise<ServiceNeed> {
    const viewer = policy.requireEditor(ctx.viewer);
    return ctx.em.transactional(async (em) => {
      const [region] = await requireRegionsByCode(em, [input.regionCode], 'input.regionCode');
      const need = em.create(ServiceNeed, {
        region,
        categories: await requireTerms.categories(em, input.categoryCodes, 'input.categoryCodes'),
        supportNeeds: await requireTerms.supportNeeds(
          em,
          input.supportNeedCodes ?? [],
          'input.supportNeedCodes',
        ),
        ageGroups: [...new Set(input.ageGroups ?? [])],
        descriptionI18n: mergeLocalized(null, input.description, 'input.description', false),
        reportedBy: viewer.staffId,
      });
      await trail.record(em, viewer, need, {
        action: AuditAction.REPORT,
        owner: viewer.actorId,
        before: {},
      });
      return need;
    });
  },

  async updateStatus(
    ctx: RequestContext,
    id: string,
    version: number,
    status: NeedStatus,
  ): Promise<ServiceNeed> {
    const viewer = policy.requireStaff(ctx.viewer);
    return ctx.em.transactional(async (em) => {
      const need = await em.findOne(ServiceNeed, { id });
      if (!need) throw new NotFoundError('ServiceNeed', id);
      policy.requireCoordinator(viewer);
      expectVersion(need, version);
      if (need.status === status) throw new ValidationError(`The need is already ${status}`, ['status']);
      const before = need.status;
      need.status = status;
      need.updatedAt = new Date();
      await trail.record(em, viewer, need, {
        action: AuditAction.UPDATE_STATUS,
        owner: null,
        changes: [{ field: 'status', old: before, new: status }],
      });
      return need;
    });
  },
};
