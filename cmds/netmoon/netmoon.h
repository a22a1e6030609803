/* netmoon.h - netmoon's shell: its state, in one struct (nm), and the
 * stages that talk to the kernel, along the data's path:
 *   capture.c  AF_PACKET: the TPACKET_V3 ring or recvmmsg, the filter
 *              attached in the kernel, drop statistics
 *   offline.c  pcap files: -r reads one, -w writes what is seen
 *   view.c     the live screen, the batch tables, "update" records
 *   sandbox.c  least privilege: -Z, capabilities, seccomp
 *   main.c     options, the wiring, the live loop, the end
 * The pure stages (decode, track, export, pcap framing, the filter
 * compiler) are declared in net.h and filter.h. */
#ifndef PK_NETMOON_H
#define PK_NETMOON_H
#include "net.h"
#include "filter.h"

/* the initramfs's netmoon (Makefile: -DNM_LIVE_ONLY) captures live: no
   files to read or write there, no filter listing (-r, -w, -s, -d), and no
   filter compiler (expressions, the view's /: 11 KiB of the xz'd 48), which
   keeps the initramfs under 48 KiB with room to grow (README, "Size") */
/* nor process attribution (the resolver: 5.5 KiB of the xz'd 48; the
   appliance's only processes are init and netmoon: a probe names other
   hosts' connections, not its own) */
#ifdef NM_LIVE_ONLY
#define NM_FILES 0
#define NM_FILTERS 0
#define NM_OWNERS 0
#else
#define NM_FILES 1
#define NM_FILTERS 1
#define NM_OWNERS 1
#endif

enum { IF_MAX = 16 };                 /* -i options */
struct options {
	const char *iface[IF_MAX], *rfile, *wfile, *user;
	u32 niface;                         /* 0: every interface (no -i, or -i any) */
	u64 count, duration, interval, idle, dgram_idle;  /* count: 0 = no limit; times in ns */
	u64 active;                         /* --active-timeout, ns */
	u32 domain;                         /* --ipfix-domain */
	u32 snaplen, max;
	u32 uid, gid;                       /* -Z USER, resolved */
	int batch, json, promisc, interval_set, dgram_idle_set, snaplen_set, dump, count_only, no_sandbox,
	    selftest, any, list, numeric, no_proc;
	int group;                          /* --group: the rows the view starts with (GROUP_*) */
};

/* the live capture (capture.c) */
enum { IFN_MAX = 64 };                  /* interface names remembered */
struct capture {
	int sock, lo_index;                 /* lo_index 0: no lo */
	int ring_on, filter_ok, lo_dedupe, stats_off;
	int dedupe;                         /* several interfaces: copies of a packet dropped */
	int last_if;                        /* the interface of the last frame */
	u32 nseen;                          /* interfaces seen (names[nseen % IFN_MAX] is the next) */
	struct k_ifreq names[IFN_MAX];      /* SIOCGIFNAME's answers: name, u.ifindex */
	u8 *ring;
	u32 ring_blocks, ring_bsize, ring_cur;
	u64 drops, received;                /* counted by the kernel (PACKET_STATISTICS) */
};

/* the screen and the tables (view.c) */
/* SORT_PROC: only with process names (nm.own.on); s skips it otherwise */
enum { SORT_RATE, SORT_TOTAL, SORT_AGE, SORT_RTT, SORT_LOSS, SORT_NAME, SORT_PROC, SORT_N };
enum { GROUP_NONE, GROUP_HOST, GROUP_PROC };   /* a row per connection, per server host (h), per process (o) */
struct view {
	int sort_by, reverse, paused, scroll, help;
	int win, group, grouping, prompt;   /* rate window (WIN_*); the rows' GROUP_*; sorting into groups; typing a filter */
	int tty_in, tty_out, raw_on, alt_on, esc;   /* esc: where in a key's escape sequence */
	int utf8;                           /* the locale's: arrows and bar blocks, else ASCII */
	int names, ncap;                    /* servers' names shown (n, not -n); the cells a name may take */
	int owned;                          /* a row of a known process was seen: PROCESS is shown from then on */
	u8 esc_num;                         /* the number in ESC [ N ~ */
	u16 rows, cols;
	u32 *order, *tmp;                   /* connection indexes, for sorting */
	u64 *key;                           /* each connection's sort key (by index) */
	u32 members;                        /* rows grouped: the connections in order */
	int nfprog, plen;                   /* the display filter (0: none); what is typed (in nm.fsrc) */
	u64 last_pkts, last_bytes, pps, bps;
	struct k_termios saved_tio;
	struct out line;                    /* one screen line, clipped when copied out */
};

/* --ipfix's collector (collector.c) */
struct collector {
	int on, fd, v6, said;
	u16 port;
	u8 addr[16];
	u64 msgs, lost;                     /* messages written, lost */
	u64 sweep, period;                  /* the last active-timeout walk (capture time), how often */
};

/* process attribution (resolver.c): the resolver's socket and, per
   entry, the owners of its two ends; the cgroup paths answered (cg[0]
   unused: none) */
enum { CG_SLOTS = 256 };
struct owners {
	int on, fd, pid;                    /* on: attribution (live, no --no-proc); fd -1: no resolver */
	struct own_end (*e)[2];             /* per entry: the client's end, the server's */
	u64 asked, answered, unsent;        /* questions asked, answers taken, not sent (the socket full) */
	u32 walks;                          /* the resolver's walks of /proc, as it last said */
	int diag;                           /* its sockets from sock_diag (0: /proc/net) */
	u32 ncg, cgfull;                    /* paths kept; not kept (the table full) */
	char cg[CG_SLOTS][CGROUP_MAX];
};

enum { SWEEP_NS = 1000000, ACTIVE_SWEEP_NS = 1000000000 };
struct netmoon {
	struct options opt;
	struct table table;
	struct capture cap;
	struct view view;
	struct out w;                       /* -w: the pcap being written */
	u32 wlinktype, wsnap, wlinkext;     /* -w: its link type, snapshot length, link type bits */
	u64 npkts, next_tick;               /* packets taken; the next -I tick (capture time) */
	u64 now;                            /* the latest packet's time (capture time) */
	u64 last_sweep;                     /* the last expiry sweep (capture time) */
	int stopping, status;
	int has_filter, nprog;
	bpf_insn prog[BPF_MAXINSNS];        /* the compiled filter */
	struct dup_slot dup[DUP_SLOTS];     /* packets seen lately, to know their copies */
	char fsrc[65536];                   /* its source: the operands joined */
	/* the live view's display filter: the one in force, its source, why
	   one typed was refused (last here: off the per-packet path's lines) */
	bpf_insn fprog[BPF_MAXINSNS];
	char vsrc[128], verr[160];
	struct collector col;
	struct ipfix ipfix;
	struct owners own;
};
extern struct netmoon nm;

/* collector.c */
const char *collector_parse(const char *s);     /* --ipfix's argument: 0, or what is wrong */
int collector_open(void);
void collector_end(const struct conn *c, int reason);
void collector_active(u64 now);
void collector_close(void);


/* every packet that passed the filter: decoded, then tracked (inline: the
   per-packet path of the ring, recvmmsg and -r alike); 0 for a copy of a
   packet already seen on another interface (not counted) */
static inline int nm_packet(const u8 *f, u32 caplen, u32 wirelen, u64 ts, u32 linktype, u32 ifindex)
{
	struct pkt p;
	p.ts = ts; p.len = wirelen; p.ifindex = ifindex;
	decode(&p, f, caplen, linktype);
	if (nm.cap.dedupe && dup_seen(nm.dup, nm.table.k, &p, f, caplen)) return 0;
	table_add(&nm.table, &p);
	/* expiry: a bounded sweep every millisecond of capture time, not a look
	   at every packet (a flood of 10^6 connections a second still ends
	   them as they go: up to 64 a sweep) */
	nm.now = ts;
	if (ts - nm.last_sweep >= SWEEP_NS) {
		table_expire(&nm.table, ts, 64); nm.last_sweep = ts;
		if (nm.col.on && ts - nm.col.sweep >= nm.col.period) collector_active(ts);
	}
	nm.npkts++;
	return 1;
}
/* -c: not yet COUNT packets */
static inline __attribute__((always_inline)) int nm_want_more(void) { return !nm.opt.count || nm.npkts < nm.opt.count; }

/* main.c */
void nm_compile(u32 linktype, int live);
__attribute__((noreturn)) void nm_die(const char *a, const char *b, int e);
void nm_note(const char *what, long e);
int nm_filter(u32 linktype, int live, char *m);   /* nm.fsrc into nm.prog, or -1 and why in m */

/* offline.c */
int offline_read(void);
void wfile_open(u32 linktype);
void wfile_record(const u8 *pre, u32 prelen, const u8 *f, u32 caplen, u32 wirelen, u64 ts);

/* capture.c */
int capture_open(void);             /* 0, or -1 after saying why */
int capture_list(void);             /* -D */
const char *capture_ifname(int index);  /* 0 for 0 (a file) */
void capture_drain(void);
void capture_stats(void);

/* view.c */
void view_tty_open(void);
void view_tty_restore(void);
void view_winsize(void);
void view_draw(void);
void view_key(u8 c);
void view_batch(void);
void view_tick(u64 now);
void view_refresh(u64 now);        /* every -I: rates, then the screen or a tick */

/* resolver.c */
#if NM_OWNERS
void owner_start(void);            /* live: fork the resolver (before sandbox) */
void owner_new(void *ctx, u32 i);  /* a new entry (table's born): a question */
void owner_flush(void);            /* the questions gathered: sent */
void owner_read(void);             /* the answers waiting */
void owner_wait(void);             /* at the end: the answers due, for 500 ms at most */
const char *owner_cgroup(u16 cg);
const struct own_json *owner_json(u32 i, struct own_json *j);   /* 0: attribution off */
const struct own_end *owner_local(u32 i);   /* the client's end if found, else the server's; 0 */
#else                                   /* the initramfs's: none */
static inline void owner_start(void) {}
static inline void owner_read(void) {}
static inline void owner_flush(void) {}
static inline void owner_wait(void) {}
#define owner_new 0
static inline const char *owner_cgroup(u16 cg) { (void)cg; return 0; }
static inline const struct own_json *owner_json(u32 i, struct own_json *j) { (void)i; (void)j; return 0; }
static inline const struct own_end *owner_local(u32 i) { (void)i; return 0; }
#endif

/* sandbox.c */
void sandbox(void);
void resolver_sandbox(void);       /* the resolver's: two capabilities, its own filter */
#endif
