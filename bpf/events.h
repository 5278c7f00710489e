/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The one layout shared by the kernel programs, the addon and the TypeScript
 * decoder (src/events/layout.ts). Every record starts with struct rwx_header;
 * `size` is the whole record in bytes, so a reader can skip kinds it does not
 * know. All fields are little-endian host order except the port and address
 * fields of struct rwx_connect, which keep network byte order as the kernel
 * stores them. Sizes are multiples of 8 so records pack without padding.
 *
 * A change here must be mirrored in src/events/layout.ts; test/unit/layout.test.ts
 * compiles this header and compares every size and offset.
 */
#ifndef RWXWATCH_EVENTS_H
#define RWXWATCH_EVENTS_H

#define RWX_COMM_LEN	 16
#define RWX_EXE_NAME_LEN 32

enum rwx_kind {
	RWX_KIND_MPROTECT = 1,
	RWX_KIND_CONNECT = 2,
	RWX_KIND_EXIT = 3,
};

/* The syscall an RWX-memory record comes from. */
enum rwx_syscall {
	RWX_SYSCALL_MPROTECT = 1,
	RWX_SYSCALL_PKEY_MPROTECT = 2,
	RWX_SYSCALL_MMAP = 3,
};

/* Hooks and the per-CPU counters kept for each; index = hook * RWX_CTR_COUNT + counter. */
enum rwx_hook {
	RWX_HOOK_MPROTECT = 0,
	RWX_HOOK_CONNECT = 1,
	RWX_HOOK_UDP = 2,
	RWX_HOOK_EXIT = 3,
	RWX_HOOK_COUNT = 4,
};

enum rwx_counter {
	RWX_CTR_SEEN = 0,	  /* the hook ran */
	RWX_CTR_FILTERED = 1,	  /* rejected in the kernel by design (prot, own process) */
	RWX_CTR_EMITTED = 2,	  /* written to the ring buffer */
	RWX_CTR_RINGBUF_FULL = 3, /* lost: no room in the ring buffer */
	RWX_CTR_STATE_FULL = 4,	  /* lost: entry/exit pairing map was full */
	RWX_CTR_READ_FAILED = 5,  /* a probe read failed; the record went out incomplete */
	RWX_CTR_AGGREGATED = 6,	  /* counted into the process's state instead of sent */
	RWX_CTR_COUNT = 7,
};

/*
 * Who did it, read from the task at event time so it cannot race with exit.
 * Names and the executable's name are chosen by the process: untrusted.
 */
struct rwx_header {
	__u32 kind;	/* enum rwx_kind */
	__u32 size;	/* whole record, bytes */
	__u64 ktime_ns; /* bpf_ktime_get_boot_ns() when the event happened */
	__u64 start_ns; /* thread-group leader's start, boot-relative ns */
	__u32 pid;	/* tgid, in the initial pid namespace */
	__u32 tid;
	__u32 uid; /* real */
	__u32 gid;
	char comm[RWX_COMM_LEN];	/* thread-group leader's comm: the process name */
	char thread_comm[RWX_COMM_LEN]; /* the calling thread's comm */
	__u32 ppid;			/* parent's tgid (real_parent) */
	__u32 euid;			/* effective */
	__u32 egid;
	__u32 ns_pid;			 /* tgid inside the process's own pid namespace */
	__u32 pidns_ino;		 /* inode number of that pid namespace */
	__u32 exe_dev;			 /* st_dev of the executable (kernel encoding) */
	__u64 exe_ino;			 /* st_ino of the executable; 0 for kernel threads */
	__u64 cgroup_id;		 /* cgroup v2 id of the task */
	char exe_name[RWX_EXE_NAME_LEN]; /* final path component of the executable, cut */
	/*
	 * In-kernel aggregation (bpf/aggregate.bpf.h). leg_count counts the
	 * qualifying events of this record's leg for this process so far, sent
	 * or not; peer_* describe the other leg: its latest event and count.
	 * Zero when aggregation is off or for exit records.
	 */
	__u64 leg_count;
	__u64 peer_last_ns;
	__u64 peer_count;
};

struct rwx_mprotect {
	struct rwx_header hdr;
	__u64 addr; /* the address argument */
	__u64 len;
	__u64 prot;    /* the requested prot argument, unmodified */
	__s64 ret;     /* return value: 0, -errno, or for mmap the mapped address */
	__u32 syscall; /* enum rwx_syscall */
	__u32 pad;
};

struct rwx_connect {
	struct rwx_header hdr;
	__u16 family;	/* AF_INET or AF_INET6 as the socket reports it */
	__u16 protocol; /* IPPROTO_TCP, or IPPROTO_UDP for a connected UDP socket */
	__be16 sport;
	__be16 dport;
	__u8 saddr[16]; /* IPv4 in the first 4 bytes, or IPv6 */
	__u8 daddr[16];
};

/* A process the kernel reported on has exited: user space can forget it. */
struct rwx_exit {
	struct rwx_header hdr;
	__s32 exit_code; /* task->exit_code: status << 8, or the signal */
	__u32 pad;
};

#endif /* RWXWATCH_EVENTS_H */
