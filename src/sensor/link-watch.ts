import type { Logger } from '../log/logger.js';
import type { LinkState, NativeSensor } from '../native/binding.js';

/**
 * Asks the kernel whether each hook's link still holds its program. A link can end
 * without the sensor closing it (its fd closed from outside, e.g. through ptrace);
 * the hook then sees nothing, so each such link is logged at error, once.
 */
export class LinkWatch {
  private readonly reported = new Set<number>();

  constructor(
    private readonly native: Pick<NativeSensor, 'linkStatus'>,
    private readonly log: Logger,
  ) {}

  check(): LinkState[] {
    const states = this.native.linkStatus();

    for (const state of states) {
      if (state.attached || this.reported.has(state.linkId)) continue;
      this.reported.add(state.linkId);
      this.log.error(
        { hook: state.hook, programId: state.programId, linkId: state.linkId, why: state.reason },
        'hook detached',
      );
    }
    return states;
  }
}
