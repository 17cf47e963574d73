import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino';
import pretty from 'pino-pretty';

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

/** Wraps a pino logger in the hub's interface. */
export function fromPino(base: PinoLogger): Logger {
  return {
    debug: (m, f) => (f ? base.debug(f, m) : base.debug(m)),
    info: (m, f) => (f ? base.info(f, m) : base.info(m)),
    warn: (m, f) => (f ? base.warn(f, m) : base.warn(m)),
    error: (m, e, f) => {
      if (e === undefined && !f) base.error(m);
      else base.error({ ...f, ...(e === undefined ? {} : { err: e }) }, m);
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
      serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
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
