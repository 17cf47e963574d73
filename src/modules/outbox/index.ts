// The outbox feature's public surface. The outbox is the write side of announcements: the table of
// announcements and `announce`, which a write calls inside its transaction. It is a feature of its
// own, apart from `announcement/` (subscriptions: the hub, the topics and their resolver), because
// the writing features use it while the subscriptions use the writing features' filters and
// services: in one folder, each of them and it imported each other.

export {
  Announcement,
  AnnouncementTopic,
  EventChangeType,
  InitiativeChangeType,
  MaterialChangeType,
  ServiceOfferingChangeType,
} from './announcement.entity';
export { announce, configureOutbox, NOTIFY_CHANNEL } from './announcement.outbox';
