import express, { Router } from 'express';
import { exportRouter } from '../export';
import { feedsRouter } from '../feeds';
import { hsdsRouter } from '../hsds';
import type { OpenDataDeps } from './route';

/**
 * Every open-data route of the hub, mounted by `app.ts`: Open Referral's HSDS under `/hsds`, CSV
 * exports under `/export`, `/calendar.ics` and `/feeds/materials.atom`.
 */
export function openDataRoutes(deps: OpenDataDeps): Router {
  const router = express.Router();
  router.use('/hsds', hsdsRouter(deps));
  router.use('/export', exportRouter(deps));
  router.use(feedsRouter(deps));
  return router;
}
