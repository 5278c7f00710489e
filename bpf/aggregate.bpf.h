/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * In-kernel aggregation: what reaches user space grows with the number of
 * processes, not events. A process's first qualifying event of each leg is
 * sent; later ones within refresh_ns are only counted in its state. Every
 * record that is sent carries the counts and the other leg's latest time, so
 * user space knows of a pair even when one side's latest event was folded.
 */
#ifndef RWXWATCH_AGGREGATE_BPF_H
#define RWXWATCH_AGGREGATE_BPF_H

#include "common.bpf.h"

/* What a sent record tells about its process's aggregation state. */
struct agg_counts {
	__u64 leg_count;
	__u64 peer_last_ns;
	__u64 peer_count;
};

/* The process an event belongs to, as the aggregation state is keyed. */
struct identity {
	__u32 tgid;
	__u64 start_ns;
	char comm[RWX_COMM_LEN];
};

/* *id must be zeroed: the name is compared as 16 bytes, and the read stops at its NUL. */
static __always_inline void read_identity(struct identity *id)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct task_struct *leader = BPF_CORE_READ(task, group_leader);

	id->tgid = bpf_get_current_pid_tgid() >> 32;
	id->start_ns = BPF_CORE_READ(leader, start_boottime);
	bpf_probe_read_kernel_str(id->comm, sizeof(id->comm), &leader->comm);
}

static __always_inline bool same_comm(const char *a, const char *b)
{
	const __u64 *x = (const __u64 *)a;
	const __u64 *y = (const __u64 *)b;

	return x[0] == y[0] && x[1] == y[1];
}

/* The state of this process, started afresh for a new process (or a new name). */
static __always_inline struct proc_state *state_of(const struct identity *id)
{
	struct proc_state *st = bpf_map_lookup_elem(&processes, &id->tgid);
	struct proc_state fresh = {.start_ns = id->start_ns};

	if (st && st->start_ns == id->start_ns &&
	    (!state_per_name || same_comm(st->comm, id->comm)))
		return st;

	__builtin_memcpy(fresh.comm, id->comm, sizeof(fresh.comm));
	bpf_map_update_elem(&processes, &id->tgid, &fresh, BPF_ANY);
	return bpf_map_lookup_elem(&processes, &id->tgid);
}

/*
 * Counts one qualifying event of `leg` and says whether to send it. The
 * counts for the record go to *out; without state (map full) the event is
 * sent with zero counts, which user space reads as "not aggregated". Threads
 * of one process may race on the times; the count is atomic.
 */
static __always_inline bool aggregate(const struct identity *id, __u32 leg, __u32 hook,
				      struct agg_counts *out)
{
	struct proc_state *st = state_of(id);
	__u64 now = bpf_ktime_get_boot_ns();
	struct leg_state *mine, *peer;

	__builtin_memset(out, 0, sizeof(*out));
	if (!st) {
		count(hook, RWX_CTR_STATE_FULL);
		return true;
	}

	mine = &st->legs[leg & 1];
	peer = &st->legs[(leg + 1) & 1];
	out->leg_count = __sync_add_and_fetch(&mine->count, 1);
	mine->last_ns = now;
	out->peer_last_ns = peer->last_ns;
	out->peer_count = peer->count;

	if (refresh_ns && mine->last_emit_ns && now - mine->last_emit_ns < refresh_ns) {
		count(hook, RWX_CTR_AGGREGATED);
		return false;
	}
	mine->last_emit_ns = now;
	return true;
}

/* The process's first event of either leg, or one sent without aggregation state. */
static __always_inline bool is_first(const struct agg_counts *counts)
{
	return counts->leg_count <= 1 && counts->peer_count == 0;
}

/* Copies the aggregation fields that aggregate() wrote into a record's header. */
static __always_inline void copy_counts(struct rwx_header *hdr, const struct agg_counts *counts)
{
	hdr->leg_count = counts->leg_count;
	hdr->peer_last_ns = counts->peer_last_ns;
	hdr->peer_count = counts->peer_count;
}

#endif /* RWXWATCH_AGGREGATE_BPF_H */
