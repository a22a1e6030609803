/* track.c - the flow table: TCP connections, and UDP, ICMP and other IP
 * flows. Entries live in one preallocated array; buckets chain them by a
 * keyed HalfSipHash of the protocol and 4-tuple (key from AT_RANDOM, so
 * crafted traffic cannot aim at one bucket). Three doubly linked age lists,
 * least recently seen first (open connections, closed ones: FIN both ways or
 * RST, and the other flows), make expiry and eviction O(1) per entry, so a
 * sweep never stalls a refresh: open connections end after -e idle, closed
 * ones after a short linger for their last ACKs, other flows after their own
 * idle limit. When the table is full, TCP and the other flows each keep at
 * least half of it: a flood of one cannot push the other out (table_add).
 * Flows that end are remembered (their orientation only) so one that speaks
 * again keeps its client and server and is marked "continued". Each TCP
 * segment is analysed (analyze.c). Pure: no syscalls. */
#include "net.h"

const char *const st_name[ST_N] = { "SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT",
	"CLOSING", "CLOSED", "RESET", "UNREPLIED", "REPLIED" };
const char *const end_name[END_N] = { "closed", "expired", "evicted", "stopped", "reused" };
enum { LINGER_NS = 2000000000 };    /* closed connections: as tcptrack, 2 s */

/* HalfSipHash-1-3 with a 64-bit key and 32-bit output, as Linux's hsiphash */
#define ROTL(x, b) (u32)(((x) << (b)) | ((x) >> (32 - (b))))
#define ROUND do { v0 += v1; v1 = ROTL(v1, 5); v1 ^= v0; v0 = ROTL(v0, 16); \
	v2 += v3; v3 = ROTL(v3, 8); v3 ^= v2; v0 += v3; v3 = ROTL(v3, 7); v3 ^= v0; \
	v2 += v1; v1 = ROTL(v1, 13); v1 ^= v2; v2 = ROTL(v2, 16); } while (0)
u32 hsiphash(const u32 k[2], const u8 *m, size_t n)
{
	u32 v0 = k[0], v1 = k[1], v2 = 0x6c796765 ^ k[0], v3 = 0x74656462 ^ k[1], b = (u32)n << 24, w;
	size_t i = 0;
	for (; i + 4 <= n; i += 4) {
		__builtin_memcpy(&w, m + i, 4);
		v3 ^= w; ROUND; v0 ^= w;
	}
	for (int s = 0; i < n; i++, s += 8) b |= (u32)m[i] << s;
	v3 ^= b; ROUND; v0 ^= b;
	v2 ^= 0xff; ROUND; ROUND; ROUND;
	return v1 ^ v3;
}

static u32 pool_size(u32 cap) { return cap < 2048 ? 4096 : 2 * cap; }
static u32 buckets(u32 cap) { u32 nb = 1; while (nb < cap) nb <<= 1; return nb; }

/* the memory's parts, each 8-byte aligned: entries, segments, buckets,
   names (one per entry), streams, the DNS cache */
static size_t al8(size_t n) { return (n + 7) & ~(size_t)7; }
static size_t part(u32 cap, int k)
{
	size_t at = 0;
	const size_t len[6] = { (size_t)cap * sizeof(struct conn), (size_t)pool_size(cap) * sizeof(struct seg),
		(size_t)buckets(cap) * 4, (size_t)cap * sizeof(struct names), STREAMS * sizeof(struct stream),
		sizeof(struct dns_cache) };
	for (int i = 0; i < k; i++) at += al8(len[i]);
	return at;
}
size_t table_bytes(u32 cap) { return part(cap, 6); }

void table_init(struct table *t, void *mem, u32 cap, const u8 key[8], u64 idle_ns, u64 dgram_idle_ns)
{
	void (*end)(void *, const struct conn *, int) = t->end;
	void (*born)(void *, u32) = t->born;
	void *ctx = t->ctx;
	memset(t, 0, sizeof *t);
	t->end = end; t->born = born; t->ctx = ctx;
	u32 nb = buckets(cap), ns = pool_size(cap);
	t->c = mem;
	t->seg = (struct seg *)(void *)((u8 *)mem + part(cap, 1));
	t->bucket = (u32 *)(void *)((u8 *)mem + part(cap, 2));
	t->names = (struct names *)(void *)((u8 *)mem + part(cap, 3));
	t->strm = (struct stream *)(void *)((u8 *)mem + part(cap, 4));
	t->dns = (struct dns_cache *)(void *)((u8 *)mem + part(cap, 5));
	t->strm_free = NONE;
	dns_cache_init(t->dns, key);
	t->cap = cap; t->mask = nb - 1; t->idle = idle_ns; t->nseg = ns;
	t->linger = idle_ns ? LINGER_NS : 0;
	t->dgram_idle = dgram_idle_ns;
	memcpy(t->k, key, 8);
	memset(t->bucket, 0xff, (size_t)nb * 4);
	t->tick_ms = 1;
	for (int w = 0; w < NWIN; w++) t->wn[w] = 1;
	/* entries and segments are taken in order the first time (their pages are
	   touched only when needed), then from the free lists */
	t->free_head = t->seg_free = NONE;
	for (int l = 0; l < NLIST; l++) t->oldest[l] = t->newest[l] = NONE;
}

static void unlink_age(struct table *t, struct conn *c)
{
	int l = c->list;
	if (c->older != NONE) t->c[c->older].newer = c->newer; else t->oldest[l] = c->newer;
	if (c->newer != NONE) t->c[c->newer].older = c->older; else t->newest[l] = c->older;
}

static void append_age(struct table *t, u32 i, int l)
{
	struct conn *c = &t->c[i];
	c->list = (u8)l;
	c->older = t->newest[l]; c->newer = NONE;
	if (t->newest[l] != NONE) t->c[t->newest[l]].newer = i; else t->oldest[l] = i;
	t->newest[l] = i;
}

/* the keyed hash of protocol, x:xp, y:yp in that order (the table's
   buckets and the remembered orientations use it alike); IPv4, the
   per-packet case, without calls */
static inline __attribute__((always_inline))
u32 hash_tuple(const struct table *t, const u8 *x, const u8 *y, u16 xp, u16 yp, int v6, u8 proto)
{
	u8 key[36];
	size_t al = v6 ? 16 : 4;
	if (!v6) { __builtin_memcpy(key, x, 4); __builtin_memcpy(key + 4, y, 4); }
	else { __builtin_memcpy(key, x, 16); __builtin_memcpy(key + 16, y, 16); }
	key[2 * al] = (u8)(xp >> 8); key[2 * al + 1] = (u8)xp;
	key[2 * al + 2] = (u8)(yp >> 8); key[2 * al + 3] = (u8)yp;
	const u32 k[2] = { t->k[0] ^ proto, t->k[1] };   /* the protocol: a key of its own */
	return hsiphash(k, key, 2 * al + 4);
}

/* client first: remembers who was client (0 means an empty slot) */
static u32 directed(const struct table *t, const u8 *x, const u8 *y, u16 xp, u16 yp, int v6, u8 proto)
{
	u32 h = hash_tuple(t, x, y, xp, yp, v6, proto);
	return h ? h : 1;
}

/* addresses: IPv4 as one word (the per-packet lookup), IPv6 by bytes */
static inline __attribute__((always_inline)) int same_addr(const u8 *x, const u8 *y, size_t al)
{
	if (al == 4) {
		u32 a, b;
		__builtin_memcpy(&a, x, 4); __builtin_memcpy(&b, y, 4);
		return a == b;
	}
	return !memcmp(x, y, al);
}

static int closed(const struct conn *c) { return c->fins == 3 || c->state == ST_RESET; }

/* take entry i out of the table, telling the owner why */
static void drop(struct table *t, u32 i, int reason)
{
	struct conn *c = &t->c[i];
	/* (one opened by a silent SYN and never seen again: nothing to say) */
	if (t->end && (c->d[0].pkts || c->d[1].pkts)) t->end(t->ctx, c, reason);
	if (reason != END_STOPPED) {                /* netmoon stops: nothing comes back */
		u32 h = directed(t, c->a, c->b, c->ap, c->bp, c->v6, c->proto);
		t->recent[h & (RECENT - 1)] = h;
	}
	tcp_release(t, c);
	stream_release(t, c);
	t->ndgram -= c->list == LIST_DGRAM;
	u32 *pp = &t->bucket[c->hash & t->mask];
	while (*pp != i) pp = &t->c[*pp].next;
	*pp = c->next;
	unlink_age(t, c);
	c->in_use = 0;
	c->next = t->free_head; t->free_head = i;
	t->used--;
	if (reason == END_EVICTED) t->evictions++;
}
/* both directions hash alike: the lower endpoint goes first */
static u32 tuple_hash(const struct table *t, const struct pkt *p)
{
	int c;
	if (!p->v6) {               /* IPv4, the common case: no calls */
		u32 a = (u32)p->src[0] << 24 | (u32)p->src[1] << 16 | (u32)p->src[2] << 8 | p->src[3];
		u32 b = (u32)p->dst[0] << 24 | (u32)p->dst[1] << 16 | (u32)p->dst[2] << 8 | p->dst[3];
		c = a < b ? -1 : a > b;
	} else c = memcmp(p->src, p->dst, 16);
	int swap = c > 0 || (c == 0 && p->sport > p->dport);
	const u8 *x = swap ? p->dst : p->src, *y = swap ? p->src : p->dst;
	u16 xp = swap ? p->dport : p->sport, yp = swap ? p->sport : p->dport;
	return hash_tuple(t, x, y, xp, yp, p->v6, p->proto);
}

static void track_state(struct conn *c, int dir, u8 fl)
{
	u8 sa = fl & (TH_SYN | TH_ACK);
	if (fl & TH_RST) { c->state = ST_RESET; return; }
	if (c->state == ST_RESET) return;
	if (sa == TH_SYN) {
		if (c->state <= ST_SYN_SENT) c->state = ST_SYN_SENT;
		return;
	}
	if (sa == (TH_SYN | TH_ACK)) {
		if (c->state <= ST_SYN_RECV) c->state = ST_SYN_RECV;
		return;
	}
	if (fl & TH_FIN) {
		c->fins |= (u8)(1 << dir);
		c->state = c->fins == 3 ? ST_CLOSING : ST_FIN_WAIT;
		return;
	}
	if (c->state == ST_CLOSING && (fl & TH_ACK)) c->state = ST_CLOSED;
	else if (c->state < ST_ESTABLISHED && (fl & TH_ACK)) c->state = ST_ESTABLISHED;
}

/* a flow not seen before: who is the client? */
static void orient(struct table *t, struct conn *c, const struct pkt *p)
{
	size_t al = p->v6 ? 16 : 4;
	int tcp = p->kind == NM_TCP;
	u8 sa = tcp ? p->flags & (TH_SYN | TH_ACK) : 0;
	int src_is_client;
	u32 h, g;
	/* who started it is known from a SYN or SYN-ACK, and for ICMP (a request
	   is answered by its pair, another message is one-way from its sender);
	   a TCP connection seen mid-stream, UDP and others: a guess */
	c->initiator = sa == TH_SYN || sa == (TH_SYN | TH_ACK) || p->kind == NM_ICMP;
	if (sa == TH_SYN) src_is_client = 1;                /* the client sent the SYN */
	else if (sa == (TH_SYN | TH_ACK)) src_is_client = 0;
	else if (h = directed(t, p->src, p->dst, p->sport, p->dport, p->v6, p->proto),
		 t->recent[h & (RECENT - 1)] == h) { src_is_client = 1; c->continued = 1; }
	else if (g = directed(t, p->dst, p->src, p->dport, p->sport, p->v6, p->proto),
		 t->recent[g & (RECENT - 1)] == g) { src_is_client = 0; c->continued = 1; }
	else if (!tcp)  /* the sender of the first packet; of an ICMP answer, its receiver */
		src_is_client = !(p->kind == NM_ICMP && p->flags);
	else            /* otherwise the lower port is the server */
		src_is_client = p->sport != p->dport ? p->sport > p->dport
			: memcmp(p->src, p->dst, al) > 0;
	memcpy(c->a, src_is_client ? p->src : p->dst, al);
	memcpy(c->b, src_is_client ? p->dst : p->src, al);
	c->ap = src_is_client ? p->sport : p->dport;
	c->bp = src_is_client ? p->dport : p->sport;
	c->state = !tcp ? ST_UNREPLIED : sa == TH_SYN ? ST_SYN_SENT : sa ? ST_SYN_RECV : ST_ESTABLISHED;
}

/* a new entry for p's flow, when the table is full in place of another:
   a closed connection first; else each kind (TCP, other flows) keeps at
   least half of the table, so the kind holding more gives its least
   recently seen flow */
static u32 take(struct table *t, const struct pkt *p)
{
	if (t->free_head == NONE && t->fresh == t->cap) {
		int dg = p->kind != NM_TCP, l;
		if (!dg && t->oldest[LIST_CLOSED] != NONE) l = LIST_CLOSED;
		else if (t->ndgram * 2 > t->cap || (dg && t->ndgram * 2 == t->cap)) l = LIST_DGRAM;
		else l = t->oldest[LIST_CLOSED] != NONE ? LIST_CLOSED : LIST_OPEN;
		if (t->oldest[l] == NONE) l = dg ? LIST_OPEN : LIST_DGRAM;  /* (only with cap 1) */
		drop(t, t->oldest[l], l == LIST_CLOSED ? END_CLOSED : END_EVICTED);
	}
	u32 i;
	if (t->free_head != NONE) { i = t->free_head; t->free_head = t->c[i].next; }
	else i = t->fresh++;
	return i;
}

/* one packet of one flow */
static void flow_add(struct table *t, const struct pkt *p)
{
	size_t al = p->v6 ? 16 : 4;
	int tcp = p->kind == NM_TCP;
	u32 h = tuple_hash(t, p), i = t->bucket[h & t->mask];
	int dir = 0;
	struct conn *c = 0;
	for (; i != NONE; i = t->c[i].next) {
		c = &t->c[i];
		if (c->hash != h || c->v6 != p->v6 || c->proto != p->proto) continue;
		if (c->ap == p->sport && c->bp == p->dport
		    && same_addr(c->a, p->src, al) && same_addr(c->b, p->dst, al)) { dir = 0; break; }
		if (c->ap == p->dport && c->bp == p->sport
		    && same_addr(c->a, p->dst, al) && same_addr(c->b, p->src, al)) { dir = 1; break; }
	}
	/* a SYN with another initial sequence number than the one this side
	   started with: the 4-tuple is used again, a new connection (as Wireshark) */
	if (tcp && i != NONE && (p->flags & (TH_SYN | TH_ACK)) == TH_SYN && c->d[dir].based
	    && p->seq != c->d[dir].base) {
		drop(t, i, closed(c) ? END_CLOSED : END_REUSED);
		i = NONE;
	}
	/* what tshark analyses but neither shows nor counts: the state of the
	   connection, nothing else; only a SYN opens one (then its state is
	   there when the SYN comes again: a retransmission, as for tshark) */
	int silent = p->silent;
	if (__builtin_expect(silent, 0)) {
		if (!tcp || p->noseg || (i == NONE && (p->flags & (TH_SYN | TH_ACK)) != TH_SYN)) return;
		if (i != NONE) { tcp_analyze(t, c, dir, p); return; }
	}
	if (i == NONE) {
		if (!t->cap) return;
		i = take(t, p);
		c = &t->c[i];
		memset(c, 0, sizeof *c);
		c->proto = p->proto;
		orient(t, c, p);
		/* as the lookup above decides it (a connection of a socket with itself: out) */
		dir = !(c->ap == p->sport && same_addr(c->a, p->src, al));
		c->v6 = p->v6; c->hash = h; c->in_use = 1;
		names_open(t, i);
		c->rtt_us = c->srtt_us = RTT_NONE;
		c->d[0].segs = c->d[1].segs = c->d[0].holes = c->d[1].holes = NONE;
		c->first = c->xtime = p->ts; c->ifindex = p->ifindex;
		c->next = t->bucket[h & t->mask];
		t->bucket[h & t->mask] = i;
		t->used++;
		t->ndgram += !tcp;
		if (t->born) t->born(t->ctx, i);
	} else {
		unlink_age(t, c);
	}
	c->last = p->ts;
	if (__builtin_expect(silent, 0)) {          /* opened by a silent SYN: nothing counted */
		tcp_analyze(t, c, dir, p);
		append_age(t, i, LIST_OPEN);
		return;
	}
	struct dir *d = &c->d[dir];
	d->pkts++; d->bytes += p->len; d->payload += p->payload;
	d->ipbytes += p->iplen; d->xflags |= p->tcpfl; d->xlast = p->ts;
	if (!d->xfirst) d->xfirst = p->ts;
	if (!tcp) {
		if (dir) c->state = ST_REPLIED;
		append_age(t, i, LIST_DGRAM);
		if (p->sport == PORT_DNS && p->datalen && p->kind == NM_UDP) dns_datagram(t, p);
		return;
	}
	track_state(c, dir, p->flags);
	if (!p->noseg) {
		tcp_analyze(t, c, dir, p);
		if (p->datalen && c->cand[dir]) stream_data(t, i, dir, p);
	}
	append_age(t, i, closed(c) ? LIST_CLOSED : LIST_OPEN);
}

void table_add(struct table *t, const struct pkt *p)
{
	t->pkts++; t->bytes += p->len;
	t->kind_pkts[p->kind]++; t->kind_bytes[p->kind] += p->len;
	/* the tunnel's own flow first, then what it carries; one call of
	   flow_add, so that it is inlined here (the per-packet path) */
	struct pkt o;
	const struct pkt *q = p;
	if (__builtin_expect(p->tun, 0)) {
		o = *p;
		pkt_outer(&o, p);
		o.flags = 0; o.bad = 0; o.silent = 0; o.noseg = 0;
		q = &o;
	}
	for (;;) {
		if (q->kind != NM_NONIP && !q->bad) flow_add(t, q);
		if (q == p) return;
		q = p;
	}
}

void table_expire(struct table *t, u64 now, u32 budget)
{
	for (int l = LIST_OPEN; l < NLIST; l++) {
		u64 limit = l == LIST_OPEN ? t->idle : l == LIST_CLOSED ? t->linger : t->dgram_idle;
		if (!limit) continue;                                /* 0: never (linger: with -e 0) */
		while (budget && t->oldest[l] != NONE) {
			struct conn *c = &t->c[t->oldest[l]];
			if (c->last > now || now - c->last < limit) break;
			drop(t, t->oldest[l], l == LIST_CLOSED ? END_CLOSED : END_EXPIRED);
			budget--;
		}
	}
}

/* rates over windows of 2, 10 and 40 s (the README's "Rates"): a window
   is wn ticks, the time since the first tick is cut into blocks of wn
   ticks, and at a block's end each counter keeps its bytes per tick over
   it. The rate over a window: the bytes of the current block so far and
   the previous block's share of the rest of the window, per second */
static u32 sat32(u64 v) { return v > 0xffffffffu ? 0xffffffffu : (u32)v; }
static void win_step(const struct table *t, u64 *mark, u32 *prev, u64 bytes)
{
	for (int w = 0; w < NWIN; w++)
		if (!t->we[w]) { prev[w] = sat32((bytes - mark[w]) / t->wn[w]); mark[w] = bytes; }
}
static __attribute__((noinline)) u64 win_rate(const struct table *t, const u64 *mark, const u32 *prev, u64 now, int w)
{
	return (now - mark[w] + (u64)prev[w] * (t->wn[w] - t->we[w])) * 1000 / ((u64)t->wn[w] * t->tick_ms);
}
void table_rates(struct table *t, int w)
{
	for (u32 i = table_first(t); i != NONE; i = table_next(t, i)) {
		struct conn *c = &t->c[i];
		for (int k = 0; k < 2; k++) c->rate[k] = sat32(win_rate(t, c->wmark[k], c->wprev[k], c->d[k].mark, w));
	}
	for (int x = 0; x < NWIN; x++) t->trate[x] = win_rate(t, t->wmark, t->wprev, t->mark, x);
}

void table_tick(struct table *t, u64 interval_ns)
{
	static const u8 secs[NWIN] = { 2, 10, 40 };
	u64 ms = interval_ns / 1000000;
	if (!ms) ms = 1;
	t->tick_ms = (u32)ms; t->ticks++;
	for (int w = 0; w < NWIN; w++) {
		u32 n = (u32)((secs[w] * 1000u + ms / 2) / ms);
		t->wn[w] = n ? n : 1;
		t->we[w] = t->ticks % t->wn[w];
	}
	for (u32 i = table_first(t); i != NONE; i = table_next(t, i))
		for (int k = 0; k < 2; k++) {
			struct dir *d = &t->c[i].d[k];
			t->c[i].rate[k] = sat32((d->bytes - d->mark) * 1000 / ms);
			d->mark = d->bytes;
			win_step(t, t->c[i].wmark[k], t->c[i].wprev[k], d->bytes);
		}
	u64 r = (t->bytes - t->mark) * 1000 / ms;
	if (r > t->peak) t->peak = r;
	t->mark = t->bytes;
	win_step(t, t->wmark, t->wprev, t->bytes);
}

void table_flush(struct table *t)
{
	for (int l = LIST_OPEN; l < NLIST; l++)
		while (t->oldest[l] != NONE) drop(t, t->oldest[l], END_STOPPED);
}
