// Mirror of bpf/events.h, the one record layout shared with the kernel programs and the
// addon. A change there must land here too; test/unit/layout.test.ts compiles the header and
// compares every size and offset below, so a drift fails CI instead of decoding garbage.
// Offset keys are the C member names, so that test can generate offsetof() from them.

/** `RWX_COMM_LEN`. */
export const COMM_LEN = 16;

/** `RWX_EXE_NAME_LEN`. */
export const EXE_NAME_LEN = 32;

/** `enum rwx_kind`: the first u32 of every record. */
export const RECORD_KINDS = { mprotect: 1, connect: 2, exit: 3 } as const;

/** sizeof each struct in bytes; each is a multiple of 8 so records pack back to back. */
export const RECORD_SIZES = { header: 168, mprotect: 208, connect: 208, exit: 176 } as const;

/** Record alignment: every `size` the kernel writes is a multiple of this. */
export const RECORD_ALIGN = 8;

/** `struct rwx_header`, little-endian. Times are boot-relative nanoseconds. */
export const HEADER_OFFSETS = {
  kind: 0,
  size: 4,
  ktime_ns: 8,
  start_ns: 16,
  pid: 24,
  tid: 28,
  uid: 32,
  gid: 36,
  comm: 40,
  thread_comm: 56,
  ppid: 72,
  euid: 76,
  egid: 80,
  ns_pid: 84,
  pidns_ino: 88,
  exe_dev: 92,
  exe_ino: 96,
  cgroup_id: 104,
  exe_name: 112,
  leg_count: 144,
  peer_last_ns: 152,
  peer_count: 160,
} as const;

/** `struct rwx_mprotect`, after the header. */
export const MPROTECT_OFFSETS = {
  addr: 168,
  len: 176,
  prot: 184,
  ret: 192,
  syscall: 200,
} as const;

/** `struct rwx_connect`, after the header. Ports and addresses stay in network order. */
export const CONNECT_OFFSETS = {
  family: 168,
  protocol: 170,
  sport: 172,
  dport: 174,
  saddr: 176,
  daddr: 192,
} as const;

/** `struct rwx_exit`, after the header. */
export const EXIT_OFFSETS = {
  exit_code: 168,
} as const;

/** Length of the `saddr`/`daddr` arrays; IPv4 uses the first 4 bytes. */
export const ADDR_LEN = 16;

/** Values of `family` as the socket reports them (linux/socket.h). */
export const ADDRESS_FAMILIES = { inet: 2, inet6: 10 } as const;

/** `enum rwx_syscall`: which syscall an mprotect-kind record comes from. */
export const MEMORY_SYSCALLS = { 1: 'mprotect', 2: 'pkey_mprotect', 3: 'mmap' } as const;

/** The `protocol` values the connect hooks emit (netinet/in.h). */
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;
