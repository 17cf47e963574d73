import express, { Router } from 'express';
import { hsdsRouter } from '../hsds/hsds.router';
import type { OpenDataDeps } from './route';

/**
 * Every open-data route of the hub, mounted by `app.ts`: Open Referral's HSDS under `/hsds`.
 */
export function openDataRoutes(deps: OpenDataDeps): Router {
  const router = express.Router();
  router.use('/hsds', hsdsRouter(deps));
  return router;
}
