import { type ChildProcess, spawn } from 'node:child_process';
import { TestNet } from '../../test/integration/support/test-net.js';
import type { Cleanup } from '../cleanup.js';
import { killIfAlive, type Programs } from '../programs.js';

export const SINK_PORT = 8080;
const SINK_READY_MS = 5_000;

/**
 * The integration tests' namespace pair (client 198.51.100.1, server .2, joined by a
 * veth pair and nothing else) with the bench's accept-and-close sink on the server
 * side. Every connection the bench makes goes to the sink or to loopback.
 */
export class BenchNet {
  private constructor(
    private readonly net: TestNet,
    readonly serverV4: string,
  ) {}

  static async create(cleanup: Cleanup, programs: Programs): Promise<BenchNet> {
    const net = TestNet.create();
    cleanup.add('network namespaces', () => net.dispose());

    const args = ['netns', 'exec', net.server, programs.path('sink'), String(SINK_PORT)];
    const sink = spawn('ip', args, {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    cleanup.add('sink listener', () => killIfAlive(sink));
    await listening(sink);
    return new BenchNet(net, net.serverV4);
  }

  /** Command and arguments that run `command args...` in the client namespace. */
  inClient(command: string, args: string[]): [string, string[]] {
    return this.net.inClient(command, args);
  }
}

function listening(sink: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('sink not listening')), SINK_READY_MS);
    sink.stdout?.once('data', () => {
      clearTimeout(timer);
      resolve();
    });
    sink.once('exit', (code) => reject(new Error(`sink exited with ${code}`)));
  });
}
