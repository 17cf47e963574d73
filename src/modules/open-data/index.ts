// The open-data feature's public surface: what other features, the app, the CLI and the seed may
// import. Everything else in this folder is internal to it (`npm run check:boundaries` fails on a
// deep import from outside). Files are listed entities first, resolvers last, so that loading the
// feature through this file defines its classes before anything that decorates with them.

export { cachedRoute } from './cached-route';
export type { Rendered } from './cached-route';
export { ConditionalCache } from './conditional';
export { notFoundRoutes } from './fallbacks';
export { InternalQueries } from './internal-query';
export type { InternalQuery } from './internal-query';
export { inLang, label } from './labels';
export { readPages } from './pages';
export type { Connection } from './pages';
export {
  boolParam,
  codeParam,
  dateTimeParam,
  enumParam,
  intParam,
  langParam,
  listParam,
  textParam,
  uuidParam,
} from './query-params';
export { baseUrl } from './route';
export type { OpenDataDeps, RouteCall } from './route';
