import { existsSync, readFileSync } from 'node:fs';
import { sh, shQuiet } from './commands.js';

const KEY = 'rwxwatch-test';
// auditd rotates its log by size, so a run's records may sit in either file.
const LOGS = ['/var/log/audit/audit.log.1', '/var/log/audit/audit.log'];
const STAMP = /msg=audit\((\d+)\.\d+:(\d+)\)/;

/**
 * auditd recording mprotect and connect for the length of a test, the way the
 * upstream rule's setup does. It only adds rules under its own key and puts
 * back what it changed: the rules it added, the daemon if it started it, and
 * the kernel's audit-enabled flag.
 */
export class AuditSession {
  private constructor(
    private readonly startedDaemon: boolean,
    private readonly enabledBefore: string,
    private readonly startedAtS: number,
  ) {}

  static start(): AuditSession {
    const enabledBefore = /enabled (\d)/.exec(sh('auditctl', ['-s']))?.[1] ?? '0';
    const running = daemonRunning();
    if (!running) sh('auditd', []);

    const startedAtS = Math.floor(Date.now() / 1000) - 1;
    const rule = ['-a', 'always,exit', '-F', 'arch=b64', '-S', 'mprotect', '-S', 'connect'];
    sh('auditctl', [...rule, '-k', KEY]);
    sh('auditctl', ['-e', '1']);
    return new AuditSession(!running, enabledBefore, startedAtS);
  }

  /** Every record of the events of `pid` under this session's key, grouped lines whole. */
  linesFor(pid: number): string[] {
    const lines = LOGS.filter((log) => existsSync(log))
      .flatMap((log) => readFileSync(log, 'utf8').split('\n'))
      .filter((line) => Number(STAMP.exec(line)?.[1] ?? 0) >= this.startedAtS);
    const ours = lines.filter((line) => line.includes(` pid=${pid} `) && line.includes(KEY));
    const serials = new Set(ours.map((line) => STAMP.exec(line)?.[2]));

    return lines.filter((line) => serials.has(STAMP.exec(line)?.[2]));
  }

  stop(): void {
    shQuiet('auditctl', ['-D', '-k', KEY]);
    if (this.startedDaemon) shQuiet('pkill', ['-x', 'auditd']);
    shQuiet('auditctl', ['-e', this.enabledBefore]);
  }
}

function daemonRunning(): boolean {
  try {
    sh('pgrep', ['-x', 'auditd']);
    return true;
  } catch {
    return false;
  }
}
