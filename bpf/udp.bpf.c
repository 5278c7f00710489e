// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * connect() on UDP sockets, for the hardened profile: a connected UDP socket
 * is a deliberate choice of peer, like a TCP connection attempt. UDP has no
 * state-change tracepoint, so this hooks the connect syscall: the entry
 * keeps the file descriptor, and the exit, when the call succeeded, looks up
 * the socket behind it and reads the peer the kernel stored.
 *
 * Modes: kprobes on the connect syscall (preferred) or the
 * syscalls:sys_{enter,exit}_connect tracepoints.
 */
#include "common.bpf.h"
#include "sock.bpf.h"

#define IPPROTO_UDP 17
#define SOCK_DGRAM  2
#define PENDING_MAX 10240

/* File descriptor of a connect in flight, keyed by pid_tgid; removed at exit. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, PENDING_MAX);
	__type(key, __u64);
	__type(value, __u32);
} connect_fds SEC(".maps");

static __always_inline int on_enter(int fd)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u32 value = fd;

	if (is_self() || fd < 0)
		return 0;
	if (bpf_map_update_elem(&connect_fds, &pid_tgid, &value, BPF_ANY))
		count(RWX_HOOK_UDP, RWX_CTR_STATE_FULL);
	return 0;
}

/* The socket behind a descriptor of the current task, or NULL. */
static __always_inline struct sock *sock_of_fd(__u32 fd)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
	struct file **fds = BPF_CORE_READ(fdt, fd);
	struct file *file = NULL;
	struct socket *sock;

	if (fd >= BPF_CORE_READ(fdt, max_fds))
		return NULL;
	if (bpf_probe_read_kernel(&file, sizeof(file), &fds[fd]) || !file)
		return NULL;

	sock = BPF_CORE_READ(file, private_data);
	if (!sock || BPF_CORE_READ(sock, type) != SOCK_DGRAM)
		return NULL;
	return BPF_CORE_READ(sock, sk);
}

static __always_inline void emit_udp(struct sock *sk)
{
	struct rwx_connect *e = reserve_connect(RWX_HOOK_UDP);

	if (!e)
		return;

	fill_endpoints(e, sk, RWX_HOOK_UDP);
	finish_connect(e, RWX_HOOK_UDP, IPPROTO_UDP);
}

static __always_inline int on_exit(long ret)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u32 *fd = bpf_map_lookup_elem(&connect_fds, &pid_tgid);
	struct sock *sk;

	if (!fd)
		return 0;

	count(RWX_HOOK_UDP, RWX_CTR_SEEN);
	sk = ret == 0 ? sock_of_fd(*fd) : NULL;
	if (sk && BPF_CORE_READ(sk, sk_protocol) == IPPROTO_UDP)
		emit_udp(sk);
	else
		count(RWX_HOOK_UDP, RWX_CTR_FILTERED);

	bpf_map_delete_elem(&connect_fds, &pid_tgid);
	return 0;
}

/* kprobe on the connect syscall entry. */
SEC("ksyscall/connect")
int BPF_KSYSCALL(udp_kp_in, int fd)
{
	return on_enter(fd);
}

/* kretprobe on the connect syscall. */
SEC("kretsyscall/connect")
int BPF_KRETPROBE(udp_kp_out, long ret)
{
	return on_exit(ret);
}

/* tracepoint syscalls:sys_enter_connect: args[0] is the descriptor. */
SEC("tracepoint/syscalls/sys_enter_connect")
int udp_tp_in(struct trace_event_raw_sys_enter *ctx)
{
	return on_enter(ctx->args[0]);
}

/* tracepoint syscalls:sys_exit_connect. */
SEC("tracepoint/syscalls/sys_exit_connect")
int udp_tp_out(struct trace_event_raw_sys_exit *ctx)
{
	return on_exit(ctx->ret);
}
