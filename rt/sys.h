/* sys.h - ARM EABI syscall numbers and raw wrappers. Every wrapper returns
 * the kernel's result: >= 0 on success, -errno on failure. No errno. */
#ifndef PK_SYS_H
#define PK_SYS_H
#include "kabi.h"

/* numbers from arch/arm/tools/syscall.tbl (EABI), in number order; every one
   is checked against the kernel's uapi headers by tests/abi_check.c */
#define NR_restart_syscall   0
#define NR_exit              1
#define NR_fork              2
#define NR_read              3
#define NR_write             4
#define NR_close             6
#define NR_execve           11
#define NR_getpid           20
#define NR_mount            21
#define NR_sync             36
#define NR_kill             37
#define NR_ioctl            54
#define NR_setsid           66
#define NR_reboot           88
#define NR_munmap           91
#define NR_wait4           114
#define NR_sysinfo         116
#define NR_sigreturn       119
#define NR_uname           122
#define NR__llseek         140
#define NR_prctl           172
#define NR_rt_sigreturn    173
#define NR_rt_sigaction    174
#define NR_rt_sigprocmask  175
#define NR_capset          185
#define NR_mmap2           192
#define NR_fstat64         197
#define NR_getuid32        199
#define NR_setgroups32     206
#define NR_setresuid32     208
#define NR_setresgid32     210
#define NR_getdents64      217
#define NR_fcntl64         221
#define NR_sendfile64      239
#define NR_exit_group      248
#define NR_clock_gettime   263
#define NR_socket          281
#define NR_socketpair      288
#define NR_sendto          290
#define NR_bind            282
#define NR_connect         283
#define NR_listen          284
#define NR_accept          285
#define NR_setsockopt      294
#define NR_getsockopt      295
#define NR_recvmsg         297
#define NR_openat          322
#define NR_mkdirat         323
#define NR_fstatat64       327
#define NR_readlinkat      332
#define NR_ppoll           336
#define NR_splice          340
#define NR_signalfd4       355
#define NR_dup3            358
#define NR_pipe2           359
#define NR_recvmmsg        365
#define NR_finit_module    379
#define NR_seccomp         383
#define NR_copy_file_range 391
#define NR_statx           397
#define NR_clock_gettime64 403
#define NR_ppoll_time64    414

#if defined(__arm__)
#define SVC_ARGS(n) register long r7 __asm__("r7") = (n)
static inline long sys6(long n, long a, long b, long c, long d, long e, long f)
{
	SVC_ARGS(n);
	register long r0 __asm__("r0") = a; register long r1 __asm__("r1") = b;
	register long r2 __asm__("r2") = c; register long r3 __asm__("r3") = d;
	register long r4 __asm__("r4") = e; register long r5 __asm__("r5") = f;
	__asm__ volatile("svc #0" : "+r"(r0)
		: "r"(r7), "r"(r1), "r"(r2), "r"(r3), "r"(r4), "r"(r5) : "memory");
	return r0;
}
static inline long sys3(long n, long a, long b, long c)
{
	SVC_ARGS(n);
	register long r0 __asm__("r0") = a; register long r1 __asm__("r1") = b;
	register long r2 __asm__("r2") = c;
	__asm__ volatile("svc #0" : "+r"(r0) : "r"(r7), "r"(r1), "r"(r2) : "memory");
	return r0;
}
#else
/* host builds of the pure code never reach the kernel through these */
long sys6(long n, long a, long b, long c, long d, long e, long f);
#define sys3(n, a, b, c) sys6(n, a, b, c, 0, 0, 0)
#endif

#define P(x) ((long)(x))
static inline long sys_read(int fd, void *b, unsigned long n) { return sys3(NR_read, fd, P(b), n); }
static inline long sys_write(int fd, const void *b, unsigned long n) { return sys3(NR_write, fd, P(b), n); }
static inline long sys_openat(int dfd, const char *p, int fl, int mode) { return sys6(NR_openat, dfd, P(p), fl | O_LARGEFILE, mode, 0, 0); }
static inline long sys_open(const char *p, int fl) { return sys_openat(AT_FDCWD, p, fl, 0); }
static inline long sys_close(int fd) { return sys3(NR_close, fd, 0, 0); }
static inline long sys_getpid(void) { return sys3(NR_getpid, 0, 0, 0); }
static inline long sys_kill(int pid, int sig) { return sys3(NR_kill, pid, sig, 0); }
static inline long sys_ioctl(int fd, unsigned long req, void *arg) { return sys3(NR_ioctl, fd, req, P(arg)); }
static inline long sys_fcntl(int fd, int cmd, long arg) { return sys3(NR_fcntl64, fd, cmd, arg); }
static inline long sys_fstat(int fd, struct k_stat64 *st) { return sys3(NR_fstat64, fd, P(st), 0); }
static inline long sys_fstatat(int dfd, const char *p, struct k_stat64 *st, int fl) { return sys6(NR_fstatat64, dfd, P(p), P(st), fl, 0, 0); }
static inline long sys_getdents64(int fd, void *b, unsigned long n) { return sys3(NR_getdents64, fd, P(b), n); }
static inline long sys_readlinkat(int dfd, const char *p, char *b, unsigned long n) { return sys6(NR_readlinkat, dfd, P(p), P(b), n, 0, 0); }
static inline long sys_sendfile(int out, int in, unsigned long n) { return sys6(NR_sendfile64, out, in, 0, n, 0, 0); }
static inline long sys_pipe2(int fds[2], int fl) { return sys3(NR_pipe2, P(fds), fl, 0); }
static inline long sys_splice(int in, int out, unsigned long n, unsigned fl) { return sys6(NR_splice, in, 0, out, 0, n, fl); }
static inline long sys_copy_file_range(int in, int out, unsigned long n) { return sys6(NR_copy_file_range, in, 0, out, 0, n, 0); }
static inline long sys_mmap(void *a, unsigned long n, int prot, int fl, int fd, unsigned long pgoff) { return sys6(NR_mmap2, P(a), n, prot, fl, fd, pgoff); }
/* mmap returns an address, which may look negative: only -4095..-1 are errors */
static inline int mmap_error(long p) { return p < 0 && p > -4096 ? (int)p : 0; }
static inline long sys_munmap(void *a, unsigned long n) { return sys3(NR_munmap, P(a), n, 0); }
static inline long sys_sigaction(int sig, const struct k_sigaction *a, struct k_sigaction *o) { return sys6(NR_rt_sigaction, sig, P(a), P(o), 8, 0, 0); }
static inline long sys_sigprocmask(int how, const unsigned long *set, unsigned long *old) { return sys6(NR_rt_sigprocmask, how, P(set), P(old), 8, 0, 0); }
static inline long sys_statx(int dfd, const char *p, int fl, unsigned mask, struct k_statx *sx) { return sys6(NR_statx, dfd, P(p), fl, mask, P(sx), 0); }
static inline long sys_uname(struct k_utsname *u) { return sys3(NR_uname, P(u), 0, 0); }
static inline long sys_sysinfo(struct k_sysinfo *si) { return sys3(NR_sysinfo, P(si), 0, 0); }
static inline long sys_clock_gettime(int clk, struct k_timespec32 *ts) { return sys3(NR_clock_gettime, clk, P(ts), 0); }
static inline long sys_socket(int dom, int type, int proto) { return sys3(NR_socket, dom, type, proto); }
static inline long sys_socketpair(int dom, int type, int proto, int sv[2]) { return sys6(NR_socketpair, dom, type, proto, P(sv), 0, 0); }
static inline long sys_sendto(int fd, const void *b, unsigned long n, int fl) { return sys6(NR_sendto, fd, P(b), n, fl, 0, 0); }
static inline long sys_bind(int fd, const void *a, u32 len) { return sys3(NR_bind, fd, P(a), len); }
static inline long sys_setsockopt(int fd, int lvl, int opt, const void *v, u32 len) { return sys6(NR_setsockopt, fd, lvl, opt, P(v), len, 0); }
static inline long sys_getsockopt(int fd, int lvl, int opt, void *v, u32 *len) { return sys6(NR_getsockopt, fd, lvl, opt, P(v), P(len), 0); }
static inline long sys_recvmsg(int fd, struct k_msghdr *m, int fl) { return sys3(NR_recvmsg, fd, P(m), fl); }
static inline long sys_recvmmsg(int fd, struct k_mmsghdr *m, u32 n, int fl) { return sys6(NR_recvmmsg, fd, P(m), n, fl, 0, 0); }
static inline long sys_connect(int fd, const void *a, u32 len) { return sys3(NR_connect, fd, P(a), len); }
static inline long sys_listen(int fd, int backlog) { return sys3(NR_listen, fd, backlog, 0); }
static inline long sys_accept(int fd) { return sys3(NR_accept, fd, 0, 0); }
static inline long sys_fork(void) { return sys3(NR_fork, 0, 0, 0); }
static inline long sys_execve(const char *p, char *const *av, char *const *ev) { return sys3(NR_execve, P(p), P(av), P(ev)); }
static inline long sys_wait4(int pid, int *st, int opt) { return sys6(NR_wait4, pid, P(st), opt, 0, 0, 0); }
static inline long sys_setsid(void) { return sys3(NR_setsid, 0, 0, 0); }
static inline long sys_dup3(int a, int b, int fl) { return sys3(NR_dup3, a, b, fl); }
static inline long sys_mkdir(const char *p, int mode) { return sys3(NR_mkdirat, AT_FDCWD, P(p), mode); }
static inline long sys_mount(const char *src, const char *dst, const char *type, unsigned long fl, const void *data) { return sys6(NR_mount, P(src), P(dst), P(type), fl, P(data), 0); }
static inline long sys_prctl(int op, unsigned long a, const void *b) { return sys6(NR_prctl, op, (long)a, P(b), 0, 0, 0); }
static inline long sys_setgroups0(void) { return sys3(NR_setgroups32, 0, 0, 0); }
static inline long sys_setresuid(u32 u) { return sys3(NR_setresuid32, u, u, u); }
static inline long sys_setresgid(u32 g) { return sys3(NR_setresgid32, g, g, g); }
static inline long sys_capset(struct k_cap_header *h, struct k_cap_data *d) { return sys3(NR_capset, P(h), P(d), 0); }
static inline long sys_seccomp(unsigned op, unsigned fl, const void *prog) { return sys3(NR_seccomp, op, fl, P(prog)); }
static inline long sys_finit_module(int fd, const char *params, int fl) { return sys3(NR_finit_module, fd, P(params), fl); }
static inline long sys_sync(void) { return sys3(NR_sync, 0, 0, 0); }
static inline long sys_reboot(unsigned cmd) { return sys6(NR_reboot, (long)0xfee1dead, 672274793, (long)cmd, 0, 0, 0); }
static inline long sys_signalfd(int fd, const unsigned long *mask, int fl) { return sys6(NR_signalfd4, fd, P(mask), 8, fl, 0, 0); }
/* ppoll with a 64-bit timespec (ppoll_time64, Linux 5.1+), else the old one */
static inline long sys_ppoll(struct k_pollfd *f, u32 n, s64 timeout_ns)
{
	struct k_timespec64 t = { timeout_ns / 1000000000, timeout_ns % 1000000000 };
	long r = sys6(NR_ppoll_time64, P(f), n, timeout_ns < 0 ? 0 : P(&t), 0, 8, 0);
	if (r == -ENOSYS) {
		struct k_timespec32 t32 = { (s32)t.tv_sec, (s32)t.tv_nsec };
		r = sys6(NR_ppoll, P(f), n, timeout_ns < 0 ? 0 : P(&t32), 0, 8, 0);
	}
	return r;
}
/* nanoseconds on clock clk: clock_gettime64 (Linux 5.1+), else the 32-bit one */
static inline u64 now_ns(int clk)
{
	struct k_timespec64 t;
	if (sys3(NR_clock_gettime64, clk, P(&t), 0) == 0) return (u64)t.tv_sec * 1000000000u + (u64)t.tv_nsec;
	struct k_timespec32 t32 = { 0, 0 };
	sys3(NR_clock_gettime, clk, P(&t32), 0);
	return (u64)(u32)t32.tv_sec * 1000000000u + (u64)t32.tv_nsec;
}
/* 64-bit offset through _llseek: the kernel writes the result to *res */
static inline long sys_lseek(int fd, long long off, int whence, long long *res)
{
	return sys6(NR__llseek, fd, (long)(off >> 32), (long)off, P(res), whence, 0);
}
static inline __attribute__((noreturn)) void sys_exit_group(int code)
{
	for (;;) sys3(NR_exit_group, code, 0, 0);
}
#undef P
#endif
