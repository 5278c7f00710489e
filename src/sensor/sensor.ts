import type { AlertSink } from '../alerts/sink.js';
import type { Config } from '../config/schema.js';
import type { Correlator } from '../correlate/correlator.js';
import { correlatorFromConfig } from '../correlate/from-config.js';
import { KernelError, PrivilegeError } from '../errors.js';
import type { HostInfo } from '../host/host-info.js';
import type { Logger } from '../log/logger.js';
import { withNumbers } from '../log/plain.js';
import type { NativeBinding, NativeErrorFields, NativeSensor } from '../native/binding.js';
import { RWX_PROT } from '../rules/rwx-network.js';
import { LossWatch } from './loss-watch.js';
import { CONNECT_FALLBACK, MPROTECT_FALLBACK, modeChain } from './modes.js';
import { Pipeline } from './pipeline.js';

const EPERM = 1;
const EACCES = 13;
const ALL_BITS = (1n << 64n) - 1n;

export interface SensorDeps {
  binding: NativeBinding;
  config: Config;
  host: HostInfo;
  sink: AlertSink;
  log: Logger;
}

/** The running sensor: kernel hooks feeding the pipeline until close(). */
export class Sensor {
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  private constructor(
    private readonly native: NativeSensor,
    readonly pipeline: Pipeline,
    private readonly correlator: Correlator,
    private readonly lossWatch: LossWatch,
    private readonly log: Logger,
    statsIntervalMs: number,
  ) {
    this.timer = setInterval(() => this.tick(), statsIntervalMs);
    this.timer.unref();
  }

  static open(deps: SensorDeps): Sensor {
    const { binding, config, host, sink, log } = deps;
    const correlator = correlatorFromConfig(config, host.id, Date.now);
    const pipeline = new Pipeline(correlator, sink, host, log.child({ component: 'pipeline' }));
    const kernelLog = log.child({ component: 'kernel' });
    let offsetNs = 0n;

    const native = openNative(binding, config, {
      onBatch: (batch, records) => pipeline.handle(batch, records, offsetNs),
      onLog: (level, message) => kernelLog[level]({ libbpf: message }, 'libbpf message'),
    });
    offsetNs = native.bootToRealtimeNs();
    logAttached(native, log);

    const lossWatch = new LossWatch(native, log.child({ component: 'loss' }));
    return new Sensor(native, pipeline, correlator, lossWatch, log, config.statsIntervalMs);
  }

  attachedProgramIds(): number[] {
    return this.native.attachedProgramIds();
  }

  /** Detaches every hook; batches already read are handed over before it returns. */
  close(): void {
    if (this.closed) return;
    this.closed = true;

    clearInterval(this.timer);
    const counters = this.lossWatch.check();
    this.native.close();
    this.log.info(
      {
        pipeline: this.pipeline.stats,
        correlator: this.correlator.stats(),
        counters: withNumbers(counters),
      },
      'sensor detached',
    );
  }

  private tick(): void {
    this.correlator.expire();
    this.lossWatch.check();
  }
}

type Callbacks = Pick<Parameters<NativeBinding['open']>[0], 'onBatch' | 'onLog'>;

function openNative(binding: NativeBinding, config: Config, callbacks: Callbacks): NativeSensor {
  try {
    return binding.open({
      ...callbacks,
      protMask: ALL_BITS,
      protValue: RWX_PROT,
      selfPid: process.pid,
      mprotectModes: modeChain(config.mprotectMode, MPROTECT_FALLBACK),
      connectModes: modeChain(config.connectMode, CONNECT_FALLBACK),
      ringBytes: config.ringBytes,
    });
  } catch (error) {
    throw toKernelError(error as Error & Partial<NativeErrorFields>);
  }
}

function toKernelError(error: Error & Partial<NativeErrorFields>): Error {
  if (error.code === undefined) return error;
  if (error.errno === EPERM || error.errno === EACCES) {
    return new PrivilegeError(`${error.message}; run as root or with CAP_BPF and CAP_PERFMON`);
  }
  return new KernelError(error.code, error.message, error.errno ?? 0, error.hook);
}

function logAttached(native: NativeSensor, log: Logger): void {
  const modes = native.modes();
  const attempts = native.attempts();

  for (const hook of ['mprotect', 'connect'] as const) {
    const fellBackFrom = attempts.filter((a) => a.hook === hook);
    log.info({ hook, mode: modes[hook], fellBackFrom }, 'hook attached');
  }
}
