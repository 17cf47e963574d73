// The actor feature's public surface: what other features, the app, the CLI and the seed may
// import. Everything else in this folder is internal to it (`npm run check:boundaries` fails on a
// deep import from outside). Files are listed entities first, resolvers last, so that loading the
// feature through this file defines its classes before anything that decorates with them.

export { Actor, ACTOR_REGIONS, ACTOR_TEXT, ActorKind } from './actor.entity';
export { Contact, ContactRole } from './contact.entity';
export { actorKindSql, actorOfKindSql } from './actor-kind';
export type { ActorKindScope } from './actor-kind';
export { actorService, requireActorsById } from './actor.service';
export { contactService } from './contact.service';
export { ActorResolver } from './actor.resolver';
export { ContactResolver, RegionContactsResolver } from './contact.resolver';
