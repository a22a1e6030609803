/* abi_check - our hand-declared kernel ABI (rt/kabi.h, rt/sys.h) against the
 * kernel's own uapi headers for ARM (Debian's linux-libc-dev-armhf-cross).
 * The table below is compiled twice: once with our names, once (-DKERNEL)
 * with the kernel's, into two arrays; main() compares them entry by entry.
 * It runs under qemu-arm like every other test binary. */
#ifdef KERNEL
#include <asm/unistd.h>
#include <asm/fcntl.h>
#include <asm/stat.h>
#include <asm/errno.h>
#include <asm/ioctls.h>
#include <asm/termbits.h>
#include <asm/termios.h>
#include <linux/stat.h>
#include <linux/sysinfo.h>
#include <linux/utsname.h>
#include <linux/auxvec.h>
#include <linux/time_types.h>
#include <linux/fcntl.h>
#include <linux/filter.h>
#include <linux/if_packet.h>
#include <linux/sockios.h>
#include <linux/route.h>   /* and <linux/if.h>: <sys/socket.h> is tests/abi_shim's */
#include <linux/in.h>
#include <linux/ethtool.h>
#include <linux/in6.h>
#include <asm/socket.h>
#include <linux/mman.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/inet_diag.h>
#include <linux/prctl.h>
#include <linux/capability.h>
#define ABI(ours, kern) (long)(kern)
#define TABLE abi_kernel
#else
#include "rt.h"
#include "sys.h"
#define ABI(ours, kern) (long)(ours)
#define TABLE abi_ours
#endif
#define SZ(o, k) ABI(sizeof(struct o), sizeof(struct k))
#define OF(o, k, f) ABI(__builtin_offsetof(struct o, f), __builtin_offsetof(struct k, f))
#define OF2(o, k, fo, fk) ABI(__builtin_offsetof(struct o, fo), __builtin_offsetof(struct k, fk))

#define LIST(X, Y) \
	X(NR_exit, __NR_exit) X(NR_read, __NR_read) X(NR_write, __NR_write) X(NR_close, __NR_close) \
	X(NR_getpid, __NR_getpid) X(NR_kill, __NR_kill) X(NR_rt_sigaction, __NR_rt_sigaction) \
	X(NR_ioctl, __NR_ioctl) X(NR_reboot, __NR_reboot) X(NR_munmap, __NR_munmap) X(NR_wait4, __NR_wait4) \
	X(NR_sysinfo, __NR_sysinfo) X(NR_uname, __NR_uname) X(NR__llseek, __NR__llseek) \
	X(NR_rt_sigprocmask, __NR_rt_sigprocmask) X(NR_mmap2, __NR_mmap2) X(NR_fstat64, __NR_fstat64) \
	X(NR_getdents64, __NR_getdents64) X(NR_fcntl64, __NR_fcntl64) X(NR_sendfile64, __NR_sendfile64) \
	X(NR_exit_group, __NR_exit_group) X(NR_clock_gettime, __NR_clock_gettime) X(NR_openat, __NR_openat) \
	X(NR_fork, __NR_fork) X(NR_execve, __NR_execve) X(NR_mount, __NR_mount) X(NR_sync, __NR_sync) \
	X(NR_setsid, __NR_setsid) X(NR_prctl, __NR_prctl) X(NR_mkdirat, __NR_mkdirat) X(NR_dup3, __NR_dup3) \
	X(NR_connect, __NR_connect) X(NR_listen, __NR_listen) X(NR_accept, __NR_accept) \
	X(NR_fstatat64, __NR_fstatat64) X(NR_readlinkat, __NR_readlinkat) X(NR_splice, __NR_splice) \
	X(NR_pipe2, __NR_pipe2) X(NR_copy_file_range, __NR_copy_file_range) X(NR_statx, __NR_statx) \
	X(NR_restart_syscall, __NR_restart_syscall) X(NR_sigreturn, __NR_sigreturn) \
	X(NR_rt_sigreturn, __NR_rt_sigreturn) X(NR_capset, __NR_capset) X(NR_getuid32, __NR_getuid32) \
	X(NR_setgroups32, __NR_setgroups32) X(NR_setresuid32, __NR_setresuid32) \
	X(NR_setresgid32, __NR_setresgid32) X(NR_seccomp, __NR_seccomp) X(NR_socket, __NR_socket) \
	X(NR_bind, __NR_bind) X(NR_setsockopt, __NR_setsockopt) X(NR_getsockopt, __NR_getsockopt) \
	X(NR_recvmsg, __NR_recvmsg) X(NR_ppoll, __NR_ppoll) X(NR_signalfd4, __NR_signalfd4) \
	X(NR_recvmmsg, __NR_recvmmsg) X(NR_clock_gettime64, __NR_clock_gettime64) \
	X(NR_ppoll_time64, __NR_ppoll_time64) X(NR_finit_module, __NR_finit_module) \
	X(NR_socketpair, __NR_socketpair) X(NR_sendto, __NR_sendto) X(PR_SET_PDEATHSIG, PR_SET_PDEATHSIG) X(PR_SET_KEEPCAPS, PR_SET_KEEPCAPS) \
	X(CAP_DAC_READ_SEARCH, CAP_DAC_READ_SEARCH) X(CAP_SYS_PTRACE, CAP_SYS_PTRACE) \
	X(O_WRONLY, O_WRONLY) X(O_RDWR, O_RDWR) X(O_CREAT, O_CREAT) X(O_EXCL, O_EXCL) X(O_NOCTTY, O_NOCTTY) \
	X(O_TRUNC, O_TRUNC) X(O_APPEND, O_APPEND) X(O_NONBLOCK, O_NONBLOCK) X(O_DIRECTORY, O_DIRECTORY) \
	X(O_NOFOLLOW, O_NOFOLLOW) X(O_LARGEFILE, O_LARGEFILE) X(O_CLOEXEC, O_CLOEXEC) \
	X(F_GETFL, F_GETFL) X(F_SETFL, F_SETFL) X(F_SETPIPE_SZ, F_SETPIPE_SZ) X(F_GETPIPE_SZ, F_GETPIPE_SZ) \
	X(S_IFMT, S_IFMT) X(S_IFSOCK, S_IFSOCK) X(S_IFLNK, S_IFLNK) X(S_IFREG, S_IFREG) X(S_IFBLK, S_IFBLK) \
	X(S_IFDIR, S_IFDIR) X(S_IFCHR, S_IFCHR) X(S_IFIFO, S_IFIFO) \
	X(AT_PAGESZ, AT_PAGESZ) X(AT_HWCAP, AT_HWCAP) X(AT_RANDOM, AT_RANDOM) \
	X(EPERM, EPERM) X(ENOENT, ENOENT) X(EINTR, EINTR) X(EIO, EIO) X(EBADF, EBADF) X(EAGAIN, EAGAIN) \
	X(ENOMEM, ENOMEM) X(EACCES, EACCES) X(EXDEV, EXDEV) X(ENOTDIR, ENOTDIR) X(EISDIR, EISDIR) \
	X(EINVAL, EINVAL) X(EMFILE, EMFILE) X(ENOSPC, ENOSPC) X(EPIPE, EPIPE) X(ENAMETOOLONG, ENAMETOOLONG) \
	X(ENOSYS, ENOSYS) X(ELOOP, ELOOP) X(EOVERFLOW, EOVERFLOW) X(ENOTSUP, EOPNOTSUPP) \
	X(ENOPROTOOPT, ENOPROTOOPT) X(EDQUOT, EDQUOT) X(ENODATA, ENODATA) X(ECONNREFUSED, ECONNREFUSED) \
	X(ENOEXEC, ENOEXEC) X(EEXIST, EEXIST) X(ENODEV, ENODEV) X(ENETUNREACH, ENETUNREACH) \
	X(TCGETS, TCGETS) X(TIOCGWINSZ, TIOCGWINSZ) \
	X(MAP_SHARED, MAP_SHARED) X(MAP_PRIVATE, MAP_PRIVATE) X(MAP_ANONYMOUS, MAP_ANONYMOUS) \
	Y(sizeof_stat64, SZ(k_stat64, stat64)) Y(stat64.st_mode, OF(k_stat64, stat64, st_mode)) \
	Y(stat64.st_nlink, OF(k_stat64, stat64, st_nlink)) Y(stat64.st_uid, OF(k_stat64, stat64, st_uid)) \
	Y(stat64.st_rdev, OF(k_stat64, stat64, st_rdev)) Y(stat64.st_size, OF(k_stat64, stat64, st_size)) \
	Y(stat64.st_blksize, OF(k_stat64, stat64, st_blksize)) Y(stat64.st_blocks, OF(k_stat64, stat64, st_blocks)) \
	Y(stat64.st_atime, OF(k_stat64, stat64, st_atime)) Y(stat64.st_mtime, OF(k_stat64, stat64, st_mtime)) \
	Y(stat64.st_ctime_nsec, OF(k_stat64, stat64, st_ctime_nsec)) Y(stat64.st_ino, OF(k_stat64, stat64, st_ino)) \
	Y(sizeof_statx_ts, SZ(k_statx_ts, statx_timestamp)) Y(sizeof_statx, SZ(k_statx, statx)) \
	Y(statx.stx_mode, OF(k_statx, statx, stx_mode)) Y(statx.stx_ino, OF(k_statx, statx, stx_ino)) \
	Y(statx.stx_size, OF(k_statx, statx, stx_size)) Y(statx.stx_blocks, OF(k_statx, statx, stx_blocks)) \
	Y(statx.stx_atime, OF(k_statx, statx, stx_atime)) Y(statx.stx_btime, OF(k_statx, statx, stx_btime)) \
	Y(statx.stx_ctime, OF(k_statx, statx, stx_ctime)) Y(statx.stx_mtime, OF(k_statx, statx, stx_mtime)) \
	Y(statx.stx_rdev_major, OF(k_statx, statx, stx_rdev_major)) Y(statx.stx_dev_minor, OF(k_statx, statx, stx_dev_minor)) \
	Y(statx.stx_mnt_id, OF(k_statx, statx, stx_mnt_id)) X(STATX_BTIME, STATX_BTIME) \
	X(STATX_BASIC_STATS, STATX_BASIC_STATS) \
	Y(sizeof_sysinfo, SZ(k_sysinfo, sysinfo)) Y(sysinfo.loads, OF(k_sysinfo, sysinfo, loads)) \
	Y(sysinfo.sharedram, OF(k_sysinfo, sysinfo, sharedram)) Y(sysinfo.procs, OF(k_sysinfo, sysinfo, procs)) \
	Y(sysinfo.totalhigh, OF(k_sysinfo, sysinfo, totalhigh)) Y(sysinfo.mem_unit, OF(k_sysinfo, sysinfo, mem_unit)) \
	X(SI_LOAD_SHIFT, SI_LOAD_SHIFT) \
	Y(sizeof_utsname, SZ(k_utsname, new_utsname)) Y(utsname.release, OF(k_utsname, new_utsname, release)) \
	Y(utsname.machine, OF(k_utsname, new_utsname, machine)) \
	Y(sizeof_winsize, SZ(k_winsize, winsize)) Y(winsize.ws_col, OF(k_winsize, winsize, ws_col)) \
	Y(sizeof_termios, SZ(k_termios, termios)) Y(termios.c_lflag, OF(k_termios, termios, c_lflag)) \
	Y(termios.c_cc, OF(k_termios, termios, c_cc)) \
	Y(sizeof_timespec32, SZ(k_timespec32, __kernel_old_timespec)) \
	Y(sizeof_sock_filter, SZ(k_sock_filter, sock_filter)) Y(sock_filter.k, OF(k_sock_filter, sock_filter, k)) \
	Y(sizeof_sock_fprog, SZ(k_sock_fprog, sock_fprog)) Y(sock_fprog.filter, OF(k_sock_fprog, sock_fprog, filter)) \
	Y(sizeof_sockaddr_ll, SZ(k_sockaddr_ll, sockaddr_ll)) Y(sockaddr_ll.sll_pkttype, OF(k_sockaddr_ll, sockaddr_ll, sll_pkttype)) \
	Y(sizeof_tpacket3_hdr, SZ(k_tpacket3_hdr, tpacket3_hdr)) Y(sizeof_tpacket_req3, SZ(k_tpacket_req3, tpacket_req3)) \
	Y(sizeof_tpacket_auxdata, SZ(k_tpacket_auxdata, tpacket_auxdata)) \
	X(SO_ATTACH_FILTER, SO_ATTACH_FILTER) X(SO_LOCK_FILTER, SO_LOCK_FILTER) X(SO_TIMESTAMP, SO_TIMESTAMP_OLD) \
	X(SO_RCVBUFFORCE, SO_RCVBUFFORCE) X(SO_SNDBUF, SO_SNDBUF) X(SO_SNDBUFFORCE, SO_SNDBUFFORCE) X(PACKET_AUXDATA, PACKET_AUXDATA) X(PACKET_RX_RING, PACKET_RX_RING) \
	X(PACKET_VERSION, PACKET_VERSION) X(PACKET_OUTGOING, PACKET_OUTGOING) X(TPACKET_V3, TPACKET_V3) \
	X(SIOCGIFINDEX, SIOCGIFINDEX) X(SIOCGIFHWADDR, SIOCGIFHWADDR) X(SIOCGIFFLAGS, SIOCGIFFLAGS) \
	X(SIOCGIFNAME, SIOCGIFNAME) X(SIOCSIFFLAGS, SIOCSIFFLAGS) X(SIOCSIFADDR, SIOCSIFADDR) \
	X(SIOCSIFNETMASK, SIOCSIFNETMASK) X(SIOCADDRT, SIOCADDRT) X(RTF_UP, RTF_UP) X(RTF_GATEWAY, RTF_GATEWAY) \
	X(IFF_UP, IFF_UP) \
	Y(sizeof_ifreq, SZ(k_ifreq, ifreq)) Y(ifreq.flags, OF2(k_ifreq, ifreq, u.flags, ifr_flags)) \
	Y(ifreq.addr, OF2(k_ifreq, ifreq, u.addr, ifr_addr)) Y(ifreq.data, OF2(k_ifreq, ifreq, u.data, ifr_data)) \
	X(SIOCETHTOOL, SIOCETHTOOL) X(ETHTOOL_SGRO, ETHTOOL_SGRO) Y(sizeof_ethtool_value, SZ(k_ethtool_value, ethtool_value)) \
	Y(ethtool_value.data, OF(k_ethtool_value, ethtool_value, data)) \
	Y(sizeof_sockaddr_in, SZ(k_sockaddr_in, sockaddr_in)) Y(sockaddr_in.port, OF2(k_sockaddr_in, sockaddr_in, port, sin_port)) \
	Y(sockaddr_in.addr, OF2(k_sockaddr_in, sockaddr_in, addr, sin_addr)) \
	Y(sizeof_sockaddr_in6, SZ(k_sockaddr_in6, sockaddr_in6)) Y(sockaddr_in6.port, OF2(k_sockaddr_in6, sockaddr_in6, port, sin6_port)) \
	Y(sockaddr_in6.addr, OF2(k_sockaddr_in6, sockaddr_in6, addr, sin6_addr)) \
	Y(sockaddr_in6.scope_id, OF2(k_sockaddr_in6, sockaddr_in6, scope_id, sin6_scope_id)) \
	Y(sizeof_rtentry, SZ(k_rtentry, rtentry)) Y(rtentry.rt_dst, OF(k_rtentry, rtentry, rt_dst)) \
	Y(rtentry.rt_gateway, OF(k_rtentry, rtentry, rt_gateway)) Y(rtentry.rt_genmask, OF(k_rtentry, rtentry, rt_genmask)) \
	Y(rtentry.rt_flags, OF(k_rtentry, rtentry, rt_flags)) Y(rtentry.rt_metric, OF(k_rtentry, rtentry, rt_metric)) \
	Y(rtentry.rt_dev, OF(k_rtentry, rtentry, rt_dev)) Y(rtentry.rt_mtu, OF(k_rtentry, rtentry, rt_mtu)) \
	Y(rtentry.rt_irtt, OF(k_rtentry, rtentry, rt_irtt)) \
	X(SKF_AD_OFF, SKF_AD_OFF) X(SKF_AD_PKTTYPE, SKF_AD_PKTTYPE) X(SKF_AD_IFINDEX, SKF_AD_IFINDEX) \
	X(SKF_AD_HATYPE, SKF_AD_HATYPE) X(SKF_AD_VLAN_TAG, SKF_AD_VLAN_TAG) \
	X(SKF_AD_VLAN_TAG_PRESENT, SKF_AD_VLAN_TAG_PRESENT) X(SKF_AD_MAX, SKF_AD_MAX) \
	X(BPF_LD, BPF_LD) X(BPF_LDX, BPF_LDX) X(BPF_ST, BPF_ST) X(BPF_STX, BPF_STX) X(BPF_ALU, BPF_ALU) \
	X(BPF_JMP, BPF_JMP) X(BPF_RET, BPF_RET) X(BPF_MISC, BPF_MISC) X(BPF_H, BPF_H) X(BPF_B, BPF_B) \
	X(BPF_ABS, BPF_ABS) X(BPF_IND, BPF_IND) X(BPF_MEM, BPF_MEM) X(BPF_LEN, BPF_LEN) X(BPF_MSH, BPF_MSH) \
	X(BPF_SUB, BPF_SUB) X(BPF_MUL, BPF_MUL) X(BPF_DIV, BPF_DIV) X(BPF_OR, BPF_OR) X(BPF_AND, BPF_AND) \
	X(BPF_LSH, BPF_LSH) X(BPF_RSH, BPF_RSH) X(BPF_NEG, BPF_NEG) X(BPF_MOD, BPF_MOD) X(BPF_XOR, BPF_XOR) \
	X(BPF_JEQ, BPF_JEQ) X(BPF_JGT, BPF_JGT) X(BPF_JGE, BPF_JGE) X(BPF_JSET, BPF_JSET) X(BPF_X, BPF_X) \
	X(BPF_A, BPF_A) X(BPF_TXA, BPF_TXA) X(BPF_MEMWORDS, BPF_MEMWORDS) X(BPF_MAXINSNS, BPF_MAXINSNS) \
	X(NETLINK_SOCK_DIAG, NETLINK_SOCK_DIAG) X(SOCK_DIAG_BY_FAMILY, SOCK_DIAG_BY_FAMILY) \
	X(NLM_F_REQUEST, NLM_F_REQUEST) X(NLM_F_MULTI, NLM_F_MULTI) X(NLM_F_DUMP, NLM_F_DUMP) \
	X(NLMSG_NOOP, NLMSG_NOOP) X(NLMSG_ERROR, NLMSG_ERROR) X(NLMSG_DONE, NLMSG_DONE) X(NLMSG_OVERRUN, NLMSG_OVERRUN) \
	Y(sizeof_sockaddr_nl, SZ(k_sockaddr_nl, sockaddr_nl)) Y(sockaddr_nl.nl_pid, OF(k_sockaddr_nl, sockaddr_nl, nl_pid)) \
	Y(sockaddr_nl.nl_groups, OF(k_sockaddr_nl, sockaddr_nl, nl_groups)) \
	Y(sizeof_nlmsghdr, SZ(k_nlmsghdr, nlmsghdr)) Y(nlmsghdr.nlmsg_type, OF(k_nlmsghdr, nlmsghdr, nlmsg_type)) \
	Y(nlmsghdr.nlmsg_flags, OF(k_nlmsghdr, nlmsghdr, nlmsg_flags)) Y(nlmsghdr.nlmsg_seq, OF(k_nlmsghdr, nlmsghdr, nlmsg_seq)) \
	Y(nlmsghdr.nlmsg_pid, OF(k_nlmsghdr, nlmsghdr, nlmsg_pid)) \
	Y(sizeof_nlmsgerr, SZ(k_nlmsgerr, nlmsgerr)) Y(nlmsgerr.msg, OF(k_nlmsgerr, nlmsgerr, msg)) \
	Y(sizeof_inet_diag_sockid, SZ(k_inet_diag_sockid, inet_diag_sockid)) \
	Y(inet_diag_sockid.idiag_dport, OF(k_inet_diag_sockid, inet_diag_sockid, idiag_dport)) \
	Y(inet_diag_sockid.idiag_src, OF(k_inet_diag_sockid, inet_diag_sockid, idiag_src)) \
	Y(inet_diag_sockid.idiag_dst, OF(k_inet_diag_sockid, inet_diag_sockid, idiag_dst)) \
	Y(inet_diag_sockid.idiag_if, OF(k_inet_diag_sockid, inet_diag_sockid, idiag_if)) \
	Y(inet_diag_sockid.idiag_cookie, OF(k_inet_diag_sockid, inet_diag_sockid, idiag_cookie)) \
	Y(sizeof_inet_diag_req_v2, SZ(k_inet_diag_req_v2, inet_diag_req_v2)) \
	Y(inet_diag_req_v2.sdiag_protocol, OF(k_inet_diag_req_v2, inet_diag_req_v2, sdiag_protocol)) \
	Y(inet_diag_req_v2.idiag_states, OF(k_inet_diag_req_v2, inet_diag_req_v2, idiag_states)) \
	Y(inet_diag_req_v2.id, OF(k_inet_diag_req_v2, inet_diag_req_v2, id)) \
	Y(sizeof_inet_diag_msg, SZ(k_inet_diag_msg, inet_diag_msg)) \
	Y(inet_diag_msg.idiag_state, OF(k_inet_diag_msg, inet_diag_msg, idiag_state)) \
	Y(inet_diag_msg.id, OF(k_inet_diag_msg, inet_diag_msg, id)) \
	Y(inet_diag_msg.idiag_uid, OF(k_inet_diag_msg, inet_diag_msg, idiag_uid)) \
	Y(inet_diag_msg.idiag_inode, OF(k_inet_diag_msg, inet_diag_msg, idiag_inode))

#define VALUE(ours, kern) ABI(ours, kern),
#define EXPR(label, e) e,
const long TABLE[] = { LIST(VALUE, EXPR) };

#ifndef KERNEL
#define NAME(ours, kern) #ours,
static const char *const names[] = { LIST(NAME, NAME) };
extern const long abi_kernel[];
PK_CMD("abi_check");
int main(void)
{
	unsigned n = sizeof names / sizeof names[0], bad = 0;
	for (unsigned i = 0; i < n; i++)
		if (abi_ours[i] != abi_kernel[i]) {
			out_str(&pk_out, "FAIL "); out_str(&pk_out, names[i]); out_str(&pk_out, ": ours ");
			out_u64(&pk_out, (u64)abi_ours[i]); out_str(&pk_out, ", kernel ");
			out_u64(&pk_out, (u64)abi_kernel[i]); out_char(&pk_out, '\n');
			bad++;
		}
	out_str(&pk_out, "abi_check: "); out_u64(&pk_out, n - bad);
	out_str(&pk_out, " passed, "); out_u64(&pk_out, bad); out_str(&pk_out, " failed\n");
	return bad != 0;
}
#endif
