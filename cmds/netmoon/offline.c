/* offline.c - pcap files: -r reads one through the filter interpreter into
 * the decoder and the table, as if it were being captured (capture time
 * drives -I ticks and expiry); -w writes what is captured or read. The
 * framing itself (headers, records) is pcap.c's, pure. */
#include "rt.h"
#include "sys.h"
#include "netmoon.h"

/* ---- -w ---- */
static char wbuf[1 << 18];              /* the storage of nm.w */

void wfile_open(u32 linktype)
{
	long fd = sys_openat(AT_FDCWD, nm.opt.wfile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) nm_die(nm.opt.wfile, 0, (int)fd);
	nm.w = (struct out){ (int)fd, 0, 0, sizeof wbuf, wbuf };
	nm.wlinktype = linktype;
	if (!nm.wsnap) nm.wsnap = nm.opt.snaplen;    /* -r sets it first (link_ready) */
	u8 h[24];
	pcap_put_header(h, nm.wsnap, linktype | nm.wlinkext);
	out_write(&nm.w, h, 24);
}

static void wcheck(void)
{
	if (nm.w.err) nm_die("-w", nm.opt.wfile, nm.w.err);
}

/* a record of pre (a link header put back, or none) then caplen bytes of f */
void wfile_record(const u8 *pre, u32 prelen, const u8 *f, u32 caplen, u32 wirelen, u64 ts)
{
	u8 h[16];
	u32 cap = prelen + caplen;
	if (cap > nm.wsnap) cap = nm.wsnap;
	pcap_put_record(h, ts, cap, prelen + wirelen);
	out_write(&nm.w, h, 16);
	u32 a = prelen < cap ? prelen : cap;
	out_write(&nm.w, pre, a);
	out_write(&nm.w, f, cap - a);
	wcheck();
}

/* ---- -r ---- */
enum { RBUF = 1 << 20 };
struct reader {
	const char *name;
	u8 *buf;
	size_t have, at;                    /* bytes in buf; where the next record starts */
	size_t need;                        /* the longest record or block the format has */
	int fd, eof;
};

/* keep at least one whole record or block in the buffer (a pcap record's
   bound, not pcapng's larger one, for pcap: fewer bytes moved each fill) */
static int low(const struct reader *r) { return !r->eof && r->have - r->at < r->need; }
static void fill(struct reader *r)
{
	memmove(r->buf, r->buf + r->at, r->have - r->at);
	r->have -= r->at; r->at = 0;
	while (r->have < RBUF) {
		long n = sys_read(r->fd, r->buf + r->have, RBUF - r->have);
		if (n == -EINTR) continue;
		if (n < 0) nm_die(r->name, 0, (int)n);
		if (n == 0) { r->eof = 1; break; }
		r->have += (size_t)n;
	}
}

/* the file's link type known (the pcap header, or pcapng's first interface):
   0 to read on, 1 when done (-d), -1 when it is not one netmoon reads */
static int link_ready(struct reader *r, struct pcap_info *pi)
{
	if (!pcap_linktype_ok(pi->linktype)) {
		char m[80] = "unsupported link type ";
		m[22 + fmt_u32(m + 22, pi->linktype)] = 0;
		pk_msg(r->name, m,
		       "netmoon reads Ethernet, Linux cooked (SLL, SLL2), raw IP, PPP, Cisco HDLC, 802.11 (radiotap too), ARCNET and BSD loopback");
		return -1;
	}
	if (nm.has_filter || nm.opt.dump) nm_compile(pi->linktype, 0);
	if (nm.opt.dump) return 1;
	/* -w as tcpdump -r -w: the file's snapshot length (not positive: the
	   most, as libpcap), records clipped to it, and to -s when given; the
	   link type's upper bits kept */
	nm.wsnap = (s32)pi->snaplen > 0 ? pi->snaplen : PCAP_MAX_CAPLEN;
	if (nm.opt.snaplen_set && nm.opt.snaplen < nm.wsnap) nm.wsnap = nm.opt.snaplen;
	nm.wlinkext = pi->linkext;
	if (nm.opt.wfile) wfile_open(pi->linktype);
	sandbox();
	return 0;
}

/* the file header: 0 to read on, 1 when done (-d), 2 for pcapng, -1 when it is neither */
static int start(struct reader *r, struct pcap_info *pi)
{
	int e = pcap_header(r->buf, r->have, pi);
	if (e == PCAP_NG) return 2;
	if (e) { pk_msg(r->name, pcap_strerr(e), 0); return -1; }
	r->at = 24;
	return link_ready(r, pi);
}

/* -w: a frame read, as it was (odd timestamps too) when the file's format
   is the one written, else as libpcap hands it to tcpdump -w */
static __attribute__((noinline)) void wframe(const u8 *f, const struct pcap_rec *rec, const u8 *hdr,
					     const struct pcap_info *pi)
{
	if (hdr && rec->caplen <= nm.wsnap && !pi->swap && !pi->nano) {
		out_write(&nm.w, hdr, 16 + rec->caplen);
		wcheck();
	} else if (hdr) {
		u8 h[16];
		u32 cap = rec->caplen < nm.wsnap ? rec->caplen : nm.wsnap;
		pcap_convert_record(pi, hdr, cap, h);
		out_write(&nm.w, h, 16);
		out_write(&nm.w, f, cap);
		wcheck();
	} else wfile_record(0, 0, f, rec->caplen, rec->wirelen, rec->ts);
}

/* one frame read from the file, through the filter into the table (and -w);
   hdr: its record header when the file is pcap (pi: the file's); inlined
   into the reading loops, the per-packet path */
static inline __attribute__((always_inline)) void frame(const u8 *f, const struct pcap_rec *rec,
	u32 linktype, const u8 *hdr, const struct pcap_info *pi)
{
	u32 wire = rec->wirelen < rec->caplen ? rec->caplen : rec->wirelen;
	if (nm.has_filter && !bpf_run(nm.prog, f, rec->caplen, rec->wirelen)) return;
	if (nm.opt.count_only && !nm.col.on) nm.npkts++;   /* flows only when they are exported */
	else {
		if (nm.opt.interval_set && !nm.next_tick) nm.next_tick = rec->ts + nm.opt.interval;
		while (nm.opt.interval_set && rec->ts >= nm.next_tick) view_tick(nm.next_tick);
		nm_packet(f, rec->caplen, wire, rec->ts, linktype, 0);
	}
	if (nm.w.fd >= 0) wframe(f, rec, hdr, pi);
}

/* the next record: 0, or what is wrong with it (the file ends there) */
static const char *record(struct reader *r, const struct pcap_info *pi)
{
	size_t left = r->have - r->at;
	struct pcap_rec rec;
	if (left < 16) return "truncated record header at the end of the file";
	if (pcap_record(pi, r->buf + r->at, &rec)) return pcap_strerr(PCAP_BIGREC);
	if (left - 16 < rec.caplen) return "truncated record at the end of the file";
	const u8 *f = r->buf + r->at + 16;
	r->at += 16 + rec.caplen;
	frame(f, &rec, pi->linktype, f - 16, pi);
	return 0;
}

/* pcapng: block after block; the first interface's link type is the one
   the filter is compiled for and -w writes. 0, 1 when the file ends in
   damage, -1 when nothing could be read */
static int ng_read(struct reader *r, struct pcap_info *pi)
{
	static struct ng g;
	int ready = 0;
	for (;;) {
		if (low(r)) fill(r);
		if (r->have == r->at) break;
		struct ng_pkt p;
		u32 nif = g.nif;
		int k = ng_block(&g, r->buf + r->at, r->have - r->at, &p);
		if (k < 0) {
			pk_msg(r->name, ng_strerr(k == NG_SHORT && !r->eof ? NG_BIG : k), 0);
			return ready ? 1 : -1;
		}
		if (g.nif > nif) {                      /* a new interface */
			u32 lt = g.ifs[g.nif - 1].linktype;
			if (!ready) {
				pi->linktype = lt;
				pi->snaplen = g.ifs[g.nif - 1].snaplen;
				int s = link_ready(r, pi);
				if (s) return s < 0 ? -1 : 0;
				ready = 1;
			} else if (lt != pi->linktype && (nm.has_filter || nm.w.fd >= 0)) {
				pk_msg(r->name, "interfaces of different link types: a filter and -w need one", 0);
				return 1;
			}
		}
		if (k == NG_PACKET) {
			if (!pcap_linktype_ok(p.linktype)) p.linktype = LT_UNKNOWN;  /* counted, not decoded */
			frame(r->buf + r->at + p.data, &p.rec, p.linktype, 0, pi);
		}
		r->at += p.len;
		if (k == NG_PACKET && !nm_want_more()) break;
		if (pk_out.len > pk_out.cap / 2) out_flush(&pk_out);
	}
	return 0;
}

/* 0, 1 when the file ends in damage, -1 when nothing could be read */
int offline_read(void)
{
	static u8 buf[RBUF];
	struct reader r = { nm.opt.rfile, buf, 0, 0, 16 + PCAP_MAX_CAPLEN, 0, 0 };
	struct pcap_info pi = { 0 };
	int status = 0;
	if (r.name[0] != '-' || r.name[1]) {
		long fd = sys_open(r.name, O_RDONLY | O_CLOEXEC);
		if (fd < 0) nm_die(r.name, 0, (int)fd);
		r.fd = (int)fd;
	}
	fill(&r);
	int s = start(&r, &pi);
	if (s == 2) {                           /* pcapng: read whole there */
		r.need = NG_MAXBLOCK;
		status = ng_read(&r, &pi);
		s = 1;
	}
	if (s < 0) return -1;
	while (!s) {
		if (low(&r)) fill(&r);
		if (r.have == r.at) break;
		const char *bad = record(&r, &pi);
		if (bad) { pk_msg(r.name, bad, 0); status = 1; break; }
		if (!nm_want_more()) break;
		if (pk_out.len > pk_out.cap / 2) out_flush(&pk_out);
	}
	if (r.fd) sys_close(r.fd);
	return status;
}
