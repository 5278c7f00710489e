import { describe, expect, it } from 'vitest';
import { AlertTally } from '../../bench/soak/alert-tally.js';

const alert = (pid: number, parentPid?: number, entityId?: string) => ({
  process: {
    pid,
    entity_id: entityId,
    parent: parentPid === undefined ? undefined : { pid: parentPid },
  },
});

describe('soak AlertTally', () => {
  it('counts one expected alert per child of an alerting workload', () => {
    const tally = new AlertTally();
    tally.expectChildrenToAlert(100);

    const kinds = [tally.record(alert(101, 100, 'a')), tally.record(alert(102, 100, 'b'))];

    expect(kinds).toEqual(['expected', 'expected']);
    expect(tally.counts.expected).toBe(2);
  });

  it('calls a second alert for the same process a duplicate', () => {
    const tally = new AlertTally();
    tally.expectChildrenToAlert(100);

    tally.record(alert(101, 100, 'a'));
    const kind = tally.record(alert(101, 100, 'a'));

    expect(kind).toBe('duplicate');
    expect(tally.counts).toMatchObject({ expected: 1, duplicate: 1 });
  });

  it('calls an alert from a silent workload or its child a false positive', () => {
    const tally = new AlertTally();
    tally.expectSilence(200);

    expect(tally.record(alert(200, 1))).toBe('falsePositive');
    expect(tally.record(alert(201, 200))).toBe('falsePositive');
  });

  it('sets aside canaries and processes the soak did not start', () => {
    const tally = new AlertTally();
    tally.expectCanary(300);

    expect(tally.record(alert(300, 1))).toBe('canary');
    expect(tally.canarySeen(300)).toBe(true);
    expect(tally.record(alert(400, 1))).toBe('outside');
    expect(tally.record({})).toBe('outside');
    expect(tally.counts).toMatchObject({ canary: 1, outside: 2, expected: 0 });
  });
});
