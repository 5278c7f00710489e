import type { AlertSink } from '../alerts/sink.js';
import type { Config } from '../config/schema.js';
import type { Correlator } from '../correlate/correlator.js';
import { correlatorFromConfig } from '../correlate/from-config.js';
import type { Enricher } from '../enrich/enricher.js';
import { KernelError, PrivilegeError } from '../errors.js';
import { resolverForExclusions } from '../events/executable.js';
import type { SensorEvent } from '../events/types.js';
import type { HostContext } from '../host/host-info.js';
import type { Logger } from '../log/logger.js';
import { withNumbers } from '../log/plain.js';
import type {
  HookName,
  NativeBinding,
  NativeErrorFields,
  NativeSensor,
} from '../native/binding.js';
import { DestinationFilter } from '../net/classify.js';
import { PROFILES } from '../rules/profiles.js';
import { LinkWatch } from './link-watch.js';
import { LossWatch } from './loss-watch.js';
import { CONNECT_FALLBACK, MPROTECT_FALLBACK, modeChain } from './modes.js';
import { Pipeline, type PipelineParts } from './pipeline.js';

const EPERM = 1;
const EACCES = 13;
const ALL_HOOKS: readonly HookName[] = ['mprotect', 'connect', 'udp', 'exit'];

export interface SensorDeps {
  binding: NativeBinding;
  config: Config;
  host: HostContext;
  sink: AlertSink;
  log: Logger;
  /** Called with each decoded event before correlation (`run --record`). */
  onEvent?: (event: SensorEvent) => void;
  enricher?: Enricher;
  /** Called with each alert written (metrics). */
  onAlert?: PipelineParts['onAlert'];
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
    private readonly linkWatch: LinkWatch,
    private readonly log: Logger,
    statsIntervalMs: number,
  ) {
    this.timer = setInterval(() => this.tick(), statsIntervalMs);
    this.timer.unref();
  }

  static open(deps: SensorDeps): Sensor {
    const { binding, config, host, sink, log } = deps;
    const correlator = correlatorFromConfig(config, host.id, Date.now);
    // The enricher's snapshot already holds /proc/<pid>/exe (read under procRoot); the
    // standalone resolver is for a sensor built without one.
    const executables =
      config.exclude.executables.length === 0
        ? undefined
        : (deps.enricher ?? resolverForExclusions(config.exclude.executables, config.procRoot));
    const pipelineLog = log.child({ component: 'pipeline' });
    const pipeline = new Pipeline({
      correlator,
      sink,
      host,
      log: pipelineLog,
      executables,
      onEvent: deps.onEvent,
      enricher: deps.enricher,
      onAlert: deps.onAlert,
    });
    const kernelLog = log.child({ component: 'kernel' });
    let offsetNs = 0n;

    const native = openNative(binding, config, {
      onBatch: (batch, records) => pipeline.handle(batch, records, offsetNs),
      onLog: (level, message) => kernelLog[level]({ libbpf: message }, 'libbpf message'),
    });
    offsetNs = native.bootToRealtimeNs();
    log.info({ profile: config.profile }, 'profile chosen');
    logAttached(native, log);

    const lossWatch = new LossWatch(native, log.child({ component: 'loss' }));
    const linkWatch = new LinkWatch(native, log.child({ component: 'links' }));
    const { statsIntervalMs } = config;
    return new Sensor(native, pipeline, correlator, lossWatch, linkWatch, log, statsIntervalMs);
  }

  /** What metrics and health read (src/metrics); the sensor keeps ownership. */
  view() {
    const { native, pipeline, correlator, linkWatch: links } = this;
    return { native, pipeline, correlator, links };
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
    this.linkWatch.check();
  }
}

type Callbacks = Pick<Parameters<NativeBinding['open']>[0], 'onBatch' | 'onLog'>;

// The profile's kernel predicate: which memory calls and sockets leave the kernel.
function openNative(binding: NativeBinding, config: Config, callbacks: Callbacks): NativeSensor {
  const profile = PROFILES[config.profile];
  const { protMask, protValue, memorySyscalls, udp } = profile.kernel;
  const destinations = DestinationFilter.fromList(config.exclude.destinations);
  try {
    return binding.open({
      ...callbacks,
      protMask,
      protValue,
      memorySyscalls: [...memorySyscalls],
      udp,
      requireSuccess: !profile.countsFailedCalls,
      refreshNs: BigInt(config.kernel.aggregationRefreshMs) * 1_000_000n,
      // The kernel keys its state as the profile keys a process (see rules/profiles.ts).
      statePerName: profile.identity === 'name',
      wakeupBytes: config.kernel.wakeupBytes,
      pollMs: config.kernel.pollIntervalMs,
      ...(config.kernel.filterDestinations && {
        excludedDestinations: destinations.kernelRanges(),
      }),
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

  // The udp hook exists only when the profile watches connected UDP sockets.
  for (const hook of ALL_HOOKS.filter((h) => h !== 'udp' || modes.udp !== undefined)) {
    const fellBackFrom = attempts.filter((a) => a.hook === hook);
    if (modes[hook] !== undefined)
      log.info({ hook, mode: modes[hook], fellBackFrom }, 'hook attached');
  }
  // Without exit reports the sensor still detects; state then ages out by the look-back.
  if (modes.exit === undefined) log.warn({ hook: 'exit' }, 'hook unavailable');
}
