import { describe, expect, it } from 'vitest';
import type { ConnectEvent, MprotectEvent } from '../../src/events/types.js';
import {
  formatRecordLine,
  parseRecordDocument,
  RECORD_MARKER,
} from '../../src/replay/sensor-format.js';
import { connectEvent, kernelContext, mprotectEvent } from './support/events.js';

const HOST = { id: 'host-1', name: 'web-01' };

function lineOf(event: MprotectEvent | ConnectEvent): Record<string, unknown> {
  return JSON.parse(formatRecordLine(event, HOST));
}

describe('formatRecordLine for an mprotect', () => {
  it('writes one line with the version marker, the host and bigints as decimal strings', () => {
    const event = mprotectEvent({ addr: 0xffff_ffff_ffff_f000n, len: 8192n });

    const text = formatRecordLine(event, HOST);

    expect(text.endsWith('\n')).toBe(true);
    expect(text.indexOf('\n')).toBe(text.length - 1);
    expect(JSON.parse(text)).toMatchObject({
      [RECORD_MARKER]: 1,
      host: HOST,
      kind: 'mprotect',
      addr: '18446744073709547520',
      len: '8192',
      prot: '7',
      ktimeNs: `${event.ktimeNs}`,
    });
  });
});

describe('parseRecordDocument given lines the recorder wrote', () => {
  it('reads an mprotect back to the same event and host', () => {
    const event = mprotectEvent({ syscall: 'pkey_mprotect', ret: -13, executable: '/tmp/x' });

    const result = parseRecordDocument(lineOf(event));

    expect(result).toEqual({ type: 'event', event, host: HOST });
  });

  it('reads a connect with its kernel context back to the same event', () => {
    const context = kernelContext();
    const event = connectEvent({ family: 6, destinationIp: '2001:db8::2', context });

    const result = parseRecordDocument(lineOf(event));

    expect(result).toEqual({ type: 'event', event, host: HOST });
  });

  it('drops keys it does not know, so a newer recorder can add fields', () => {
    const document = { ...lineOf(mprotectEvent()), futureField: { a: 1 } };

    const result = parseRecordDocument(document);

    expect(result.type).toBe('event');
    expect(result.type === 'event' && 'futureField' in result.event).toBe(false);
  });

  it('accepts a line without a host', () => {
    const { host: _, ...document } = lineOf(mprotectEvent());

    const result = parseRecordDocument(document);

    expect(result).toMatchObject({ type: 'event', host: {} });
  });
});

describe('parseRecordDocument given a malformed line', () => {
  const valid = () => lineOf(connectEvent());
  const cases = [
    { what: 'another version', change: { [RECORD_MARKER]: 2 }, reason: /unsupported version/ },
    { what: 'a pid that is not a number', change: { pid: 'x' }, reason: /^pid: / },
    { what: 'a u64 as a JSON number', change: { ktimeNs: 5 }, reason: /^ktimeNs: / },
    { what: 'a u64 over 64 bits', change: { startNs: '18446744073709551616' }, reason: /64 bits/ },
    { what: 'an unknown kind', change: { kind: 'exec' }, reason: /^kind: / },
    { what: 'a port over 65535', change: { destinationPort: 70000 }, reason: /destinationPort/ },
    { what: 'a destination that is no address', change: { destinationIp: 'x' }, reason: /IP/ },
  ];

  it.each(cases)('reports $what with a reason naming the field', ({ change, reason }) => {
    const document = { ...valid(), ...change };

    const result = parseRecordDocument(document);

    expect(result.type).toBe('malformed');
    expect(result.type === 'malformed' && result.reason).toMatch(reason);
  });
});
