import express, { Router } from 'express';
import { exportRouter } from './export';
import { feedsRouter } from './feeds';
import { hsdsRouter } from './hsds';
import type { OpenDataDeps } from './open-data';

/**
 * Every open-data route of the hub, mounted by `app.ts`: Open Referral's HSDS under `/hsds`, CSV
 * exports under `/export`, `/calendar.ics` and `/feeds/materials.atom`. It composes three features,
 * so it sits beside the resolver list (`modules/index.ts`) rather than in `open-data/`, whose helpers
 * those features use: inside it, open-data and each of them imported each other.
 */
export function openDataRoutes(deps: OpenDataDeps): Router {
  const router = express.Router();
  router.use('/hsds', hsdsRouter(deps));
  router.use('/export', exportRouter(deps));
  router.use(feedsRouter(deps));
  return router;
}
