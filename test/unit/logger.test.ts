import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/logger.js';

describe('createLogger', () => {
  it('sets the level it was given', () => {
    const log = createLogger('warn');

    expect(log.level).toBe('warn');
    expect(log.isLevelEnabled('info')).toBe(false);
  });

  it('names the root logger rwxwatch', () => {
    const log = createLogger('silent');

    expect(log.bindings()).toMatchObject({ name: 'rwxwatch' });
  });
});

describe('createLogger for a terminal', () => {
  it('builds a pretty logger at the level it was given', () => {
    const log = createLogger('debug', { pretty: true });

    expect(log.level).toBe('debug');
    expect(log.bindings()).toMatchObject({ name: 'rwxwatch' });
  });
});
