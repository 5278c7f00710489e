import { type DestinationStream, type LevelWithSilent, type Logger, pino } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = LevelWithSilent;

export interface LoggerOptions {
  /** Human-readable lines instead of JSON; default: when stderr is a terminal. */
  pretty?: boolean;
}

/**
 * The one root logger. Logs go to stderr so that stdout carries alerts only;
 * writes are synchronous so the last lines survive a fatal exit.
 */
export function createLogger(level: LogLevel, options: LoggerOptions = {}): Logger {
  const human = options.pretty ?? process.stderr.isTTY === true;

  return pino(
    { name: 'rwxwatch', level, base: { pid: process.pid } },
    human ? prettyStderr() : pino.destination({ fd: 2, sync: true }),
  );
}

// Nested objects, where strings from monitored processes live, are printed as JSON,
// so a hostile name is escaped here as in the JSON logs.
function prettyStderr(): DestinationStream {
  return pretty({
    destination: 2,
    sync: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,name',
  });
}
