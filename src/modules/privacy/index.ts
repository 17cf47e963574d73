// The privacy feature's public surface: what other features, the app, the CLI and the seed may
// import. Everything else in this folder is internal to it (`npm run check:boundaries` fails on a
// deep import from outside). Files are listed entities first, resolvers last, so that loading the
// feature through this file defines its classes before anything that decorates with them.

export { configureErasureBroadcast, ERASURE_CHANNEL, onErasure, parseErasureNotice } from './erasure-events';
export type { ErasureNotice } from './erasure-events';
export { erasureService } from './erasure.service';
export { applyRetention, retentionSettings } from './retention.service';
export { RetentionJob } from './retention.job';
export { PrivacyResolver } from './privacy.resolver';
