// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * mprotect at the syscall boundary, the same call auditd records. The entry
 * hook keeps the arguments of calls that match the prot predicate, keyed by
 * thread; the exit hook adds the return value and emits one record. Calls
 * that do not match never leave the entry hook.
 *
 * Two attach modes with the same logic: kprobes on the syscall (preferred,
 * cheapest) and the syscalls:sys_{enter,exit}_mprotect tracepoints for
 * kernels built without kprobes.
 */
#include "common.bpf.h"

#define PENDING_MAX 10240

struct mprotect_args {
	__u64 addr;
	__u64 len;
	__u64 prot;
};

/* Arguments of an mprotect in flight, keyed by pid_tgid; removed at exit. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, PENDING_MAX);
	__type(key, __u64);
	__type(value, struct mprotect_args);
} mprotect_pending SEC(".maps");

static __always_inline int on_enter(__u64 addr, __u64 len, __u64 prot)
{
	struct mprotect_args args = {.addr = addr, .len = len, .prot = prot};
	__u64 pid_tgid = bpf_get_current_pid_tgid();

	count(RWX_HOOK_MPROTECT, RWX_CTR_SEEN);
	if ((prot & prot_mask) != prot_value || is_self()) {
		count(RWX_HOOK_MPROTECT, RWX_CTR_FILTERED);
		return 0;
	}

	if (bpf_map_update_elem(&mprotect_pending, &pid_tgid, &args, BPF_ANY))
		count(RWX_HOOK_MPROTECT, RWX_CTR_STATE_FULL);
	return 0;
}

static __always_inline int on_exit(long ret)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct mprotect_args *args;
	struct rwx_mprotect *e;

	args = bpf_map_lookup_elem(&mprotect_pending, &pid_tgid);
	if (!args)
		return 0;

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count(RWX_HOOK_MPROTECT, RWX_CTR_RINGBUF_FULL);
		goto out;
	}

	fill_header(&e->hdr, RWX_HOOK_MPROTECT, RWX_KIND_MPROTECT, sizeof(*e));
	e->addr = args->addr;
	e->len = args->len;
	e->prot = args->prot;
	e->ret = ret;
	bpf_ringbuf_submit(e, 0);
	count(RWX_HOOK_MPROTECT, RWX_CTR_EMITTED);
out:
	bpf_map_delete_elem(&mprotect_pending, &pid_tgid);
	return 0;
}

/* kprobe on the mprotect syscall entry (__x64_sys_mprotect on x86_64). */
SEC("ksyscall/mprotect")
int BPF_KSYSCALL(mprotect_kp_in, unsigned long start, size_t len, unsigned long prot)
{
	return on_enter(start, len, prot);
}

/* kretprobe on the mprotect syscall. */
SEC("kretsyscall/mprotect")
int BPF_KRETPROBE(mprotect_kp_out, long ret)
{
	return on_exit(ret);
}

/* tracepoint syscalls:sys_enter_mprotect: args are start, len, prot. */
SEC("tracepoint/syscalls/sys_enter_mprotect")
int mprotect_tp_in(struct trace_event_raw_sys_enter *ctx)
{
	return on_enter(ctx->args[0], ctx->args[1], ctx->args[2]);
}

/* tracepoint syscalls:sys_exit_mprotect. */
SEC("tracepoint/syscalls/sys_exit_mprotect")
int mprotect_tp_out(struct trace_event_raw_sys_exit *ctx)
{
	return on_exit(ctx->ret);
}
