import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino';
import pretty from 'pino-pretty';
import { describeError, redactText } from './redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** Extra fields of one log line (never personal data: ids only). */
export type LogFields = Record<string, unknown>;

/**
 * The hub's logger: message first, then fields or the error (its stack goes to the server log
 * only). `pino` is the underlying logger, for the request log (pino-http) and child loggers.
 */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, error?: unknown, fields?: LogFields): void;
  readonly pino: PinoLogger;
}

/**
 * Paths that are never written, whatever the level: credentials and personal fields, should any
 * of them reach a log call by mistake (request logs carry ids only).
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'authorization',
  'token',
  'password',
  'name',
  'email',
  'phone',
  '*.authorization',
  '*.token',
  '*.name',
  '*.email',
  '*.phone',
  'variables',
  'connectionParams',
];

export interface LoggerOptions {
  level: LogLevel;
  /** Human-readable lines (pino-pretty) instead of JSON: the default outside production. */
  pretty?: boolean;
  /** Where lines go (default: standard output). */
  destination?: DestinationStream;
}

/**
 * An error as a log field without personal data (see `describeError`): database errors lose their
 * statement, bound values and row detail; e-mail addresses and phone numbers are masked.
 */
function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return describeError(error);
  const text = describeError(error);
  return { type: error.name, message: text.split('\n')[0], stack: text };
}

/** Wraps a pino logger in the hub's interface; messages pass `redactText`. */
export function fromPino(base: PinoLogger): Logger {
  return {
    debug: (m, f) => (f ? base.debug(f, redactText(m)) : base.debug(redactText(m))),
    info: (m, f) => (f ? base.info(f, redactText(m)) : base.info(redactText(m))),
    warn: (m, f) => (f ? base.warn(f, redactText(m)) : base.warn(redactText(m))),
    error: (m, e, f) => {
      if (e === undefined && !f) base.error(redactText(m));
      else base.error({ ...f, ...(e === undefined ? {} : { err: e }) }, redactText(m));
    },
    pino: base,
  };
}

/** A pino logger at `level`, JSON lines or (`pretty`) human-readable ones, written synchronously. */
export function createLogger(options: LoggerOptions): Logger {
  const destination =
    options.destination ??
    (options.pretty
      ? pretty({
          sync: true,
          colorize: process.stdout.isTTY,
          translateTime: 'SYS:HH:MM:ss.l',
          ignore: 'pid,hostname',
        })
      : pino.destination({ dest: 1, sync: true }));
  const base = pino(
    {
      level: options.level,
      base: { pid: process.pid },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: serializeError, error: serializeError },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  return fromPino(base);
}

/** The logger a configuration asks for: LOG_LEVEL, pretty outside production. */
export function loggerFor(config: { LOG_LEVEL: LogLevel; NODE_ENV: string }): Logger {
  return createLogger({ level: config.LOG_LEVEL, pretty: config.NODE_ENV === 'development' });
}

/** Writes nothing (tests). */
export function silentLogger(): Logger {
  return createLogger({ level: 'silent', destination: { write: () => undefined } });
}
