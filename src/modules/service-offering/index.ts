// The service-offering feature's public surface: what other features, the app, the CLI and the seed may
// import. Everything else in this folder is internal to it (`npm run check:boundaries` fails on a
// deep import from outside). Files are listed entities first, resolvers last, so that loading the
// feature through this file defines its classes before anything that decorates with them.

export { CostType, DeliveryMode, SERVICE_OFFERING_TEXT, ServiceOffering } from './service-offering.entity';
export { ServiceOfferingFilter, ServiceOfferingOrderField } from './service-offering.inputs';
export { Validity, ValidityField, validitySql } from './validity';
export { serviceOfferingService } from './service-offering.service';
export {
  ActorServicesResolver,
  ServiceOfferingConnection,
  ServiceOfferingResolver,
} from './service-offering.resolver';
