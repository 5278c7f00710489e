/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Reading a connection's endpoints from a struct sock, shared by the TCP and UDP hooks. */
#ifndef RWXWATCH_SOCK_BPF_H
#define RWXWATCH_SOCK_BPF_H

#include "common.bpf.h"
#include "task.bpf.h"
#include "aggregate.bpf.h"

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

static __always_inline bool is_v4_mapped(const __u8 *addr)
{
	const __u32 *words = (const __u32 *)addr;

	return words[0] == 0 && words[1] == 0 && words[2] == bpf_htonl(0xffff);
}

/* Whether user space asked to drop this record's destination in the kernel. */
static __always_inline bool destination_excluded(const struct rwx_connect *e)
{
	struct lpm_v4_key v4 = {.prefixlen = 32};
	struct lpm_v6_key v6 = {.prefixlen = 128};

	if (!filter_destinations)
		return false;

	if (e->family == AF_INET || is_v4_mapped(e->daddr)) {
		__builtin_memcpy(v4.addr, e->family == AF_INET ? e->daddr : e->daddr + 12, 4);
		return bpf_map_lookup_elem(&excluded_v4, &v4) != NULL;
	}
	__builtin_memcpy(v6.addr, e->daddr, 16);
	return bpf_map_lookup_elem(&excluded_v6, &v6) != NULL;
}

/* A connection record with room reserved; NULL (counted) when the ring is full. */
static __always_inline struct rwx_connect *reserve_connect(__u32 hook)
{
	struct rwx_connect *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);

	if (!e)
		count(hook, RWX_CTR_RINGBUF_FULL);
	return e;
}

/*
 * Sends a record whose endpoints are filled, or drops it when its destination
 * is excluded or the process's state absorbs it (aggregate.bpf.h). The full
 * identity is read only for records that leave the kernel.
 */
static __always_inline void finish_connect(struct rwx_connect *e, __u32 hook, __u16 protocol)
{
	struct agg_counts counts;
	struct identity id = {};

	if (destination_excluded(e)) {
		bpf_ringbuf_discard(e, BPF_RB_NO_WAKEUP);
		count(hook, RWX_CTR_FILTERED);
		return;
	}
	read_identity(&id);
	if (!aggregate(&id, RWX_LEG_NETWORK, hook, &counts)) {
		bpf_ringbuf_discard(e, BPF_RB_NO_WAKEUP);
		return;
	}

	fill_header(&e->hdr, hook, RWX_KIND_CONNECT, sizeof(*e));
	copy_counts(&e->hdr, &counts);
	e->protocol = protocol;
	submit(e, is_first(&counts));
	count(hook, RWX_CTR_EMITTED);
}

#endif /* RWXWATCH_SOCK_BPF_H */
