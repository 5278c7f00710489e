import type { Preflight } from './run-checks.js';
import { CHECK_IDS, type CheckResult, type CheckStatus } from './types.js';

const LABEL: Readonly<Record<CheckStatus, string>> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' };
const ID_WIDTH = Math.max(...CHECK_IDS.map((id) => id.length)) + 2;

/** The worst status of all lines. */
export function overallStatus(preflight: Preflight): CheckStatus {
  const statuses = preflight.checks.map((check) => check.status);
  if (statuses.includes('fail')) return 'fail';
  return statuses.includes('warn') ? 'warn' : 'pass';
}

/** One line per check, a hint line under each warn or fail, and a verdict. */
export function formatText(preflight: Preflight, exitCode: number): string {
  const lines = preflight.checks.flatMap((check) => textLines(check));
  const verdict =
    preflight.blocker === 'none'
      ? 'the sensor can run here'
      : `the sensor cannot run here (exit ${exitCode})`;

  return `${lines.join('\n')}\n${verdict}\n`;
}

function textLines(check: CheckResult): string[] {
  const line = `${LABEL[check.status]}  ${check.id.padEnd(ID_WIDTH)}${check.summary}`;
  if (check.hint === undefined) return [line];

  return [line, `${' '.repeat(6 + ID_WIDTH)}hint: ${check.hint}`];
}

/**
 * The `--json` document. Keys are stable: `status`, `exitCode`, and `checks` keyed by
 * check id, each with `status`, `summary`, `hint` (null when none) and `facts`.
 */
export function toJson(preflight: Preflight, exitCode: number): object {
  const checks = Object.fromEntries(
    preflight.checks.map(({ id, status, summary, hint, facts }) => [
      id,
      { status, summary, hint: hint ?? null, facts },
    ]),
  );
  return { status: overallStatus(preflight), exitCode, checks };
}
