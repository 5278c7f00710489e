/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Reading a connection's endpoints from a struct sock, shared by the TCP and UDP hooks. */
#ifndef RWXWATCH_SOCK_BPF_H
#define RWXWATCH_SOCK_BPF_H

#include "common.bpf.h"

#define AF_INET 2

/*
 * Family, ports and addresses as the socket holds them once the kernel chose
 * the route. bpf_core_read with explicit sizes, since the destinations are
 * byte arrays; a failed read is counted against the hook.
 */
static __always_inline void fill_endpoints(struct rwx_connect *e, const struct sock *sk, __u32 hook)
{
	const struct sock_common *skc = &sk->__sk_common;
	long err;

	e->family = BPF_CORE_READ(sk, __sk_common.skc_family);
	e->sport = bpf_htons(BPF_CORE_READ(sk, __sk_common.skc_num));
	e->dport = BPF_CORE_READ(sk, __sk_common.skc_dport);
	__builtin_memset(e->saddr, 0, sizeof(e->saddr));
	__builtin_memset(e->daddr, 0, sizeof(e->daddr));

	if (e->family == AF_INET) {
		err = bpf_core_read(e->saddr, 4, &skc->skc_rcv_saddr);
		err |= bpf_core_read(e->daddr, 4, &skc->skc_daddr);
	} else {
		err = bpf_core_read(e->saddr, 16, &skc->skc_v6_rcv_saddr);
		err |= bpf_core_read(e->daddr, 16, &skc->skc_v6_daddr);
	}
	if (err)
		count(hook, RWX_CTR_READ_FAILED);
}

#endif /* RWXWATCH_SOCK_BPF_H */
