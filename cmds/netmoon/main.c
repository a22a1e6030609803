/* netmoon - a live TCP connection monitor on AF_PACKET, or a pcap reader.
 *
 * capture (capture.c: TPACKET_V3 ring, recvmmsg fallback; offline.c: a
 * pcap file) -> decode (decode.c) -> connection table (track.c)
 *   -> view (view.c: live terminal table, batch text) or export (export.c:
 *      a JSON flow log).
 * One thread, one ppoll loop over the socket, the terminal and a signalfd;
 * the kernel's ring is the buffer between capture and display. This file:
 * options, the wiring between the stages, the live loop and the end. */
#include "rt.h"
#include "sys.h"
#include "opt.h"
#include "netmoon.h"

PK_CMD("netmoon");

static const char help[] =
	"Usage: netmoon [OPTION]... [FILTER EXPRESSION]\n"
	"Show every TCP connection and UDP, ICMP and other IP flow crossing the\n"
	"network interfaces, live.\n"
	"A filter expression in tcpdump's language (pcap-filter) selects packets;\n"
	"it is compiled to BPF and runs in the kernel, or over the -r file.\n\n"
	"  -i IFACE          capture on IFACE (several -i: each; none or 'any': all)\n"
	"  -D                list the interfaces and exit\n"
	"  -p                do not put the interface into promiscuous mode\n"
#if NM_FILES
	"  -r FILE           read a pcap or pcapng file, not the network ('-': stdin)\n"
	"  -w FILE           also write what was captured or read to a pcap FILE\n"
	"  -s SNAPLEN        bytes of each packet to keep in -w files (default 262144;\n"
	"                    with -r, the file's own, as tcpdump)\n"
#endif
	"  -c COUNT          stop after COUNT packets (that pass the filter)\n"
#if NM_FILES
	"  -d                print the compiled filter as tcpdump -d does, and exit\n"
#endif
	"      --count       print only how many packets pass the filter\n"
	"      --duration S  stop after S seconds\n"
	"  -b                batch: plain text tables instead of the full-screen view\n"
	"  -n                show servers' addresses, not their names (as tcpdump -n)\n"
#if NM_OWNERS
	"      --group host|process\n"
	"                    a row per server host or per process (as the keys h, o),\n"
	"                    in -b's tables too\n"
#endif
	"      --json        one JSON object per line: an \"end\" record per connection\n"
	"      --community-id-seed N\n"
	"                    the JSON's Community IDs' seed (0-65535, default 0)\n"
	"      --ipfix HOST[:PORT]\n"
	"                    export every flow as IPFIX over UDP to a collector (an\n"
	"                    address: 10.0.0.9, 10.0.0.9:2055, [2001:db8::9]:4739; port 4739)\n"
	"      --ipfix-domain N     the observation domain (default 0)\n"
	"      --active-timeout S   long flows: a record each way every S seconds (1800)\n"
	"      --ipfix-pen N  also the handshake RTT (us), as element 1 of YOUR Private\n"
	"                    Enterprise Number N (IANA assigns them; none is made up)\n"
	"  -I SECONDS        refresh interval (default 1); with -r or --json, print a\n"
	"                    table or \"update\" records every SECONDS of capture time\n"
	"  -e SECONDS        end connections idle this long (default 60; closed ones\n"
	"                    2 s after their last packet; 0: none ends before the end)\n"
	"  -E SECONDS        end UDP, ICMP and other flows idle this long (default 30,\n"
	"                    or 0 with -e 0: none ends before the end)\n"
	"  -m ENTRIES        most flows tracked at once (default 65536; TCP and the\n"
	"                    other flows each keep half of it when both need more)\n"
	"  -Z USER           once capturing, run as USER (name or number), no groups\n"
#if NM_OWNERS
	"      --no-proc     live: do not name the processes that own connections (no\n"
	"                    resolver process: it keeps CAP_SYS_PTRACE, CAP_DAC_READ_SEARCH)\n"
#endif
	"      --no-sandbox  keep the system-call filter off (for debugging)\n"
	"      --help        display this help and exit\n"
	"      --version     output version information and exit\n\n"
#if NM_OWNERS
	"Keys in the live view: q quit, p pause, s sort (rate, total, age, rtt, loss,\n"
	"name, process), r reverse the order, j/k or arrows scroll, w rates over 2, 10\n"
	"or 40 s, h a row per server host, o a row per process, n names or addresses,\n"
	"/ a filter of the rows (as the expression), ? keys.\n"
#else
	"Keys in the live view: q quit, p pause, s sort (rate, total, age, rtt, loss,\n"
	"name), r reverse the order, j/k or arrows scroll, w rates over 2, 10 or 40 s,\n"
	"h a row per server host, n names or addresses, / a filter of the rows (as\n"
	"the expression), ? keys.\n"
#endif
#if !NM_FILES
	"This is the initramfs's netmoon: it captures live, without filter\n"
	"expressions (and the view's /) and without process names; they, -r, -w,\n"
	"-s and -d are in the netmoon built on its own (build/bin/netmoon).\n"
#endif
	"Capturing needs CAP_NET_RAW. The JSON format is described in the README.\n";

struct netmoon nm;

/* ---- messages ---- */
__attribute__((noreturn)) void nm_die(const char *a, const char *b, int e)
{
	char t[24];
	view_tty_restore();
	out_flush(&pk_out);
	pk_msg(a, b ? b : pk_strerror(e, t), b ? pk_strerror(e, t) : 0);
	sys_exit_group(1);
}

void nm_note(const char *what, long e)
{
	char t[24];
	pk_msg("note", what, pk_strerror((int)e, t));
}

/* ---- the filter ---- */
/* nm.fsrc compiled for frames of linktype into nm.prog: its length, or -1
   with what is wrong in m (the live view's filter comes this way too) */
int nm_filter(u32 linktype, int live, char *m)
{
	if (!NM_FILTERS) {
		static const char no[] = "filter expressions are not in the initramfs's netmoon";
		memcpy(m, no, sizeof no);
		return -1;
	}
	struct filter_err e;
	nm.nprog = filter_compile(nm.fsrc, linktype, live, nm.opt.snaplen, nm.prog, BPF_MAXINSNS - 8, &e);
	if (nm.nprog >= 0) return nm.nprog;
	size_t n = strlen(e.msg);
	memcpy(m, e.msg, n);
	if (e.col) { memcpy(m + n, " at column ", 11); n += 11; n += (size_t)fmt_u32(m + n, (u32)e.col); }
	if (!filter_linktype_ok(linktype)) {
		memcpy(m + n, " (", 2); n += 2;
		n += (size_t)fmt_u32(m + n, linktype);
		memcpy(m + n, "); filters work on Ethernet, Linux cooked, raw IP, Cisco HDLC, 802.11 and ARCNET", 80); n += 80;
	}
	m[n] = 0;
	return -1;
}
void nm_compile(u32 linktype, int live)
{
	char m[160];
	if (nm_filter(linktype, live, m) >= 0) return;
	pk_msg("filter", m, 0);
	sys_exit_group(1);
}

static __attribute__((unused)) void dump_prog(void)
{
	char b[96];
	for (int i = 0; i < nm.nprog; i++) {
		int n = bpf_image(b, nm.prog, i);
		b[n++] = '\n';
		out_write(&pk_out, b, (size_t)n);
	}
}

/* every connection that leaves the table: its "end" record */
static void on_end(void *ctx, const struct conn *c, int reason)
{
	(void)ctx;
	if (nm.col.on) collector_end(c, reason);
	if (!nm.opt.json) return;
	char b[JSON_MAX];
	struct own_json oj;
	const struct own_json *ow = owner_json((u32)(c - nm.table.c), &oj);
	out_write(&pk_out, b, (size_t)fmt_json(b, c, conn_names(&nm.table, c), ow, "end", reason,
					       capture_ifname((int)c->ifindex)));
}

/* ---- live: the loop ---- */
static int signals(void)
{
	unsigned long mask[2] = { 1ul << (SIGINT - 1) | 1ul << (SIGTERM - 1) | 1ul << (SIGHUP - 1)
				  | 1ul << (SIGQUIT - 1) | 1ul << (SIGWINCH - 1), 0 };
	sys_sigprocmask(SIG_BLOCK, mask, 0);
	long e = sys_signalfd(-1, mask, O_CLOEXEC | O_NONBLOCK);
	if (e < 0) nm_die("signalfd", 0, (int)e);
	return (int)e;
}

/* what came on the signalfd and the terminal */
static void on_signals(int sigfd)
{
	struct k_signalfd_siginfo si;
	while (sys_read(sigfd, &si, sizeof si) == (long)sizeof si) {
		if (si.ssi_signo == SIGWINCH) { view_winsize(); if (nm.view.tty_out) view_draw(); }
		else nm.stopping = 1;
	}
}
static void on_keys(void)
{
	u8 k[16];
	long n = sys_read(0, k, sizeof k);
	for (long i = 0; i < n; i++) view_key(k[i]);
	if (n > 0 && nm.view.tty_out && !nm.stopping) view_draw();
}

static int live(void)
{
	if (capture_open()) return -1;
	int sigfd = signals();
	view_tty_open();
	if (nm.own.on) owner_start();
	sandbox();
	u64 start = now_ns(CLOCK_MONOTONIC), next = start + nm.opt.interval, d = nm.opt.duration;
	while (!nm.stopping && nm_want_more()) {
		u64 now = now_ns(CLOCK_MONOTONIC);
		if (d && now - start >= d) break;
		if (now >= next) {
			capture_stats();
			owner_flush();                  /* questions the resolver had no room for */
			table_expire(&nm.table, now_ns(CLOCK_REALTIME), 4096); /* bounded: a refresh never stalls */
			view_refresh(now);
			out_flush(&pk_out);
			next += nm.opt.interval;
			if (next <= now) next = now + nm.opt.interval;
			continue;
		}
		s64 wait = (s64)(next - now);
		if (d && start + d - now < (u64)wait) wait = (s64)(start + d - now);
		struct k_pollfd pf[4] = { { nm.cap.sock, POLLIN, 0 }, { sigfd, POLLIN, 0 }, { nm.own.fd, POLLIN, 0 },
					  { 0, POLLIN, 0 } };
		long e = sys_ppoll(pf, nm.view.tty_in ? 4 : 3, wait);
		if (e == -EINTR) continue;
		if (e < 0) nm_die("ppoll", 0, (int)e);
		if (pf[0].revents & POLLIN) { capture_drain(); owner_flush(); }
		if (pf[0].revents & POLLERR) nm_die("capture socket", 0, -ENETDOWN);
		if (pf[1].revents & POLLIN) on_signals(sigfd);
		if (pf[2].revents) owner_read();       /* an answer, or the resolver gone */
		if (nm.view.tty_in && (pf[3].revents & POLLIN)) on_keys();
		if (nm.cap.ring_on && !nm_want_more()) break;
		if (pk_out.len > pk_out.cap / 2) out_flush(&pk_out);
	}
	capture_stats();
	view_tty_restore();
	if (NM_OWNERS && nm.own.on) {
		owner_wait();
		char m[200];
		int n = fmt_u64(m, nm.own.asked);
		memcpy(m + n, " flows looked up, ", 18); n += 18;
		n += fmt_u64(m + n, nm.own.answered);
		memcpy(m + n, " answered, ", 11); n += 11;
		n += fmt_u32(m + n, nm.own.walks);
		memcpy(m + n, " walks of /proc", 16); n += 15;
		if (nm.own.unsent) {                /* the resolver fell behind: its socket was full */
			memcpy(m + n, ", ", 2); n += 2;
			n += fmt_u64(m + n, nm.own.unsent);
			memcpy(m + n, " not asked", 11); n += 10;
		}
		if (nm.own.answered) {
			const char *src = nm.own.diag ? " (sockets from sock_diag)" : " (sockets from /proc/net)";
			memcpy(m + n, src, strlen(src) + 1);
		}
		out_flush(&pk_out);
		pk_msg("process names", m, 0);
	}
	if (!nm.cap.stats_off) {            /* the kernel's counts, as tcpdump ends */
		char m[80];
		int n = fmt_u64(m, nm.cap.received);
		memcpy(m + n, " packets received by filter, ", 29); n += 29;
		n += fmt_u64(m + n, nm.cap.drops);
		memcpy(m + n, " dropped by kernel", 19);
		out_flush(&pk_out);
		pk_msg(m, 0, 0);
	}
	return 0;
}

/* ---- the end ---- */
static void finish(void)
{
	struct table *t = &nm.table;
	if (nm.opt.count_only) {
		out_u64(&pk_out, nm.npkts);
		out_str(&pk_out, nm.npkts == 1 ? " packet\n" : " packets\n");
	} else if (!nm.opt.json) {
		if (nm.opt.rfile && !nm.opt.interval_set)  /* a file: the average over each connection's life */
			for (u32 i = table_first(t); i != NONE; i = table_next(t, i)) {
				struct conn *c = &t->c[i];
				u64 us = (c->last - c->first) / 1000;
				for (int k = 0; k < 2; k++) {
					u64 r = us ? c->d[k].bytes * 1000000 / us : 0;
					c->rate[k] = r > 0xffffffffu ? 0xffffffffu : (u32)r;
				}
			}
		else table_tick(t, nm.opt.interval);
		view_batch();
	}
	table_flush(t);
	if (nm.w.fd >= 0 && out_flush(&nm.w)) { pk_err(nm.opt.wfile, nm.w.err); nm.status = 1; }
}

/* ---- options ---- */
enum { O_JSON = 0x200, O_DURATION, O_COUNT, O_NOSANDBOX, O_SELFTEST, O_IPFIX, O_DOMAIN, O_ACTIVE, O_CIDSEED, O_PEN,
	O_NOPROC, O_GROUP };
static const struct longopt longopts[] = { { "json", 0, O_JSON }, { "duration", 1, O_DURATION },
	{ "ipfix", 1, O_IPFIX }, { "ipfix-domain", 1, O_DOMAIN }, { "active-timeout", 1, O_ACTIVE }, { "ipfix-pen", 1, O_PEN },
	{ "count", 0, O_COUNT }, { "no-sandbox", 0, O_NOSANDBOX }, { "sandbox-selftest", 0, O_SELFTEST },
	{ "community-id-seed", 1, O_CIDSEED }, { "no-proc", 0, O_NOPROC },
#if NM_OWNERS                           /* the initramfs's -b is a probe's log, by connection */
	{ "group", 1, O_GROUP },
#endif
	{ "help", 0, OPT_HELP }, { "version", 0, OPT_VERSION }, { 0, 0, 0 } };

/* one option with its argument: 0, or what is wrong with the argument */
static const char *option(int c, const char *arg)
{
	struct options *o = &nm.opt;
	u64 v;
	switch (c) {
	case 'i':
		if (!strcmp(arg, "any")) o->any = 1;
		else if (o->niface == IF_MAX) return "more than 16 interfaces:";
		else o->iface[o->niface++] = arg;
		break;
	case 'D': o->list = 1; break;
	case 'p': o->promisc = 0; break;
	case 'r': o->rfile = arg; break;
	case 'w': o->wfile = arg; break;
	case 'b': o->batch = 1; break;
	case 'n': o->numeric = 1; break;
	case 'd': o->dump = 1; break;
	case O_COUNT: o->count_only = 1; break;
	case O_NOSANDBOX: o->no_sandbox = 1; break;
	case O_NOPROC: o->no_proc = 1; break;
#if NM_OWNERS
	case O_GROUP:
		if (!strcmp(arg, "host")) o->group = GROUP_HOST;
		else if (!strcmp(arg, "process")) o->group = GROUP_PROC;
		else return "invalid grouping (host or process):";
		break;
#endif
	case O_SELFTEST: o->selftest = 1; break;
	case O_JSON: o->json = 1; break;
	case O_IPFIX: return collector_parse(arg);
	case O_DOMAIN: if (opt_num(arg, &v) || v > 0xffffffffu) return "invalid observation domain"; o->domain = (u32)v; break;
	case O_ACTIVE: if (opt_seconds(arg, &o->active) || !o->active) return "invalid active timeout"; break;
	case O_PEN: if (opt_num(arg, &v) || !v || v > 0xffffffffu) return "invalid enterprise number"; nm.ipfix.pen = (u32)v; break;
	case O_CIDSEED:
		if (opt_num(arg, &v) || v > 65535) return "invalid Community ID seed";
		json_cid_seed = (u16)v;
		break;
	case 'Z': o->user = arg; if (pk_user_ids(arg, &o->uid, &o->gid)) return "unknown user"; break;
	case 's':
		if (opt_num(arg, &v) || v > PCAP_MAX_CAPLEN) return "invalid snapshot length";
		o->snaplen = v ? (u32)v : PCAP_MAX_CAPLEN;
		o->snaplen_set = 1;
		break;
	case 'c': if (opt_num(arg, &o->count) || !o->count) return "invalid packet count"; break;
	case 'm':
		if (opt_num(arg, &v) || !v || v > 16777216) return "invalid number of entries";
		o->max = (u32)v;
		break;
	case O_DURATION:
		if (opt_seconds(arg, &o->duration) || !o->duration) return "invalid duration";
		break;
	case 'I':
		if (opt_seconds(arg, &o->interval) || o->interval < 10000000) return "invalid interval";
		o->interval_set = 1;
		break;
	case 'e': if (opt_seconds(arg, &o->idle)) return "invalid idle timeout"; break;
	case 'E':
		if (opt_seconds(arg, &o->dgram_idle)) return "invalid idle timeout";
		o->dgram_idle_set = 1;
		break;
	}
	return 0;
}

/* the operands, joined by spaces, as tcpdump does */
static int join_filter(char **av, int n)
{
	size_t at = 0;
	for (int i = 0; i < n; i++) {
		size_t len = strlen(av[i]);
		if (at + len + 2 > sizeof nm.fsrc) {
			pk_msg("filter", "the expression is too long", 0);
			return -1;
		}
		if (i) nm.fsrc[at++] = ' ';
		memcpy(nm.fsrc + at, av[i], len + 1);
		at += len;
		nm.has_filter = 1;
	}
	return 0;
}

/* memory: the table, and for the view a sort key and two index arrays
   per entry, preallocated */
static void allocate(void)
{
	/* process attribution: live, not --no-proc, not --count */
	nm.own.on = NM_OWNERS && !nm.opt.rfile && !nm.opt.no_proc && !nm.opt.count_only;
	nm.own.fd = -1;
	size_t tb = (table_bytes(nm.opt.max) + 7) & ~(size_t)7, total = tb + (size_t)nm.opt.max * 16;
	size_t ob = nm.own.on ? (size_t)nm.opt.max * sizeof nm.own.e[0] : 0;
	long mem = sys_mmap(0, total + ob, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mmap_error(mem)) nm_die("cannot allocate the connection table", 0, mmap_error(mem));
	nm.view.key = (u64 *)(mem + tb);
	nm.view.order = (u32 *)(nm.view.key + nm.opt.max); nm.view.tmp = nm.view.order + nm.opt.max;
	nm.table.end = on_end;
	if (nm.own.on) { nm.own.e = (struct own_end (*)[2])(void *)(mem + total); nm.table.born = owner_new; }
	u8 key[8] = { 0 };
	if (pk_random) memcpy(key, pk_random + 8, 8);
	u64 dg = nm.opt.dgram_idle_set ? nm.opt.dgram_idle : nm.opt.idle ? DGRAM_IDLE_NS : 0;
	table_init(&nm.table, (void *)mem, nm.opt.max, key, nm.opt.idle, dg);
}

int main(int argc, char **argv)
{
	static const struct options defaults = { .interval = 1000000000ull, .idle = 60000000000ull,
		.active = 1800000000000ull,
		.snaplen = PCAP_MAX_CAPLEN, .max = 65536, .promisc = 1 };
	struct opt o;
	int c;
	nm.opt = defaults;
	nm.w.fd = -1;
	opt_init(&o, argc, argv, "i:pr:w:s:c:bnI:e:E:m:dZ:D", longopts);
	while ((c = opt_get(&o)) != -1) {
		if (opt_std(c, help)) return 0;
		if (c < -1) return opt_fail(&o, c, 1);
		if (!NM_FILES && (c == 'r' || c == 'w' || c == 's' || c == 'd')) {
			pk_msg("-r, -w, -s and -d are not in the initramfs's netmoon: it captures live", 0, 0);
			return pk_try(1);
		}
		const char *bad = option(c, o.arg);
		if (bad) {
			char w[64];
			size_t a = strlen(bad);
			memcpy(w, bad, a); w[a] = ' '; w[a + 1] = 0;
			pk_msg_arg(w, o.arg, 0, 0);
			return pk_try(1);
		}
	}
	nm.view.names = !nm.opt.numeric;
	if (nm.opt.list) return capture_list();
	if (join_filter(o.av, o.nop)) return 1;
	if (!NM_FILTERS && nm.has_filter) {
		pk_msg("filter expressions are not in the initramfs's netmoon: it captures everything", 0, 0);
		return pk_try(1);
	}
	if (NM_FILES && nm.opt.dump && !nm.opt.rfile) {      /* what -i would attach */
		nm_compile(LT_ETHERNET, 1);
		dump_prog();
		return 0;
	}
	if (nm.opt.rfile && (nm.opt.niface || nm.opt.any)) {
		pk_msg("-r and -i cannot be used together", 0, 0);
		return pk_try(1);
	}
	if (nm.opt.batch && nm.opt.json) {      /* two outputs on one stdout: say so */
		pk_msg("-b and --json cannot be used together", 0, 0);
		return pk_try(1);
	}
	if (nm.opt.any) nm.opt.niface = 0;      /* every interface */
	allocate();
	if (NM_OWNERS && nm.opt.group == GROUP_PROC && !nm.own.on) {    /* no processes to group by */
		pk_msg("--group process needs process names: a live capture without --no-proc", 0, 0);
		return pk_try(1);
	}
	if (NM_OWNERS) nm.view.group = nm.opt.group;
	if (nm.col.on && collector_open()) return 1;
	int status = NM_FILES && nm.opt.rfile ? offline_read() : live();
	if (status < 0) return 1;               /* nothing was read: no table */
	if (NM_FILES && nm.opt.dump) { dump_prog(); return status; }
	finish();
	if (nm.col.on) collector_close();
	return status | nm.status;
}
