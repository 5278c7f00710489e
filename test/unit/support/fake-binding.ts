// A stand-in for the native addon: opens with fixed modes, or throws like the addon does.
import type { AttachAttempt, AttachModes, NativeBinding } from '../../../src/native/binding.js';

export const PROBED_MODES: AttachModes = {
  mprotect: 'tracepoint',
  connect: 'tp_btf',
  exit: 'tp_btf',
};
export const KPROBE_ATTEMPT: AttachAttempt = {
  hook: 'connect',
  mode: 'kprobe',
  errno: 2,
  message: 'no such file',
};

export interface FakeBinding extends NativeBinding {
  opened: number;
  closed: number;
}

export function openingBinding(modes = PROBED_MODES): FakeBinding {
  const binding = {
    opened: 0,
    closed: 0,
    layout: { header: 0, mprotect: 0, connect: 0, exit: 0 },
    dropCapabilities: () => ({ signal: 0, threads: [] }),
    open: () => {
      binding.opened += 1;
      return {
        modes: () => modes,
        attempts: () => [KPROBE_ATTEMPT],
        close: () => {
          binding.closed += 1;
        },
      } as unknown as ReturnType<NativeBinding['open']>;
    },
  };
  return binding;
}

export function failingBinding(code: string, errno: number, hook?: string): FakeBinding {
  const binding = openingBinding();
  binding.open = () => {
    binding.opened += 1;
    throw Object.assign(new Error(`${code} from the fake addon`), { code, errno, hook });
  };
  return binding;
}
