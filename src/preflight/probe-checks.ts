import { atLeast, type KernelVersion, RINGBUF_KERNEL } from './kernel-version.js';
import type { ProbeOutcome } from './live-probe.js';
import { PRIVILEGE_HINT } from './privileges.js';
import { type CheckResult, checkLine } from './types.js';

const EPERM = 1;
const EACCES = 13;

/** Whether the probe was refused for lack of privileges rather than by the kernel. */
export function deniedByKernel(outcome: ProbeOutcome): boolean {
  return outcome.kind === 'failed' && (outcome.errno === EPERM || outcome.errno === EACCES);
}

/** Opening the sensor creates its ring buffer, so an open sensor proves support. */
export function checkRingbuf(outcome: ProbeOutcome, kernel: KernelVersion | undefined) {
  const recentKernel = kernel !== undefined && atLeast(kernel, RINGBUF_KERNEL);
  const facts = { probed: outcome.kind !== 'skipped', kernelAtLeast5_8: recentKernel };

  if (outcome.kind === 'opened') {
    return checkLine('ringbuf', 'pass', 'BPF_MAP_TYPE_RINGBUF created by the probe', facts);
  }
  if (outcome.kind === 'failed' && outcome.code === 'RINGBUF_FAILED') {
    const hint = 'install a kernel 5.8 or later';
    return checkLine('ringbuf', 'fail', `ring buffer refused: ${outcome.message}`, facts, hint);
  }
  if (!recentKernel) {
    const hint = 'install a kernel 5.8 or later';
    return checkLine('ringbuf', 'fail', 'kernel too old for BPF_MAP_TYPE_RINGBUF', facts, hint);
  }
  const summary = 'not probed (see modes); the kernel is 5.8 or later, which has it';
  return checkLine('ringbuf', 'warn', summary, facts, 'see the modes line');
}

/** The attach mode each hook would use, as the probe found it. */
export function checkModes(outcome: ProbeOutcome): CheckResult {
  if (outcome.kind === 'skipped') {
    const summary = `not probed: ${outcome.reason}`;
    return checkLine('modes', 'fail', summary, { modes: null }, outcome.hint);
  }
  if (outcome.kind === 'failed') return probeFailed(outcome);

  const { modes, attempts } = outcome;
  const fellBack = attempts.map(({ hook, mode, errno }) => ({ hook, mode, errno }));
  const facts = { modes, fellBack };
  const summary = Object.entries(modes)
    .map(([hook, mode]) => `${hook}=${mode}`)
    .join(' ');

  if (modes.exit === undefined) {
    const hint = 'process state then ages out by the look-back only; no action needed';
    return checkLine('modes', 'warn', `${summary}; no exit hook`, facts, hint);
  }
  return checkLine('modes', 'pass', summary, facts);
}

function probeFailed(outcome: Extract<ProbeOutcome, { kind: 'failed' }>): CheckResult {
  const facts = { modes: null, error: { code: outcome.code, errno: outcome.errno } };
  const where = outcome.hook === null ? '' : ` (hook ${outcome.hook})`;
  const summary = `the sensor cannot attach${where}: ${outcome.message}`;
  const hint = deniedByKernel(outcome)
    ? PRIVILEGE_HINT
    : 'see the btf, kprobes and tracepoints lines for what the kernel lacks';

  return checkLine('modes', 'fail', summary, { ...facts, hook: outcome.hook }, hint);
}
