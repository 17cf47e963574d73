import { Actor } from './modules/actor/actor.entity';
import { Contact } from './modules/actor/contact.entity';
import { DataChange, DataVersion } from './modules/coverage/data-version.entity';
import { ContentChange } from './graphql/response-cache/content-change.entity';
import { Announcement } from './modules/announcement/announcement.entity';
import { AuditEntry } from './modules/audit/audit-entry.entity';
import { Event } from './modules/event/event.entity';
import { InitiativeParticipant, JointInitiative } from './modules/initiative/initiative.entity';
import { SharedMaterial, VideoDetails } from './modules/material/material.entity';
import { ServiceNeed } from './modules/need/service-need.entity';
import { Region } from './modules/region/region.entity';
import { ServiceOffering } from './modules/service-offering/service-offering.entity';
import { StaffMember } from './modules/staff/staff-member.entity';
import { AgeGroupTerm, ServiceCategory, SupportNeed } from './modules/taxonomy/taxonomy.entity';
import { LocalizedString } from './common/localized';
import { BaseEntity, Node } from './common/node';
import { ImportedEntity } from './common/imported';

/** Every entity and embeddable, listed once for the ORM (no folder scanning: it works the same under ts and js). */
export const entities = [
  Node,
  BaseEntity,
  ImportedEntity,
  LocalizedString,
  VideoDetails,
  Region,
  ServiceCategory,
  SupportNeed,
  AgeGroupTerm,
  Actor,
  Contact,
  StaffMember,
  ServiceOffering,
  JointInitiative,
  InitiativeParticipant,
  SharedMaterial,
  Event,
  ServiceNeed,
  AuditEntry,
  Announcement,
  DataVersion,
  DataChange,
  ContentChange,
];
