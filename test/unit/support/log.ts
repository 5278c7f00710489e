// A pino logger that keeps its lines in memory, for asserting what a component logged.
import { type Logger, pino } from 'pino';

export interface LogLine {
  level: string;
  msg: string;
  [field: string]: unknown;
}

/** pino calls `write` synchronously, so `lines` is complete as soon as a call returns. */
export function memoryLogger(level = 'trace'): { log: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const stream = { write: (line: string) => lines.push(JSON.parse(line) as LogLine) };
  const log = pino({ level, formatters: { level: (label) => ({ level: label }) } }, stream);

  return { log, lines };
}

/** Lines at one level, in the order they were logged. */
export function linesAt(lines: LogLine[], level: string): LogLine[] {
  return lines.filter((line) => line.level === level);
}
