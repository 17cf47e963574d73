import type { RequestHandler } from 'express';
import { HttpRequestError, sendError } from '../../graphql/http-gate';
import type { OpenDataDeps } from './route';

/**
 * The last handler of an open-data router: a method other than GET and HEAD is 405 (with
 * `Allow`), any other path a JSON 404 that lists the paths there are.
 */
export function notFoundRoutes(deps: OpenDataDeps, what: string, paths: readonly string[]): RequestHandler {
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendError(
        res,
        405,
        new HttpRequestError('BAD_REQUEST', `${what} is read-only: use GET`),
        deps.formatError,
        { allow: 'GET, HEAD' },
      );
      return;
    }
    sendError(
      res,
      404,
      new HttpRequestError('NOT_FOUND', `No such ${what} path: there are ${paths.join(', ')}`),
      deps.formatError,
    );
  };
}
