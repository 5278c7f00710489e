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
extern RWX_TRACKED_MAP tracked SEC(".maps");

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

#endif /* RWXWATCH_COMMON_BPF_H */
