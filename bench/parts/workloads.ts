import type { BenchEnv } from '../env/bench-env.js';
import { SINK_PORT } from '../env/net.js';
import type { WorkloadName } from '../options.js';
import { runToEnd } from '../programs.js';

/** No workload may take longer than this, whatever the monitor does to it. */
const WORKLOAD_TIMEOUT_MS = 180_000;

// Connections stay inside the bench's namespaces: loopback of the client namespace,
// or the sink across the veth pair. The memory workloads need no network at all.
function command(workload: WorkloadName, iterations: number, env: BenchEnv): [string, string[]] {
  const program = env.programs.path('syscalls');
  const count = String(iterations);

  if (workload === 'external') {
    return env.net.inClient(program, [workload, count, env.net.serverV4, String(SINK_PORT)]);
  }
  if (workload === 'loopback') return env.net.inClient(program, [workload, count]);
  return [program, [workload, count]];
}

/** Runs one workload to completion; resolves with its own timing, ns per operation. */
export async function runWorkload(
  workload: WorkloadName,
  iterations: number,
  env: BenchEnv,
): Promise<number> {
  const [program, args] = command(workload, iterations, env);
  const { stdout } = await runToEnd(program, args, WORKLOAD_TIMEOUT_MS);

  const nsPerOp = Number(stdout.trim());
  if (!Number.isFinite(nsPerOp)) throw new Error(`${workload}: unreadable output ${stdout}`);
  return nsPerOp;
}
