// The fields every event carries, for inputs that hold less than the kernel tells the
// sensor. What an input lacks gets a fixed stand-in, never a guess.
import type { MprotectEvent } from '../events/types.js';

type CallFields = 'kind' | 'addr' | 'len' | 'prot' | 'ret' | 'syscall';

export type EventHeader = Omit<MprotectEvent, CallFields>;

/** (uid_t)-1, how the kernel itself writes "no id": for a uid or gid an input lacks. */
export const UNKNOWN_ID = 0xffff_ffff;

/** No input but the sensor's own records the process start; the correlator ignores it. */
export const UNKNOWN_START_NS = 0n;

/** The return value of a call an input only marks as failed, without its errno. */
export const FAILED_RET = -1;
