/** One line of `rwxwatch check`. */
export type CheckStatus = 'pass' | 'warn' | 'fail';

/** Stable ids, in the order the report prints them; `--json` keys follow them. */
export const CHECK_IDS = [
  'kernel',
  'btf',
  'kprobes',
  'tracepoints',
  'ringbuf',
  'privileges',
  'memlock',
  'modes',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export interface CheckResult {
  id: CheckId;
  status: CheckStatus;
  /** One human line: what was found. */
  summary: string;
  /** What to do about a warn or fail; absent on pass. */
  hint?: string;
  /** What was found, for machines (`--json`). */
  facts: Record<string, unknown>;
}

/** Builds a result; the hint is left out when there is none so `--json` shows null. */
export function checkLine(
  id: CheckId,
  status: CheckStatus,
  summary: string,
  facts: CheckResult['facts'],
  hint?: string,
): CheckResult {
  return { id, status, summary, facts, ...(hint !== undefined && { hint }) };
}
