import { type LevelWithSilent, type Logger, pino } from 'pino';

export type { Logger };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = LevelWithSilent;

/**
 * The one root logger. Logs go to stderr so that stdout carries alerts only;
 * writes are synchronous so the last lines survive a fatal exit.
 */
export function createLogger(level: LogLevel): Logger {
  return pino(
    { name: 'rwxwatch', level, base: { pid: process.pid } },
    pino.destination({ fd: 2, sync: true }),
  );
}
