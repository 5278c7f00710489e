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
