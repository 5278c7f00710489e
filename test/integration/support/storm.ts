import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sh } from './commands.js';
import type { TestNet } from './test-net.js';

const SOURCE = new URL('../fixtures/storm.c', import.meta.url).pathname;

export interface StormRun {
  pid: number;
  stdout: string;
  ms: number;
}

/** The load program (fixtures/storm.c), compiled into a temporary directory. */
export class Storm {
  private constructor(
    private readonly dir: string,
    readonly path: string,
  ) {}

  static build(): Storm {
    const dir = mkdtempSync(join(tmpdir(), 'rwxwatch-storm-'));
    const path = join(dir, 'storm');

    sh('cc', ['-O2', '-Wall', '-o', path, SOURCE]);
    return new Storm(dir, path);
  }

  /** Runs the storm in the client namespace of `net`; resolves once it exited 0. */
  run(net: TestNet, args: string[]): Promise<StormRun> {
    const [command, argv] = net.inClient(this.path, args);
    const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
    const startedAt = performance.now();
    let stdout = '';

    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => {
        const ms = performance.now() - startedAt;
        if (code === 0 && child.pid !== undefined) resolve({ pid: child.pid, stdout, ms });
        else reject(new Error(`storm exited with ${code}: ${stdout}`));
      });
    });
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
