import { describe, expect, it } from 'vitest';
import { ENTITY_ID_CHARS, entityId, processStart } from '../../src/enrich/entity-id.js';

const HOST = '0123456789abcdef0123456789abcdef';

describe('entityId for one process', () => {
  it('gives every event of the process the same id', () => {
    const first = entityId(HOST, 4242, 1_000_000_000n);

    const again = entityId(HOST, 4242, 1_000_000_000n);

    expect(again).toBe(first);
  });

  it('is ENTITY_ID_CHARS base64url characters', () => {
    const id = entityId(HOST, 1, 0n);

    expect(ENTITY_ID_CHARS).toBe(22);
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});

describe('entityId for processes that share a pid', () => {
  it('gives a later holder of a reused pid a different id', () => {
    const earlier = entityId(HOST, 4242, 1_000_000_000n);

    const later = entityId(HOST, 4242, 1_000_000_001n);

    expect(later).not.toBe(earlier);
  });

  it('gives the same pid and start time on another host a different id', () => {
    const here = entityId(HOST, 4242, 1_000_000_000n);

    const there = entityId('fedcba9876543210fedcba9876543210', 4242, 1_000_000_000n);

    expect(there).not.toBe(here);
  });
});

describe('processStart', () => {
  it('adds the boot-to-realtime offset and keeps millisecond precision', () => {
    const bootToRealtimeNs = BigInt(Date.UTC(2024, 0, 1)) * 1_000_000n;

    const start = processStart(12_345_678_901n, bootToRealtimeNs);

    expect(start).toBe('2024-01-01T00:00:12.345Z');
  });
});
