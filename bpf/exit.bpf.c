// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Process exit, so user space releases what it holds about a process as soon
 * as it is gone. Only processes that user space heard of (the `processes` map)
 * are reported, once, when their last thread exits.
 *
 * Modes: the BTF tracepoint sched:sched_process_exit, or the same tracepoint
 * through tracefs.
 */
#include "common.bpf.h"
#include "task.bpf.h"

static __always_inline int on_exit(void)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	struct rwx_exit *e;

	/* do_exit() decrements signal->live before this tracepoint: 0 means the last thread. */
	if (BPF_CORE_READ(task, signal, live.counter) != 0)
		return 0;
	if (!bpf_map_lookup_elem(&processes, &tgid))
		return 0;

	count(RWX_HOOK_EXIT, RWX_CTR_SEEN);
	bpf_map_delete_elem(&processes, &tgid);
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count(RWX_HOOK_EXIT, RWX_CTR_RINGBUF_FULL);
		return 0;
	}

	fill_header(&e->hdr, RWX_HOOK_EXIT, RWX_KIND_EXIT, sizeof(*e));
	e->exit_code = BPF_CORE_READ(task, exit_code);
	e->pad = 0;
	submit(e, false);
	count(RWX_HOOK_EXIT, RWX_CTR_EMITTED);
	return 0;
}

/* tp_btf sched:sched_process_exit(p, ...): p is the current task. */
SEC("tp_btf/sched_process_exit")
int BPF_PROG(exit_tp_btf)
{
	return on_exit();
}

/* tracepoint sched:sched_process_exit, for kernels without BTF tracepoints. */
SEC("tracepoint/sched/sched_process_exit")
int exit_tp(void *ctx)
{
	return on_exit();
}
