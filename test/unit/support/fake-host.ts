// A fake host root for the preflight checks: files at host paths under a temp dir.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type HostReader, hostReader } from '../../../src/preflight/host-reader.js';
import { removeDir, tempDir } from './fake-proc.js';

export const ROOT_CAPS = '000001ffffffffff';
export const TRACEFS_MOUNT = 'tracefs /sys/kernel/tracing tracefs rw,nosuid 0 0';

export class FakeHost {
  readonly root = tempDir('preflight');
  readonly reader: HostReader = hostReader(this.root);

  file(path: string, content: string | Buffer): this {
    const full = join(this.root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
    return this;
  }

  dir(path: string): this {
    mkdirSync(join(this.root, path), { recursive: true });
    return this;
  }

  kernelConfigGz(lines: string[]): this {
    return this.file('/proc/config.gz', gzipSync(`${lines.join('\n')}\n`));
  }

  tracepoint(event: string): this {
    return this.file(`/sys/kernel/tracing/events/${event}/id`, '1\n');
  }

  remove(): void {
    removeDir(this.root);
  }
}

/** A host like the one the tests run on: 6.x, BTF, tracefs mounted, no kprobes. */
export function typicalHost(): FakeHost {
  return new FakeHost()
    .file('/proc/sys/kernel/osrelease', '6.1.0-18-amd64\n')
    .file('/sys/kernel/btf/vmlinux', 'BTF')
    .file('/proc/self/mounts', `proc /proc proc rw 0 0\n${TRACEFS_MOUNT}\n`)
    .file('/proc/self/status', `Name:\tnode\nCapEff:\t${ROOT_CAPS}\n`)
    .file('/proc/self/limits', 'Max locked memory         8388608   8388608   bytes\n')
    .kernelConfigGz(['# CONFIG_KPROBES is not set', 'CONFIG_FTRACE_SYSCALLS=y'])
    .tracepoint('syscalls/sys_enter_mprotect')
    .tracepoint('sock/inet_sock_set_state');
}
