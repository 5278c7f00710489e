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
extern RWX_PROCESSES_MAP processes SEC(".maps");
extern RWX_EXCLUDED_MAP(struct lpm_v4_key) excluded_v4 SEC(".maps");
extern RWX_EXCLUDED_MAP(struct lpm_v6_key) excluded_v6 SEC(".maps");

/* Load-time settings, written by the loader before the object is loaded. */
extern const volatile __u32 self_tgid;
extern const volatile __u64 prot_mask;
extern const volatile __u64 prot_value;
extern const volatile __u64 wakeup_bytes;
extern const volatile bool filter_destinations;
extern const volatile __u64 refresh_ns;
extern const volatile bool state_per_name;
extern const volatile bool require_success;

static __always_inline void count(__u32 hook, __u32 counter)
{
	__u32 key = hook * RWX_CTR_COUNT + counter;
	__u64 *value = bpf_map_lookup_elem(&counters, &key);

	/* Per-CPU slot: no other CPU writes it, so a plain increment is safe. */
	if (value)
		*value += 1;
}

/*
 * Submits a record, waking the reader only once `wakeup_bytes` are waiting
 * (0: for every record). Without a wake-up the reader still finds the record
 * at its next timed poll, so latency stays bounded by the poll interval while
 * a storm of events costs one wake-up per batch instead of one per event.
 * An urgent record wakes the reader at once: a process's first event, so
 * user space can read /proc before a short-lived process is gone.
 */
static __always_inline void submit(void *record, bool urgent)
{
	__u64 flags = BPF_RB_FORCE_WAKEUP;

	if (!urgent && wakeup_bytes && bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) < wakeup_bytes)
		flags = BPF_RB_NO_WAKEUP;
	bpf_ringbuf_submit(record, flags);
}

static __always_inline bool is_self(void)
{
	return (bpf_get_current_pid_tgid() >> 32) == self_tgid;
}

#endif /* RWXWATCH_COMMON_BPF_H */
