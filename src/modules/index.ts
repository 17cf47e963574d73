import type { NonEmptyArray } from 'type-graphql';
import { ActorResolver } from './actor/actor.resolver';
import { ContactResolver, RegionContactsResolver } from './actor/contact.resolver';
import {
  CategoryTotalResolver,
  CoverageCellResolver,
  RegionTotalResolver,
  ServiceCoverageResolver,
} from './coverage/coverage.resolver';
import { CountBucketResolver, StatisticsResolver } from './coverage/statistics.resolver';
import { AnnouncementResolver } from './announcement/announcement.resolver';
import { AuditEntryResolver, AuditFieldChangeResolver } from './audit/audit.resolver';
import { EventResolver } from './event/event.resolver';
import { InitiativeParticipantResolver, JointInitiativeResolver } from './initiative/initiative.resolver';
import {
  AccessibilityIssueResolver,
  CaptionReportRowResolver,
  MaterialCaptionsResolver,
  VideoCaptionsResolver,
} from './material/captions.resolver';
import { SharedMaterialResolver } from './material/material.resolver';
import { ServiceNeedResolver } from './need/service-need.resolver';
import { NodeResolver } from './node/node.resolver';
import { PrivacyResolver } from './privacy/privacy.resolver';
import { RegionResolver } from './region/region.resolver';
import { SearchResolver } from './search/search.resolver';
import { ServiceOfferingResolver } from './service-offering/service-offering.resolver';
import { StaffMemberResolver } from './staff/staff.resolver';
import {
  AgeGroupTermResolver,
  ServiceCategoryResolver,
  SupportNeedResolver,
} from './taxonomy/taxonomy.resolver';

/** Every feature's resolvers, for the schema build. */
export const resolvers: NonEmptyArray<Function> = [
  NodeResolver,
  RegionResolver,
  RegionContactsResolver,
  ServiceCategoryResolver,
  SupportNeedResolver,
  AgeGroupTermResolver,
  ActorResolver,
  ContactResolver,
  StaffMemberResolver,
  ServiceOfferingResolver,
  JointInitiativeResolver,
  InitiativeParticipantResolver,
  SharedMaterialResolver,
  MaterialCaptionsResolver,
  VideoCaptionsResolver,
  AccessibilityIssueResolver,
  CaptionReportRowResolver,
  EventResolver,
  ServiceNeedResolver,
  AuditEntryResolver,
  AuditFieldChangeResolver,
  PrivacyResolver,
  AnnouncementResolver,
  SearchResolver,
  ServiceCoverageResolver,
  CoverageCellResolver,
  RegionTotalResolver,
  CategoryTotalResolver,
  StatisticsResolver,
  CountBucketResolver,
];
