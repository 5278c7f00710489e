import { describe, expect, it } from 'vitest';
import type { EcsAlert } from '../../src/alerts/ecs.js';
import { alertSummary, quoteUntrusted } from '../../src/log/alert-summary.js';

function alert(name: string, ip = '198.51.100.2', type: 'ipv4' | 'ipv6' = 'ipv4'): EcsAlert {
  return {
    event: { id: 'a1b2' },
    rule: { name: 'Network Connection from Binary with RWX Memory Region' },
    process: { pid: 123, name },
    destination: { ip, port: 8080 },
    network: { transport: 'tcp', type },
  } as EcsAlert;
}

describe('alertSummary for an ordinary alert', () => {
  it('names the pid, the quoted name, the destination and the rule on one line', () => {
    const line = alertSummary(alert('trigger'));

    expect(line).toBe(
      'ALERT rwx+connect pid=123 name="trigger" -> 198.51.100.2:8080/tcp ' +
        '(rule "Network Connection from Binary with RWX Memory Region", id a1b2)',
    );
  });

  it('brackets an IPv6 destination', () => {
    const line = alertSummary(alert('trigger', '2001:db8::2', 'ipv6'));

    expect(line).toContain('-> [2001:db8::2]:8080/tcp');
  });
});

describe('alertSummary for a hostile process name', () => {
  it('keeps a name with a newline and a forged ALERT on one line', () => {
    const line = alertSummary(alert('x\nALERT rwx+connect pid=1'));

    expect(line.split('\n')).toHaveLength(1);
    expect(line).toContain('name="x\\nALERT rwx+connect pid=1"');
  });

  it('escapes ANSI escape sequences and carriage returns', () => {
    const line = alertSummary(alert('\u001b[2K\rok'));

    expect([...line].filter((char) => char.charCodeAt(0) < 0x20)).toEqual([]);
    expect(line).toContain('name="\\u001b[2K\\rok"');
  });

  it('escapes C1 controls, DEL and Unicode line separators that JSON leaves alone', () => {
    const quoted = quoteUntrusted('a\u009b31mb\u007fc\u2028d\u2029');

    expect(quoted).toBe('"a\\u009b31mb\\u007fc\\u2028d\\u2029"');
  });

  it('escapes quotes and backslashes so the name cannot end its token', () => {
    const quoted = quoteUntrusted('a" pid=1 \\');

    expect(quoted).toBe('"a\\" pid=1 \\\\"');
  });
});
