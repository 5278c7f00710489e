import type { ConnectMode, MprotectMode } from '../native/binding.js';

/** Attach modes per hook, most preferred first; `auto` tries them all. */
export const MPROTECT_FALLBACK: readonly MprotectMode[] = ['kprobe', 'tracepoint'];
export const CONNECT_FALLBACK: readonly ConnectMode[] = ['kprobe', 'tp_btf', 'tracepoint'];

export function modeChain<M extends string>(choice: M | 'auto', chain: readonly M[]): M[] {
  return choice === 'auto' ? [...chain] : [choice];
}
