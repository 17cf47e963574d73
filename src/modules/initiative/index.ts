// The initiative feature's public surface: what other features, the app, the CLI and the seed may
// import. Everything else in this folder is internal to it (`npm run check:boundaries` fails on a
// deep import from outside). Files are listed entities first, resolvers last, so that loading the
// feature through this file defines its classes before anything that decorates with them.

export {
  INITIATIVE_REGIONS,
  INITIATIVE_TEXT,
  InitiativeKind,
  InitiativeParticipant,
  InitiativeStatus,
  JointInitiative,
  ParticipantRole,
} from './initiative.entity';
export { InitiativeFilter } from './initiative.inputs';
export { initiativeService } from './initiative.service';
export {
  ActorInitiativesResolver,
  InitiativeParticipantResolver,
  JointInitiativeResolver,
} from './initiative.resolver';
