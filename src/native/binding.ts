// Types of the native addon (native/addon.cc). The addon is untyped at runtime;
// this file is the contract the C++ side implements, checked by test/integration/native.test.ts.

/** Where a hook is attached. `auto` tries them in the order listed per hook. */
export type MprotectMode = 'kprobe' | 'tracepoint';
export type ConnectMode = 'kprobe' | 'tp_btf' | 'tracepoint';
export type HookName = 'mprotect' | 'connect' | 'udp' | 'exit';
export type MemorySyscall = 'mprotect' | 'pkey_mprotect' | 'mmap';

export type LibbpfLevel = 'warn' | 'info' | 'debug';

export interface NativeSensorOptions extends KernelTuning {
  /** Called on the JS thread with the raw bytes of one or more records (bpf/events.h). */
  onBatch: (batch: Buffer, records: number) => void;
  /** libbpf's and the addon's own messages; the addon never prints. */
  onLog: (level: LibbpfLevel, message: string) => void;
  /** An mprotect reaches user space when (prot & protMask) === protValue. */
  protMask: bigint;
  protValue: bigint;
  /** Process (tgid) the kernel never reports: the sensor itself. */
  selfPid: number;
  /** Attach order per hook; the first that attaches wins. */
  mprotectModes: MprotectMode[];
  connectModes: ConnectMode[];
  /** Ring buffer size in bytes, a power of two and a multiple of the page size. */
  ringBytes: number;
  /** Syscalls the mprotect hook covers; default ['mprotect']. */
  memorySyscalls?: MemorySyscall[];
  /** Also report connect() on UDP sockets (attached in the mprotect hook's modes). */
  udp?: boolean;
  /** Entries of the kernel's per-process LRU map; default 65536 (bpf/maps.bpf.h). */
  processEntries?: number;
  /** Pending bytes that make the kernel wake the poller; 0 (default) wakes it per record. */
  wakeupBytes?: number;
  /** The poller's timed poll, ms: how long a record waits when no wake-up came. Default 50. */
  pollMs?: number;
  /**
   * Destinations whose connections the kernel drops (LPM tries). Filtering is on only
   * when this is given; IPv4-mapped IPv6 destinations are looked up as IPv4.
   */
  excludedDestinations?: KernelRange[];
}

/** One excluded range: address bytes in network order (4 or 16) and a prefix length. */
/** Kernel settings beyond the attach modes; all optional, off by default. */
export interface KernelTuning {
  /** Aggregation: after a leg's event is sent, later ones within this time are counted. */
  refreshNs?: bigint;
  /** Start a process's kernel state afresh when its name changes (default true). */
  statePerName?: boolean;
  /** Count only mprotect/pkey_mprotect/mmap calls that succeeded. */
  requireSuccess?: boolean;
}

export interface KernelRange {
  family: 4 | 6;
  address: number[];
  prefix: number;
}

export interface HookCounters {
  seen: bigint;
  filtered: bigint;
  emitted: bigint;
  ringbufFull: bigint;
  stateFull: bigint;
  readFailed: bigint;
  /** Qualifying events counted into a process's kernel state instead of sent. */
  aggregated: bigint;
}

export type Counters = Record<HookName, HookCounters>;

export interface TransportStats {
  batches: bigint;
  records: bigint;
  /** Read from the ring buffer but never handed to JS (only when closing under load). */
  lostRecords: bigint;
  /** Non-zero once polling failed and the poller thread stopped. */
  pollErrno: number;
  /** Poll cycles the poller thread completed: a heartbeat that stops when the thread does. */
  polls: bigint;
}

/** Whether one attached program's link still holds it in the kernel. */
export interface LinkState {
  hook: HookName;
  programId: number;
  linkId: number;
  attached: boolean;
  /** Why it is no longer attached: `link gone` (the kernel freed it) or `link fd closed`. */
  reason?: string;
}

export interface AttachModes {
  mprotect: MprotectMode;
  connect: ConnectMode;
  /** Present only when UDP is watched. */
  udp?: MprotectMode;
  /** Absent when no exit hook could attach: state then ages out by the look-back only. */
  exit?: 'tp_btf' | 'tracepoint';
}

/** One failed attempt to attach a hook in some mode, kept to explain the fallback. */
export interface AttachAttempt {
  hook: HookName;
  mode: MprotectMode | ConnectMode;
  errno: number;
  message: string;
}

export interface NativeSensor {
  /** Attach modes that won, per hook. */
  modes(): AttachModes;
  /** Attempts that failed before a mode won. */
  attempts(): AttachAttempt[];
  /** Names of every BPF program that was loaded (verified), attached or not. */
  loadedPrograms(): string[];
  /** Kernel program ids of the attached programs, to check detachment from outside. */
  attachedProgramIds(): number[];
  /** Asks the kernel, per attached program, whether its link still holds it. */
  linkStatus(): LinkState[];
  /** Sum of the per-CPU counters. */
  counters(): Counters;
  /** CLOCK_REALTIME minus CLOCK_BOOTTIME, ns: add to a record's ktime_ns for wall time. */
  bootToRealtimeNs(): bigint;
  /** What crossed from the poller thread to JS, and what was lost on the way. */
  transport(): TransportStats;
  /** Stops the poller thread, detaches and frees everything. Safe to call twice. */
  close(): void;
}

/** How one thread took the capability drop; an errno of -1 means the step did not run. */
export interface ThreadDrop {
  tid: number;
  name: string;
  /** `blocks signal` and `no answer`: the thread was not reached and kept its capabilities. */
  outcome: 'dropped' | 'failed' | 'blocks signal' | 'no answer';
  capsetErrno: number;
  boundingErrno: number;
  noNewPrivsErrno: number;
}

export interface CapabilityDrop {
  /** The real-time signal borrowed to reach the other threads. */
  signal: number;
  threads: ThreadDrop[];
}

export interface NativeBinding {
  /** Loads, verifies and attaches; throws a NativeError-shaped Error on failure. */
  open(options: NativeSensorOptions): NativeSensor;
  /**
   * In every thread it can reach: keeps only `keep` (capability numbers) in the effective,
   * permitted and bounding sets, clears inheritable and ambient, sets no_new_privs. Waits
   * up to `timeoutMs` for the other threads to answer.
   */
  dropCapabilities(keep: number[], timeoutMs: number): CapabilityDrop;
  /** Ring-buffer record sizes as the addon was compiled, for the layout test. */
  layout: { header: number; mprotect: number; connect: number; exit: number };
}

/** Errors thrown by the addon carry these fields. */
export interface NativeErrorFields {
  code:
    | 'BPF_OPEN_FAILED'
    | 'BPF_LOAD_FAILED'
    | 'BPF_ATTACH_FAILED'
    | 'BPF_MAP_READ_FAILED'
    | 'BPF_MAP_WRITE_FAILED'
    | 'RINGBUF_FAILED'
    | 'CAPS_DROP_FAILED';
  errno: number;
  hook?: HookName;
}
