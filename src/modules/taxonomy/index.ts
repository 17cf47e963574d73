// The taxonomy feature's public surface: what other features, the app, the CLI and the seed may
// import. Everything else in this folder is internal to it (`npm run check:boundaries` fails on a
// deep import from outside). Files are listed entities first, resolvers last, so that loading the
// feature through this file defines its classes before anything that decorates with them.

export {
  AgeGroupTerm,
  CategoryLinks,
  CodedTerm,
  ServiceCategory,
  SupportNeed,
  SupportNeedLinks,
} from './taxonomy.entity';
export { CategoryCodesInputField, SupportNeedCodesInputField } from './taxonomy.inputs';
export { requireTerms, taxonomyService } from './taxonomy.service';
export { AgeGroupTermResolver, ServiceCategoryResolver, SupportNeedResolver } from './taxonomy.resolver';
