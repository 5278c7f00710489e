// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The single definition of the maps and settings that common.bpf.h declares extern. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "events.h"
#include "maps.bpf.h"

RWX_EVENTS_MAP events SEC(".maps");
RWX_COUNTERS_MAP counters SEC(".maps");
RWX_PROCESSES_MAP processes SEC(".maps");
RWX_EXCLUDED_MAP(struct lpm_v4_key) excluded_v4 SEC(".maps");
RWX_EXCLUDED_MAP(struct lpm_v6_key) excluded_v6 SEC(".maps");

const volatile __u32 self_tgid = 0;
/* Default predicate: prot exactly PROT_READ | PROT_WRITE | PROT_EXEC, as the rule asks. */
const volatile __u64 prot_mask = ~0ULL;
const volatile __u64 prot_value = 7;
/* Pending bytes that make a record wake the reader; 0 wakes it for every record. */
const volatile __u64 wakeup_bytes = 0;
/* Drop connections to excluded destinations in the kernel (the tries below). */
const volatile bool filter_destinations = false;
/* Aggregation: after a leg's event is sent, later ones within refresh_ns are only counted. */
const volatile __u64 refresh_ns = 0;
/* Start a process's state afresh when its name changes (the rule joins on the name). */
const volatile bool state_per_name = true;
/* Count only calls that succeeded (the hardened profile). */
const volatile bool require_success = false;

char LICENSE[] SEC("license") = "Dual BSD/GPL";
