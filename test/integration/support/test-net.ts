import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { sh, shQuiet } from './commands.js';

/**
 * Two network namespaces joined by a veth pair, with documentation addresses:
 * the client side is 198.51.100.1 and 2001:db8::1, the server side .2 and ::2.
 * Nothing leaves them; dispose() removes both namespaces (and so the pair).
 */
export class TestNet {
  readonly client: string;
  readonly server: string;
  readonly serverV4 = '198.51.100.2';
  readonly serverV6 = '2001:db8::2';
  private listener: ChildProcess | undefined;

  private constructor(tag: string) {
    this.client = `rwxw-${tag}-c`;
    this.server = `rwxw-${tag}-s`;
  }

  static create(): TestNet {
    const net = new TestNet(randomBytes(3).toString('hex'));

    try {
      net.build();
    } catch (error) {
      net.dispose();
      throw error;
    }
    return net;
  }

  /** A TCP listener on every server address, answering and closing each connection. */
  async listen(port: number): Promise<void> {
    const script = `require('net').createServer((s) => s.end()).listen(${port}, '::', () =>
      console.log('listening'))`;
    this.listener = spawn('ip', ['netns', 'exec', this.server, process.execPath, '-e', script]);

    await new Promise<void>((resolve, reject) => {
      this.listener?.stdout?.once('data', () => resolve());
      this.listener?.once('exit', (code) => reject(new Error(`listener exited with ${code}`)));
    });
  }

  /** Argument prefix that runs a command inside the client namespace. */
  inClient(command: string, args: string[]): [string, string[]] {
    return ['ip', ['netns', 'exec', this.client, command, ...args]];
  }

  dispose(): void {
    this.listener?.kill('SIGKILL');
    shQuiet('ip', ['netns', 'del', this.client]);
    shQuiet('ip', ['netns', 'del', this.server]);
  }

  private build(): void {
    const veth = `rwxw${randomBytes(3).toString('hex')}`;
    const [c, s] = [`${veth}c`, `${veth}s`];

    sh('ip', ['netns', 'add', this.client]);
    sh('ip', ['netns', 'add', this.server]);
    sh('ip', [
      'link',
      'add',
      c,
      'netns',
      this.client,
      'type',
      'veth',
      'peer',
      s,
      'netns',
      this.server,
    ]);

    this.configure(this.client, c, '198.51.100.1/24', '2001:db8::1/64');
    this.configure(this.server, s, '198.51.100.2/24', '2001:db8::2/64');
  }

  private configure(ns: string, dev: string, v4: string, v6: string): void {
    sh('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    sh('ip', ['-n', ns, 'addr', 'add', v4, 'dev', dev]);
    sh('ip', ['-n', ns, 'addr', 'add', v6, 'dev', dev, 'nodad']);
    sh('ip', ['-n', ns, 'link', 'set', dev, 'up']);
  }
}
