/* ipfix.c - flows as IPFIX (RFC 7011) messages for the collectors people
 * run (nfdump's nfcapd, pmacct, GoFlow2): two templates of IANA elements
 * only, one for IPv4 flows and one for IPv6, and per flow one record each
 * way (client to server with biflowDirection 1, server to client with 2,
 * 0 for both when who started it is a guess): the deltas since the
 * direction's last record. Messages of at most IPFIX_MAX bytes, the
 * templates at the start of the first and again at least every 60 s and
 * every 20 messages, sequence numbers as RFC 7011 3.1 counts them (data
 * records sent before the message). The shell sends what is built through
 * x->send. Pure: no syscalls. */
#include "net.h"

enum { IPFIX_VERSION = 10, SET_TEMPLATE = 2, HDR = 16, SET_HDR = 4,
       TMPL_REFRESH_NS = 60000000000ull, TMPL_EVERY = 20 };
/* IANA's information elements */
enum { IE_OCTETS = 1, IE_PACKETS = 2, IE_PROTO = 4, IE_TCP_FLAGS = 6, IE_SPORT = 7, IE_SRC4 = 8,
       IE_DPORT = 11, IE_DST4 = 12, IE_SRC6 = 27, IE_DST6 = 28, IE_END_REASON = 136,
       IE_START_MS = 152, IE_END_MS = 153, IE_BIFLOW_DIR = 239 };
static const u16 fields[2][12][2] = {
	{ { IE_SRC4, 4 }, { IE_DST4, 4 }, { IE_SPORT, 2 }, { IE_DPORT, 2 }, { IE_PROTO, 1 }, { IE_TCP_FLAGS, 2 },
	  { IE_OCTETS, 8 }, { IE_PACKETS, 8 }, { IE_START_MS, 8 }, { IE_END_MS, 8 }, { IE_END_REASON, 1 },
	  { IE_BIFLOW_DIR, 1 } },
	{ { IE_SRC6, 16 }, { IE_DST6, 16 }, { IE_SPORT, 2 }, { IE_DPORT, 2 }, { IE_PROTO, 1 }, { IE_TCP_FLAGS, 2 },
	  { IE_OCTETS, 8 }, { IE_PACKETS, 8 }, { IE_START_MS, 8 }, { IE_END_MS, 8 }, { IE_END_REASON, 1 },
	  { IE_BIFLOW_DIR, 1 } } };
static u32 rec_len(const struct ipfix *x, int v6) { return (v6 ? 73 : 49) + (x->pen ? 4 : 0); }
/* with --ipfix-pen: the handshake RTT (us; 0xffffffff: none), element 1 of
   the user's Private Enterprise Number, last in both templates */
enum { IE_PEN_RTT = 1, ENTERPRISE_BIT = 0x8000 };


void ipfix_init(struct ipfix *x, u32 domain)
{
	void (*send)(void *, const u8 *, u32) = x->send;
	void *ctx = x->ctx;
	u32 pen = x->pen;
	memset(x, 0, sizeof *x);
	x->send = send; x->ctx = ctx; x->domain = domain; x->pen = pen;
}

/* the open data set ends: its length into its header */
static void close_set(struct ipfix *x)
{
	if (x->set_id) put_be16(x->buf + x->set_at + 2, x->len - x->set_at);
	x->set_id = 0;
}

void ipfix_flush(struct ipfix *x)
{
	if (!x->len) return;
	close_set(x);
	put_be16(x->buf, IPFIX_VERSION); put_be16(x->buf + 2, x->len);
	put_be32(x->buf + 4, (u32)(x->now / 1000000000u));      /* export time: s */
	put_be32(x->buf + 8, x->seq);                            /* data records before this message */
	put_be32(x->buf + 12, x->domain);
	x->send(x->ctx, x->buf, x->len);
	x->seq += x->nrec;
	x->msgs++;
	x->len = 0; x->nrec = 0;
}

/* a new message, with the templates when they are due */
static void begin(struct ipfix *x)
{
	x->len = HDR;
	if (x->msgs && x->since < TMPL_EVERY - 1 && x->now - x->tmpl_ns < TMPL_REFRESH_NS) { x->since++; return; }
	x->since = 0; x->tmpl_ns = x->now;
	u8 *s = x->buf + x->len;
	u32 n = SET_HDR;
	for (int v6 = 0; v6 < 2; v6++) {
		put_be16(s + n, IPFIX_TMPL_V4 + (u32)v6); put_be16(s + n + 2, 12 + (x->pen != 0)); n += 4;
		for (int f = 0; f < 12; f++) { put_be16(s + n, fields[v6][f][0]); put_be16(s + n + 2, fields[v6][f][1]); n += 4; }
		if (x->pen) { put_be16(s + n, ENTERPRISE_BIT | IE_PEN_RTT); put_be16(s + n + 2, 4); put_be32(s + n + 4, x->pen); n += 8; }
	}
	put_be16(s, SET_TEMPLATE); put_be16(s + 2, n);
	x->len += n;
}

/* room for one record of template id (a new message or set as needed) */
static u8 *room(struct ipfix *x, u32 id, u32 len)
{
	if (x->len && x->len + len + (x->set_id == id ? 0 : SET_HDR) > IPFIX_MAX) ipfix_flush(x);
	if (!x->len) begin(x);
	if (x->set_id != id) {
		close_set(x);
		x->set_at = x->len; x->set_id = id;
		put_be16(x->buf + x->len, id);
		x->len += SET_HDR;
	}
	u8 *r = x->buf + x->len;
	x->len += len; x->nrec++;
	return r;
}

static u64 ms(u64 ns) { return ns / 1000000u; }

/* c's records (a direction without packets since its last record gives
   none), reason being IANA's flowEndReason; now: capture time, ns */
void ipfix_flow(struct ipfix *x, const struct conn *c, int reason, u64 now)
{
	x->now = now;
	for (int k = 0; k < 2; k++) {
		const struct dir *d = &c->d[k];
		if (d->pkts == d->xpkts) continue;
		u32 al = c->v6 ? 16 : 4, id = IPFIX_TMPL_V4 + c->v6;
		u8 *r = room(x, id, rec_len(x, c->v6));
		memcpy(r, k ? c->b : c->a, al); memcpy(r + al, k ? c->a : c->b, al);
		r += 2 * al;
		u16 sp = k ? c->bp : c->ap, dp = k ? c->ap : c->bp;
		if (c->proto == IPPROTO_ICMP || c->proto == IPPROTO_ICMPV6) {
			/* as NetFlow and softflowd: no source port, the type and
			   code as the destination port (type * 256 + code). A
			   flow's ports are its type and its answer's (code 0,
			   as echo's), or the type and code of a message that
			   has no answer */
			int paired = icmp_paired(c->v6, (u8)c->ap);
			u8 type = (u8)(k && paired ? c->bp : c->ap), code = paired ? 0 : (u8)c->bp;
			sp = 0; dp = (u16)(type << 8 | code);
		}
		put_be16(r, sp); put_be16(r + 2, dp);
		r[4] = c->proto;
		put_be16(r + 5, d->xflags);
		put_be64(r + 7, d->ipbytes - d->xipbytes);
		put_be64(r + 15, d->pkts - d->xpkts);
		put_be64(r + 23, ms(d->xfirst)); put_be64(r + 31, ms(d->xlast));
		r[39] = (u8)reason;
		r[40] = c->initiator ? (u8)(1 + k) : 0;  /* initiator, reverseInitiator; 0: not known */
		if (x->pen) put_be32(r + 41, c->rtt_us);     /* RTT_NONE: 0xffffffff */
	}
}

/* c's counts as exported: the next records are deltas from here */
void ipfix_mark(struct conn *c, u64 now)
{
	c->xtime = now;
	for (int k = 0; k < 2; k++) {
		struct dir *d = &c->d[k];
		d->xpkts = d->pkts; d->xipbytes = d->ipbytes; d->xflags = 0; d->xfirst = 0;
	}
}
