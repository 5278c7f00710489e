// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Syscalls that can make memory writable and executable, at the syscall
 * boundary (what auditd records): mprotect, and for the hardened profile
 * pkey_mprotect and mmap. The entry hook keeps the arguments of calls whose
 * prot matches the predicate, keyed by thread; the exit hook adds the return
 * value and emits one record. Calls that do not match never leave the entry,
 * and neither do calls the aggregation folds, unless only successful calls
 * count (then the exit, which knows the outcome, decides).
 *
 * Two attach modes with the same logic: kprobes on the syscalls (preferred)
 * and the syscalls:sys_{enter,exit}_* tracepoints for kernels without
 * kprobes. User space attaches only the syscalls its profile needs.
 */
#include "common.bpf.h"
#include "task.bpf.h"
#include "aggregate.bpf.h"

#define PENDING_MAX 10240

struct memory_args {
	__u64 addr;
	__u64 len;
	__u64 prot;
	__u32 syscall;
	/* Set when the entry already counted the call and decided to send it. */
	__u32 counted;
	struct agg_counts counts;
};

/* Arguments of a call in flight, keyed by pid_tgid; removed at exit. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, PENDING_MAX);
	__type(key, __u64);
	__type(value, struct memory_args);
} memory_pending SEC(".maps");

static __always_inline int on_enter(__u32 syscall, __u64 addr, __u64 len, __u64 prot)
{
	struct memory_args args = {.addr = addr, .len = len, .prot = prot, .syscall = syscall};
	__u64 pid_tgid = bpf_get_current_pid_tgid();

	count(RWX_HOOK_MPROTECT, RWX_CTR_SEEN);
	if ((prot & prot_mask) != prot_value || is_self()) {
		count(RWX_HOOK_MPROTECT, RWX_CTR_FILTERED);
		return 0;
	}

	/*
	 * When failed calls count too, the outcome cannot change the decision, so
	 * it is made here: a call the process's state folds costs no pending
	 * entry, which is most of what an RWX storm would otherwise cost.
	 */
	if (!require_success) {
		struct identity id = {};

		read_identity(&id);
		if (!aggregate(&id, RWX_LEG_MEMORY, RWX_HOOK_MPROTECT, &args.counts))
			return 0;
		args.counted = 1;
	}
	if (bpf_map_update_elem(&memory_pending, &pid_tgid, &args, BPF_ANY))
		count(RWX_HOOK_MPROTECT, RWX_CTR_STATE_FULL);
	return 0;
}

/* mmap returns an address or -errno; the others 0 or -errno. */
static __always_inline bool call_failed(__u32 syscall, long ret)
{
	if (syscall == RWX_SYSCALL_MMAP)
		return ret < 0 && ret > -4096;
	return ret != 0;
}

static __always_inline int on_exit(long ret)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct agg_counts counts;
	struct memory_args *args;
	struct identity id = {};
	struct rwx_mprotect *e;

	args = bpf_map_lookup_elem(&memory_pending, &pid_tgid);
	if (!args)
		return 0;

	if (require_success && call_failed(args->syscall, ret)) {
		count(RWX_HOOK_MPROTECT, RWX_CTR_FILTERED);
		goto out;
	}
	if (args->counted) {
		counts = args->counts;
	} else {
		read_identity(&id);
		if (!aggregate(&id, RWX_LEG_MEMORY, RWX_HOOK_MPROTECT, &counts))
			goto out;
	}

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count(RWX_HOOK_MPROTECT, RWX_CTR_RINGBUF_FULL);
		goto out;
	}

	fill_header(&e->hdr, RWX_HOOK_MPROTECT, RWX_KIND_MPROTECT, sizeof(*e));
	copy_counts(&e->hdr, &counts);
	e->addr = args->addr;
	e->len = args->len;
	e->prot = args->prot;
	e->ret = ret;
	e->syscall = args->syscall;
	e->pad = 0;
	submit(e, is_first(&counts));
	count(RWX_HOOK_MPROTECT, RWX_CTR_EMITTED);
out:
	bpf_map_delete_elem(&memory_pending, &pid_tgid);
	return 0;
}

/* kprobe on the mprotect syscall entry (__x64_sys_mprotect on x86_64). */
SEC("ksyscall/mprotect")
int BPF_KSYSCALL(mprotect_kp_in, unsigned long start, size_t len, unsigned long prot)
{
	return on_enter(RWX_SYSCALL_MPROTECT, start, len, prot);
}

/* kprobe on the pkey_mprotect syscall entry. */
SEC("ksyscall/pkey_mprotect")
int BPF_KSYSCALL(pkey_mprot_kp_in, unsigned long start, size_t len, unsigned long prot)
{
	return on_enter(RWX_SYSCALL_PKEY_MPROTECT, start, len, prot);
}

/* kprobe on the mmap syscall entry. */
SEC("ksyscall/mmap")
int BPF_KSYSCALL(mmap_kp_in, unsigned long addr, unsigned long len, unsigned long prot)
{
	return on_enter(RWX_SYSCALL_MMAP, addr, len, prot);
}

/* kretprobes on the same syscalls share one body. */
SEC("kretsyscall/mprotect")
int BPF_KRETPROBE(mprotect_kp_out, long ret)
{
	return on_exit(ret);
}

SEC("kretsyscall/pkey_mprotect")
int BPF_KRETPROBE(pkey_mprot_kp_out, long ret)
{
	return on_exit(ret);
}

SEC("kretsyscall/mmap")
int BPF_KRETPROBE(mmap_kp_out, long ret)
{
	return on_exit(ret);
}

/* tracepoints syscalls:sys_enter_*: args[0..2] are address, length, prot for all three. */
SEC("tracepoint/syscalls/sys_enter_mprotect")
int mprotect_tp_in(struct trace_event_raw_sys_enter *ctx)
{
	return on_enter(RWX_SYSCALL_MPROTECT, ctx->args[0], ctx->args[1], ctx->args[2]);
}

SEC("tracepoint/syscalls/sys_enter_pkey_mprotect")
int pkey_mprot_tp_in(struct trace_event_raw_sys_enter *ctx)
{
	return on_enter(RWX_SYSCALL_PKEY_MPROTECT, ctx->args[0], ctx->args[1], ctx->args[2]);
}

SEC("tracepoint/syscalls/sys_enter_mmap")
int mmap_tp_in(struct trace_event_raw_sys_enter *ctx)
{
	return on_enter(RWX_SYSCALL_MMAP, ctx->args[0], ctx->args[1], ctx->args[2]);
}

/* tracepoints syscalls:sys_exit_*. */
SEC("tracepoint/syscalls/sys_exit_mprotect")
int mprotect_tp_out(struct trace_event_raw_sys_exit *ctx)
{
	return on_exit(ctx->ret);
}

SEC("tracepoint/syscalls/sys_exit_pkey_mprotect")
int pkey_mprot_tp_out(struct trace_event_raw_sys_exit *ctx)
{
	return on_exit(ctx->ret);
}

SEC("tracepoint/syscalls/sys_exit_mmap")
int mmap_tp_out(struct trace_event_raw_sys_exit *ctx)
{
	return on_exit(ctx->ret);
}
