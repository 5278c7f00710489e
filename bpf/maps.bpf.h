/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The types of the maps every hook shares. common.bpf.c defines one instance
 * of each; common.bpf.h declares them extern for the hook objects.
 */
#ifndef RWXWATCH_MAPS_BPF_H
#define RWXWATCH_MAPS_BPF_H

/* One ring buffer for every hook; user space sets its size before load. */
#define RWX_EVENTS_MAP                              \
	struct {                                    \
		__uint(type, BPF_MAP_TYPE_RINGBUF); \
		__uint(max_entries, 256 * 1024);    \
	}

#define RWX_COUNTERS_MAP                                            \
	struct {                                                    \
		__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);            \
		__uint(max_entries, RWX_HOOK_COUNT *RWX_CTR_COUNT); \
		__type(key, __u32);                                 \
		__type(value, __u64);                               \
	}

/* Per-process aggregation state (bpf/aggregate.bpf.h), one slot per leg. */
enum rwx_leg {
	RWX_LEG_MEMORY = 0,
	RWX_LEG_NETWORK = 1,
};

struct leg_state {
	__u64 last_ns;	    /* latest qualifying event */
	__u64 last_emit_ns; /* latest one sent to user space */
	__u64 count;	    /* qualifying events so far */
};

struct proc_state {
	__u64 start_ns;
	char comm[RWX_COMM_LEN];
	struct leg_state legs[2];
};

/*
 * Processes user space has heard of, keyed by tgid: their aggregation state,
 * and whether their exit must be reported. LRU: under pressure the oldest
 * entry goes; that process's next event is then sent as if it were new, and
 * its exit is not reported (user space also ages state out by the look-back).
 */
#define RWX_PROCESSES_MAP                            \
	struct {                                     \
		__uint(type, BPF_MAP_TYPE_LRU_HASH); \
		__uint(max_entries, 65536);          \
		__type(key, __u32);                  \
		__type(value, struct proc_state);    \
	}

/*
 * Destinations excluded in the kernel, as longest-prefix-match tries filled
 * by user space from the same list the correlator uses. An IPv4-mapped IPv6
 * destination is looked up in the IPv4 trie, as the correlator judges it.
 */
struct lpm_v4_key {
	__u32 prefixlen;
	__u8 addr[4];
};

struct lpm_v6_key {
	__u32 prefixlen;
	__u8 addr[16];
};

#define RWX_EXCLUDED_MAP(key_type)                    \
	struct {                                      \
		__uint(type, BPF_MAP_TYPE_LPM_TRIE);  \
		__uint(max_entries, 1024);            \
		__uint(map_flags, BPF_F_NO_PREALLOC); \
		__type(key, key_type);                \
		__type(value, __u8);                  \
	}

#endif /* RWXWATCH_MAPS_BPF_H */
