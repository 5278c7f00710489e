import { existsSync, readFileSync } from 'node:fs';
import { sh, shQuiet } from './commands.js';

const KEY = 'rwxwatch-test';
const LOG = '/var/log/audit/audit.log';
const SERIAL = /msg=audit\(\d+\.\d+:(\d+)\)/;

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
    private readonly logOffset: number,
  ) {}

  static start(): AuditSession {
    const enabledBefore = /enabled (\d)/.exec(sh('auditctl', ['-s']))?.[1] ?? '0';
    const running = daemonRunning();
    if (!running) sh('auditd', []);

    const offset = existsSync(LOG) ? readFileSync(LOG).length : 0;
    sh('auditctl', [
      '-a',
      'always,exit',
      '-F',
      'arch=b64',
      '-S',
      'mprotect',
      '-S',
      'connect',
      '-k',
      KEY,
    ]);
    return new AuditSession(!running, enabledBefore, offset);
  }

  /** The records of every event of `pid` logged since start(), grouped lines kept whole. */
  linesFor(pid: number): string[] {
    const lines = readFileSync(LOG).subarray(this.logOffset).toString('utf8').split('\n');
    const serials = new Set(
      lines.filter((line) => line.includes(` pid=${pid} `)).map((line) => SERIAL.exec(line)?.[1]),
    );

    return lines.filter((line) => serials.has(SERIAL.exec(line)?.[1]));
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
