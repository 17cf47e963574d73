import type { EntityManager } from '@mikro-orm/postgresql';
import { AgeGroup, Language, PublicationStatus } from '../../src/common/enums';
import { LocalizedString } from '../../src/common/localized';
import { Actor, ActorKind } from '../../src/modules/actor/actor.entity';
import { Contact } from '../../src/modules/actor/contact.entity';
import { Event, EventKind } from '../../src/modules/event/event.entity';
import {
  InitiativeParticipant,
  InitiativeKind,
  JointInitiative,
  ParticipantRole,
} from '../../src/modules/initiative/initiative.entity';
import { MaterialKind, SharedMaterial } from '../../src/modules/material/material.entity';
import { ServiceNeed } from '../../src/modules/need/service-need.entity';
import { Region } from '../../src/modules/region/region.entity';
import {
  CostType,
  DeliveryMode,
  ServiceOffering,
} from '../../src/modules/service-offering/service-offering.entity';
import { ServiceCategory, SupportNeed } from '../../src/modules/taxonomy/taxonomy.entity';

/** Text in some of the hub languages. */
type Text = { fi?: string; sv?: string; en?: string };

/** A title given as Finnish text or in several languages. */
function titleText(title: string | Text | undefined, fallback: string): LocalizedString {
  return new LocalizedString(typeof title === 'string' ? { fi: title } : (title ?? { fi: fallback }));
}

/** Small builders that write rows straight through the ORM, for arranging test data. */
export class Fixtures {
  private n = 0;
  constructor(private readonly em: EntityManager) {}

  region(code: string): Promise<Region> {
    return this.em.findOneOrFail(Region, { code });
  }

  async actor(
    opts: {
      slug?: string;
      kind?: ActorKind;
      name?: { fi?: string; sv?: string; en?: string };
      description?: Text;
      regionCodes?: string[];
      languages?: Language[];
      parent?: Actor;
    } = {},
  ): Promise<Actor> {
    const i = ++this.n;
    const regions = await Promise.all((opts.regionCodes ?? []).map((c) => this.region(c)));
    const actor = this.em.create(Actor, {
      slug: opts.slug ?? `actor-${i}`,
      kind: opts.kind ?? ActorKind.ELMERI_SCHOOL,
      nameI18n: new LocalizedString(opts.name ?? { fi: `Toimija ${i}`, sv: `Aktör ${i}` }),
      descriptionI18n: opts.description ? new LocalizedString(opts.description) : null,
      languages: opts.languages ?? [Language.FI],
      regions,
      parent: opts.parent ?? null,
    });
    await this.em.flush();
    return actor;
  }

  async contact(actor: Actor, name = 'Maija Meikäläinen'): Promise<Contact> {
    const contact = this.em.create(Contact, {
      actor,
      name,
      email: 'maija@example.org',
      phone: '+358 40 000 0000',
    });
    await this.em.flush();
    return contact;
  }

  async offering(
    actor: Actor,
    opts: {
      title?: { fi?: string; sv?: string; en?: string };
      description?: { fi?: string; sv?: string; en?: string };
      status?: PublicationStatus;
      categoryCodes?: string[];
      supportNeedCodes?: string[];
      regionCodes?: string[];
      ageGroups?: AgeGroup[];
      languages?: Language[];
      deliveryModes?: DeliveryMode[];
      cost?: CostType;
      contact?: Contact;
    } = {},
  ): Promise<ServiceOffering> {
    const i = ++this.n;
    const categories = await Promise.all(
      (opts.categoryCodes ?? ['CONSULTATION']).map((code) =>
        this.em.findOneOrFail(ServiceCategory, { code }),
      ),
    );
    const supportNeeds = await Promise.all(
      (opts.supportNeedCodes ?? []).map((code) => this.em.findOneOrFail(SupportNeed, { code })),
    );
    const regions = await Promise.all((opts.regionCodes ?? []).map((c) => this.region(c)));
    const offering = this.em.create(ServiceOffering, {
      actor,
      titleI18n: new LocalizedString(opts.title ?? { fi: `Palvelu ${i}`, sv: `Tjänst ${i}` }),
      descriptionI18n: opts.description ? new LocalizedString(opts.description) : null,
      status: opts.status ?? PublicationStatus.PUBLISHED,
      categories,
      supportNeeds,
      regions,
      ageGroups: opts.ageGroups ?? [AgeGroup.PRIMARY],
      languages: opts.languages ?? [Language.FI],
      deliveryModes: opts.deliveryModes ?? [DeliveryMode.REMOTE],
      cost: opts.cost ?? CostType.FREE,
      contact: opts.contact ?? null,
    });
    await this.em.flush();
    return offering;
  }

  async initiative(
    lead: Actor,
    partners: Actor[] = [],
    opts: {
      title?: string | Text;
      description?: Text;
      publicationStatus?: PublicationStatus;
      regionCodes?: string[];
      kind?: InitiativeKind;
    } = {},
  ): Promise<JointInitiative> {
    const i = ++this.n;
    const regions = await Promise.all((opts.regionCodes ?? []).map((c) => this.region(c)));
    const initiative = this.em.create(JointInitiative, {
      titleI18n: titleText(opts.title, `Hanke ${i}`),
      descriptionI18n: opts.description ? new LocalizedString(opts.description) : null,
      kind: opts.kind ?? InitiativeKind.THEME_GROUP,
      publicationStatus: opts.publicationStatus ?? PublicationStatus.PUBLISHED,
      regions,
    });
    this.em.create(InitiativeParticipant, { initiative, actor: lead, role: ParticipantRole.LEAD });
    for (const p of partners)
      this.em.create(InitiativeParticipant, { initiative, actor: p, role: ParticipantRole.PARTNER });
    await this.em.flush();
    return initiative;
  }

  async material(
    publisher: Actor,
    opts: {
      kind?: MaterialKind;
      status?: PublicationStatus;
      title?: string | Text;
      description?: Text;
      tags?: string[];
      initiative?: JointInitiative;
      languages?: Language[];
    } = {},
  ): Promise<SharedMaterial> {
    const i = ++this.n;
    const kind = opts.kind ?? MaterialKind.GUIDE;
    const status = opts.status ?? PublicationStatus.PUBLISHED;
    const material = this.em.create(SharedMaterial, {
      kind,
      titleI18n: titleText(opts.title, `Materiaali ${i}`),
      descriptionI18n: opts.description ? new LocalizedString(opts.description) : null,
      url: `https://example.org/materials/${i}`,
      publisher,
      initiative: opts.initiative ?? null,
      status,
      tags: opts.tags ?? [],
      languages: opts.languages ?? [Language.FI],
      publishedAt: status === PublicationStatus.PUBLISHED ? new Date() : null,
      video:
        kind === MaterialKind.VIDEO
          ? { durationSeconds: 120, captionLanguages: [Language.FI], thumbnailUrl: null }
          : null,
    });
    await this.em.flush();
    return material;
  }

  async event(
    organizers: Actor[],
    opts: {
      startsAt?: Date;
      kind?: EventKind;
      regionCodes?: string[];
      initiative?: JointInitiative;
      initiatives?: JointInitiative[];
      publicationStatus?: PublicationStatus;
      title?: string | Text;
      description?: Text;
      location?: string;
    } = {},
  ): Promise<Event> {
    const i = ++this.n;
    const regions = await Promise.all((opts.regionCodes ?? []).map((c) => this.region(c)));
    const event = this.em.create(Event, {
      kind: opts.kind ?? EventKind.NETWORK_DAY,
      titleI18n: titleText(opts.title, `Verkostopäivä ${i}`),
      descriptionI18n: opts.description ? new LocalizedString(opts.description) : null,
      location: opts.location ?? null,
      startsAt: opts.startsAt ?? new Date('2027-02-01T08:00:00Z'),
      organizers,
      regions,
      initiatives: opts.initiatives ?? (opts.initiative ? [opts.initiative] : []),
      publicationStatus: opts.publicationStatus ?? PublicationStatus.PUBLISHED,
    });
    await this.em.flush();
    return event;
  }

  async need(regionCode: string, categoryCodes: string[] = ['CONSULTATION']): Promise<ServiceNeed> {
    const categories = await Promise.all(
      categoryCodes.map((code) => this.em.findOneOrFail(ServiceCategory, { code })),
    );
    const need = this.em.create(ServiceNeed, {
      region: await this.region(regionCode),
      categories,
      descriptionI18n: new LocalizedString({ fi: 'Tarve' }),
    });
    await this.em.flush();
    return need;
  }
}
