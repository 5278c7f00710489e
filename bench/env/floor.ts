import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const BPFTRACE = '/usr/bin/bpftrace';
// The attach points rwxwatch uses on a kernel without kprobes, each with an empty program.
const SCRIPT = [
  'tracepoint:syscalls:sys_enter_mprotect {}',
  'tracepoint:syscalls:sys_exit_mprotect {}',
  'tracepoint:sock:inet_sock_set_state {}',
].join(' ');
const ATTACH_TIMEOUT_MS = 20_000;
const DETACH_TIMEOUT_MS = 10_000;

/** Why the floor mode cannot run here, or undefined when it can. */
export function floorSkipReason(): string | undefined {
  return existsSync(BPFTRACE) ? undefined : 'bpftrace is not installed (apt-get install bpftrace)';
}

/**
 * The floor: empty BPF programs on the same tracepoints, attached by bpftrace. What a
 * workload loses to it is the cost of the attach points themselves (a syscall tracepoint
 * puts every syscall on the tracing slow path), which no program on them can avoid.
 */
export class TracepointFloor {
  private constructor(private readonly child: ChildProcess) {}

  static async attach(): Promise<TracepointFloor> {
    const child = spawn(BPFTRACE, ['-e', SCRIPT], { stdio: ['ignore', 'pipe', 'ignore'] });

    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('bpftrace did not attach')),
        ATTACH_TIMEOUT_MS,
      );
      child.stdout?.on('data', (chunk: Buffer) => {
        if (!chunk.toString().includes('Attaching')) return;
        clearTimeout(timer);
        resolve();
      });
      child.once('exit', (code) => reject(new Error(`bpftrace exited with ${code}`)));
    });
    // bpftrace prints "Attaching" before the last probe is live; give it a moment.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    return new TracepointFloor(child);
  }

  get pid(): number | undefined {
    return this.child.exitCode === null ? this.child.pid : undefined;
  }

  // bpftrace can miss a SIGINT that arrives while it is still attaching, and would then
  // hold the bench forever: after DETACH_TIMEOUT_MS it is killed instead.
  async detach(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGINT');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), DETACH_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }
}
