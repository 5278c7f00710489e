import type { HostReader } from './host-reader.js';
import type { CheckResult } from './types.js';

export const VMLINUX_BTF = '/sys/kernel/btf/vmlinux';

/** CO-RE programs are relocated against the kernel's own BTF; without it none loads. */
export function checkBtf(reader: HostReader): CheckResult {
  const state = reader.state(VMLINUX_BTF);
  const facts = { path: VMLINUX_BTF, state };

  if (state === 'present') {
    return { id: 'btf', status: 'pass', summary: `${VMLINUX_BTF} present`, facts };
  }
  return {
    id: 'btf',
    status: 'fail',
    summary: `${VMLINUX_BTF} ${state === 'denied' ? 'unreadable' : 'absent'}: no kernel BTF`,
    hint: 'install a kernel with CONFIG_DEBUG_INFO_BTF',
    facts,
  };
}
