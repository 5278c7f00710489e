import { RwxwatchError } from '../errors.js';

/** The process cache was given a size it cannot work with. */
export class CacheSizeError extends RwxwatchError {
  readonly code = 'ENRICH_CACHE_SIZE_INVALID';

  constructor(readonly size: number) {
    super(`process cache size must be a positive integer, got ${size}`);
  }
}
