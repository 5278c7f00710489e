/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The identity part of every record, read from the current task at event
 * time: once the process has exited, user space can no longer ask /proc.
 */
#ifndef RWXWATCH_TASK_BPF_H
#define RWXWATCH_TASK_BPF_H

#include "common.bpf.h"

/* Namespace pid, credentials, cgroup and executable of the thread-group leader. */
static __always_inline long fill_context(struct rwx_header *hdr, struct task_struct *task,
					 struct task_struct *leader)
{
	struct pid *pid = BPF_CORE_READ(leader, thread_pid);
	unsigned int level = BPF_CORE_READ(pid, level);
	struct file *exe = BPF_CORE_READ(leader, mm, exe_file);
	const unsigned char *exe_name;
	struct upid upid = {};
	long err;

	hdr->ppid = BPF_CORE_READ(leader, real_parent, tgid);
	hdr->euid = BPF_CORE_READ(task, cred, euid.val);
	hdr->egid = BPF_CORE_READ(task, cred, egid.val);
	hdr->cgroup_id = bpf_get_current_cgroup_id();

	/* numbers[level] is the pid as the process's own namespace numbers it. */
	err = bpf_core_read(&upid, sizeof(upid), &pid->numbers[level]);
	hdr->ns_pid = upid.nr;
	hdr->pidns_ino = BPF_CORE_READ(upid.ns, ns.inum);

	/* Kernel threads have no mm and so no executable: the fields stay zero. */
	hdr->exe_ino = BPF_CORE_READ(exe, f_inode, i_ino);
	hdr->exe_dev = BPF_CORE_READ(exe, f_inode, i_sb, s_dev);
	exe_name = BPF_CORE_READ(exe, f_path.dentry, d_name.name);
	hdr->exe_name[0] = '\0';
	if (exe_name)
		err |=
		    bpf_probe_read_kernel_str(hdr->exe_name, sizeof(hdr->exe_name), exe_name) < 0;
	return err;
}

/*
 * Fills the header of a record about the current task. The process name is
 * the thread-group leader's comm, as the rule joins on it; the thread's own
 * comm is kept beside it.
 */
static __always_inline void fill_header(struct rwx_header *hdr, __u32 hook, __u32 kind, __u32 size)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct task_struct *leader = BPF_CORE_READ(task, group_leader);
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u64 uid_gid = bpf_get_current_uid_gid();

	hdr->kind = kind;
	hdr->size = size;
	hdr->ktime_ns = bpf_ktime_get_boot_ns();
	hdr->start_ns = BPF_CORE_READ(leader, start_boottime);

	hdr->pid = pid_tgid >> 32;
	hdr->tid = (__u32)pid_tgid;
	hdr->uid = (__u32)uid_gid;
	hdr->gid = uid_gid >> 32;

	bpf_get_current_comm(hdr->thread_comm, sizeof(hdr->thread_comm));
	if (bpf_probe_read_kernel_str(hdr->comm, sizeof(hdr->comm), &leader->comm) < 0)
		count(hook, RWX_CTR_READ_FAILED);
	if (fill_context(hdr, task, leader))
		count(hook, RWX_CTR_READ_FAILED);

	/* Ring-buffer memory is not zeroed: aggregated records overwrite these. */
	hdr->leg_count = 0;
	hdr->peer_last_ns = 0;
	hdr->peer_count = 0;
}

#endif /* RWXWATCH_TASK_BPF_H */
