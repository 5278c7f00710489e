import { describe, expect, it } from 'vitest';
import { type ProbeOutcome, probeSensor } from '../../src/preflight/live-probe.js';
import { checkModes, checkRingbuf, deniedByKernel } from '../../src/preflight/probe-checks.js';
import {
  failingBinding,
  KPROBE_ATTEMPT,
  openingBinding,
  PROBED_MODES,
} from './support/fake-binding.js';

const KERNEL_6 = { release: '6.1.0', major: 6, minor: 1 };
const KERNEL_5_4 = { release: '5.4.0', major: 5, minor: 4 };
const SKIPPED: ProbeOutcome = { kind: 'skipped', reason: 'missing privileges', hint: 'be root' };

describe('probeSensor with an addon that attaches', () => {
  it('reports the modes and attempts, and closes the sensor', () => {
    const binding = openingBinding();

    const outcome = probeSensor(binding);

    expect(outcome).toEqual({ kind: 'opened', modes: PROBED_MODES, attempts: [KPROBE_ATTEMPT] });
    expect(binding.opened).toBe(1);
    expect(binding.closed).toBe(1);
  });
});

describe('probeSensor with an addon that throws', () => {
  it('reports the code, errno and hook of the failure', () => {
    const binding = failingBinding('BPF_ATTACH_FAILED', 95, 'connect');

    const outcome = probeSensor(binding);

    expect(outcome).toMatchObject({
      kind: 'failed',
      code: 'BPF_ATTACH_FAILED',
      errno: 95,
      hook: 'connect',
    });
    expect(deniedByKernel(outcome)).toBe(false);
  });

  it('is a privilege failure for EPERM', () => {
    const outcome = probeSensor(failingBinding('BPF_LOAD_FAILED', 1));

    expect(deniedByKernel(outcome)).toBe(true);
  });
});

describe('checkModes after a successful probe', () => {
  it('passes with each hook=mode and the modes it fell back from', () => {
    const outcome = probeSensor(openingBinding());

    const result = checkModes(outcome);

    expect(result.status).toBe('pass');
    expect(result.summary).toBe('mprotect=tracepoint connect=tp_btf exit=tp_btf');
    expect(result.facts).toEqual({
      modes: PROBED_MODES,
      fellBack: [{ hook: 'connect', mode: 'kprobe', errno: 2 }],
    });
  });

  it('warns when no exit hook attached', () => {
    const outcome = probeSensor(openingBinding({ mprotect: 'kprobe', connect: 'kprobe' }));

    const result = checkModes(outcome);

    expect(result.status).toBe('warn');
    expect(result.summary).toContain('no exit hook');
  });
});

describe('checkModes after a failed or skipped probe', () => {
  it('fails with the privilege hint for EACCES', () => {
    const outcome = probeSensor(failingBinding('BPF_LOAD_FAILED', 13, 'mprotect'));

    const result = checkModes(outcome);

    expect(result.status).toBe('fail');
    expect(result.summary).toContain('(hook mprotect)');
    expect(result.hint).toBe('run as root or grant CAP_BPF,CAP_PERFMON');
  });

  it('fails pointing at the kernel lines for another errno', () => {
    const result = checkModes(probeSensor(failingBinding('BPF_ATTACH_FAILED', 95)));

    expect(result.hint).toContain('btf, kprobes and tracepoints');
  });

  it('fails with the skip reason and its hint', () => {
    const result = checkModes(SKIPPED);

    expect(result.status).toBe('fail');
    expect(result.summary).toBe('not probed: missing privileges');
    expect(result.hint).toBe('be root');
  });
});

describe('checkRingbuf', () => {
  it('passes when the probe opened the sensor', () => {
    const result = checkRingbuf(probeSensor(openingBinding()), KERNEL_6);

    expect(result.status).toBe('pass');
    expect(result.facts).toEqual({ probed: true, kernelAtLeast5_8: true });
  });

  it('fails when the kernel refused the ring buffer', () => {
    const outcome = probeSensor(failingBinding('RINGBUF_FAILED', 22));

    const result = checkRingbuf(outcome, KERNEL_6);

    expect(result.status).toBe('fail');
    expect(result.hint).toBe('install a kernel 5.8 or later');
  });

  it('fails unprobed on a kernel older than 5.8', () => {
    const result = checkRingbuf(SKIPPED, KERNEL_5_4);

    expect(result.status).toBe('fail');
  });

  it('warns unprobed on a 5.8+ kernel', () => {
    const result = checkRingbuf(SKIPPED, KERNEL_6);

    expect(result.status).toBe('warn');
    expect(result.facts).toEqual({ probed: false, kernelAtLeast5_8: true });
  });
});
