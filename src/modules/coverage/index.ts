// The coverage feature's public surface: what other features, the app, the CLI and the seed may
// import. Everything else in this folder is internal to it (`npm run check:boundaries` fails on a
// deep import from outside). Files are listed entities first, resolvers last, so that loading the
// feature through this file defines its classes before anything that decorates with them.

export { DataChange, DataVersion } from './data-version.entity';
export {
  CoverageActor,
  CoverageChange,
  CoverageDirty,
  CoverageOffering,
  CoverageState,
  CoverageTally,
  OfferingCount,
} from './coverage-tally.entity';
export { configureCoverage } from './coverage.service';
export {
  CategoryTotalResolver,
  CoverageCellResolver,
  RegionTotalResolver,
  ServiceCoverageResolver,
} from './coverage.resolver';
export { CountBucketResolver, StatisticsResolver } from './statistics.resolver';
