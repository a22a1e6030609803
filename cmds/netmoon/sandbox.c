/* sandbox.c - least privilege. Once the socket, the ring and the files are
 * open, netmoon needs no privilege and few system calls: -Z switches to a
 * user, every capability goes, no_new_privs is set, and a seccomp filter
 * (classic BPF, written out below, checked by bpf_check) allows only what
 * the main loop calls; anything else raises SIGSYS, which names the call
 * and ends netmoon. */
#include "rt.h"
#include "sys.h"
#include "netmoon.h"

#define SC_NR   ((u32)__builtin_offsetof(struct k_seccomp_data, nr))
#define SC_ARCH ((u32)__builtin_offsetof(struct k_seccomp_data, arch))
#define SC_ARG(i) ((u32)__builtin_offsetof(struct k_seccomp_data, args) + 8 * (i))  /* low word */

static int resolver;     /* the resolver's process: its filter's calls are named as its */

static void on_sigsys(int sig, struct k_siginfo_sys *si, void *ctx)
{
	(void)sig; (void)ctx;
	if (!resolver) view_tty_restore();
	const char *who = resolver ? "netmoon: resolver: " : "netmoon: sandbox: ";
	char m[160];
	size_t n = strlen(who);
	memcpy(m, who, n);
	memcpy(m + n, "forbidden system call ", 22); n += 22;
	n += (size_t)fmt_u32(m + n, (u32)si->syscall);
	memcpy(m + n, " (--no-sandbox turns the filter off)\n", 38); n += 37;
	write_all(2, m, n);
	sys_exit_group(159);   /* as if killed by SIGSYS */
}

/* what the loops, the writers, the exits and the stack protector call;
   sendto: the questions to the resolver (MSG_NOSIGNAL) */
static const u16 allowed[] = { NR_restart_syscall, NR_exit, NR_read, NR_write, NR_close, NR_getpid, NR_sendto,
	NR_sigreturn, NR_rt_sigreturn, NR_rt_sigaction, NR_rt_sigprocmask, NR_exit_group,
	NR_clock_gettime, NR_getsockopt, NR_ppoll, NR_recvmmsg, NR_clock_gettime64, NR_ppoll_time64 };

#define STMT(code, k) (bpf_insn){ (u16)(code), 0, 0, (u32)(k) }
#define JEQ(k, jt, jf) (bpf_insn){ BPF_JMP | BPF_JEQ | BPF_K, jt, jf, (u32)(k) }

/* both filters' start: a task of another architecture than ARM EABI is
   killed (its calls are numbered otherwise); the call's number loaded */
static int arch_arm(bpf_insn *p)
{
	int n = 0;
	p[n++] = STMT(BPF_LD | BPF_W | BPF_ABS, SC_ARCH);
	p[n++] = JEQ(AUDIT_ARCH_ARM, 1, 0);
	p[n++] = STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
	p[n++] = STMT(BPF_LD | BPF_W | BPF_ABS, SC_NR);
	return n;
}
/* both filters' end, after instruction n (the call's number loaded): kill
   of ourselves only (the stack protector's abort), the calls of allow,
   anything else SIGSYS; the length */
static int allow_list(bpf_insn *p, int n, const u16 *allow, size_t na)
{
	p[n++] = JEQ(NR_kill, 0, 4);
	p[n++] = STMT(BPF_LD | BPF_W | BPF_ABS, SC_ARG(0));
	p[n++] = JEQ(sys_getpid(), 1, 0);
	p[n++] = STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP);
	p[n++] = STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	for (size_t i = 0; i < na; i++) {
		p[n++] = JEQ(allow[i], 0, 1);
		p[n++] = STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	}
	p[n++] = STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP);
	return n;
}

/* the filter: ARM EABI only; ioctl on the terminal's requests and
   SIOCGIFNAME (the name of an interface seen for the first time) only; kill
   of ourselves only (the stack protector's abort); the allow-list */
static int program(bpf_insn *p)
{
	int n = arch_arm(p);
	p[n++] = JEQ(NR_ioctl, 0, 7);
	p[n++] = STMT(BPF_LD | BPF_W | BPF_ABS, SC_ARG(1));
	p[n++] = JEQ(TCGETS, 4, 0);
	p[n++] = JEQ(TCSETS, 3, 0);
	p[n++] = JEQ(TIOCGWINSZ, 2, 0);
	p[n++] = JEQ(SIOCGIFNAME, 1, 0);
	p[n++] = STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP);
	p[n++] = STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	return allow_list(p, n, allowed, sizeof allowed / sizeof allowed[0]);
}

/* the filter in p (n instructions): installed, with SIGSYS caught; 0, or
   the -errno of a kernel without seccomp */
static long install(bpf_insn *p, int n)
{
	if (bpf_check(p, n, 0)) nm_die("sandbox", "internal error: the filter fails validation", -EINVAL);
	struct k_sigaction sa = { (u32)(unsigned long)on_sigsys, SA_SIGINFO, 0, { 0, 0 } };
	sys_sigaction(SIGSYS, &sa, 0);
	struct k_sock_fprog fp = { (u16)n, p };
	long e = sys_seccomp(SECCOMP_SET_MODE_FILTER, 0, &fp);
	if (e == -ENOSYS) e = sys_prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fp);
	return e;
}

/* the resolver's calls: reading /proc (getdents64, readlinkat, openat
   read-only), its sock_diag socket (opened before: write, read) and the
   socketpair (read, write), ppoll and the clock for its batches, close,
   the exits, signal returns and the stack protector's kill of itself */
static const u16 r_allowed[] = { NR_restart_syscall, NR_exit, NR_exit_group, NR_read, NR_write, NR_close,
	NR_getdents64, NR_readlinkat, NR_ppoll, NR_ppoll_time64, NR_clock_gettime, NR_clock_gettime64,
	NR_sigreturn, NR_rt_sigreturn, NR_getpid };
static int r_program(bpf_insn *p)
{
	int n = arch_arm(p);
	p[n++] = JEQ(NR_openat, 0, 4);             /* openat: no writing, creating, truncating */
	p[n++] = STMT(BPF_LD | BPF_W | BPF_ABS, SC_ARG(2));
	p[n++] = (bpf_insn){ BPF_JMP | BPF_JSET | BPF_K, 0, 1, O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND };
	p[n++] = STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP);
	p[n++] = STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	return allow_list(p, n, r_allowed, sizeof r_allowed / sizeof r_allowed[0]);
}

/* the resolver, once forked: -Z's user keeping exactly CAP_DAC_READ_SEARCH
   and CAP_SYS_PTRACE (where it cannot have them: none, and only its own
   user's processes are named), killed with the monitor, no_new_privs, its
   own filter (none under --no-sandbox, nor where the kernel has none: the
   monitor says so) */
void resolver_sandbox(void)
{
	const struct options *o = &nm.opt;
	long e;
	resolver = 1;
	if (o->user) {
		sys_prctl(PR_SET_KEEPCAPS, 1, 0);
		if ((e = sys_setgroups0()) || (e = sys_setresgid(o->gid)) || (e = sys_setresuid(o->uid))) sys_exit_group(1);
	}
	struct k_cap_header h = { CAP_VERSION_3, 0 };
	struct k_cap_data d[2];
	memset(d, 0, sizeof d);
	d[0].effective = d[0].permitted = 1u << CAP_DAC_READ_SEARCH | 1u << CAP_SYS_PTRACE;
	if ((e = sys_capset(&h, d))) {
		memset(d, 0, sizeof d);
		sys_capset(&h, d);
		nm_note("the resolver has no CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH: only its user's processes are named", e);
	}
	sys_prctl(PR_SET_PDEATHSIG, SIGKILL, 0);
	sys_prctl(PR_SET_NO_NEW_PRIVS, 1, 0);
	if (o->no_sandbox) return;
	static bpf_insn p[64];
	install(p, r_program(p));
}

void sandbox(void)
{
	const struct options *o = &nm.opt;
	long e;
	if (o->user && ((e = sys_setgroups0()) || (e = sys_setresgid(o->gid))
			|| (e = sys_setresuid(o->uid))))
		nm_die("-Z", o->user, (int)e);
	struct k_cap_header h = { CAP_VERSION_3, 0 };
	struct k_cap_data d[2];
	memset(d, 0, sizeof d);
	if ((e = sys_capset(&h, d))) nm_note("capset: capabilities not dropped", e);
	if ((e = sys_prctl(PR_SET_NO_NEW_PRIVS, 1, 0))) nm_note("PR_SET_NO_NEW_PRIVS not set", e);
	if (o->no_sandbox) return;
	static bpf_insn p[64];
	e = install(p, program(p));
	if (e) {
		nm_note("seccomp: no system-call filter", e);
		if (o->selftest) { pk_msg("sandbox self-test", "no filter to test", 0); sys_exit_group(1); }
		return;
	}
	if (o->selftest) {       /* a call the filter forbids: SIGSYS must end us here */
		sys_socket(AF_INET, SOCK_DGRAM, 0);
		pk_msg("sandbox self-test", "the forbidden call was allowed", 0);
		sys_exit_group(1);
	}
}
