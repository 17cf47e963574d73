import { Actor, Contact } from './modules/actor';
import {
  CoverageActor,
  CoverageChange,
  CoverageDirty,
  CoverageOffering,
  CoverageState,
  CoverageTally,
  DataChange,
  DataVersion,
  OfferingCount,
} from './modules/coverage';
import { ContentChange } from './graphql/response-cache/content-change.entity';
import { Announcement } from './modules/outbox';
import { AuditEntry } from './modules/audit';
import { Event } from './modules/event';
import { InitiativeParticipant, JointInitiative } from './modules/initiative';
import { SharedMaterial, VideoDetails } from './modules/material';
import { ServiceNeed } from './modules/need';
import { Region } from './modules/region';
import { ServiceOffering } from './modules/service-offering';
import { StaffMember } from './modules/staff';
import { AgeGroupTerm, CodedTerm, ServiceCategory, SupportNeed } from './modules/taxonomy';
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
  CodedTerm,
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
  CoverageState,
  CoverageDirty,
  OfferingCount,
  CoverageOffering,
  CoverageChange,
  CoverageActor,
  CoverageTally,
  ContentChange,
];
