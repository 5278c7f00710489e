import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sh } from './commands.js';

const SOURCE = new URL('../fixtures/trigger.c', import.meta.url).pathname;

export interface TriggerRun {
  pid: number;
  stdout: string;
}

/** The trigger program (fixtures/trigger.c), compiled into a temporary directory. */
export class Trigger {
  private constructor(
    private readonly dir: string,
    readonly path: string,
  ) {}

  static build(): Trigger {
    const dir = mkdtempSync(join(tmpdir(), 'rwxwatch-trigger-'));
    const path = join(dir, 'trigger');

    sh('cc', ['-O2', '-Wall', '-pthread', '-o', path, SOURCE]);
    return new Trigger(dir, path);
  }

  /** Runs `command args...` (e.g. ip netns exec ... trigger ...) and waits for it. */
  run(command: string, args: string[]): Promise<TriggerRun> {
    return this.start(command, args).done;
  }

  /**
   * Starts it without waiting: `pid` at once (ip netns exec execs the trigger, so it is
   * the trigger's), `done` once it exited.
   */
  start(command: string, args: string[]): { pid: number; done: Promise<TriggerRun> } {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';

    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const done = new Promise<TriggerRun>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => {
        if (code === 0 && child.pid !== undefined) resolve({ pid: child.pid, stdout });
        else reject(new Error(`trigger exited with ${code}: ${stdout}`));
      });
    });
    return { pid: child.pid ?? -1, done };
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
