/* netmoon - a live TCP connection monitor on AF_PACKET, or a pcap reader.
 *
 * capture (TPACKET_V3 ring, recvmmsg fallback, or a pcap file)
 *   -> decode (decode.c) -> connection table (conn.c)
 *   -> view: live terminal table, batch text, or a JSON flow log.
 * One thread, one ppoll loop over the socket, the terminal and a signalfd;
 * the kernel's ring is the buffer between capture and display. */
#include "rt.h"
#include "sys.h"
#include "opt.h"
#include "net.h"
#include "filter.h"

PK_CMD("netmoon");

static const char help[] =
	"Usage: netmoon [OPTION]... [FILTER EXPRESSION]\n"
	"Show every TCP connection crossing the network interfaces, live.\n"
	"A filter expression in tcpdump's language (pcap-filter) selects packets;\n"
	"it is compiled to BPF and runs in the kernel, or over the -r file.\n\n"
	"  -i IFACE          capture on IFACE only (default: every interface)\n"
	"  -p                do not put the interface into promiscuous mode\n"
	"  -r FILE           read a pcap file instead of capturing ('-': stdin)\n"
	"  -w FILE           also write what was captured or read to a pcap FILE\n"
	"  -s SNAPLEN        bytes of each packet to keep in -w files (default 262144)\n"
	"  -c COUNT          stop after COUNT packets (that pass the filter)\n"
	"  -d                print the compiled filter as tcpdump -d does, and exit\n"
	"      --count       print only how many packets pass the filter\n"
	"      --duration S  stop after S seconds\n"
	"  -b                batch: plain text tables instead of the full-screen view\n"
	"      --json        one JSON object per line: an \"end\" record per connection\n"
	"  -I SECONDS        refresh interval (default 1); with -r or --json, print a\n"
	"                    table or \"update\" records every SECONDS of capture time\n"
	"  -e SECONDS        forget connections idle this long (default 60, 0: never)\n"
	"  -m ENTRIES        most connections tracked at once (default 65536)\n"
	"  -Z USER           once capturing, run as USER (name or number), no groups\n"
	"      --no-sandbox  keep the system-call filter off (for debugging)\n"
	"      --help        display this help and exit\n"
	"      --version     output version information and exit\n\n"
	"Keys in the live view: q quit, p pause, s sort (rate, total, age),\n"
	"r reverse the order, j/k or arrows scroll.\n"
	"Capturing needs CAP_NET_RAW. The JSON format is described in the README.\n";

/* ---- options and state ---- */
static struct {
	const char *iface, *rfile, *wfile;
	u64 count, duration, interval, idle;
	u32 snaplen, max;
	int batch, json, promisc, interval_set, dump, count_only, no_sandbox, selftest;
	const char *user;
} opt = { 0, 0, 0, 0, 0, 1000000000ull, 60000000000ull, PCAP_MAX_CAPLEN, 65536, 0, 0, 1, 0, 0, 0, 0, 0, 0 };

/* the filter: the expression, and its program once the link type is known */
static char fsrc[65536];
static int has_filter;
static bpf_insn prog[BPF_MAXINSNS];
static int nprog;

static struct table T;
static struct out *O = &pk_out;
static u64 npkts;
static int stopping_now;
static void restore_tty(void);


/* ---- small helpers ---- */
static __attribute__((noreturn)) void die(const char *a, const char *b, int e);
static void human(u64 v, const char *suffix)
{
	char t[40]; int n = fmt_human(t, v);
	out_write(O, t, (size_t)n);
	if (suffix) out_str(O, suffix);
}
static int num_arg(const char *s, u64 *v)
{
	u64 x = 0;
	if (!*s) return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || x > (~0ull - 9) / 10) return -1;
		x = x * 10 + (u64)(*s - '0');
	}
	*v = x;
	return 0;
}
/* seconds, possibly with a fraction: "0.5" */
static int sec_arg(const char *s, u64 *ns)
{
	u64 whole = 0, frac = 0, scale = 100000000;
	const char *p = s;
	if (!*p) return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (whole > 1000000000ull) return -1;
		whole = whole * 10 + (u64)(*p - '0');
	}
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++, scale /= 10) frac += (u64)(*p - '0') * scale;
	if (*p || p == s) return -1;
	*ns = whole * 1000000000ull + frac;
	return 0;
}

/* ---- the filter ---- */
static void compile(u32 linktype, int live)
{
	struct filter_err e;
	nprog = filter_compile(fsrc, linktype, live, opt.snaplen, prog, BPF_MAXINSNS - 8, &e);
	if (nprog >= 0) return;
	char m[160];
	size_t n = strlen(e.msg);
	memcpy(m, e.msg, n);
	if (e.col) { memcpy(m + n, " at column ", 11); n += 11; n += (size_t)fmt_u32(m + n, (u32)e.col); }
	if (!filter_linktype_ok(linktype)) {
		memcpy(m + n, " (", 2); n += 2;
		n += (size_t)fmt_u32(m + n, linktype);
		memcpy(m + n, "); filters work on Ethernet, Linux cooked and raw IP", 52); n += 52;
	}
	m[n] = 0;
	pk_msg("filter", m, 0);
	sys_exit_group(1);
}
static void dump_prog(void)
{
	char b[96];
	for (int i = 0; i < nprog; i++) {
		int n = bpf_image(b, prog, i);
		b[n++] = '\n';
		out_write(O, b, (size_t)n);
	}
}

/* ---- least privilege ----
 * Once the socket, the ring and the files are open, netmoon needs no
 * privilege and few system calls: -Z switches to a user, every capability
 * goes, no_new_privs is set, and a seccomp filter (classic BPF, written out
 * below) allows only what the main loop calls; anything else raises SIGSYS,
 * which names the call and ends netmoon. */
static u32 z_uid, z_gid;
static void note(const char *what, long e);
static void on_sigsys(int sig, struct k_siginfo_sys *si, void *ctx)
{
	(void)sig; (void)ctx;
	restore_tty();
	char m[160] = "netmoon: sandbox: forbidden system call ";
	size_t n = strlen(m);
	n += (size_t)fmt_u32(m + n, (u32)si->syscall);
	memcpy(m + n, " (--no-sandbox turns the filter off)\n", 38); n += 37;
	write_all(2, m, n);
	sys_exit_group(159);   /* as if killed by SIGSYS */
}
static void sandbox(void)
{
	long e;
	if (opt.user) {
		if ((e = sys_setgroups0()) || (e = sys_setresgid(z_gid)) || (e = sys_setresuid(z_uid))) die("-Z", opt.user, (int)e);
	}
	struct k_cap_header h = { CAP_VERSION_3, 0 };
	struct k_cap_data d[2];
	memset(d, 0, sizeof d);
	if ((e = sys_capset(&h, d))) note("capset: capabilities not dropped", e);
	if ((e = sys_prctl(PR_SET_NO_NEW_PRIVS, 1, 0))) note("PR_SET_NO_NEW_PRIVS not set", e);
	if (opt.no_sandbox) return;
	/* what the loops, the writers, the exits and the stack protector call */
	static const u16 allow[] = { 0 /* restart_syscall */, 1 /* exit */, 3 /* read */, 4 /* write */,
		6 /* close */, 20 /* getpid */, 119 /* sigreturn */, 173 /* rt_sigreturn */, 174 /* rt_sigaction */,
		175 /* rt_sigprocmask */, 248 /* exit_group */, 263 /* clock_gettime */, 295 /* getsockopt */,
		336 /* ppoll */, 365 /* recvmmsg */, 403 /* clock_gettime64 */, 414 /* ppoll_time64 */ };
	static bpf_insn p[64];
	int n = 0;
	p[n++] = (bpf_insn){ BPF_LD | BPF_W | BPF_ABS, 0, 0, 4 };                  /* arch */
	p[n++] = (bpf_insn){ BPF_JMP | BPF_JEQ | BPF_K, 1, 0, AUDIT_ARCH_ARM };
	p[n++] = (bpf_insn){ BPF_RET | BPF_K, 0, 0, SECCOMP_RET_KILL_PROCESS };
	p[n++] = (bpf_insn){ BPF_LD | BPF_W | BPF_ABS, 0, 0, 0 };                  /* nr */
	p[n++] = (bpf_insn){ BPF_JMP | BPF_JEQ | BPF_K, 0, 6, 54 };               /* ioctl: the terminal's only */
	p[n++] = (bpf_insn){ BPF_LD | BPF_W | BPF_ABS, 0, 0, 24 };                 /* args[1] */
	p[n++] = (bpf_insn){ BPF_JMP | BPF_JEQ | BPF_K, 3, 0, TCGETS };
	p[n++] = (bpf_insn){ BPF_JMP | BPF_JEQ | BPF_K, 2, 0, TCSETS };
	p[n++] = (bpf_insn){ BPF_JMP | BPF_JEQ | BPF_K, 1, 0, TIOCGWINSZ };
	p[n++] = (bpf_insn){ BPF_RET | BPF_K, 0, 0, SECCOMP_RET_TRAP };
	p[n++] = (bpf_insn){ BPF_RET | BPF_K, 0, 0, SECCOMP_RET_ALLOW };
	p[n++] = (bpf_insn){ BPF_JMP | BPF_JEQ | BPF_K, 0, 4, 37 };               /* kill: ourselves only */
	p[n++] = (bpf_insn){ BPF_LD | BPF_W | BPF_ABS, 0, 0, 16 };                 /* args[0] */
	p[n++] = (bpf_insn){ BPF_JMP | BPF_JEQ | BPF_K, 1, 0, (u32)sys_getpid() };
	p[n++] = (bpf_insn){ BPF_RET | BPF_K, 0, 0, SECCOMP_RET_TRAP };
	p[n++] = (bpf_insn){ BPF_RET | BPF_K, 0, 0, SECCOMP_RET_ALLOW };
	for (size_t i = 0; i < sizeof allow / sizeof allow[0]; i++) {
		p[n++] = (bpf_insn){ BPF_JMP | BPF_JEQ | BPF_K, 0, 1, allow[i] };
		p[n++] = (bpf_insn){ BPF_RET | BPF_K, 0, 0, SECCOMP_RET_ALLOW };
	}
	p[n++] = (bpf_insn){ BPF_RET | BPF_K, 0, 0, SECCOMP_RET_TRAP };
	if (bpf_check(p, n, 0)) die("sandbox", "internal error: the filter fails validation", -EINVAL);
	struct k_sigaction sa = { (u32)(unsigned long)on_sigsys, SA_SIGINFO, 0, { 0, 0 } };
	sys_sigaction(SIGSYS, &sa, 0);
	struct k_sock_fprog fp = { (u16)n, p };
	e = sys_seccomp(SECCOMP_SET_MODE_FILTER, 0, &fp);
	if (e == -ENOSYS) e = sys_prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fp);
	if (e) {
		note("seccomp: no system-call filter", e);
		if (opt.selftest) { pk_msg("sandbox self-test", "no filter to test", 0); sys_exit_group(1); }
		return;
	}
	if (opt.selftest) {       /* a call the filter forbids: SIGSYS must end us here */
		sys_socket(AF_INET, SOCK_DGRAM, 0);
		pk_msg("sandbox self-test", "the forbidden call was allowed", 0);
		sys_exit_group(1);
	}
}

/* ---- the -w writer ---- */
static char wbuf[1 << 18];
static struct out W = { -1, 0, 0, sizeof wbuf, wbuf };
static u32 wlinktype;

static void wopen(u32 linktype)
{
	long fd = sys_openat(AT_FDCWD, opt.wfile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) die(opt.wfile, 0, (int)fd);
	W.fd = (int)fd;
	wlinktype = linktype;
	u8 h[24];
	pcap_put_header(h, opt.snaplen, linktype);
	out_write(&W, h, 24);
}

static void wrecord(const u8 *pre, u32 prelen, const u8 *f, u32 caplen, u32 wirelen, u64 ts)
{
	u8 h[16];
	u32 cap = prelen + caplen;
	if (cap > opt.snaplen) cap = opt.snaplen;
	pcap_put_record(h, ts, cap, prelen + wirelen);
	out_write(&W, h, 16);
	u32 a = prelen < cap ? prelen : cap;
	out_write(&W, pre, a);
	out_write(&W, f, cap - a);
	if (W.err) die("-w", opt.wfile, W.err);
}

/* ---- JSON ---- */
static void on_end(void *ctx, const struct conn *c, int reason)
{
	(void)ctx;
	if (!opt.json) return;
	char b[640];
	out_write(O, b, (size_t)fmt_json(b, c, "end", reason));
}

/* ---- tables: batch text and the live view ---- */
enum { SORT_RATE, SORT_TOTAL, SORT_AGE };

static int sort_by, reverse;
static u32 *order, *tmp;

static u64 sortkey(const struct conn *c)
{
	return sort_by == SORT_RATE ? (u64)c->rate[0] + c->rate[1]
	     : sort_by == SORT_TOTAL ? c->d[0].bytes + c->d[1].bytes : ~c->first;
}

/* stable merge sort of connection indices, biggest key first */
static void msort(u32 *a, u32 *t, u32 n)
{
	if (n < 2) return;
	u32 h = n / 2, i = 0, j = h, k = 0;
	msort(a, t, h); msort(a + h, t, n - h);
	while (i < h && j < n) {
		u64 x = sortkey(&T.c[a[i]]), y = sortkey(&T.c[a[j]]);
		t[k++] = (reverse ? x <= y : x >= y) ? a[i++] : a[j++];
	}
	while (i < h) t[k++] = a[i++];
	while (j < n) t[k++] = a[j++];
	memcpy(a, t, n * sizeof *a);
}

static u32 collect(void)
{
	u32 n = 0;
	for (u32 i = T.oldest; i != NONE; i = T.c[i].newer) order[n++] = i;
	msort(order, tmp, n);
	return n;
}

static int endpoint(char *o, const u8 *a, u16 port, int v6)
{
	int n = 0;
	if (v6) o[n++] = '[';
	n += fmt_addr(o + n, a, v6);
	if (v6) o[n++] = ']';
	o[n++] = ':';
	return n + fmt_u32(o + n, port);
}

static int rtt_text(char *o, u32 us)
{
	if (us == RTT_NONE) { o[0] = '-'; return 1; }
	int n;
	if (us < 1000) { n = fmt_u32(o, us); memcpy(o + n, "us", 2); return n + 2; }
	u32 t = us < 10000000 ? us / 100 : us / 100000;   /* tenths of ms, or of s */
	n = fmt_u32(o, t / 10); o[n++] = '.'; o[n++] = (char)('0' + t % 10);
	memcpy(o + n, us < 10000000 ? "ms" : "s ", 2);
	return n + 2;
}

static void pad(const char *s, int len, int width, int right)
{
	if (right) for (int i = len; i < width; i++) out_char(O, ' ');
	out_write(O, s, (size_t)len);
	if (!right) for (int i = len; i < width; i++) out_char(O, ' ');
}

/* one row; bar > 0 draws a bandwidth bar of that many cells */
static void row(const struct conn *c, int wsrc, int wdst, int bar, u64 maxrate, int width)
{
	char s[64], d[64], r[24], ro[40], ri[40], tot[40];
	int ns = endpoint(s, c->a, c->ap, c->v6), nd = endpoint(d, c->b, c->bp, c->v6);
	int nr = rtt_text(r, c->rtt_us);
	int no = fmt_human(ro, c->rate[0]), ni = fmt_human(ri, c->rate[1]);
	int nt = fmt_human(tot, c->d[0].bytes + c->d[1].bytes);
	int used = 0;
	pad(s, ns, wsrc, 0); out_str(O, bar ? " \xe2\x86\x92 " : " > "); pad(d, nd, wdst, 0);
	out_char(O, ' '); pad(st_name[c->state], (int)strlen(st_name[c->state]), 11, 0);
	out_char(O, ' '); pad(r, nr, 7, 1);
	out_char(O, ' '); pad(ro, no, 10, 1); out_str(O, "/s");
	out_char(O, ' '); pad(ri, ni, 10, 1); out_str(O, "/s");
	out_char(O, ' '); pad(tot, nt, 10, 1);
	used = wsrc + wdst + 3 + 1 + 11 + 1 + 7 + 2 * 13 + 11;
	if (bar > 0 && width - used > 4) {
		int cells = width - used - 2 < bar ? width - used - 2 : bar;
		u64 rate = (u64)c->rate[0] + c->rate[1];
		int full = maxrate ? (int)((rate * (u64)cells + maxrate - 1) / maxrate) : 0;
		out_str(O, "  ");
		for (int i = 0; i < cells; i++) out_str(O, i < full ? "\xe2\x96\x88" : "\xe2\x96\x91");
	}
}

/* packets and bytes of each kind of traffic, not only TCP */
static const char *const kind_name[NM_KINDS] = { "non-IP", "TCP", "UDP", "ICMP", "other IP" };
static void kinds_line(void)
{
	for (int k = 1; k <= NM_KINDS; k++) {
		int kk = k % NM_KINDS;                  /* non-IP last */
		out_str(O, k == 1 ? "" : "  "); out_str(O, kind_name[kk]); out_char(O, ' ');
		out_u64(O, T.kind_pkts[kk]); out_str(O, " pkts "); human(T.kind_bytes[kk], 0);
	}
}

static void header(void)
{
	out_str(O, "netmoon  "); out_str(O, opt.rfile ? opt.rfile : opt.iface ? opt.iface : "all interfaces");
	out_str(O, "  connections "); out_u64(O, T.used);
	out_str(O, "  packets "); out_u64(O, T.pkts);
	out_str(O, "  bytes "); human(T.bytes, 0);
	if (T.evictions) { out_str(O, "  evicted "); out_u64(O, T.evictions); }
	out_char(O, '\n');
	kinds_line();
	out_char(O, '\n');
}

static void batch_table(void)
{
	u32 n = collect();
	int wsrc = 6, wdst = 6;
	char t[64];
	for (u32 i = 0; i < n; i++) {
		const struct conn *c = &T.c[order[i]];
		int a = endpoint(t, c->a, c->ap, c->v6), b = endpoint(t, c->b, c->bp, c->v6);
		if (a > wsrc) wsrc = a;
		if (b > wdst) wdst = b;
	}
	header();
	pad("CLIENT", 6, wsrc, 0); out_str(O, "   "); pad("SERVER", 6, wdst, 0);
	out_str(O, " STATE           RTT    RATE OUT      RATE IN        TOTAL\n");
	for (u32 i = 0; i < n; i++) { row(&T.c[order[i]], wsrc, wdst, 0, 0, 0); out_char(O, '\n'); }
	out_char(O, '\n');
}

/* ---- offline: a pcap file ---- */
static void packet(const u8 *f, u32 caplen, u32 wirelen, u64 ts, u32 lt)
{
	struct pkt p;
	p.ts = ts; p.len = wirelen;
	decode(&p, f, caplen, lt);
	table_add(&T, &p);
	table_expire(&T, ts, 4);
	npkts++;
}

static u64 next_tick;
static void tick(u64 now)
{
	table_tick(&T, opt.interval);
	if (opt.json) {
		char b[640];
		for (u32 i = T.oldest; i != NONE; i = T.c[i].newer)
			out_write(O, b, (size_t)fmt_json(b, &T.c[i], "update", -1));
	} else batch_table();
	next_tick = now + opt.interval;
}

static int read_file(void)
{
	static u8 buf[1 << 20];
	int fd = 0;
	const char *name = opt.rfile;
	if (name[0] != '-' || name[1]) {
		long r = sys_open(name, O_RDONLY | O_CLOEXEC);
		if (r < 0) die(name, 0, (int)r);
		fd = (int)r;
	}
	size_t have = 0, at = 0;
	int eof = 0, status = 0;
	struct pcap_info pi = { 0 };
	/* keep at least one whole record (16 + 262144 bytes) in the buffer */
	for (int first = 1;; first = 0) {
		if (!eof && have - at < 16 + PCAP_MAX_CAPLEN) {
			memmove(buf, buf + at, have - at);
			have -= at; at = 0;
			while (have < sizeof buf) {
				long n = sys_read(fd, buf + have, sizeof buf - have);
				if (n == -EINTR) continue;
				if (n < 0) die(name, 0, (int)n);
				if (n == 0) { eof = 1; break; }
				have += (size_t)n;
			}
		}
		if (first) {
			int e = pcap_header(buf, have, &pi);
			if (e) { pk_msg(name, pcap_strerr(e), 0); return -1; }
			if (!pcap_linktype_ok(pi.linktype)) {
				char m[80] = "unsupported link type ";
				m[22 + fmt_u32(m + 22, pi.linktype)] = 0;
				pk_msg(name, m, "netmoon reads Ethernet, Linux cooked (SLL, SLL2), raw IP, PPP, ARCNET and BSD loopback");
				return -1;
			}
			if (has_filter || opt.dump) compile(pi.linktype, 0);
			if (opt.dump) { dump_prog(); break; }
			if (opt.wfile) wopen(pi.linktype);
			sandbox();
			at = 24;
			continue;
		}
		if (have - at == 0) break;
		if (have - at < 16) { pk_msg(name, "truncated record header at the end of the file", 0); status = 1; break; }
		struct pcap_rec r;
		if (pcap_record(&pi, buf + at, &r)) { pk_msg(name, pcap_strerr(PCAP_BIGREC), 0); status = 1; break; }
		if (have - at - 16 < r.caplen) { pk_msg(name, "truncated record at the end of the file", 0); status = 1; break; }
		const u8 *f = buf + at + 16;
		u32 wire = r.wirelen < r.caplen ? r.caplen : r.wirelen;
		at += 16 + r.caplen;
		if (has_filter && !bpf_run(prog, f, r.caplen, r.wirelen)) continue;
		if (opt.count_only) npkts++;
		else {
			if (opt.interval_set && !next_tick) next_tick = r.ts + opt.interval;
			while (opt.interval_set && r.ts >= next_tick) tick(next_tick);
			packet(f, r.caplen, wire, r.ts, pi.linktype);
		}
		if (W.fd >= 0) {
			if (!pi.swap && !pi.nano && r.caplen <= opt.snaplen) {   /* as it was, odd timestamps too */
				out_write(&W, f - 16, 16 + r.caplen);
				if (W.err) die("-w", opt.wfile, W.err);
			} else wrecord(0, 0, f, r.caplen, r.wirelen, r.ts);
		}
		if (opt.count && npkts >= opt.count) break;
		if (O->len > O->cap / 2) out_flush(O);
	}
	if (fd) sys_close(fd);
	return status;
}

/* ---- the end ---- */
static int finish_status;
static void finish(void)
{
	if (opt.count_only) {
		out_u64(O, npkts);
		out_str(O, npkts == 1 ? " packet\n" : " packets\n");
	} else if (!opt.json) {
		if (opt.rfile && !opt.interval_set)     /* a file: the average over each connection's life */
			for (u32 i = T.oldest; i != NONE; i = T.c[i].newer) {
				struct conn *c = &T.c[i];
				u64 us = (c->last - c->first) / 1000;
				for (int k = 0; k < 2; k++) {
					u64 r = us ? c->d[k].bytes * 1000000 / us : 0;
					c->rate[k] = r > 0xffffffffu ? 0xffffffffu : (u32)r;
				}
			}
		else table_tick(&T, opt.interval);
		batch_table();
	}
	table_flush(&T);
	if (W.fd >= 0 && out_flush(&W)) { pk_err(opt.wfile, W.err); finish_status = 1; }
}

static __attribute__((noreturn)) void die(const char *a, const char *b, int e)
{
	char t[24];
	restore_tty();
	O = &pk_out;
	out_flush(O);
	pk_msg(a, b ? b : pk_strerror(e, t), b ? pk_strerror(e, t) : 0);
	sys_exit_group(1);
}

/* ---- live capture ---- */
static int sock = -1, sigfd = -1, tty_in, tty_out, raw_on, alt_on, ring_on, lo_index = -1;
static struct k_termios saved_tio;
static u8 *ring;
static u32 ring_blocks, ring_bsize, ring_cur;
static u64 drops, kpkts, last_pkts, last_bytes, pps, bps;
static int stats_ok = 1, paused, scroll;
static u16 rows = 24, cols = 80;
static const char *const sort_name[3] = { "rate", "total", "age" };

static void restore_tty(void)
{
	if (alt_on) { write_all(1, "\033[?25h\033[?1049l", 14); alt_on = 0; }
	if (raw_on) { sys_ioctl(0, TCSETS, &saved_tio); raw_on = 0; }
}

static void note(const char *what, long e)
{
	char t[24];
	pk_msg("note", what, pk_strerror((int)e, t));
}

static void winsize(void)
{
	struct k_winsize w;
	if (sys_ioctl(1, TIOCGWINSZ, &w) == 0 && w.ws_row && w.ws_col) { rows = w.ws_row; cols = w.ws_col; }
}

/* copy line buffer L to the screen, clipped to the terminal width */
static char lbuf[4096];
static struct out L = { -1, 0, 0, sizeof lbuf, lbuf };
static void line_out(int inverse)
{
	u32 n = 0, col = 0;
	while (n < L.len && col < cols) {           /* count UTF-8 lead bytes as columns */
		n++;
		while (n < L.len && (L.buf[n] & 0xc0) == 0x80) n++;
		col++;
	}
	if (inverse) out_str(&pk_out, "\033[7m");
	out_write(&pk_out, L.buf, n);
	if (inverse) { for (; col < cols; col++) out_char(&pk_out, ' '); out_str(&pk_out, "\033[m"); }
	out_str(&pk_out, "\033[K\r\n");
	L.len = 0;
}

static void draw(void)
{
	u32 n = collect(), shown = 0;
	int body = rows > 5 ? rows - 5 : 1, wsrc = 6, wdst = 6;
	char t[64];
	if (scroll > (int)n - 1) scroll = n ? (int)n - 1 : 0;
	for (u32 i = (u32)scroll; i < n && i < (u32)scroll + (u32)body; i++) {
		const struct conn *c = &T.c[order[i]];
		int a = endpoint(t, c->a, c->ap, c->v6), b = endpoint(t, c->b, c->bp, c->v6);
		if (a > wsrc) wsrc = a;
		if (b > wdst) wdst = b;
	}
	u64 maxrate = 1;
	for (u32 i = 0; i < n; i++) {
		u64 r = (u64)T.c[order[i]].rate[0] + T.c[order[i]].rate[1];
		if (r > maxrate) maxrate = r;
	}
	out_str(&pk_out, "\033[H");
	O = &L;
	out_str(O, "netmoon  "); out_str(O, opt.iface ? opt.iface : "all interfaces");
	out_str(O, "  connections "); out_u64(O, T.used);
	out_str(O, "  "); out_u64(O, pps); out_str(O, " pkt/s  "); human(bps, "/s");
	out_str(O, "  drops "); if (stats_ok) out_u64(O, drops); else out_str(O, "n/a");
	out_str(O, "  evicted "); out_u64(O, T.evictions);
	if (paused) out_str(O, "  [PAUSED]");
	line_out(0);
	kinds_line();
	line_out(0);
	pad("CLIENT", 6, wsrc, 0); out_str(O, "   "); pad("SERVER", 6, wdst, 0);
	out_str(O, " STATE           RTT    RATE OUT      RATE IN        TOTAL");
	line_out(1);
	for (u32 i = (u32)scroll; i < n && shown < (u32)body; i++, shown++) {
		row(&T.c[order[i]], wsrc, wdst, 24, maxrate, cols);
		line_out(0);
	}
	O = &pk_out;
	out_str(O, "\033[J\033[");
	out_u64(O, rows); out_str(O, ";1H\033[7m");
	O = &L;
	out_str(O, " q quit  p pause  s sort: "); out_str(O, sort_name[sort_by]);
	out_str(O, reverse ? " (reversed)" : ""); out_str(O, "  r reverse  j/k scroll ");
	u32 lc = 0, nb = 0;
	while (nb < L.len && lc < cols) { nb++; while (nb < L.len && (L.buf[nb] & 0xc0) == 0x80) nb++; lc++; }
	O = &pk_out;
	out_write(O, L.buf, nb); L.len = 0;
	for (; lc < cols; lc++) out_char(O, ' ');
	out_str(O, "\033[m");
	out_flush(O);
}

static void stats(void)
{
	struct k_tpacket_stats_v3 st;
	u32 len = ring_on ? sizeof st : 8;
	if (!stats_ok) return;
	long e = sys_getsockopt(sock, SOL_PACKET, PACKET_STATISTICS, &st, &len);
	if (e) { stats_ok = 0; note("PACKET_STATISTICS: kernel drop counts unavailable", e); return; }
	kpkts += st.tp_packets; drops += st.tp_drops;   /* the kernel resets them on every read */
}

static int linktype_of(u16 hatype) { return hatype == ARPHRD_ETHER || hatype == ARPHRD_LOOPBACK ? LT_ETHERNET : LT_RAW; }

static void frame(const struct k_sockaddr_ll *sll, const u8 *f, u32 caplen, u32 wirelen, u64 ts, int vlan_ok, u16 tci)
{
	if (sll->sll_pkttype == PACKET_OUTGOING && sll->sll_ifindex == lo_index) return; /* lo: count once */
	u32 lt = (u32)linktype_of(sll->sll_hatype);
	packet(f, caplen, wirelen, ts, lt);
	if (W.fd < 0) return;
	if (wlinktype == LT_LINUX_SLL) {
		u8 h[16] = { 0, sll->sll_pkttype, (u8)(sll->sll_hatype >> 8), (u8)sll->sll_hatype, 0, sll->sll_halen };
		memcpy(h + 6, sll->sll_addr, 8);
		memcpy(h + 14, &sll->sll_protocol, 2);
		wrecord(h, 16, f, caplen, wirelen, ts);
	} else if (vlan_ok && lt == LT_ETHERNET && caplen >= 12) {   /* put the stripped tag back */
		u8 h[16];
		memcpy(h, f, 12);
		h[12] = 0x81; h[13] = 0x00; h[14] = (u8)(tci >> 8); h[15] = (u8)tci;
		wrecord(h, 16, f + 12, caplen - 12, wirelen - 12, ts);
	} else wrecord(0, 0, f, caplen, wirelen, ts);
}

static int want_more(void) { return !opt.count || npkts < opt.count; }

static void drain_ring(void)
{
	while (want_more()) {
		struct k_tpacket_block_desc *b = (void *)(ring + (size_t)ring_cur * ring_bsize);
		if (!(__atomic_load_n(&b->block_status, __ATOMIC_ACQUIRE) & TP_STATUS_USER)) return;
		u8 *p = (u8 *)b + b->offset_to_first_pkt;
		for (u32 i = 0; i < b->num_pkts && want_more(); i++) {
			struct k_tpacket3_hdr *h = (void *)p;
			const struct k_sockaddr_ll *sll = (const void *)(p + 48); /* TPACKET_ALIGN(sizeof hdr) */
			frame(sll, p + h->tp_mac, h->tp_snaplen, h->tp_len, (u64)h->tp_sec * 1000000000u + h->tp_nsec,
			      (h->tp_status & TP_STATUS_VLAN_VALID) != 0, (u16)h->tp_vlan_tci);
			p += h->tp_next_offset;
		}
		__atomic_store_n(&b->block_status, TP_STATUS_KERNEL, __ATOMIC_RELEASE);
		ring_cur = (ring_cur + 1) % ring_blocks;
	}
}

enum { BATCH = 32, SNAP = 65536 + 4 };
static int aux_on;
static void drain_socket(void)
{
	static u8 bufs[BATCH][SNAP];
	static struct k_sockaddr_ll names[BATCH];
	static u32 ctl[BATCH][16];
	static struct k_iovec iov[BATCH];
	static struct k_mmsghdr m[BATCH];
	for (int rounds = 0; rounds < 8 && want_more(); rounds++) {
		for (int i = 0; i < BATCH; i++) {
			iov[i].base = bufs[i]; iov[i].len = SNAP;
			m[i].hdr = (struct k_msghdr){ &names[i], sizeof names[i], &iov[i], 1, ctl[i], sizeof ctl[i], 0x20 /* MSG_TRUNC */ };
		}
		long n = sys_recvmmsg(sock, m, BATCH, MSG_DONTWAIT | 0x20);
		if (n == -EAGAIN || n == -EINTR) return;
		if (n < 0) die("recvmmsg", 0, (int)n);
		u64 fallback_ts = 0;
		for (long i = 0; i < n && want_more(); i++) {
			u64 ts = 0; int vlan_ok = 0; u16 tci = 0;
			u32 wire = m[i].len, cap = wire < SNAP ? wire : SNAP;
			u8 *cp = (u8 *)ctl[i], *end = cp + m[i].hdr.controllen;
			while (cp + sizeof(struct k_cmsghdr) <= end) {
				struct k_cmsghdr *ch = (void *)cp;
				if (ch->len < sizeof *ch || cp + ch->len > end) break;
				if (ch->level == SOL_SOCKET && ch->type == SO_TIMESTAMP && ch->len >= 20) {
					struct k_timeval32 tv; memcpy(&tv, cp + 12, 8);
					ts = (u64)(u32)tv.tv_sec * 1000000000u + (u64)tv.tv_usec * 1000;
				} else if (ch->level == SOL_PACKET && ch->type == PACKET_AUXDATA && ch->len >= 32) {
					struct k_tpacket_auxdata a; memcpy(&a, cp + 12, 20);
					if (a.tp_status & TP_STATUS_VLAN_VALID) { vlan_ok = 1; tci = a.tp_vlan_tci; }
					if (a.tp_len) wire = a.tp_len;
				}
				cp += (ch->len + 3) & ~3u;
			}
			if (!ts) ts = fallback_ts ? fallback_ts : (fallback_ts = now_ns(CLOCK_REALTIME));
			frame(&names[i], bufs[i], cap, wire, ts, vlan_ok, tci);
		}
		if (n < BATCH) return;
	}
}

static void key(u8 c)
{
	static u8 esc;
	if (esc == 1) { esc = c == '[' ? 2 : 0; return; }
	if (esc == 2) { esc = 0; c = c == 'A' ? 'k' : c == 'B' ? 'j' : 0; }
	switch (c) {
	case 27: esc = 1; break;
	case 'q': case 'Q': stopping_now = 1; break;
	case 'p': case ' ': paused = !paused; break;
	case 's': sort_by = (sort_by + 1) % 3; scroll = 0; break;
	case 'r': reverse = !reverse; break;
	case 'j': scroll++; break;
	case 'k': if (scroll) scroll--; break;
	case 'g': scroll = 0; break;
	}
}

/* the program the kernel runs: on lo every frame comes twice (outgoing
   and incoming), so a prefix drops the outgoing copy before it is even
   copied; without -i, frames that are not Ethernet or loopback cannot be
   read with an Ethernet filter and are dropped. Then the user's program. */
static int filter_ok, lo_dedupe;
static void attach_filter(int ifindex)
{
	static bpf_insn p[BPF_MAXINSNS];
	int n = 0;
	if (lo_dedupe) {
		p[n++] = (bpf_insn){ BPF_LD | BPF_W | BPF_ABS, 0, 0, (u32)(SKF_AD_OFF + SKF_AD_IFINDEX) };
		p[n++] = (bpf_insn){ BPF_JMP | BPF_JEQ | BPF_K, 0, 3, (u32)lo_index };
		p[n++] = (bpf_insn){ BPF_LD | BPF_W | BPF_ABS, 0, 0, (u32)(SKF_AD_OFF + SKF_AD_PKTTYPE) };
		p[n++] = (bpf_insn){ BPF_JMP | BPF_JEQ | BPF_K, 0, 1, PACKET_OUTGOING };
		p[n++] = (bpf_insn){ BPF_RET | BPF_K, 0, 0, 0 };
	}
	if (has_filter && !ifindex) {
		p[n++] = (bpf_insn){ BPF_LD | BPF_W | BPF_ABS, 0, 0, (u32)(SKF_AD_OFF + SKF_AD_HATYPE) };
		p[n++] = (bpf_insn){ BPF_JMP | BPF_JEQ | BPF_K, 2, 0, ARPHRD_ETHER };
		p[n++] = (bpf_insn){ BPF_JMP | BPF_JEQ | BPF_K, 1, 0, ARPHRD_LOOPBACK };
		p[n++] = (bpf_insn){ BPF_RET | BPF_K, 0, 0, 0 };
	}
	if (has_filter) { memcpy(p + n, prog, (size_t)nprog * sizeof *p); n += nprog; }
	else p[n++] = (bpf_insn){ BPF_RET | BPF_K, 0, 0, opt.snaplen };
	if (bpf_check(p, n, 1)) die("filter", "internal error: the program fails validation", -EINVAL);
	if (!filter_ok) {
		if (lo_dedupe) note("SO_ATTACH_FILTER: loopback duplicates are dropped in user space", -ENOPROTOOPT);
		return;
	}
	/* empty the queue of what came before: it was rejected anyway, but a
	   frame queued between socket() and the first filter must not count */
	for (;;) {
		static u8 junk[64];
		struct k_iovec iov = { junk, sizeof junk };
		struct k_mmsghdr m = { { 0, 0, &iov, 1, 0, 0, 0 }, 0 };
		if (sys_recvmmsg(sock, &m, 1, MSG_DONTWAIT) <= 0) break;
	}
	struct k_sock_fprog fp = { (u16)n, p };
	long e = sys_setsockopt(sock, SOL_SOCKET, SO_ATTACH_FILTER, &fp, sizeof fp);
	if (e) die("SO_ATTACH_FILTER", 0, (int)e);
	int one = 1;
	e = sys_setsockopt(sock, SOL_SOCKET, SO_LOCK_FILTER, &one, sizeof one);
	if (e) note("SO_LOCK_FILTER: the filter is not locked", e);
}

static int live(void)
{
	long e = sys_socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);   /* protocol 0: nothing queued yet */
	if (e == -EPERM || e == -EACCES) {
		pk_msg("capturing needs CAP_NET_RAW (run as root, or setcap cap_net_raw+ep on netmoon)", pk_strerror((int)e, (char[24]){0}), 0);
		return -1;
	}
	if (e < 0) die("socket(AF_PACKET)", 0, (int)e);
	sock = (int)e;
	struct k_ifreq ifr;
	int ifindex = 0, hatype = -1;
	memset(&ifr, 0, sizeof ifr); memcpy(ifr.name, "lo", 3);
	if (sys_ioctl(sock, SIOCGIFINDEX, &ifr) == 0) lo_index = ifr.u.ifindex;
	if (opt.iface) {
		size_t l = strlen(opt.iface);
		if (l >= 16) die(opt.iface, 0, -ENODEV);
		memset(&ifr, 0, sizeof ifr); memcpy(ifr.name, opt.iface, l);
		e = sys_ioctl(sock, SIOCGIFINDEX, &ifr);
		if (e) die(opt.iface, 0, (int)e);
		ifindex = ifr.u.ifindex;
		if (sys_ioctl(sock, SIOCGIFHWADDR, &ifr) == 0) hatype = ifr.u.hwaddr.family;
	}
	/* nothing unfiltered may slip through: reject everything until the
	   real program is in place (attach_filter, after bind) */
	static const bpf_insn reject_all[1] = { { BPF_RET | BPF_K, 0, 0, 0 } };
	struct k_sock_fprog none = { 1, reject_all };
	filter_ok = sys_setsockopt(sock, SOL_SOCKET, SO_ATTACH_FILTER, &none, sizeof none) == 0;
	if (!filter_ok && has_filter) die("SO_ATTACH_FILTER", "cannot filter in the kernel", -ENOPROTOOPT);
	lo_dedupe = lo_index > 0 && (!ifindex || ifindex == lo_index);
	if (has_filter) compile(ifindex ? (u32)linktype_of((u16)hatype) : LT_ETHERNET, 1);
	/* the TPACKET_V3 ring: 16 blocks of 256 KiB, retired every 50 ms */
	int ver = TPACKET_V3;
	e = sys_setsockopt(sock, SOL_PACKET, PACKET_VERSION, &ver, sizeof ver);
	if (!e) {
		struct k_tpacket_req3 req = { 1 << 18, 16, 2048, (1 << 18) / 2048 * 16, 50, 0, 0 };
		e = sys_setsockopt(sock, SOL_PACKET, PACKET_RX_RING, &req, sizeof req);
		if (!e) {
			long m = sys_mmap(0, (size_t)req.tp_block_size * req.tp_block_nr, PROT_READ | PROT_WRITE, 1 /* MAP_SHARED */, sock, 0);
			if (m < 0 && m > -4096) e = m;
			else { ring = (u8 *)m; ring_blocks = req.tp_block_nr; ring_bsize = req.tp_block_size; ring_on = 1; }
		}
	}
	if (!ring_on) {
		note("no TPACKET_V3 ring, reading with recvmmsg instead", e);
		int one = 1;
		e = sys_setsockopt(sock, SOL_PACKET, PACKET_AUXDATA, &one, sizeof one);
		if (e) note("PACKET_AUXDATA: VLAN tags stripped by the kernel cannot be recovered", e);
		else aux_on = 1;
		sys_setsockopt(sock, SOL_SOCKET, SO_TIMESTAMP, &one, sizeof one);
		int rcv = 8 << 20;
		if (sys_setsockopt(sock, SOL_SOCKET, SO_RCVBUFFORCE, &rcv, sizeof rcv))
			sys_setsockopt(sock, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof rcv);
	}
	if (opt.promisc && ifindex) {
		struct k_packet_mreq mr = { ifindex, PACKET_MR_PROMISC, 0, { 0 } };
		e = sys_setsockopt(sock, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr, sizeof mr);
		if (e) note("PACKET_ADD_MEMBERSHIP: promiscuous mode not enabled", e);
	}
	if (opt.wfile) wopen(!ifindex ? LT_LINUX_SLL : (u32)linktype_of((u16)hatype));
	struct k_sockaddr_ll sa = { AF_PACKET, (u16)(ETH_P_ALL << 8), ifindex, 0, 0, 0, { 0 } };
	e = sys_bind(sock, &sa, sizeof sa);
	if (e) die(opt.iface ? opt.iface : "bind", 0, (int)e);
	attach_filter(ifindex);

	unsigned long mask[2] = { 1ul << (SIGINT - 1) | 1ul << (SIGTERM - 1) | 1ul << (SIGHUP - 1)
				  | 1ul << (SIGQUIT - 1) | 1ul << (SIGWINCH - 1), 0 };
	sys_sigprocmask(SIG_BLOCK, mask, 0);
	e = sys_signalfd(-1, mask, O_CLOEXEC | O_NONBLOCK);
	if (e < 0) die("signalfd", 0, (int)e);
	sigfd = (int)e;

	struct k_termios tio;
	tty_out = !opt.batch && !opt.json && !opt.count_only && sys_ioctl(1, TCGETS, &tio) == 0;
	if (tty_out) {
		winsize();
		if (sys_ioctl(0, TCGETS, &saved_tio) == 0) {
			tio = saved_tio;
			tio.c_lflag &= ~(u32)(ICANON | ECHO);
			tio.c_cc[VMIN] = 1; tio.c_cc[VTIME] = 0;
			if (sys_ioctl(0, TCSETS, &tio) == 0) { raw_on = tty_in = 1; }
		}
		write_all(1, "\033[?1049h\033[?25l\033[H\033[2J", 21);
		alt_on = 1;
	}

	sandbox();
	u64 start = now_ns(CLOCK_MONOTONIC), next = start + opt.interval;
	while (!stopping_now && want_more()) {
		u64 now = now_ns(CLOCK_MONOTONIC);
		if (opt.duration && now - start >= opt.duration) break;
		if (now >= next) {
			stats();
			pps = (T.pkts - last_pkts) * 1000000000ull / opt.interval;
			bps = (T.bytes - last_bytes) * 1000000000ull / opt.interval;
			last_pkts = T.pkts; last_bytes = T.bytes;
			table_expire(&T, now_ns(CLOCK_REALTIME), 4096); /* bounded: a refresh never stalls */
			if (tty_out) { table_tick(&T, opt.interval); if (!paused) draw(); }
			else if ((!opt.json || opt.interval_set) && !opt.count_only) tick(now);
			out_flush(O);
			next += opt.interval;
			if (next <= now) next = now + opt.interval;
			continue;
		}
		s64 wait = (s64)(next - now);
		if (opt.duration && start + opt.duration - now < (u64)wait) wait = (s64)(start + opt.duration - now);
		struct k_pollfd pf[3] = { { sock, POLLIN, 0 }, { sigfd, POLLIN, 0 }, { 0, POLLIN, 0 } };
		e = sys_ppoll(pf, tty_in ? 3 : 2, wait);
		if (e == -EINTR) continue;
		if (e < 0) die("ppoll", 0, (int)e);
		if (pf[0].revents & POLLIN) { if (ring_on) drain_ring(); else drain_socket(); }
		if (pf[0].revents & POLLERR) die("capture socket", 0, -ENETDOWN);
		if (pf[1].revents & POLLIN) {
			struct k_signalfd_siginfo si;
			while (sys_read(sigfd, &si, sizeof si) == (long)sizeof si) {
				if (si.ssi_signo == SIGWINCH) { winsize(); if (tty_out) draw(); }
				else stopping_now = 1;
			}
		}
		if (tty_in && (pf[2].revents & POLLIN)) {
			u8 k[16];
			long n = sys_read(0, k, sizeof k);
			for (long i = 0; i < n; i++) key(k[i]);
			if (n > 0 && tty_out && !stopping_now) draw();
		}
		if (ring_on && !want_more()) break;
		if (O->len > O->cap / 2) out_flush(O);
	}
	stats();
	restore_tty();
	if (stats_ok && drops) { out_flush(O); pk_msg("note", "the kernel dropped packets", 0); }
	return 0;
}

int main(int argc, char **argv)
{
	enum { O_JSON = 0x200, O_DURATION, O_COUNT, O_NOSANDBOX, O_SELFTEST };
	static const struct longopt lo[] = { { "json", 0, O_JSON }, { "duration", 1, O_DURATION }, { "count", 0, O_COUNT },
		{ "no-sandbox", 0, O_NOSANDBOX }, { "sandbox-selftest", 0, O_SELFTEST },
		{ "help", 0, OPT_HELP }, { "version", 0, OPT_VERSION }, { 0, 0, 0 } };
	struct opt o;
	int c;
	u64 v;
	opt_init(&o, argc, argv, "i:pr:w:s:c:bI:e:m:dZ:", lo);
	while ((c = opt_get(&o)) != -1) {
		const char *bad = 0;
		switch (c) {
		case OPT_HELP: out_str(O, help); return 0;
		case OPT_VERSION: out_str(O, "netmoon (peachykeen32) 0.1\n"); return 0;
		case 'i': opt.iface = o.arg; break;
		case 'p': opt.promisc = 0; break;
		case 'r': opt.rfile = o.arg; break;
		case 'w': opt.wfile = o.arg; break;
		case 'b': opt.batch = 1; break;
		case 'd': opt.dump = 1; break;
		case O_COUNT: opt.count_only = 1; break;
		case O_NOSANDBOX: opt.no_sandbox = 1; break;
		case O_SELFTEST: opt.selftest = 1; break;
		case 'Z': opt.user = o.arg; if (pk_user_ids(o.arg, &z_uid, &z_gid)) bad = "unknown user"; break;
		case O_JSON: opt.json = 1; break;
		case 's':
			if (num_arg(o.arg, &v) || v > PCAP_MAX_CAPLEN) bad = "invalid snapshot length";
			else opt.snaplen = v ? (u32)v : PCAP_MAX_CAPLEN;
			break;
		case 'c': if (num_arg(o.arg, &opt.count) || !opt.count) bad = "invalid packet count"; break;
		case 'm': if (num_arg(o.arg, &v) || !v || v > 16777216) bad = "invalid number of entries"; else opt.max = (u32)v; break;
		case O_DURATION: if (sec_arg(o.arg, &opt.duration) || !opt.duration) bad = "invalid duration"; break;
		case 'I': if (sec_arg(o.arg, &opt.interval) || opt.interval < 10000000) bad = "invalid interval"; else opt.interval_set = 1; break;
		case 'e': if (sec_arg(o.arg, &opt.idle)) bad = "invalid idle timeout"; break;
		default: return opt_fail(&o, c, 1);
		}
		if (bad) {
			char w[64];
			size_t a = strlen(bad);
			memcpy(w, bad, a); w[a] = ' '; w[a + 1] = 0;
			pk_msg_arg(w, o.arg, 0, 0);
			return pk_try(1);
		}
	}
	for (int i = 0; i < o.nop; i++) {         /* the operands, joined by spaces, as tcpdump does */
		size_t n = strlen(o.av[i]), at = strlen(fsrc);
		if (at + n + 2 > sizeof fsrc) { pk_msg("filter", "the expression is too long", 0); return 1; }
		if (i) fsrc[at++] = ' ';
		memcpy(fsrc + at, o.av[i], n + 1);
		has_filter = 1;
	}
	if (opt.dump && !opt.rfile) {             /* what -i would attach */
		compile(LT_ETHERNET, 1);
		dump_prog();
		return 0;
	}
	if (opt.rfile && opt.iface) { pk_msg("-r and -i cannot be used together", 0, 0); return pk_try(1); }

	/* memory: the table and two index arrays for sorting, preallocated */
	size_t tb = table_bytes(opt.max), total = tb + (size_t)opt.max * 8;
	long mem = sys_mmap(0, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem < 0 && mem > -4096) die("cannot allocate the connection table", 0, (int)mem);
	order = (u32 *)(mem + tb); tmp = order + opt.max;
	T.end = on_end;
	u8 key[8] = { 0 };
	if (pk_random) memcpy(key, pk_random + 8, 8);
	table_init(&T, (void *)mem, opt.max, key, opt.idle);

	int status = opt.rfile ? read_file() : live();
	if (status < 0) return 1;               /* nothing was read: no table */
	if (opt.dump) return status;
	finish();
	return status | finish_status;
}
