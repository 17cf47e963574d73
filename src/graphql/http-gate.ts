import type http from 'node:http';
import type { Duplex } from 'node:stream';
import express, { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { DomainError } from '../common/errors';
import { requestProblem } from './request-checks';

type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/** The largest request body accepted on /graphql. */
export const MAX_BODY_BYTES = 256 * 1024;

/** Media types of the JSON bodies accepted (`application/json`, and `+json` types such as `application/graphql+json`). */
const JSON_TYPES = ['application/json', 'application/*+json'];

/** A request-level error (not a resolver's): BAD_REQUEST, or NOT_FOUND for an unknown path. */
export class HttpRequestError extends DomainError {
  constructor(
    readonly code: 'BAD_REQUEST' | 'NOT_FOUND',
    message: string,
  ) {
    super(message);
  }
}

const badRequest = (message: string) => new HttpRequestError('BAD_REQUEST', message);

/** Answers with `{ errors: [error] }`, formatted as every GraphQL error is. */
export function sendError(
  res: Response,
  status: number,
  error: DomainError | GraphQLError,
  formatError: FormatError,
  headers: Record<string, string> = {},
): void {
  const graphQLError =
    error instanceof GraphQLError ? error : new GraphQLError(error.message, { originalError: error });
  res
    .status(status)
    .set(headers)
    .json({ errors: [formatError(graphQLError.toJSON(), graphQLError)] });
}

/** express.json for /graphql: JSON bodies of up to MAX_BODY_BYTES, in UTF-8. */
export function jsonBody(): RequestHandler {
  return express.json({ limit: MAX_BODY_BYTES, type: JSON_TYPES });
}

/**
 * In front of Apollo on /graphql: a POST must carry JSON (else 415), and a request is refused
 * before it is parsed, hashed or cached when its document nests too deep, its variables nest too
 * deep or hold text PostgreSQL cannot store, or its persisted-query extension is malformed (400,
 * see `requestProblem`).
 */
export function requestGate(formatError: FormatError, maxTokens: number): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'POST' && !req.is(JSON_TYPES)) {
      sendError(
        res,
        415,
        badRequest('Send the operation as JSON: Content-Type: application/json'),
        formatError,
      );
      return;
    }
    const params: unknown = req.method === 'GET' ? req.query : req.body;
    if (!params || typeof params !== 'object' || Array.isArray(params)) return next();
    const problem = requestProblem(params, maxTokens);
    if (problem) sendError(res, 400, problem, formatError);
    else next();
  };
}

/** body-parser's error types and what they mean to a client. */
const BODY_ERRORS: Record<string, { status: number; message: string }> = {
  'entity.parse.failed': { status: 400, message: 'The request body is not valid JSON' },
  'entity.too.large': {
    status: 413,
    message: `The request body is larger than the limit of ${MAX_BODY_BYTES} bytes`,
  },
  'entity.verify.failed': { status: 400, message: 'The request body could not be read' },
  'request.aborted': { status: 400, message: 'The request was aborted' },
  'request.size.invalid': { status: 400, message: 'The request body does not match its Content-Length' },
  'charset.unsupported': { status: 415, message: 'Unsupported charset: send JSON in UTF-8' },
  'encoding.unsupported': {
    status: 415,
    message: 'Unsupported Content-Encoding: send the body as it is, or gzip, deflate or br',
  },
};

/**
 * The last handlers of the app: an unknown path is a JSON 404, and an error that reached Express
 * (a body that cannot be read above all) a JSON GraphQL error with its status, in every NODE_ENV
 * (Express's default handler answers HTML, with the stack outside production).
 */
export function jsonFallbacks(formatError: FormatError): {
  notFound: RequestHandler;
  errorHandler: ErrorRequestHandler;
} {
  return {
    notFound: (_req, res) => {
      sendError(
        res,
        404,
        new HttpRequestError('NOT_FOUND', 'Not found: the GraphQL endpoint is /graphql'),
        formatError,
      );
    },
    errorHandler: (err: unknown, _req, res, next) => {
      if (res.headersSent) {
        next(err);
        return;
      }
      const type = err && typeof err === 'object' && 'type' in err ? String(err.type) : '';
      const status = err && typeof err === 'object' && 'status' in err ? Number(err.status) : 500;
      const known = Object.hasOwn(BODY_ERRORS, type) ? BODY_ERRORS[type] : undefined;
      if (known) {
        sendError(res, known.status, badRequest(known.message), formatError);
      } else if (status >= 400 && status < 500) {
        sendError(res, status, badRequest('Bad request'), formatError);
      } else {
        // formatError logs the error and masks it
        const error = new GraphQLError('Internal server error', { originalError: err as Error });
        sendError(res, 500, error, formatError);
      }
    },
  };
}

/** Node's HTTP parser errors, answered before any request handler runs. */
const CLIENT_ERRORS: Record<string, [status: number, reason: string, message: string]> = {
  HPE_HEADER_OVERFLOW: [
    431,
    'Request Header Fields Too Large',
    'The request line and headers are larger than 16 KiB: send the operation in a POST body',
  ],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'The request did not arrive in time'],
};

/**
 * Requests Node's HTTP parser refuses (a GET whose URL is over the header limit, bytes that are
 * not HTTP) are answered with the same JSON error shape as the rest, instead of Node's bare
 * status line.
 */
export function jsonClientErrors(server: http.Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const [status, reason, message] = (
      err.code && Object.hasOwn(CLIENT_ERRORS, err.code)
        ? CLIENT_ERRORS[err.code]
        : [400, 'Bad Request', 'The request is not valid HTTP']
    ) as [number, string, string];
    const body = JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
