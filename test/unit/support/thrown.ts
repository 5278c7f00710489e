import { expect } from 'vitest';

/** Runs `action`, checks it threw an instance of `type` and returns that error. */
export function thrownBy<E extends Error>(
  action: () => unknown,
  type: abstract new (...args: never) => E,
): E {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return error as E;
  }
  throw new Error(`expected ${type.name} to be thrown`);
}
