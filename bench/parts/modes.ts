import type { AuditHost, AuditMode } from '../env/auditd.js';
import type { BenchEnv } from '../env/bench-env.js';
import { TracepointFloor } from '../env/floor.js';
import { BenchSensor } from '../env/sensor.js';
import type { ModeName } from '../results.js';

/**
 * A monitor switched on; `pid` is the process whose CPU and memory it costs, and
 * throws if that process died, so that no number is taken without its monitor.
 */
export interface ActiveMode {
  pid: () => number | undefined;
  leave: () => Promise<void>;
}

// The alert cap would otherwise stop canaries from alerting after a hundred sensor starts.
const SENSOR_CONFIG = { maxAlertsPerInterval: 1_000_000 };

export async function enterMode(
  mode: ModeName,
  env: BenchEnv,
  audit: AuditHost | undefined,
): Promise<ActiveMode> {
  if (mode === 'none') return { pid: () => undefined, leave: async () => {} };
  if (mode === 'rwxwatch') return enterSensor(env);
  if (mode === 'floor') return enterFloor();
  if (audit === undefined) throw new Error(`${mode}: auditd is not available`);
  return enterAudit(mode, audit);
}

async function enterSensor(env: BenchEnv): Promise<ActiveMode> {
  const sensor = await BenchSensor.start({ logLevel: 'warn', config: SENSOR_CONFIG }, env);

  return {
    pid: () => sensor.livePid(),
    leave: async () => {
      await sensor.stop();
      env.errors.push(...summarise(sensor.warnings));
    },
  };
}

async function enterFloor(): Promise<ActiveMode> {
  const floor = await TracepointFloor.attach();

  return { pid: () => floor.pid, leave: () => floor.detach() };
}

function enterAudit(mode: AuditMode, audit: AuditHost): ActiveMode {
  audit.apply(mode);

  return {
    pid: () => audit.daemonPid(),
    leave: async () => audit.clear(),
  };
}

// One line per distinct warning, not one per stats tick.
function summarise(warnings: { msg?: string; counter?: string }[]): string[] {
  const counts = new Map<string, number>();
  for (const { msg, counter } of warnings) {
    const what = counter === undefined ? `${msg}` : `${msg} (${counter})`;
    counts.set(what, (counts.get(what) ?? 0) + 1);
  }
  return [...counts].map(([what, n]) => `rwxwatch warned ${n} time(s): ${what}`);
}
