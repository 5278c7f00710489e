// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * TCP connection attempts at the socket level: the address the kernel
 * actually dials, after connect(0.0.0.0) and IPv4-mapped rewriting. Runs in
 * the connecting task's context in every mode, so the current task is the
 * process that connects.
 *
 * Attach modes, most preferred first: a kprobe on tcp_connect(); the BTF
 * tracepoint sock:inet_sock_set_state (no tracefs needed); the classic
 * tracepoint of the same name. The two tracepoint modes take the
 * TCP_CLOSE -> TCP_SYN_SENT transition, which every active open makes once.
 *
 * Limitation: in the tracepoint modes the kernel has not yet picked the
 * source port when the state changes, so the record's sport is 0 unless
 * the socket was bound to a port beforehand.
 */
#include "common.bpf.h"
#include "sock.bpf.h"

#define IPPROTO_TCP	   6
#define TCP_SYN_SENT_STATE 2
#define TCP_CLOSE_STATE	   7

/* Counts the attempt; NULL when it is the sensor's own or the ring is full. */
static __always_inline struct rwx_connect *start_record(void)
{
	count(RWX_HOOK_CONNECT, RWX_CTR_SEEN);
	if (is_self()) {
		count(RWX_HOOK_CONNECT, RWX_CTR_FILTERED);
		return NULL;
	}
	return reserve_connect(RWX_HOOK_CONNECT);
}

static __always_inline int emit_from_sock(const struct sock *sk)
{
	struct rwx_connect *e = start_record();

	if (!e)
		return 0;

	fill_endpoints(e, sk, RWX_HOOK_CONNECT);
	finish_connect(e, RWX_HOOK_CONNECT, IPPROTO_TCP);
	return 0;
}

/* kprobe on tcp_connect(struct sock *sk): the SYN is about to be sent. */
SEC("kprobe/tcp_connect")
int BPF_KPROBE(connect_kprobe, struct sock *sk)
{
	return emit_from_sock(sk);
}

/* tp_btf sock:inet_sock_set_state(sk, oldstate, newstate). */
SEC("tp_btf/inet_sock_set_state")
int BPF_PROG(connect_tp_btf, const struct sock *sk, int oldstate, int newstate)
{
	if (oldstate != TCP_CLOSE_STATE || newstate != TCP_SYN_SENT_STATE)
		return 0;
	if (BPF_CORE_READ(sk, sk_protocol) != IPPROTO_TCP)
		return 0;
	return emit_from_sock(sk);
}

/* tracepoint sock:inet_sock_set_state, for kernels without BTF tracepoints. */
SEC("tracepoint/sock/inet_sock_set_state")
int connect_tp(struct trace_event_raw_inet_sock_set_state *ctx)
{
	struct rwx_connect *e;

	if (ctx->oldstate != TCP_CLOSE_STATE || ctx->newstate != TCP_SYN_SENT_STATE)
		return 0;
	if (ctx->protocol != IPPROTO_TCP)
		return 0;

	e = start_record();
	if (!e)
		return 0;

	e->family = ctx->family;
	e->sport = bpf_htons(ctx->sport);
	e->dport = bpf_htons(ctx->dport);
	/* The ctx arrays sit at CO-RE-relocated offsets, which direct ctx loads reject. */
	__builtin_memset(e->saddr, 0, sizeof(e->saddr));
	__builtin_memset(e->daddr, 0, sizeof(e->daddr));
	if (ctx->family == AF_INET) {
		bpf_probe_read_kernel(e->saddr, 4, ctx->saddr);
		bpf_probe_read_kernel(e->daddr, 4, ctx->daddr);
	} else {
		bpf_probe_read_kernel(e->saddr, 16, ctx->saddr_v6);
		bpf_probe_read_kernel(e->daddr, 16, ctx->daddr_v6);
	}

	finish_connect(e, RWX_HOOK_CONNECT, IPPROTO_TCP);
	return 0;
}
