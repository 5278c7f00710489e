import { describe, expect, it } from 'vitest';
import { CacheSizeError } from '../../src/enrich/errors.js';
import { PROCESS_CACHE_ENTRIES, ProcessCache } from '../../src/enrich/process-cache.js';
import { thrownBy } from './support/thrown.js';

describe('ProcessCache keyed by pid and start time', () => {
  it('tells two holders of one pid apart', () => {
    const cache = new ProcessCache<string>(4);
    cache.set(42, 1n, 'first');

    cache.set(42, 2n, 'second');

    expect(cache.get(42, 1n)).toBe('first');
    expect(cache.get(42, 2n)).toBe('second');
  });

  it('replaces the entry of a process that is set again', () => {
    const cache = new ProcessCache<string>(4);
    cache.set(42, 1n, 'before exec');

    cache.set(42, 1n, 'after exec');

    expect(cache.get(42, 1n)).toBe('after exec');
    expect(cache.stats().size).toBe(1);
  });
});

describe('ProcessCache when full', () => {
  it('evicts the least recently used entry and counts it', () => {
    const cache = new ProcessCache<string>(2);
    cache.set(1, 1n, 'one');
    cache.set(2, 2n, 'two');
    cache.get(1, 1n);

    cache.set(3, 3n, 'three');

    expect(cache.get(2, 2n)).toBeUndefined();
    expect(cache.get(1, 1n)).toBe('one');
    expect(cache.stats()).toEqual({ size: 2, capacity: 2, evictions: 1 });
  });

  it('holds PROCESS_CACHE_ENTRIES by default', () => {
    const cache = new ProcessCache<string>();

    const { capacity } = cache.stats();

    expect(capacity).toBe(PROCESS_CACHE_ENTRIES);
    expect(PROCESS_CACHE_ENTRIES).toBe(2048);
  });
});

describe('ProcessCache when a process exits', () => {
  it('forgets it without counting an eviction', () => {
    const cache = new ProcessCache<string>(2);
    cache.set(1, 1n, 'one');

    const forgotten = cache.forget(1, 1n);

    expect(forgotten).toBe(true);
    expect(cache.get(1, 1n)).toBeUndefined();
    expect(cache.stats()).toEqual({ size: 0, capacity: 2, evictions: 0 });
  });

  it('reports false for a process it never held', () => {
    const cache = new ProcessCache<string>(2);

    const forgotten = cache.forget(9, 9n);

    expect(forgotten).toBe(false);
  });
});

describe('ProcessCache given a size it cannot use', () => {
  it.each([0, -1, 1.5, Number.NaN])('refuses %s with a coded error', (size) => {
    const error = thrownBy(() => new ProcessCache<string>(size), CacheSizeError);

    expect(error.code).toBe('ENRICH_CACHE_SIZE_INVALID');
    expect(error.size).toBe(size);
  });
});
