// The region feature's public surface: what other features, the app, the CLI and the seed may
// import. Everything else in this folder is internal to it (`npm run check:boundaries` fails on a
// deep import from outside). Files are listed entities first, resolvers last, so that loading the
// feature through this file defines its classes before anything that decorates with them.

export { Region, RegionKind, RegionLinks } from './region.entity';
export {
  linkedReachSql,
  linkReachesSql,
  matchOf,
  reachingRegionIdsSql,
  reachPairsSql,
  regionColumnReachesSql,
  RegionCodesInputField,
  RegionMatch,
  RegionMatchField,
  regionsByIdSql,
  requireRegionScope,
} from './region-reach';
export type { RegionLink } from './region-reach';
export { regionService, requireRegionsByCode } from './region.service';
export { RegionResolver } from './region.resolver';
