// The material feature's public surface: what other features, the app, the CLI and the seed may
// import. Everything else in this folder is internal to it (`npm run check:boundaries` fails on a
// deep import from outside). Files are listed entities first, resolvers last, so that loading the
// feature through this file defines its classes before anything that decorates with them.

export { MATERIAL_TEXT, MaterialKind, SharedMaterial, VideoDetails } from './material.entity';
export { MaterialFilter } from './material.inputs';
export { materialService } from './material.service';
export {
  AccessibilityIssueResolver,
  CaptionReportRowResolver,
  MaterialCaptionsResolver,
  VideoCaptionsResolver,
} from './captions.resolver';
export {
  ActorMaterialsResolver,
  InitiativeMaterialsResolver,
  SharedMaterialResolver,
} from './material.resolver';
