// Integration tests need root and a kernel with BPF; CI runs as root. When
// either is missing the suite says why it skips, on stderr, rather than
// passing silently.
import { existsSync } from 'node:fs';

export function kernelSkipReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root; run `sudo npm test`';
  if (!existsSync('/sys/kernel/btf/vmlinux')) return 'the kernel has no BTF (/sys/kernel/btf)';
  return undefined;
}

export function announceSkip(suite: string, reason: string | undefined): boolean {
  if (reason !== undefined) process.stderr.write(`SKIPPED ${suite}: ${reason}\n`);
  return reason !== undefined;
}
