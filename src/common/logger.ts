import type { Config } from '../config';
import { describeError, redactText } from './redact';

export interface Logger {
  info(message: string): void;
  error(message: string, error?: unknown): void;
}

/** Log lines on the console, without personal data (see `redact.ts`). */
export const consoleLogger = (level: Config['LOG_LEVEL']): Logger => ({
  info: (m) => {
    if (level === 'debug' || level === 'info') console.log(redactText(m));
  },
  error: (m, e) => {
    if (level !== 'silent') console.error(redactText(m), describeError(e));
  },
});
