import { describe, expect, it } from 'vitest';
import { CONNECT_FALLBACK, MPROTECT_FALLBACK, modeChain } from '../../src/sensor/modes.js';

describe('modeChain with auto', () => {
  it('tries every mprotect mode, kprobe first', () => {
    const chain = modeChain('auto', MPROTECT_FALLBACK);

    expect(chain).toEqual(['kprobe', 'tracepoint']);
  });

  it('tries every connect mode, kprobe then tp_btf then tracepoint', () => {
    const chain = modeChain('auto', CONNECT_FALLBACK);

    expect(chain).toEqual(['kprobe', 'tp_btf', 'tracepoint']);
  });

  it('returns a copy the caller may change without touching the fallback order', () => {
    const chain = modeChain('auto', CONNECT_FALLBACK);

    chain.reverse();

    expect(CONNECT_FALLBACK).toEqual(['kprobe', 'tp_btf', 'tracepoint']);
  });
});

describe('modeChain with a forced mode', () => {
  it.each(['kprobe', 'tp_btf', 'tracepoint'] as const)('tries only %s', (mode) => {
    const chain = modeChain(mode, CONNECT_FALLBACK);

    expect(chain).toEqual([mode]);
  });

  it('tries only the forced mprotect mode', () => {
    const chain = modeChain('tracepoint', MPROTECT_FALLBACK);

    expect(chain).toEqual(['tracepoint']);
  });
});
