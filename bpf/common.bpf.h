/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Maps, load-time settings and helpers shared by every hook family. The maps
 * and settings are defined once, in common.bpf.c; the other objects see them
 * as externs and `bpftool gen object` links all of them into one object, so
 * every hook writes to the same ring buffer and counters.
 */
#ifndef RWXWATCH_COMMON_BPF_H
#define RWXWATCH_COMMON_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "events.h"
#include "maps.bpf.h"

extern RWX_EVENTS_MAP events SEC(".maps");
extern RWX_COUNTERS_MAP counters SEC(".maps");

/* Load-time settings, written by the loader before the object is loaded. */
extern const volatile __u32 self_tgid;
extern const volatile __u64 prot_mask;
extern const volatile __u64 prot_value;

static __always_inline void count(__u32 hook, __u32 counter)
{
	__u32 key = hook * RWX_CTR_COUNT + counter;
	__u64 *value = bpf_map_lookup_elem(&counters, &key);

	/* Per-CPU slot: no other CPU writes it, so a plain increment is safe. */
	if (value)
		*value += 1;
}

static __always_inline bool is_self(void)
{
	return (bpf_get_current_pid_tgid() >> 32) == self_tgid;
}

/*
 * Fills the identity part of a record from the current task. The process
 * name is the thread-group leader's comm, as the rule joins on it; the
 * thread's own comm is kept beside it.
 */
static __always_inline void fill_header(struct rwx_header *hdr, __u32 hook, __u32 kind, __u32 size)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct task_struct *leader = BPF_CORE_READ(task, group_leader);
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u64 uid_gid = bpf_get_current_uid_gid();

	hdr->kind = kind;
	hdr->size = size;
	hdr->ktime_ns = bpf_ktime_get_boot_ns();
	hdr->start_ns = BPF_CORE_READ(leader, start_boottime);

	hdr->pid = pid_tgid >> 32;
	hdr->tid = (__u32)pid_tgid;
	hdr->uid = (__u32)uid_gid;
	hdr->gid = uid_gid >> 32;

	bpf_get_current_comm(hdr->thread_comm, sizeof(hdr->thread_comm));
	if (bpf_probe_read_kernel_str(hdr->comm, sizeof(hdr->comm), &leader->comm) < 0)
		count(hook, RWX_CTR_READ_FAILED);
}

#endif /* RWXWATCH_COMMON_BPF_H */
