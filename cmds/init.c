/* init - PID 1 of a tiny initramfs.
 *
 * Mounts /proc, /sys and /dev, puts /dev/console on 0, 1 and 2, loads the
 * kernel modules /etc/modules lists, brings lo up, gives the interfaces of
 * pk.ip= on the kernel command line their addresses and default routes,
 * brings the others up (those of pk.ifup=, or every one, also those that
 * appear within 10 s), then walks the inittab: each line starts a program, waits for one, sleeps, or powers
 * off. Programs marked respawn are restarted when they die, after a back-off
 * that doubles up to a minute. Every child is reaped, orphans too. SIGTERM
 * and SIGUSR2 power off, SIGINT (Ctrl-Alt-Del) reboots, SIGUSR1 halts: the
 * children get SIGTERM, then SIGKILL, the disks a sync, then reboot(2).
 * One loop over a signalfd, as in netmoon; init never exits. */
#include "rt.h"
#include "sys.h"
#include "opt.h"

PK_CMD("init");

static const char help[] =
	"Usage: init [--test] [-f INITTAB] [-m MODULES] [-c CMDLINE]\n"
	"The first process of a peachykeen32 initramfs: mounts /proc, /sys and /dev,\n"
	"opens /dev/console, loads kernel modules, sets interfaces up, runs what\n"
	"INITTAB says, reaps every child.\n\n"
	"  -f INITTAB  the inittab (default: pk.inittab= on the kernel command line,\n"
	"              else /etc/inittab, else: wait sysinfo, respawn netmoon)\n"
	"  -m MODULES  the modules to load (default: /etc/modules)\n"
	"  -c CMDLINE  the kernel command line from this file, not /proc/cmdline\n"
	"      --test  run as an ordinary process (no mounts, no console, no\n"
	"              reboot: stopping ends init with status 0; modules only with\n"
	"              -m, interfaces only with -c)\n"
	"      --help     display this help and exit\n"
	"      --version  output version information and exit\n\n"
	"INITTAB lines: ACTION [COMMAND [ARG]...]; '#' starts a comment.\n"
	"  wait CMD      run CMD and wait until it ends\n"
	"  once CMD      start CMD and go on\n"
	"  respawn CMD   start CMD, and again whenever it ends (back-off 1 s to 60 s)\n"
	"  sleep SECS    pause (children are still reaped)\n"
	"  poweroff, reboot, halt   stop every process and do so\n"
	"A COMMAND without '/' is looked up in /bin.\n"
	"MODULES lines: NAME [PARAM=VALUE]...; '#' starts a comment. Each is\n"
	"/lib/modules/NAME.ko (a NAME with '/' is the file), loaded in order.\n"
	"Kernel command line: pk.inittab=PATH,\n"
	"pk.ip=IFACE:ADDR/PREFIXLEN[:GATEWAY][,...] (address, up, default route),\n"
	"pk.ifup=IFACE[,IFACE]... or none: what else to set up (default: every\n"
	"interface, and those that appear within 10 s).\n"
	"Signals: SIGTERM, SIGUSR2 power off; SIGINT (Ctrl-Alt-Del) reboots; SIGUSR1 halts.\n";

enum { A_WAIT, A_ONCE, A_RESPAWN, A_SLEEP, A_POWEROFF, A_REBOOT, A_HALT, NACT };
static const char *const act_name[NACT] = { "wait", "once", "respawn", "sleep", "poweroff", "reboot", "halt" };
enum { MAXENT = 32, MAXARG = 15 };
struct ent {
	u8 act;
	char *argv[MAXARG + 1];
	int pid;
	u64 arg_ns, started, next;   /* sleep length; when started; when to restart */
	u32 backoff;                 /* seconds */
};
static struct ent tab[MAXENT];
static int nent, test_mode, waiting = -1;
static u32 orphans;
static char text[8192];          /* the inittab, split in place */
static char *envp[40];   /* init's own (the kernel passes unknown a=b parameters), and defaults */
static void mkenv(void)
{
	static char *const defaults[] = { "PATH=/bin", "HOME=/", "TERM=linux" };
	int n = 0;
	for (char **e = pk_envp; e && *e && n < 32; e++) envp[n++] = *e;
	for (int d = 0; d < 3; d++) {
		size_t k = 0;
		while (defaults[d][k] != '=') k++;
		int have = 0;
		for (int i = 0; i < n; i++) have |= !memcmp(envp[i], defaults[d], k + 1);
		if (!have) envp[n++] = defaults[d];
	}
	envp[n] = 0;
}

static void say_num(const char *a, const char *what, u64 n, const char *after)
{
	char m[96]; size_t k = strlen(what);
	memcpy(m, what, k);
	k += (size_t)fmt_u64(m + k, n);
	size_t l = strlen(after);
	memcpy(m + k, after, l + 1);
	pk_msg(a, m, 0);
}

/* ---- the system ---- */
static void mount_all(void)
{
	static const char *const m[3][3] = { { "proc", "/proc", "proc" }, { "sysfs", "/sys", "sysfs" }, { "devtmpfs", "/dev", "devtmpfs" } };
	for (int i = 0; i < 3; i++) {
		sys_mkdir(m[i][1], 0755);
		long e = sys_mount(m[i][0], m[i][1], m[i][2], i < 2 ? MS_NOSUID | MS_NODEV | MS_NOEXEC : MS_NOSUID, 0);
		if (e && e != -EBUSY) pk_err(m[i][1], (int)e);
	}
}
static void console(void)
{
	long fd = sys_open("/dev/console", O_RDWR | O_NOCTTY);
	if (fd < 0) return;   /* keep what the kernel gave us */
	for (int i = 0; i < 3; i++) if (fd != i) sys_dup3((int)fd, i, 0);
	if (fd > 2) sys_close((int)fd);
}
/* ---- kernel modules: MODULES (/etc/modules) as Debian writes it, NAME
   [PARAM=VALUE]... a line, each /lib/modules/NAME.ko, in the file's order
   (dependencies first: the build writes it so) ---- */
static int blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }
static void modules(const char *file, int given)
{
	long fd = sys_open(file, O_RDONLY | O_CLOEXEC), n = fd;
	if (fd >= 0) { n = sys_read((int)fd, text, sizeof text - 1); sys_close((int)fd); }
	if (n < 0) { if (given || n != -ENOENT) pk_err(file, (int)n); return; }
	text[n] = 0;   /* the inittab's buffer, free until it is read */
	for (char *t = text, *next; *t; t = next) {
		char *end = t;
		while (*end && *end != '\n' && *end != '#') end++;
		next = end;
		while (*next && *next++ != '\n') ;
		while (end > t && blank(end[-1])) end--;
		*end = 0;
		while (blank(*t)) t++;
		if (!*t) continue;
		char *par = t, who[80], path[300], tmp[24];
		while (*par && !blank(*par)) par++;
		if (*par) *par++ = 0;
		while (blank(*par)) par++;
		size_t l = strlen(t);
		if (l > 200) l = 200;
		memcpy(who, "module ", 7); memcpy(who + 7, t, l < 64 ? l : 64); who[7 + (l < 64 ? l : 64)] = 0;
		char *sl = t;
		while (*sl && *sl != '/') sl++;
		if (*sl) { memcpy(path, t, l); path[l] = 0; }   /* a NAME with '/' is the file */
		else { memcpy(path, "/lib/modules/", 13); memcpy(path + 13, t, l); memcpy(path + 13 + l, ".ko", 4); }
		long m = sys_open(path, O_RDONLY | O_CLOEXEC), e = m;
		if (m < 0) { pk_msg(who, path, pk_strerror((int)m, tmp)); continue; }
		e = sys_finit_module((int)m, par, 0);
		sys_close((int)m);
		/* finit_module's ENOENT is a symbol no loaded module exports */
		if (e == -EINVAL && *par) pk_msg(who, par, "Invalid argument (a bad parameter?)");
		else pk_msg(who, !e ? "loaded" : e == -EEXIST ? "already loaded" :
			e == -ENOENT ? "unknown symbol (a module it needs is missing or not loaded before it)" :
			e == -ENOEXEC ? "not built for this kernel (Exec format error: version magic or format)" :
			pk_strerror((int)e, tmp), 0);
	}
}

/* ---- interfaces: up, addresses, the default route ---- */
static long nsock = -1;   /* AF_INET datagram socket for the ioctls */
static long ifio(const char *nm, unsigned long req, void *r)
{
	if (nsock < 0) nsock = sys_socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (nsock < 0) return nsock;
	if (req != SIOCADDRT) memcpy(((struct k_ifreq *)r)->name, nm, strlen(nm) + 1);
	return sys_ioctl((int)nsock, req, r);
}
/* nm (< 16 bytes) up: 1 if it was down, 0 if it was up, or -errno. Brought
   up to be watched: generic receive offload off, so that a capture sees the
   packets the wire carried, not the kernel's merges of a stream's segments
   (a driver without it says EOPNOTSUPP: nothing to turn off) */
static long ifup(const char *nm)
{
	struct k_ifreq r;
	memset(&r, 0, sizeof r);
	long e = ifio(nm, SIOCGIFFLAGS, &r);
	if (e || r.u.flags & IFF_UP) return e;
	r.u.flags |= IFF_UP;
	e = ifio(nm, SIOCSIFFLAGS, &r);
	struct k_ethtool_value gro = { ETHTOOL_SGRO, 0 };
	r.u.data = &gro;
	if (!e) ifio(nm, SIOCETHTOOL, &r);
	return e ? e : 1;
}
/* the first n bytes of name up, said: "init: up: eth0", or "init: why: eth0: error" */
static void up(const char *why, const char *name, size_t n)
{
	char nm[16], tmp[24];
	size_t k = n < 15 ? n : 15;
	memcpy(nm, name, k); nm[k] = 0;
	long e = n && n < 16 ? ifup(nm) : -ENODEV;
	if (e > 0) pk_msg("up", nm, 0);
	else if (e) pk_msg(why, nm, pk_strerror((int)e, tmp));
}
/* every interface of /proc/net/dev not seen before up (the default policy:
   at boot, after the modules, and each second for 10 s, for NICs that
   enumerate late, as USB ones do); one that is up already is left alone */
static char seen[256];
static u32 nseen;
static void scan(void)
{
	char b[4096];
	long fd = sys_open("/proc/net/dev", O_RDONLY | O_CLOEXEC), n = 0, r;
	if (fd < 0) return;
	while (n < (long)sizeof b - 1 && (r = sys_read((int)fd, b + n, sizeof b - 1 - (size_t)n)) > 0) n += r;
	sys_close((int)fd);
	b[n] = 0;
	for (char *p = b; *p; ) {
		while (*p == ' ') p++;
		char *q = p;
		while (*q && *q != ':' && *q != ' ' && *q != '\n' && *q != '|') q++;
		if (*q == ':' && q > p) {
			*q = 0;
			u32 i = 0;
			while (i < nseen && strcmp(seen + i, p)) i += (u32)strlen(seen + i) + 1;
			if (i >= nseen) {
				u32 l = (u32)(q - p) + 1;
				if (nseen + l <= sizeof seen) { memcpy(seen + nseen, p, l); nseen += l; }
				up("up", p, l - 1);
			}
			p = q + 1;
		}
		while (*p && *p++ != '\n') ;
	}
}
/* "a.b.c.d" at p into a (network order): the end, or 0 */
static char *ip4(char *p, u8 *a)
{
	for (int i = 0; i < 4; i++) {
		if (i && *p++ != '.') return 0;
		u32 v = 0, d = 0;
		while (*p >= '0' && *p <= '9' && d++ < 3) v = v * 10 + (u32)(*p++ - '0');
		if (!d || v > 255) return 0;
		a[i] = (u8)v;
	}
	return p;
}
/* pk.ip's IFACE:ADDR/PREFIXLEN[:GATEWAY]: the address, the netmask, up, and
   with a gateway the default route through it */
static void set_ip(char *s)
{
	char *c = s, *p, *g = 0, m[96], tmp[24];
	u8 a[4], gw[4];
	u32 plen = 99;
	while (*c && *c != ':') c++;
	p = *c && c > s && c - s < 16 ? ip4(c + 1, a) : 0;
	if (p && *p++ == '/' && *p >= '0' && *p <= '9') {
		plen = (u32)(*p++ - '0');
		if (*p >= '0' && *p <= '9') plen = plen * 10 + (u32)(*p++ - '0');
		if (*p == ':') { *p = 0; g = p + 1; p = ip4(g, gw); }
	}
	if (plen > 32 || !p || *p) {
		if (g) g[-1] = ':';
		pk_msg_arg("pk.ip: ", s, 0, "not IFACE:ADDR/PREFIXLEN[:GATEWAY]");
		return;
	}
	*c = 0;
	struct k_ifreq r;
	memset(&r, 0, sizeof r);
	r.u.addr.family = AF_INET;
	memcpy(&r.u.addr.addr, a, 4);
	long e = ifio(s, SIOCSIFADDR, &r);
	u32 mask = plen ? 0xffffffffu << (32 - plen) : 0;
	for (int i = 0; i < 4; i++) a[i] = (u8)(mask >> (24 - 8 * i));
	memcpy(&r.u.addr.addr, a, 4);
	if (!e) e = ifio(s, SIOCSIFNETMASK, &r);
	if (!e && (e = ifup(s)) > 0) e = 0;
	if (e) { pk_msg("pk.ip", s, pk_strerror((int)e, tmp)); return; }
	size_t k = strlen(c + 1);
	memcpy(m, c + 1, k + 1);
	if (g) {
		struct k_rtentry rt;
		memset(&rt, 0, sizeof rt);
		rt.rt_dst.family = rt.rt_gateway.family = rt.rt_genmask.family = AF_INET;
		memcpy(&rt.rt_gateway.addr, gw, 4);
		rt.rt_flags = RTF_UP | RTF_GATEWAY;
		rt.rt_dev = s;
		e = ifio(s, SIOCADDRT, &rt);
		if (!e) { memcpy(m + k, ", default via ", 14); memcpy(m + k + 14, g, strlen(g) + 1); }
	}
	pk_msg(s, m, 0);
	if (e) {   /* "init: pk.ip: eth0: default via 10.0.3.1: Network is unreachable" */
		const char *why = pk_strerror((int)e, tmp);
		k = strlen(g);
		memcpy(m, "default via ", 12); memcpy(m + 12, g, k); memcpy(m + 12 + k, ": ", 2);
		memcpy(m + 14 + k, why, strlen(why) + 1);
		pk_msg("pk.ip", s, m);
	}
}
/* pk.key=value from /proc/cmdline into v (0 terminated), or 0 */
static const char *cmdline_file = "/proc/cmdline";   /* -c */
static int cmdline(const char *key, char *v, size_t cap)
{
	static char c[2048];
	static long n = -1;
	if (n < 0) {
		long fd = sys_open(cmdline_file, O_RDONLY | O_CLOEXEC);
		n = fd < 0 ? 0 : sys_read((int)fd, c, sizeof c - 1);
		if (n < 0) n = 0;
		c[n] = 0;
		if (fd >= 0) sys_close((int)fd);
	}
	size_t kl = strlen(key);
	for (long i = 0; i < n; ) {
		while (i < n && (c[i] == ' ' || c[i] == '\n')) i++;
		long j = i;
		while (j < n && c[j] != ' ' && c[j] != '\n') j++;
		if ((size_t)(j - i) > kl && !memcmp(c + i, key, kl) && c[i + (long)kl] == '=') {
			size_t l = (size_t)(j - i) - kl - 1;
			if (l >= cap) l = cap - 1;
			memcpy(v, c + i + kl + 1, l); v[l] = 0;
			return 1;
		}
		i = j;
	}
	return 0;
}

/* ---- the inittab ---- */
static void parse(const char *file, char *t)
{
	int line = 0;
	while (*t && nent < MAXENT) {
		char *end = t;
		while (*end && *end != '\n') end++;
		char *next = *end ? end + 1 : end;
		*end = 0;
		line++;
		for (char *h = t; *h; h++) if (*h == '#') { *h = 0; break; }
		char *w[MAXARG + 2];
		int nw = 0;
		for (char *p = t; *p; ) {
			while (*p == ' ' || *p == '\t' || *p == '\r') *p++ = 0;
			if (!*p) break;
			if (*p == '"') {              /* "a word with spaces" */
				char *q = ++p;
				while (*q && *q != '"') q++;
				if (nw < MAXARG + 2) w[nw++] = p;
				if (*q) *q++ = 0;
				p = q;
				continue;
			}
			if (nw < MAXARG + 2) w[nw++] = p;
			while (*p && *p != ' ' && *p != '\t' && *p != '\r') p++;
		}
		t = next;
		if (!nw) continue;
		char where[300];
		size_t fl = strlen(file);
		if (fl > 256) fl = 256;
		memcpy(where, file, fl); where[fl] = ':';
		where[fl + 1 + fmt_u32(where + fl + 1, (u32)line)] = 0;
		int a = 0;
		while (a < NACT && strcmp(w[0], act_name[a])) a++;
		if (a == NACT) {
			char m[80]; size_t l = strlen(w[0]);
			if (l > 40) l = 40;
			memcpy(m, "unknown action '", 16); memcpy(m + 16, w[0], l); memcpy(m + 16 + l, "'", 2);
			pk_msg(where, m, "line ignored");
			continue;
		}
		struct ent *e = &tab[nent];
		memset(e, 0, sizeof *e);
		e->act = (u8)a;
		if (a <= A_RESPAWN) {
			if (nw < 2) { pk_msg(where, act_name[a], "needs a command; line ignored"); continue; }
			if (nw > MAXARG + 1) { pk_msg(where, "too many arguments; line ignored", 0); continue; }
			for (int i = 1; i < nw; i++) e->argv[i - 1] = w[i];
		} else if (a == A_SLEEP) {
			if (nw != 2 || opt_seconds(w[1], &e->arg_ns)) { pk_msg(where, "sleep needs a number of seconds; line ignored", 0); continue; }
		} else if (nw > 1) { pk_msg(where, act_name[a], "takes no arguments; line ignored"); continue; }
		e->backoff = 1;
		nent++;
	}
}
static void load(const char *file, int given)
{
	long fd = sys_open(file, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		long n = sys_read((int)fd, text, sizeof text - 1);
		sys_close((int)fd);
		if (n >= 0) { text[n] = 0; parse(file, text); return; }
		fd = n;
	}
	if (given || fd != -ENOENT) pk_err(file, (int)fd);
	static char d[] = "wait sysinfo\nrespawn netmoon\n";
	if (given) pk_msg("running the default", "wait sysinfo, respawn netmoon", 0);
	parse("(default)", d);
}

/* ---- children ---- */
static void start(struct ent *e)
{
	static char path[300];
	const char *cmd = e->argv[0];
	const char *sl = cmd;
	while (*sl && *sl != '/') sl++;
	if (!*sl) {
		size_t n = strlen(cmd);
		if (n > 250) n = 250;
		memcpy(path, "/bin/", 5); memcpy(path + 5, cmd, n); path[5 + n] = 0;
		cmd = path;
	}
	long pid = sys_fork();
	if (pid == 0) {
		unsigned long none[2] = { 0, 0 };
		sys_sigprocmask(SIG_SETMASK, none, 0);
		sys_setsid();
		if (!test_mode) sys_ioctl(0, TIOCSCTTY, (void *)1);
		long err = sys_execve(cmd, e->argv, envp);
		pk_err(cmd, (int)err);
		sys_exit_group(127);
	}
	if (pid < 0) { pk_err("fork", (int)pid); e->pid = 0; return; }
	e->pid = (int)pid;
	e->started = now_ns(CLOCK_MONOTONIC);
}

/* stop every process: SIGTERM, up to 3 s to go, then SIGKILL */
static void reap(void);
static __attribute__((noreturn)) void stop(int act, const char *why)
{
	static const char *const what[NACT] = { 0, 0, 0, 0, "powering off", "rebooting", "halting" };
	pk_msg(why, what[act], 0);
	for (int i = 0; i < nent; i++) tab[i].act = tab[i].act == A_RESPAWN ? A_ONCE : tab[i].act;
	for (int sig = SIGTERM, round = 0; round < 2; round++, sig = SIGKILL) {
		if (test_mode) {   /* the child, and its session (a child that has not yet called setsid has none) */
			for (int i = 0; i < nent; i++) if (tab[i].pid > 0) { sys_kill(-tab[i].pid, sig); sys_kill(tab[i].pid, sig); }
		}
		else sys_kill(-1, sig);
		u64 until = now_ns(CLOCK_MONOTONIC) + 3000000000ull;
		for (;;) {
			int st;
			long p = sys_wait4(-1, &st, WNOHANG);
			if (p == -ECHILD) break;
			if (p > 0) continue;
			if (now_ns(CLOCK_MONOTONIC) >= until) break;
			sys_ppoll(0, 0, 20000000);
		}
	}
	if (orphans) say_num("stopped", "orphans reaped: ", orphans, "");
	out_flush(&pk_out);
	sys_sync();
	if (test_mode) sys_exit_group(0);
	long e = sys_reboot(act == A_POWEROFF ? RB_POWER_OFF : act == A_REBOOT ? RB_RESTART : RB_HALT);
	pk_err("reboot", (int)e);
	for (;;) { int st; if (sys_wait4(-1, &st, 0) < 0) sys_ppoll(0, 0, -1); }   /* never exit */
}

static void reap(void)
{
	for (;;) {
		int st;
		long p = sys_wait4(-1, &st, WNOHANG);
		if (p <= 0) return;
		int i = 0;
		while (i < nent && tab[i].pid != p) i++;
		if (i == nent) { orphans++; continue; }
		struct ent *e = &tab[i];
		e->pid = 0;
		if (i == waiting) waiting = -1;
		if (e->act != A_RESPAWN) continue;
		u64 now = now_ns(CLOCK_MONOTONIC);
		if (now - e->started > 10000000000ull) e->backoff = 1;   /* it ran a while: start over */
		char m[64];
		size_t k;
		if ((st & 0x7f) == 0) { memcpy(m, "exited with status ", 19); k = 19 + (size_t)fmt_u32(m + 19, (u32)(st >> 8 & 0xff)); }
		else { memcpy(m, "killed by signal ", 17); k = 17 + (size_t)fmt_u32(m + 17, (u32)(st & 0x7f)); }
		memcpy(m + k, "; again in ", 12);
		say_num(e->argv[0], m, e->backoff, " s");
		e->next = now + (u64)e->backoff * 1000000000ull;
		e->backoff = e->backoff >= 32 ? 60 : e->backoff * 2;
	}
}

int main(int argc, char **argv)
{
	static const struct longopt lo[] = { { "test", 0, 't' }, { "help", 0, OPT_HELP }, { "version", 0, OPT_VERSION }, { 0, 0, 0 } };
	struct opt o;
	int c;
	const char *file = 0, *mods = 0;
	int cmdline_given = 0;
	opt_init(&o, argc, argv, "f:m:c:", lo);
	while ((c = opt_get(&o)) != -1) {
		if (opt_std(c, help)) return 0;
		switch (c) {
		case 't': test_mode = 1; break;
		case 'f': file = o.arg; break;
		case 'm': mods = o.arg; break;
		case 'c': cmdline_file = o.arg; cmdline_given = 1; break;
		default: return opt_fail(&o, c, 1);
		}
	}
	if (o.nop) { pk_msg_arg("extra operand ", o.av[0], 0, 0); return pk_try(1); }
	if (!test_mode && sys_getpid() != 1) {
		pk_msg("must be run as PID 1, by the kernel (--test runs it as an ordinary process)", 0, 0);
		return 1;
	}
	static char tabfile[256], ifs[256], ips[256];
	if (!test_mode) {
		sys_reboot(RB_CAD_OFF);          /* Ctrl-Alt-Del: SIGINT to us, not an instant reboot */
		mount_all();
		console();
	}
	if (!test_mode || mods) modules(mods ? mods : "/etc/modules", mods != 0);
	int scans = 0;   /* rescans of /proc/net/dev left */
	if (!test_mode || cmdline_given) {
		long e = ifup("lo");
		if (e < 0) pk_err("lo", (int)e);
		if (cmdline("pk.ip", ips, sizeof ips))
			for (char *p = ips, *q; *p; p = q) {
				for (q = p; *q && *q != ','; q++) ;
				if (*q) *q++ = 0;
				set_ip(p);
			}
		if (!cmdline("pk.ifup", ifs, sizeof ifs)) { scan(); scans = 10; }
		else if (strcmp(ifs, "none"))
			for (char *p = ifs, *q; *p; p = *q ? q + 1 : q) {
				for (q = p; *q && *q != ','; q++) ;
				up("pk.ifup", p, (size_t)(q - p));
			}
		if (!file && cmdline("pk.inittab", tabfile, sizeof tabfile)) file = tabfile;
	}
	load(file ? file : "/etc/inittab", file != 0);
	mkenv();
	if (test_mode) {   /* orphans come to us, as to PID 1 (qemu-user refuses this) */
		long e = sys_prctl(PR_SET_CHILD_SUBREAPER, 1, 0);
		if (e) pk_err("note: PR_SET_CHILD_SUBREAPER: orphans go to the system's init", (int)e);
	}

	unsigned long mask[2] = { 1ul << (SIGCHLD - 1) | 1ul << (SIGTERM - 1) | 1ul << (SIGINT - 1) |
				  1ul << (SIGUSR1 - 1) | 1ul << (SIGUSR2 - 1) | 1ul << (SIGHUP - 1), 0 };
	sys_sigprocmask(SIG_BLOCK, mask, 0);
	long sfd = sys_signalfd(-1, mask, O_CLOEXEC | O_NONBLOCK);
	if (sfd < 0) pk_err("signalfd", (int)sfd);

	int pc = 0;
	u64 wake = 0;   /* end of a sleep */
	u64 next_scan = now_ns(CLOCK_MONOTONIC) + 1000000000ull;
	for (;;) {
		u64 now = now_ns(CLOCK_MONOTONIC);
		if (wake && now >= wake) wake = 0;
		while (waiting < 0 && !wake && pc < nent) {
			struct ent *e = &tab[pc++];
			if (e->act <= A_RESPAWN) { start(e); if (e->act == A_WAIT && e->pid) waiting = pc - 1; }
			else if (e->act == A_SLEEP) wake = now + e->arg_ns;
			else stop(e->act, "inittab");
		}
		s64 timeout = wake ? (s64)(wake - now) : -1;
		for (int i = 0; i < nent; i++) {
			struct ent *e = &tab[i];
			if (e->act != A_RESPAWN || e->pid || !e->next || i >= pc) continue;
			if (e->next <= now) { e->next = 0; start(e); continue; }
			if (timeout < 0 || (s64)(e->next - now) < timeout) timeout = (s64)(e->next - now);
		}
		if (scans) {
			if (now >= next_scan) { scan(); scans--; next_scan = now + 1000000000ull; }
			if (scans && (timeout < 0 || (s64)(next_scan - now) < timeout)) timeout = (s64)(next_scan - now);
		}
		struct k_pollfd pf = { (int)sfd, POLLIN, 0 };
		sys_ppoll(&pf, sfd >= 0, timeout);
		struct k_signalfd_siginfo si;
		while (sfd >= 0 && sys_read((int)sfd, &si, sizeof si) == (long)sizeof si) {
			switch (si.ssi_signo) {
			case SIGTERM: stop(A_POWEROFF, "SIGTERM");
			case SIGUSR2: stop(A_POWEROFF, "SIGUSR2");
			case SIGINT: stop(A_REBOOT, "SIGINT (Ctrl-Alt-Del)");
			case SIGUSR1: stop(A_HALT, "SIGUSR1");
			}
		}
		reap();
		out_flush(&pk_out);
	}
}
