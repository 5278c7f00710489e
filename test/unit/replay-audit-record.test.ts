import { describe, expect, it } from 'vitest';
import { auditString, parseAuditRecord } from '../../src/replay/audit-record.js';

const SYSCALL =
  'type=SYSCALL msg=audit(1733241952.530:1001): arch=c000003e syscall=10 success=yes ' +
  'exit=0 a0=7f1907de1000 a1=1000 a2=7 pid=5371 comm="trigger" exe="/usr/bin/trigger"';

describe('parseAuditRecord given a raw record', () => {
  it('reads the type, the time to the millisecond, the serial and the fields', () => {
    const record = parseAuditRecord(SYSCALL);

    expect(record).toMatchObject({
      type: 'SYSCALL',
      timeMs: 1733241952530,
      serial: 1001,
      node: undefined,
    });
    expect(record?.fields.get('a2')).toBe('7');
    expect(record?.fields.get('comm')).toBe('"trigger"');
  });

  it('reads the node name that name_format puts in front', () => {
    const record = parseAuditRecord(`node=web-01 ${SYSCALL}`);

    expect(record?.node).toBe('web-01');
    expect(record?.type).toBe('SYSCALL');
  });

  it('keeps a single-quoted msg whole, so the keys inside it are not taken', () => {
    const line =
      'type=USER_LOGIN msg=audit(1.000:2): pid=880 uid=0 msg=\'op=login exe="/sbin/sshd" res=ok\'';

    const record = parseAuditRecord(line);

    expect(record?.fields.get('pid')).toBe('880');
    expect(record?.fields.get('exe')).toBeUndefined();
    expect(record?.fields.get('msg')).toBe('\'op=login exe="/sbin/sshd" res=ok\'');
  });

  it('keeps the first value of a repeated key', () => {
    const record = parseAuditRecord('type=X msg=audit(1.000:2): pid=1 pid=2');

    expect(record?.fields.get('pid')).toBe('1');
  });
});

describe('parseAuditRecord given an enriched record', () => {
  it('reads only the raw fields before the GS byte', () => {
    const line = `${SYSCALL}\x1dARCH=x86_64 SYSCALL=mprotect AUID="alice" UID="root" pid=1`;

    const record = parseAuditRecord(line);

    expect(record?.fields.get('pid')).toBe('5371');
    expect(record?.fields.has('ARCH')).toBe(false);
    expect(record?.fields.has('UID')).toBe(false);
  });
});

describe('parseAuditRecord given a line that is not an audit record', () => {
  it.each([
    ['free text', 'audit: backlog limit exceeded'],
    ['a time without milliseconds', 'type=SYSCALL msg=audit(1733241952:1001): pid=1'],
    ['an interpreted (ausearch -i) time', 'type=SYSCALL msg=audit(12/03/2024 16:05:52.530:1):'],
    ['an empty line', ''],
  ])('returns undefined for %s', (_what, line) => {
    const record = parseAuditRecord(line);

    expect(record).toBeUndefined();
  });
});

describe('auditString', () => {
  it.each([
    ['a quoted value', '"trigger"', 'trigger'],
    ['hex of a name with a space', '6D79207061796C6F6164', 'my payload'],
    ['hex of plain letters', '74726967676572', 'trigger'],
    ['hex of UTF-8', 'C3A974C3A9', 'été'],
    ['a bare word', '(null)', '(null)'],
    ['odd-length hex-like text', 'ABC', 'ABC'],
    ['lowercase hex-like text, which the kernel never writes', 'abcd', 'abcd'],
  ])('decodes %s', (_what, raw, text) => {
    const decoded = auditString(raw);

    expect(decoded).toBe(text);
  });
});
