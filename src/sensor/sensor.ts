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
import { LossLedger, type LossTotals } from './loss-ledger.js';
import { LOSS_COUNTERS, LossWatch } from './loss-watch.js';
import { CONNECT_FALLBACK, MPROTECT_FALLBACK, modeChain } from './modes.js';
import { Pipeline, type PipelineParts } from './pipeline.js';
import { readBootId, StateStore } from './state-store.js';

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

interface SensorParts {
  native: NativeSensor;
  pipeline: Pipeline;
  correlator: Correlator;
  ledger: LossLedger;
  lossWatch: LossWatch;
  linkWatch: LinkWatch;
  store: StateStore | undefined;
  log: Logger;
}

/** The running sensor: kernel hooks feeding the pipeline until close(). */
export class Sensor {
  readonly pipeline: Pipeline;
  private readonly timers: NodeJS.Timeout[];
  private closed = false;

  private constructor(
    private readonly parts: SensorParts,
    config: Pick<Config, 'statsIntervalMs' | 'state'>,
  ) {
    this.pipeline = parts.pipeline;
    this.timers = [setInterval(() => this.tick(), config.statsIntervalMs)];
    if (parts.store) {
      this.timers.push(setInterval(() => this.saveState(), config.state.saveIntervalMs));
    }
    for (const timer of this.timers) timer.unref();
  }

  static open(deps: SensorDeps): Sensor {
    const { binding, config, host, sink, log } = deps;
    const correlator = correlatorFromConfig(config, host.id, Date.now);
    const store = openStateStore(config, host.id, log.child({ component: 'state' }));
    // Restored before the first batch, so that batch can already complete a saved pair.
    store?.restoreInto(correlator);
    // Saved once at start so an unwritable path stops the sensor now, not at shutdown.
    store?.save(correlator);
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
      lossInLookback: () => ledger?.within(Date.now() - config.lookbackMs),
    });
    const kernelLog = log.child({ component: 'kernel' });
    let offsetNs = 0n;
    let ledger: LossLedger | undefined;

    const native = openNative(binding, config, {
      onBatch: (batch, records) => pipeline.handle(batch, records, offsetNs),
      onLog: (level, message) => kernelLog[level]({ libbpf: message }, 'libbpf message'),
    });
    offsetNs = native.bootToRealtimeNs();
    ledger = new LossLedger(
      () => lossTotals(native, pipeline, correlator),
      Date.now,
      config.lookbackMs,
    );
    log.info({ profile: config.profile }, 'profile chosen');
    logAttached(native, log);

    const lossWatch = new LossWatch(native, log.child({ component: 'loss' }));
    const linkWatch = new LinkWatch(native, log.child({ component: 'links' }));
    const parts = { native, pipeline, correlator, ledger, lossWatch, linkWatch, store, log };
    return new Sensor(parts, config);
  }

  /** What metrics and health read (src/metrics); the sensor keeps ownership. */
  view() {
    const { native, pipeline, correlator, linkWatch: links } = this.parts;
    return { native, pipeline, correlator, links };
  }

  attachedProgramIds(): number[] {
    return this.parts.native.attachedProgramIds();
  }

  /**
   * Detaches every hook; batches already read are handed over before it returns, and
   * the correlation state they leave is saved.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;

    for (const timer of this.timers) clearInterval(timer);
    const { native, lossWatch, correlator, log } = this.parts;
    const counters = lossWatch.check();
    native.close();
    this.saveState();
    log.info(
      {
        pipeline: this.pipeline.stats,
        correlator: correlator.stats(),
        counters: withNumbers(counters),
      },
      'sensor detached',
    );
  }

  private tick(): void {
    const { correlator, lossWatch, ledger, linkWatch } = this.parts;
    correlator.expire();
    lossWatch.check();
    ledger.update();
    linkWatch.check();
  }

  // A failed save costs history after a restart, not detection: reported, not fatal.
  private saveState(): void {
    const { store, correlator, log } = this.parts;
    if (store === undefined) return;
    try {
      correlator.expire();
      store.save(correlator);
      log.debug({ file: store.file, keys: correlator.stats().keys }, 'state saved');
    } catch (error) {
      log.warn({ error: (error as Error).message }, 'state not saved');
    }
  }
}

function openStateStore(config: Config, hostId: string, log: Logger): StateStore | undefined {
  const { file } = config.state;
  if (file === undefined) return undefined;

  const scope = { hostId, bootId: readBootId(config.procRoot), profile: config.profile };
  return new StateStore(file, scope, log);
}

// Only the hooks that detect: a lost exit report costs enrichment, not detection.
const DETECTING_HOOKS: readonly HookName[] = ['mprotect', 'connect', 'udp'];

function lossTotals(native: NativeSensor, pipeline: Pipeline, correlator: Correlator): LossTotals {
  const counters = native.counters();
  let kernel = 0n;
  for (const hook of DETECTING_HOOKS) {
    for (const name of LOSS_COUNTERS) kernel += counters[hook][name];
  }

  return {
    kernel: Number(kernel),
    transport: Number(native.transport().lostRecords),
    decoder: pipeline.stats.skipped,
    evicted: correlator.stats().evicted,
  };
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
      processEntries: config.kernel.processEntries,
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
