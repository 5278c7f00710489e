import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import type { Cleanup } from '../cleanup.js';

/** Every rule the bench adds carries this key, so it can remove exactly its own. */
const KEY = 'rwxwatch-bench';
/** The backlog Debian's packaged rules (/etc/audit/rules.d/audit.rules) ask for. */
const PACKAGED_BACKLOG = '8192';
const DAEMON_WAIT_MS = 5_000;

const MPROTECT = ['-a', 'always,exit', '-F', 'arch=b64', '-S', 'mprotect'];
const CONNECT = ['-a', 'always,exit', '-F', 'arch=b64', '-S', 'connect'];

/**
 * What each auditd mode loads. `setup` is the upstream rule's setup (every mprotect)
 * plus a connect rule for the network leg; `exact` narrows mprotect to prot == 7
 * (a2 is the third argument) and keeps the same connect rule.
 */
export const AUDIT_RULES = {
  'auditd-setup': [MPROTECT, CONNECT],
  'auditd-exact': [[...MPROTECT, '-F', 'a2=7'], CONNECT],
} as const;
export type AuditMode = keyof typeof AUDIT_RULES;

interface AuditStatus {
  enabled: string;
  pid: number;
  backlogLimit: string;
  lost: number;
}

function auditctl(args: readonly string[]): string {
  return execFileSync('auditctl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function status(): AuditStatus {
  const text = auditctl(['-s']);
  const field = (name: string): string => new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? '';

  return {
    enabled: field('enabled'),
    pid: Number(field('pid')),
    backlogLimit: field('backlog_limit'),
    lost: Number(field('lost')),
  };
}

function ruleLines(): string[] {
  return auditctl(['-l'])
    .split('\n')
    .filter((line) => line.startsWith('-'));
}

/**
 * auditd for the comparison modes. acquire() notes the host's audit state (rules,
 * enabled flag, backlog, whether a daemon runs); release() puts all of it back and stops
 * the daemon if the bench started it. Between modes only the bench's own rules change.
 */
export class AuditHost {
  private constructor(
    private readonly before: AuditStatus,
    private readonly rulesBefore: string[],
    private readonly daemon: ChildProcess | undefined,
  ) {}

  /** Throws when the audit configuration is locked (enabled 2): nothing can be changed. */
  static async acquire(cleanup: Cleanup): Promise<AuditHost> {
    const before = status();
    if (before.enabled === '2') throw new Error('audit rules are locked (enabled 2)');
    const rulesBefore = ruleLines();

    const daemon = before.pid === 0 ? spawn('auditd', ['-n'], { stdio: 'ignore' }) : undefined;
    const host = new AuditHost(before, rulesBefore, daemon);
    cleanup.add('auditd state', () => host.release());
    if (daemon !== undefined) await untilDaemonRegistered();
    auditctl(['-b', PACKAGED_BACKLOG]);
    return host;
  }

  get startedDaemon(): boolean {
    return this.daemon !== undefined;
  }

  get enabledBefore(): string {
    return this.before.enabled;
  }

  /** The daemon the kernel sends records to, whoever started it. */
  daemonPid(): number | undefined {
    const { pid } = status();
    return pid === 0 ? undefined : pid;
  }

  /** Records the kernel dropped because the backlog was full, since boot. */
  lost(): number {
    return status().lost;
  }

  apply(mode: AuditMode): void {
    for (const rule of AUDIT_RULES[mode]) auditctl([...rule, '-k', KEY]);
    auditctl(['-e', '1']);
  }

  /** Removes the bench's rules and puts the enabled flag back as the host had it. */
  clear(): void {
    auditctl(['-D', '-k', KEY]);
    auditctl(['-e', this.before.enabled]);
  }

  private release(): void {
    this.clear();
    if (ruleLines().join('\n') !== this.rulesBefore.join('\n')) this.reloadRules();
    auditctl(['-b', this.before.backlogLimit]);
    if (this.daemon?.pid !== undefined && this.daemon.exitCode === null) {
      this.daemon.kill('SIGTERM');
      waitSync(() => status().pid === 0, DAEMON_WAIT_MS);
    }
    // auditd leaves auditing enabled when it exits; the host's flag wins.
    auditctl(['-e', this.before.enabled]);
  }

  // Only reached if something other than the bench changed the rules meanwhile.
  private reloadRules(): void {
    auditctl(['-D']);
    for (const line of this.rulesBefore) auditctl(line.split(/\s+/));
  }
}

async function untilDaemonRegistered(): Promise<void> {
  const deadline = Date.now() + DAEMON_WAIT_MS;
  while (status().pid === 0) {
    if (Date.now() > deadline) throw new Error('auditd did not register with the kernel');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// Cleanup must be synchronous (it may run from an exit hook), hence a blocking poll.
function waitSync(done: () => boolean, timeoutMs: number): void {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) execFileSync('sleep', ['0.1']);
}
