import type { EntityManager } from '@mikro-orm/postgresql';
import { inTransaction, RequestContext } from '../../common/context';
import { PublicationStatus } from '../../common/enums';
import { NotFoundError, ValidationError } from '../../common/errors';
import { diffSnapshots, expectVersion, mergeLocalized } from '../../common/mutation';
import { expectGlobalId } from '../../common/node';
import { webUrl } from '../../common/urls';
import { Actor, requireActorsById } from '../actor';
import { AuditAction, writeTrail } from '../audit';
import { policy } from '../auth';
import { JointInitiative, initiativeService } from '../initiative';
import { MaterialKind, SharedMaterial, VideoDetails } from './material.entity';
import { CreateSharedMaterialInput, UpdateSharedMaterialInput, VideoDetailsInput } from './material.inputs';
import { AnnouncementTopic, MaterialChangeType } from '../outbox';

const AUDITED = [
  'kind',
  'titleI18n',
  'descriptionI18n',
  'url',
  'languages',
  'tags',
  'initiative',
  'status',
  'publishedAt',
  'video',
  'contributors',
] as const;

const trail = writeTrail<SharedMaterial>('SharedMaterial', AUDITED, AnnouncementTopic.MATERIAL_PUBLISHED);

/** The video details of `input` over `current`: fields given replace, fields left out stay. */
function videoDetails(input: VideoDetailsInput, current: VideoDetails | null | undefined): VideoDetails {
  const video = new VideoDetails();
  const given = <K extends keyof VideoDetailsInput>(k: K) => input[k] !== undefined;
  video.durationSeconds = given('durationSeconds')
    ? (input.durationSeconds ?? null)
    : (current?.durationSeconds ?? null);
  video.captionLanguages = given('captionLanguages')
    ? [...new Set(input.captionLanguages ?? [])]
    : [...(current?.captionLanguages ?? [])];
  video.spokenLanguages = given('spokenLanguages')
    ? [...new Set(input.spokenLanguages ?? [])]
    : [...(current?.spokenLanguages ?? [])];
  video.thumbnailUrl = given('thumbnailUrl')
    ? webUrl(input.thumbnailUrl, 'input.video.thumbnailUrl')
    : (current?.thumbnailUrl ?? null);
  return video;
}

async function apply(
  ctx: RequestContext,
  em: EntityManager,
  m: SharedMaterial,
  input: UpdateSharedMaterialInput,
): Promise<void> {
  if (input.kind) m.kind = input.kind;
  const title = mergeLocalized(m.titleI18n, input.title, 'input.title', true);
  if (title) m.titleI18n = title;
  m.descriptionI18n = mergeLocalized(m.descriptionI18n, input.description, 'input.description', false);
  if (input.url) m.url = webUrl(input.url, 'input.url')!;
  if (input.languages) m.languages = [...new Set(input.languages)];
  if (input.tags) m.tags = [...new Set(input.tags.map((t) => t.trim().toLowerCase()).filter(Boolean))];
  if (input.initiativeId !== undefined) {
    if (input.initiativeId === null) {
      m.initiative = null;
    } else {
      const id = expectGlobalId(input.initiativeId, 'JointInitiative', 'input.initiativeId');
      if (!(await initiativeService.loadVisible(inTransaction(ctx, em), id)))
        throw new NotFoundError('JointInitiative', input.initiativeId);
      m.initiative = em.getReference(JointInitiative, id, { wrapped: true });
    }
  }
  if (input.contributorIds)
    m.contributors.set(await requireActorsById(em, input.contributorIds, 'input.contributorIds'));
  if (input.video !== undefined) m.video = input.video ? videoDetails(input.video, m.video) : null;
  if (m.kind === MaterialKind.VIDEO && !m.video) {
    throw new ValidationError('A VIDEO needs its video details', ['input.video']);
  }
  if (m.kind !== MaterialKind.VIDEO && m.video) {
    if (input.video)
      throw new ValidationError('Video details belong to VIDEO materials only', ['input.video']);
    m.video = null;
  }
}

async function loadForWrite(em: EntityManager, ctx: RequestContext, id: string): Promise<SharedMaterial> {
  const m = await em.findOne(SharedMaterial, { id }, { populate: ['contributors'] });
  return policy.requireWritable(ctx.viewer, 'SharedMaterial', id, m, (x) => ({
    status: x.status,
    owners: [x.publisher.id],
  }));
}

/** Writes to shared materials and videos, each one transaction with its audit entry. */
export const materialCommands = {
  async create(ctx: RequestContext, input: CreateSharedMaterialInput): Promise<SharedMaterial> {
    const viewer = policy.requireStaff(ctx.viewer);
    const publisherId = expectGlobalId(input.publisherId, 'Actor', 'input.publisherId');
    return ctx.em.transactional(async (em) => {
      const publisher = await em.findOne(Actor, { id: publisherId });
      if (!publisher) throw new NotFoundError('Actor', input.publisherId);
      policy.requireEditorOf(viewer, publisher.id);
      const material = em.create(SharedMaterial, {
        publisher,
        kind: input.kind,
        titleI18n: mergeLocalized(null, input.title, 'input.title', true)!,
        url: webUrl(input.url, 'input.url')!,
        status: PublicationStatus.DRAFT,
      });
      await apply(ctx, em, material, { ...input, title: undefined, url: undefined });
      await trail.record(em, viewer, material, {
        action: AuditAction.CREATE,
        owner: publisher.id,
        before: {},
      });
      return material;
    });
  },

  async update(
    ctx: RequestContext,
    id: string,
    version: number,
    input: UpdateSharedMaterialInput,
  ): Promise<SharedMaterial> {
    const viewer = policy.requireStaff(ctx.viewer);
    return ctx.em.transactional(async (em) => {
      const material = await loadForWrite(em, ctx, id);
      expectVersion(material, version);
      const before = trail.snapshot(material);
      await apply(ctx, em, material, input);
      material.updatedAt = new Date();
      const changes = diffSnapshots(before, trail.snapshot(material));
      await trail.record(em, viewer, material, {
        action: AuditAction.UPDATE,
        owner: material.publisher.id,
        changes,
        // Subscribers who asked for updates (`includeUpdates`) hear of changes to published
        // materials, e.g. captions added later.
        announce:
          material.status === PublicationStatus.PUBLISHED && changes.length > 0
            ? MaterialChangeType.UPDATED
            : null,
      });
      return material;
    });
  },

  /**
   * PUBLISHED sets `publishedAt` the first time (a republished material keeps it and is not
   * announced again); ARCHIVED hides it from anonymous readers.
   */
  async setStatus(
    ctx: RequestContext,
    id: string,
    version: number,
    status: PublicationStatus,
  ): Promise<SharedMaterial> {
    const viewer = policy.requireStaff(ctx.viewer);
    return ctx.em.transactional(async (em) => {
      const material = await loadForWrite(em, ctx, id);
      expectVersion(material, version);
      if (material.status === status) throw new ValidationError(`The material is already ${status}`, ['id']);
      const before = trail.snapshot(material);
      material.status = status;
      const firstPublication = status === PublicationStatus.PUBLISHED && !material.publishedAt;
      if (firstPublication) material.publishedAt = new Date();
      material.updatedAt = new Date();
      await trail.record(em, viewer, material, {
        action: status === PublicationStatus.PUBLISHED ? AuditAction.PUBLISH : AuditAction.ARCHIVE,
        owner: material.publisher.id,
        before,
        announce: firstPublication ? MaterialChangeType.PUBLISHED : null,
      });
      return material;
    });
  },
};
