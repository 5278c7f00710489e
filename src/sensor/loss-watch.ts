import type { Logger } from '../log/logger.js';
import { withNumbers } from '../log/plain.js';
import type { Counters, HookName, NativeSensor } from '../native/binding.js';

/** The kernel counters that count records lost, not merely filtered or aggregated. */
export const LOSS_COUNTERS = ['ringbufFull', 'stateFull', 'readFailed'] as const;
const HOOKS: readonly HookName[] = ['mprotect', 'connect', 'udp', 'exit'];

/**
 * Reads the kernel's counters on a timer: all of them at debug, and every
 * new loss at warn with how many since the last read. Loss in the kernel is
 * never silent; the totals also go into the detach log line.
 */
export class LossWatch {
  private last: Counters | undefined;
  private lastLostRecords = 0n;

  constructor(
    private readonly native: NativeSensor,
    private readonly log: Logger,
  ) {}

  check(): Counters {
    const counters = this.native.counters();
    const transport = this.native.transport();

    this.log.debug(
      { counters: withNumbers(counters), transport: withNumbers(transport) },
      'counters',
    );
    for (const hook of HOOKS) this.warnOnLoss(hook, counters);
    if (transport.lostRecords > this.lastLostRecords) {
      const lost = transport.lostRecords - this.lastLostRecords;
      this.log.warn({ lost: Number(lost) }, 'records lost between poller and JS');
    }
    if (transport.pollErrno !== 0) {
      this.log.error({ errno: transport.pollErrno }, 'ring buffer poller stopped');
    }

    this.last = counters;
    this.lastLostRecords = transport.lostRecords;
    return counters;
  }

  private warnOnLoss(hook: HookName, counters: Counters): void {
    for (const name of LOSS_COUNTERS) {
      const delta = counters[hook][name] - (this.last?.[hook][name] ?? 0n);
      if (delta > 0n) this.log.warn({ hook, counter: name, lost: Number(delta) }, 'kernel loss');
    }
  }
}
