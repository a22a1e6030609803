/* kabi.h - the kernel ABI, declared once, by hand, for ARM EABI (32-bit).
 * Every layout is pinned by _Static_asserts here; tests/abi_check.c checks
 * the same numbers against the kernel's own uapi headers. */
#ifndef PK_KABI_H
#define PK_KABI_H

typedef unsigned char u8;   typedef unsigned short u16;
typedef unsigned int u32;   typedef unsigned long long u64;
typedef signed char s8;     typedef short s16;
typedef int s32;            typedef long long s64;
typedef __SIZE_TYPE__ size_t;
#ifndef NULL
#define NULL ((void *)0)
#endif

#define OFF(t, f) __builtin_offsetof(struct t, f)
#define LAYOUT(t, size) _Static_assert(sizeof(struct t) == (size), #t " size")
#define AT(t, f, off) _Static_assert(OFF(t, f) == (off), #t "." #f " offset")

/* fcntl.h: ARM differs from x86 for O_DIRECTORY/O_NOFOLLOW/O_LARGEFILE */
#define O_RDONLY    00
#define O_WRONLY    01
#define O_RDWR      02
#define O_CREAT     0100
#define O_EXCL      0200
#define O_NOCTTY    0400
#define O_TRUNC     01000
#define O_APPEND    02000
#define O_NONBLOCK  04000
#define O_DIRECTORY 040000
#define O_NOFOLLOW  0100000
#define O_LARGEFILE 0400000
#define O_CLOEXEC   02000000
#define AT_FDCWD (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_EMPTY_PATH 0x1000
#define F_SETFL 4
#define F_GETFL 3
#define F_SETPIPE_SZ 1031
#define F_GETPIPE_SZ 1032
#define SEEK_SET 0
#define SEEK_CUR 1

#define S_IFMT   0170000
#define S_IFSOCK 0140000
#define S_IFLNK  0120000
#define S_IFREG  0100000
#define S_IFBLK  0060000
#define S_IFDIR  0040000
#define S_IFCHR  0020000
#define S_IFIFO  0010000
#define S_ISREG(m) (((m) & S_IFMT) == S_IFREG)
#define S_ISDIR(m) (((m) & S_IFMT) == S_IFDIR)
#define S_ISFIFO(m) (((m) & S_IFMT) == S_IFIFO)

#define PROT_READ 1
#define PROT_WRITE 2
#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_ANONYMOUS 0x20
#define SIGABRT 6
#define SIGPIPE 13
#define SIG_UNBLOCK 1

/* auxiliary vector types (linux/auxvec.h) */
#define AT_NULL 0
#define AT_PAGESZ 6
#define AT_HWCAP 16
#define AT_RANDOM 25

/* errno values (asm-generic/errno-base.h, errno.h) */
#define EPERM 1
#define ENOENT 2
#define ESRCH 3
#define EINTR 4
#define EIO 5
#define ENXIO 6
#define E2BIG 7
#define ENOEXEC 8
#define EBADF 9
#define ECHILD 10
#define EAGAIN 11
#define ENOMEM 12
#define EACCES 13
#define EFAULT 14
#define EBUSY 16
#define EEXIST 17
#define EXDEV 18
#define ENODEV 19
#define ENOTDIR 20
#define EISDIR 21
#define EINVAL 22
#define ENFILE 23
#define EMFILE 24
#define ENOTTY 25
#define ETXTBSY 26
#define EFBIG 27
#define ENOSPC 28
#define ESPIPE 29
#define EROFS 30
#define EMLINK 31
#define EPIPE 32
#define ERANGE 34
#define ENAMETOOLONG 36
#define ENOSYS 38
#define ENOTEMPTY 39
#define ELOOP 40
#define ENODATA 61
#define EOVERFLOW 75
#define ENOTSUP 95
#define EOPNOTSUPP 95
#define ENOPROTOOPT 92
#define EAFNOSUPPORT 97
#define ENETDOWN 100
#define ENETUNREACH 101
#define ECONNRESET 104
#define ENOBUFS 105
#define ETIMEDOUT 110
#define ECONNREFUSED 111
#define EDQUOT 122

/* asm/stat.h: struct stat64 (fstat64, fstatat64) */
struct k_stat64 {
	u64 st_dev; u8 __pad0[4]; u32 __st_ino;
	u32 st_mode; u32 st_nlink; u32 st_uid; u32 st_gid;
	u64 st_rdev; u8 __pad3[4];
	s64 st_size; u32 st_blksize; u64 st_blocks;
	u32 st_atime, st_atime_nsec, st_mtime, st_mtime_nsec, st_ctime, st_ctime_nsec;
	u64 st_ino;
};
LAYOUT(k_stat64, 104); AT(k_stat64, st_mode, 16); AT(k_stat64, st_uid, 24);
AT(k_stat64, st_rdev, 32); AT(k_stat64, st_size, 48); AT(k_stat64, st_blksize, 56);
AT(k_stat64, st_blocks, 64); AT(k_stat64, st_mtime, 80); AT(k_stat64, st_ino, 96);

/* linux/stat.h: statx */
struct k_statx_ts { s64 tv_sec; u32 tv_nsec; s32 __reserved; };
struct k_statx {
	u32 stx_mask; u32 stx_blksize; u64 stx_attributes;
	u32 stx_nlink; u32 stx_uid; u32 stx_gid; u16 stx_mode; u16 __spare0;
	u64 stx_ino; u64 stx_size; u64 stx_blocks; u64 stx_attributes_mask;
	struct k_statx_ts stx_atime, stx_btime, stx_ctime, stx_mtime;
	u32 stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
	u64 stx_mnt_id; u64 __spare3[13];
};
LAYOUT(k_statx_ts, 16); LAYOUT(k_statx, 256);
AT(k_statx, stx_mode, 28); AT(k_statx, stx_ino, 32); AT(k_statx, stx_atime, 64);
AT(k_statx, stx_btime, 80); AT(k_statx, stx_ctime, 96); AT(k_statx, stx_mtime, 112);
AT(k_statx, stx_rdev_major, 128); AT(k_statx, stx_dev_minor, 140); AT(k_statx, stx_mnt_id, 144);
#define STATX_BASIC_STATS 0x7ffu
#define STATX_BTIME 0x800u

/* getdents64 records (fs/readdir.c): d_name is NUL-terminated, padded */
struct k_dirent64 { u64 d_ino; s64 d_off; u16 d_reclen; u8 d_type; char d_name[]; };
LAYOUT(k_dirent64, 24); AT(k_dirent64, d_reclen, 16); AT(k_dirent64, d_type, 18);
AT(k_dirent64, d_name, 19);

/* linux/sysinfo.h */
struct k_sysinfo {
	s32 uptime; u32 loads[3];
	u32 totalram, freeram, sharedram, bufferram, totalswap, freeswap;
	u16 procs; u16 pad; u32 totalhigh, freehigh; u32 mem_unit; char _f[8];
};
LAYOUT(k_sysinfo, 64); AT(k_sysinfo, procs, 40); AT(k_sysinfo, mem_unit, 52);
#define SI_LOAD_SHIFT 16

/* linux/utsname.h: struct new_utsname */
struct k_utsname { char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65]; };
LAYOUT(k_utsname, 390); AT(k_utsname, machine, 260);

/* asm/signal.h: the rt_sigaction layout (sa_mask is two words on ARM) */
struct k_sigaction { u32 handler; u32 flags; u32 restorer; u32 mask[2]; };
LAYOUT(k_sigaction, 20); AT(k_sigaction, mask, 12);

/* time */
struct k_timespec32 { s32 tv_sec; s32 tv_nsec; };
LAYOUT(k_timespec32, 8);

/* asm-generic/termios.h and asm/termbits.h */
struct k_winsize { u16 ws_row, ws_col, ws_xpixel, ws_ypixel; };
LAYOUT(k_winsize, 8);
struct k_termios { u32 c_iflag, c_oflag, c_cflag, c_lflag; u8 c_line; u8 c_cc[19]; };
LAYOUT(k_termios, 36); AT(k_termios, c_line, 16); AT(k_termios, c_cc, 17);
#define TCGETS 0x5401
#define TIOCGWINSZ 0x5413

/* ---- sockets and AF_PACKET (linux/if_packet.h, linux/filter.h) ---- */
#define AF_PACKET 17
#define SOCK_RAW 3
#define SOCK_SEQPACKET 5
#define AF_UNIX 1
#define SOCK_CLOEXEC O_CLOEXEC
#define ETH_P_ALL 0x0003
#define SOL_SOCKET 1
#define SOL_PACKET 263
#define SO_SNDBUF 7
#define SO_RCVBUF 8
#define SO_ATTACH_FILTER 26
#define SO_TIMESTAMP 29        /* SO_TIMESTAMP_OLD: a 32-bit struct timeval */
#define SO_SNDBUFFORCE 32
#define SO_RCVBUFFORCE 33
#define SO_LOCK_FILTER 44
#define PACKET_ADD_MEMBERSHIP 1
#define PACKET_RX_RING 5
#define PACKET_STATISTICS 6
#define PACKET_AUXDATA 8
#define PACKET_VERSION 10
#define PACKET_MR_PROMISC 1
#define PACKET_HOST 0
#define PACKET_OUTGOING 4
#define TPACKET_V3 2
#define TP_STATUS_KERNEL 0
#define TP_STATUS_USER 1
#define TP_STATUS_VLAN_VALID 0x10
#define ARPHRD_ETHER 1
#define ARPHRD_LOOPBACK 772
#define ARPHRD_NONE 0xfffe
#define MSG_TRUNC 0x20
#define MSG_DONTWAIT 0x40
#define SIOCGIFINDEX 0x8933
#define SIOCGIFHWADDR 0x8927
#define SIOCGIFFLAGS 0x8913
#define SIOCGIFNAME 0x8910
#define SIOCSIFFLAGS 0x8914
#define IFF_UP 0x1
#define IFF_LOOPBACK 0x8
#define IFF_RUNNING 0x40
#define AF_INET 2
#define AF_INET6 10
#define SOCK_STREAM 1
#define SOCK_DGRAM 2
struct k_sockaddr_in { u16 family; u16 port; u32 addr; u8 zero[8]; };   /* linux/in.h: sockaddr_in */
LAYOUT(k_sockaddr_in, 16); AT(k_sockaddr_in, port, 2); AT(k_sockaddr_in, addr, 4);
struct k_sockaddr_in6 { u16 family; u16 port; u32 flowinfo; u8 addr[16]; u32 scope_id; };   /* linux/in6.h */
LAYOUT(k_sockaddr_in6, 28); AT(k_sockaddr_in6, addr, 8); AT(k_sockaddr_in6, scope_id, 24);
/* addresses and routes (linux/sockios.h, linux/route.h): SIOCSIFADDR and
   SIOCSIFNETMASK take a k_ifreq holding a k_sockaddr_in, SIOCADDRT a k_rtentry */
#define SIOCADDRT 0x890b
#define SIOCSIFADDR 0x8916
#define SIOCSIFNETMASK 0x891c
#define RTF_UP 0x1
#define RTF_GATEWAY 0x2
struct k_rtentry { u32 rt_pad1; struct k_sockaddr_in rt_dst, rt_gateway, rt_genmask; u16 rt_flags; s16 rt_pad2;
	u32 rt_pad3; void *rt_pad4; s16 rt_metric; const char *rt_dev; u32 rt_mtu, rt_window; u16 rt_irtt; };
#if defined(__arm__)
LAYOUT(k_rtentry, 84); AT(k_rtentry, rt_dst, 4); AT(k_rtentry, rt_gateway, 20); AT(k_rtentry, rt_genmask, 36);
AT(k_rtentry, rt_flags, 52); AT(k_rtentry, rt_metric, 64); AT(k_rtentry, rt_dev, 68); AT(k_rtentry, rt_irtt, 80);
#endif
/* reboot(2) commands (linux/reboot.h) */
#define RB_POWER_OFF 0x4321fedcu
#define RB_RESTART 0x01234567u
#define RB_HALT 0xcdef0123u
#define RB_CAD_OFF 0u
#define WNOHANG 1
#define PR_SET_CHILD_SUBREAPER 36
/* least privilege: capabilities, no_new_privs, seccomp (linux/capability.h, seccomp.h, audit.h) */
#define PR_SET_SECCOMP 22
#define PR_SET_NO_NEW_PRIVS 38
#define PR_SET_PDEATHSIG 1
#define PR_SET_KEEPCAPS 8
#define CAP_DAC_READ_SEARCH 2
#define CAP_SYS_PTRACE 19
#define SECCOMP_MODE_FILTER 2
#define SECCOMP_SET_MODE_FILTER 1
#define SECCOMP_RET_KILL_PROCESS 0x80000000u
#define SECCOMP_RET_TRAP 0x00030000u
#define SECCOMP_RET_ALLOW 0x7fff0000u
#define AUDIT_ARCH_ARM 0x40000028u
#define CAP_VERSION_3 0x20080522u
#define SA_SIGINFO 4
struct k_seccomp_data { s32 nr; u32 arch; u64 ip; u64 args[6]; };
LAYOUT(k_seccomp_data, 64); AT(k_seccomp_data, arch, 4); AT(k_seccomp_data, args, 16);
struct k_cap_header { u32 version; s32 pid; };
struct k_cap_data { u32 effective, permitted, inheritable; };
LAYOUT(k_cap_header, 8); LAYOUT(k_cap_data, 12);
/* what a SIGSYS from seccomp carries: siginfo's _sigsys */
struct k_siginfo_sys { s32 signo, errno_, code; u32 call_addr; s32 syscall; u32 arch; };
AT(k_siginfo_sys, syscall, 16);
#define MS_NOSUID 2
#define MS_NODEV 4
#define MS_NOEXEC 8
#define TIOCSCTTY 0x540e
#define SKF_AD_OFF (-0x1000)
#define SKF_AD_PKTTYPE 4
#define SKF_AD_IFINDEX 8
#define SKF_AD_HATYPE 28
#define SKF_AD_VLAN_TAG 44
#define SKF_AD_VLAN_TAG_PRESENT 48
#define SKF_AD_MAX 64
/* classic BPF opcodes (linux/bpf_common.h, linux/filter.h) */
#define BPF_LD 0x00
#define BPF_LDX 0x01
#define BPF_ST 0x02
#define BPF_STX 0x03
#define BPF_ALU 0x04
#define BPF_JMP 0x05
#define BPF_RET 0x06
#define BPF_MISC 0x07
#define BPF_W 0x00
#define BPF_H 0x08
#define BPF_B 0x10
#define BPF_IMM 0x00
#define BPF_ABS 0x20
#define BPF_IND 0x40
#define BPF_MEM 0x60
#define BPF_LEN 0x80
#define BPF_MSH 0xa0
#define BPF_ADD 0x00
#define BPF_SUB 0x10
#define BPF_MUL 0x20
#define BPF_DIV 0x30
#define BPF_OR 0x40
#define BPF_AND 0x50
#define BPF_LSH 0x60
#define BPF_RSH 0x70
#define BPF_NEG 0x80
#define BPF_MOD 0x90
#define BPF_XOR 0xa0
#define BPF_JA 0x00
#define BPF_JEQ 0x10
#define BPF_JGT 0x20
#define BPF_JGE 0x30
#define BPF_JSET 0x40
#define BPF_K 0x00
#define BPF_X 0x08
#define BPF_A 0x10
#define BPF_TAX 0x00
#define BPF_TXA 0x80
#define BPF_MEMWORDS 16
#define BPF_MAXINSNS 4096
#define POLLIN 1
#define POLLOUT 4
#define POLLERR 8
#define POLLHUP 16

struct k_sockaddr_ll { u16 sll_family; u16 sll_protocol; s32 sll_ifindex; u16 sll_hatype;
	u8 sll_pkttype; u8 sll_halen; u8 sll_addr[8]; };
LAYOUT(k_sockaddr_ll, 20); AT(k_sockaddr_ll, sll_ifindex, 4); AT(k_sockaddr_ll, sll_hatype, 8);
AT(k_sockaddr_ll, sll_pkttype, 10); AT(k_sockaddr_ll, sll_addr, 12);
struct k_packet_mreq { s32 mr_ifindex; u16 mr_type; u16 mr_alen; u8 mr_address[8]; };
LAYOUT(k_packet_mreq, 16);
struct k_tpacket_req3 { u32 tp_block_size, tp_block_nr, tp_frame_size, tp_frame_nr,
	tp_retire_blk_tov, tp_sizeof_priv, tp_feature_req_word; };
LAYOUT(k_tpacket_req3, 28);
struct k_tpacket3_hdr { u32 tp_next_offset, tp_sec, tp_nsec, tp_snaplen, tp_len, tp_status;
	u16 tp_mac, tp_net; u32 tp_rxhash, tp_vlan_tci; u16 tp_vlan_tpid, tp_padding; u8 pad[8]; };
LAYOUT(k_tpacket3_hdr, 48); AT(k_tpacket3_hdr, tp_status, 20); AT(k_tpacket3_hdr, tp_mac, 24);
AT(k_tpacket3_hdr, tp_vlan_tci, 32);
struct k_tpacket_block_desc { u32 version, offset_to_priv, block_status, num_pkts,
	offset_to_first_pkt, blk_len; u64 seq_num; u32 ts_first[2], ts_last[2]; };
LAYOUT(k_tpacket_block_desc, 48); AT(k_tpacket_block_desc, block_status, 8);
AT(k_tpacket_block_desc, num_pkts, 12); AT(k_tpacket_block_desc, offset_to_first_pkt, 16);
struct k_tpacket_stats_v3 { u32 tp_packets, tp_drops, tp_freeze_q_cnt; };
LAYOUT(k_tpacket_stats_v3, 12);
struct k_tpacket_auxdata { u32 tp_status, tp_len, tp_snaplen; u16 tp_mac, tp_net, tp_vlan_tci, tp_vlan_tpid; };
LAYOUT(k_tpacket_auxdata, 20);
struct k_sock_filter { u16 code; u8 jt, jf; u32 k; };
LAYOUT(k_sock_filter, 8);
struct k_sock_fprog { u16 len; const struct k_sock_filter *filter; };
struct k_iovec { void *base; size_t len; };
struct k_msghdr { void *name; u32 namelen; struct k_iovec *iov; u32 iovlen;
	void *control; u32 controllen; u32 flags; };
struct k_mmsghdr { struct k_msghdr hdr; u32 len; };
struct k_cmsghdr { u32 len; s32 level, type; };
struct k_pollfd { s32 fd; s16 events, revents; };
struct k_ifreq { char name[16]; union { s32 ifindex; s16 flags; struct { u16 family; u8 data[14]; } hwaddr; struct k_sockaddr_in addr;
	void *data; u8 pad[16]; } u; };
/* SIOCETHTOOL: an ifreq whose data points at a command: ETHTOOL_SGRO with
   data 0 turns generic receive offload off */
struct k_ethtool_value { u32 cmd, data; };
#define SIOCETHTOOL 0x8946
#define ETHTOOL_SGRO 0x2c
struct k_timeval32 { s32 tv_sec, tv_usec; };
struct k_timespec64 { s64 tv_sec; s64 tv_nsec; };
struct k_signalfd_siginfo { u32 ssi_signo; u8 rest[124]; };
#if defined(__arm__)
LAYOUT(k_sock_fprog, 8); LAYOUT(k_iovec, 8); LAYOUT(k_msghdr, 28); LAYOUT(k_mmsghdr, 32);
#endif
LAYOUT(k_cmsghdr, 12); LAYOUT(k_pollfd, 8); LAYOUT(k_ifreq, 32); LAYOUT(k_timespec64, 16); LAYOUT(k_ethtool_value, 8);
LAYOUT(k_signalfd_siginfo, 128);
/* sock_diag netlink (linux/netlink.h, linux/sock_diag.h, linux/inet_diag.h):
   an inet_diag dump names every TCP or UDP socket of the namespace, with
   its uid and inode; addresses and ports in network order */
#define MSG_NOSIGNAL 0x4000  /* include/linux/socket.h, not uapi: unchecked */
#define AF_NETLINK 16          /* include/linux/socket.h, not uapi: unchecked, as AF_INET */
#define NETLINK_SOCK_DIAG 4
#define SOCK_DIAG_BY_FAMILY 20
#define NLM_F_REQUEST 0x1
#define NLM_F_MULTI 0x2
#define NLM_F_DUMP 0x300
#define NLMSG_NOOP 0x1
#define NLMSG_ERROR 0x2
#define NLMSG_DONE 0x3
#define NLMSG_OVERRUN 0x4
struct k_sockaddr_nl { u16 nl_family, nl_pad; u32 nl_pid, nl_groups; };
LAYOUT(k_sockaddr_nl, 12); AT(k_sockaddr_nl, nl_pid, 4);
struct k_nlmsghdr { u32 nlmsg_len; u16 nlmsg_type, nlmsg_flags; u32 nlmsg_seq, nlmsg_pid; };
LAYOUT(k_nlmsghdr, 16); AT(k_nlmsghdr, nlmsg_type, 4); AT(k_nlmsghdr, nlmsg_flags, 6);
AT(k_nlmsghdr, nlmsg_seq, 8); AT(k_nlmsghdr, nlmsg_pid, 12);
struct k_nlmsgerr { s32 error; struct k_nlmsghdr msg; };
LAYOUT(k_nlmsgerr, 20); AT(k_nlmsgerr, msg, 4);
struct k_inet_diag_sockid { u16 idiag_sport, idiag_dport; u32 idiag_src[4], idiag_dst[4]; u32 idiag_if;
	u32 idiag_cookie[2]; };
LAYOUT(k_inet_diag_sockid, 48); AT(k_inet_diag_sockid, idiag_dport, 2); AT(k_inet_diag_sockid, idiag_src, 4);
AT(k_inet_diag_sockid, idiag_dst, 20); AT(k_inet_diag_sockid, idiag_if, 36); AT(k_inet_diag_sockid, idiag_cookie, 40);
struct k_inet_diag_req_v2 { u8 sdiag_family, sdiag_protocol, idiag_ext, pad; u32 idiag_states;
	struct k_inet_diag_sockid id; };
LAYOUT(k_inet_diag_req_v2, 56); AT(k_inet_diag_req_v2, sdiag_protocol, 1); AT(k_inet_diag_req_v2, idiag_states, 4);
AT(k_inet_diag_req_v2, id, 8);
struct k_inet_diag_msg { u8 idiag_family, idiag_state, idiag_timer, idiag_retrans; struct k_inet_diag_sockid id;
	u32 idiag_expires, idiag_rqueue, idiag_wqueue, idiag_uid, idiag_inode; };
LAYOUT(k_inet_diag_msg, 72); AT(k_inet_diag_msg, idiag_state, 1); AT(k_inet_diag_msg, id, 4);
AT(k_inet_diag_msg, idiag_expires, 52); AT(k_inet_diag_msg, idiag_uid, 64); AT(k_inet_diag_msg, idiag_inode, 68);
#define SIGHUP 1
#define SIGINT 2
#define SIGQUIT 3
#define SIGKILL 9
#define SIGUSR1 10
#define SIGUSR2 12
#define SIGTERM 15
#define SIGCHLD 17
#define SIGSYS 31
#define SIGWINCH 28
#define SIG_BLOCK 0
#define SIG_SETMASK 2
#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define TCSETS 0x5402
#define ICANON 0000002
#define ECHO 0000010
#define VTIME 5
#define VMIN 6

#endif
