// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The single definition of the maps and settings that common.bpf.h declares extern. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "events.h"
#include "maps.bpf.h"

RWX_EVENTS_MAP events SEC(".maps");
RWX_COUNTERS_MAP counters SEC(".maps");
RWX_TRACKED_MAP tracked SEC(".maps");

const volatile __u32 self_tgid = 0;
/* Default predicate: prot exactly PROT_READ | PROT_WRITE | PROT_EXEC, as the rule asks. */
const volatile __u64 prot_mask = ~0ULL;
const volatile __u64 prot_value = 7;

char LICENSE[] SEC("license") = "Dual BSD/GPL";
