import type { NonEmptyArray } from 'type-graphql';
import { ActorResolver, ContactResolver, RegionContactsResolver } from './actor';
import {
  CategoryTotalResolver,
  CoverageCellResolver,
  RegionTotalResolver,
  ServiceCoverageResolver,
  CountBucketResolver,
  StatisticsResolver,
} from './coverage';
import { AnnouncementResolver } from './announcement';
import { AuditEntryResolver, AuditFieldChangeResolver } from './audit';
import { ActorEventsResolver, EventResolver, InitiativeEventsResolver } from './event';
import {
  ActorInitiativesResolver,
  InitiativeParticipantResolver,
  JointInitiativeResolver,
} from './initiative';
import {
  AccessibilityIssueResolver,
  CaptionReportRowResolver,
  MaterialCaptionsResolver,
  VideoCaptionsResolver,
  SharedMaterialResolver,
  ActorMaterialsResolver,
  InitiativeMaterialsResolver,
} from './material';
import { ServiceNeedResolver } from './need';
import { NodeResolver } from './node';
import { PrivacyResolver } from './privacy';
import { RegionResolver } from './region';
import { SearchResolver } from './search';
import { ActorServicesResolver, ServiceOfferingResolver } from './service-offering';
import { StaffMemberResolver } from './staff';
import { AgeGroupTermResolver, ServiceCategoryResolver, SupportNeedResolver } from './taxonomy';

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
  ActorServicesResolver,
  JointInitiativeResolver,
  InitiativeParticipantResolver,
  ActorInitiativesResolver,
  SharedMaterialResolver,
  ActorMaterialsResolver,
  InitiativeMaterialsResolver,
  MaterialCaptionsResolver,
  VideoCaptionsResolver,
  AccessibilityIssueResolver,
  CaptionReportRowResolver,
  EventResolver,
  ActorEventsResolver,
  InitiativeEventsResolver,
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
