import type { Config } from '../config';

export interface Logger {
  info(message: string): void;
  error(message: string, error?: unknown): void;
}

export const consoleLogger = (level: Config['LOG_LEVEL']): Logger => ({
  info: (m) => {
    if (level === 'debug' || level === 'info') console.log(m);
  },
  error: (m, e) => {
    if (level !== 'silent') console.error(m, e instanceof Error ? (e.stack ?? e.message) : (e ?? ''));
  },
});
