// Every row of docs/conformance.md, run in both profiles on the pure correlator, built
// from configuration as the sensor builds it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROFILE_NAMES } from '../../src/rules/profiles.js';
import { type ConformanceRow, runCase } from './support/conformance.js';
import { CAP_ROWS, DEFAULT_ROWS, INTERVAL_ROWS } from './support/conformance-alerting.js';
import { JOIN_ROWS, ORDER_ROWS } from './support/conformance-join.js';
import { MPROTECT_LEG_ROWS, NETWORK_LEG_ROWS } from './support/conformance-legs.js';

const ROWS: ConformanceRow[] = [
  ...MPROTECT_LEG_ROWS,
  ...NETWORK_LEG_ROWS,
  ...JOIN_ROWS,
  ...ORDER_ROWS,
  ...INTERVAL_ROWS,
  ...CAP_ROWS,
  ...DEFAULT_ROWS,
];

for (const profile of PROFILE_NAMES) {
  describe(`Correlator conformance in the ${profile} profile`, () => {
    for (const row of ROWS) {
      const profileCase = row[profile];

      it(`${row.id} ${profileCase.outcome}`, () => {
        const outcome = runCase(profile, profileCase);

        expect(outcome.matches).toHaveLength(profileCase.alerts);
        profileCase.verify?.(outcome);
      });
    }
  });
}

describe('docs/conformance.md against the conformance rows', () => {
  const doc = readFileSync(new URL('../../docs/conformance.md', import.meta.url), 'utf8');

  it('names the test of every row in both profiles', () => {
    const titles = ROWS.flatMap((row) => PROFILE_NAMES.map((p) => `${row.id} ${row[p].outcome}`));

    const missing = titles.filter((title) => !doc.includes(`\`${title}\``));

    expect(missing).toEqual([]);
  });

  it('gives every row an id of its own', () => {
    const ids = ROWS.map((row) => row.id);

    expect(new Set(ids).size).toBe(ids.length);
  });
});
