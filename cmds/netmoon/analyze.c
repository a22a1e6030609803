/* analyze.c - TCP health, segment by segment: Wireshark's sequence analysis
 * (its rules, as tshark 4.0 applies them; the README's table says what each
 * counter means), ACK round-trip samples, and the payload each side sent
 * counted once per sequence byte. Per direction state lives in struct dir;
 * unacknowledged segments in the table's bounded pool. Pure: no syscalls. */
#include "net.h"

/* sequence-space comparisons (RFC 1982), as Wireshark's LT_SEQ and friends */
#define LT(a, b) ((s32)((a) - (b)) < 0)
#define GT(a, b) LT(b, a)
#define LE(a, b) ((s32)((b) - (a)) >= 0)

/* what Wireshark finds in one segment (its TCP_A_* flags, those we use) */
enum { A_RETRANS = 1 << 0, A_FAST_RETRANS = 1 << 1, A_SPURIOUS = 1 << 2, A_OOO = 1 << 3,
       A_LOST = 1 << 4, A_ACK_LOST = 1 << 5, A_KEEPALIVE = 1 << 6, A_KEEPALIVE_ACK = 1 << 7,
       A_ZWP = 1 << 8, A_ZWP_ACK = 1 << 9, A_ZERO_WINDOW = 1 << 10, A_WINDOW_UPDATE = 1 << 11,
       A_DUPACK = 1 << 12 };
/* what the next segment the other way looks back at */
enum { LAST_KEEPALIVE = 1, LAST_ZWP = 2 };

enum { FAST_RETRANS_NS = 20000000, OOO_DEFAULT_NS = 3000000, SPAN_MAX = 0x40000000 };
/* dupacknum after an ACK of a segment never seen: Wireshark stores -1 in its
   unsigned counter, so the fast-retransmission test (at least 2) holds then too */
#define DUPACK_UNSEEN 0xffffffffu

/* ---- the segment pool: unacknowledged segments and gaps ---- */
static u32 seg_take(struct table *t)
{
	u32 i = t->seg_free;
	if (i != NONE) t->seg_free = t->seg[i].next;
	else if (t->seg_fresh < t->nseg) i = t->seg_fresh++;
	return i;
}
static void seg_give(struct table *t, u32 i) { t->seg[i].next = t->seg_free; t->seg_free = i; }
/* a whole list back to the pool */
static void list_give(struct table *t, u32 *head)
{
	while (*head != NONE) { u32 n = t->seg[*head].next; seg_give(t, *head); *head = n; }
}

/* ---- unique bytes: the sequence space seen, [lo, hi) less up to NHOLE gaps ----
   Positions are offsets from base = lo - REACH, plain unsigned numbers:
   lo is at REACH, hi at REACH + (hi - lo), and hi - lo stays under SPAN_MAX,
   so everything seen, and a segment up to REACH before or after it, compare
   without wrapping. A segment farther away (a corrupt sequence number) is
   counted alone; when the next one follows it (a jump of half a gigabyte),
   the count of positions starts over there. */
enum { REACH = 0x20000000 };

static void hole_add(struct table *t, struct dir *d, u32 a, u32 b)
{
	u32 i = d->nholes < NHOLE ? seg_take(t) : NONE;
	if (i == NONE) {          /* none to spare: the smallest gap is forgotten (counted as seen) */
		u32 best = NONE;
		for (u32 k = d->holes; k != NONE; k = t->seg[k].next)
			if (best == NONE || t->seg[k].nextseq - t->seg[k].seq < t->seg[best].nextseq - t->seg[best].seq) best = k;
		if (best == NONE || b - a <= t->seg[best].nextseq - t->seg[best].seq) return;
		t->seg[best].seq = a; t->seg[best].nextseq = b;
		return;
	}
	t->seg[i].seq = a; t->seg[i].nextseq = b;
	t->seg[i].next = d->holes; d->holes = i;
	d->nholes++;
}

/* bytes of [x, y) (offsets, inside [lo, hi)) that fill gaps; the gaps shrink, split or go */
static u32 fill(struct table *t, struct dir *d, u32 base, u32 x, u32 y)
{
	u32 got = 0;
	for (u32 *pp = &d->holes, i = *pp; i != NONE; i = *pp) {
		struct seg *h = &t->seg[i];
		u32 a = h->seq - base, b = h->nextseq - base;
		u32 os = x > a ? x : a, oe = y < b ? y : b;
		if (os >= oe) { pp = &h->next; continue; }
		got += oe - os;
		/* what is left of the gap: [a, os) and [oe, b) */
		if (a < os) {
			h->nextseq = base + os;
			if (oe < b) hole_add(t, d, base + oe, base + b);
			pp = &h->next;
		} else if (oe < b) {
			h->seq = base + oe;
			pp = &h->next;
		} else {
			*pp = h->next;
			seg_give(t, i);
			d->nholes--;
		}
	}
	return got;
}

static void holes_release(struct table *t, struct dir *d)
{
	list_give(t, &d->holes);
	d->nholes = 0;
}

static void unique_add(struct table *t, struct dir *d, u32 s, u32 n)
{
	u32 base = d->lo - REACH, x = s - base, y = x + n, lo = REACH, hi = REACH + (d->hi - d->lo);
	if (d->seen && x > hi + REACH && s != d->far) {
		/* far from the others and not right after the last such segment:
		   counted, but the range stays (a sequence number with a bit
		   flipped is one segment; the next ones go on from the range) */
		d->unique += n; d->far = s + n;
		return;
	}
	if (!d->seen || x > hi + REACH) {           /* the first bytes, or the stream went on far away */
		holes_release(t, d);
		d->seen = 1; d->lo = s; d->hi = s + n; d->unique += n; d->far = 0;
		return;
	}
	u32 add = 0;
	u32 ms = x > lo ? x : lo, me = y < hi ? y : hi;
	if (ms < me && d->nholes) add += fill(t, d, base, ms, me);
	if (y > hi) {
		add += y - (x > hi ? x : hi);
		if (x > hi) hole_add(t, d, d->hi, s);
		d->hi = s + n;
	}
	if (x < lo) {
		add += (y < lo ? y : lo) - x;
		if (y < lo) hole_add(t, d, s + n, d->lo);
		d->lo = s;
	}
	d->unique += add;
	if (d->hi - d->lo > SPAN_MAX) {     /* forget the oldest part */
		u32 nlo = d->hi - SPAN_MAX;
		for (u32 *pp = &d->holes, i = *pp; i != NONE; i = *pp) {
			struct seg *h = &t->seg[i];
			if (h->nextseq - d->lo <= nlo - d->lo) { *pp = h->next; seg_give(t, i); d->nholes--; continue; }
			if (h->seq - d->lo < nlo - d->lo) h->seq = nlo;
			pp = &h->next;
		}
		d->lo = nlo;
	}
}

/* ---- ACK round trips ---- */
static void rtt_sample(struct conn *c, struct dir *d, u64 ns)
{
	u64 us64 = ns >> 32 ? ns / 1000 : div1000((u32)ns);
	u32 us = us64 < RTT_NONE ? (u32)us64 : RTT_NONE - 1;
	if (!d->rtt_n || us64 < d->rtt_min) d->rtt_min = us64;
	if (!d->rtt_n || us64 > d->rtt_max) d->rtt_max = us64;
	d->rtt_n++; d->rtt_sum += ns;
	/* smoothed as RFC 6298's SRTT, over the samples of both directions */
	if (c->srtt_us == RTT_NONE) c->srtt_us = us;
	else {                              /* srtt += (us - srtt) / 8, without a 64-bit division */
		s64 diff = (s64)us - (s64)c->srtt_us;
		c->srtt_us = (u32)((s64)c->srtt_us + (diff >= 0 ? diff >> 3 : -(-diff >> 3)));
	}
}

/* take off d's list what ack acknowledges; the time of the segment it
   acknowledges exactly (the oldest such, as Wireshark), or 0 */
static u64 acknowledge(struct table *t, struct dir *d, u32 ack, int *matched)
{
	u64 when = 0;
	u32 *pp = &d->segs;
	for (u32 i = *pp; i != NONE; i = *pp) {
		struct seg *s = &t->seg[i];
		if (ack == s->nextseq) { when = s->ts; *matched = 1; }
		else if (GT(ack, s->seq) && LE(ack, s->nextseq)) { s->seq = ack; continue; }  /* in part */
		else if (GT(s->nextseq, ack)) { pp = &s->next; continue; }                    /* not yet */
		*pp = s->next;
		seg_give(t, i);
		d->nsegs--;
	}
	return when;
}

void tcp_release(struct table *t, struct conn *c)
{
	for (int k = 0; k < 2; k++) {
		list_give(t, &c->d[k].segs);
		c->d[k].nsegs = 0;
		holes_release(t, &c->d[k]);
	}
}

/* the segment's own analysis: Wireshark's checks, in its order */
static u32 classify(const struct conn *c, struct dir *f, struct dir *r, const struct pkt *p)
{
	u32 seq = p->seq, ack = p->ack, len = p->payload, win = p->win, a = 0;
	int ctl = p->flags & (TH_SYN | TH_FIN | TH_RST), synfin = (p->flags & (TH_SYN | TH_FIN)) != 0;
	int same = len == 0 && seq == f->nextseq && ack == f->lastack && !ctl;
	if (len == 1 && seq == f->nextseq && r->window == 0) { a |= A_ZWP; goto acks; }
	if (win == 0 && !ctl) a |= A_ZERO_WINDOW;
	if (f->nextseq && GT(seq, f->nextseq) && !(p->flags & TH_RST)) a |= A_LOST;
	if (len <= 1 && seq == f->nextseq - 1 && !ctl) a |= A_KEEPALIVE;
	if (same && win && win != f->window) a |= A_WINDOW_UPDATE;
	if (same && win && win == f->window && (r->lastflags & LAST_KEEPALIVE)) { a |= A_KEEPALIVE_ACK; goto acks; }
	if (same && !win && !f->window && (r->lastflags & LAST_ZWP)) { a |= A_ZWP_ACK; goto acks; }
	if (same && win && win == f->window) {
		f->dupacknum = f->dupacknum == DUPACK_UNSEEN ? 1 : f->dupacknum + 1;
		a |= A_DUPACK;
	}
acks:
	if (ack != f->lastack) f->dupacknum = 0;
	/* an ACK of what was never seen the other way */
	if (r->maxseqtobeacked && GT(ack, r->maxseqtobeacked) && (p->flags & TH_ACK)) {
		/* (tshark 4.0 takes this branch while the other side's data has a
		   hole: its numbers compared relative to that side's start, so
		   that raw numbers across 2^32 do not change the answer) */
		if (r->maxseqtobeacked - r->base < r->nextseq - r->base) {
			r->maxseqtobeacked = r->nextseq;
			a |= A_ACK_LOST;
		} else {
			if (r->dupacknum == 0) a |= A_ACK_LOST;
			r->dupacknum = DUPACK_UNSEEN;
		}
	}
	if (!(len > 0 || synfin) || (a & A_KEEPALIVE)) return a;
	/* a segment that does not advance the sequence: which kind of resend */
	int behind = f->nextseq && LT(seq, f->nextseq);
	if (len > 1 && f->nextseq - 1 == seq) behind = 0;   /* new data after a window probe */
	if (len > 0 && r->lastack && LE(seq + len, r->lastack)) return a | A_SPURIOUS;
	if (behind && r->dupacknum >= 2 && r->lastack == seq && p->ts - r->lastack_ts < FAST_RETRANS_NS)
		return a | A_FAST_RETRANS;
	/* (a negative handshake RTT, from a clock that went back, is a huge
	   threshold: Wireshark compares unsigned) */
	u64 thres = c->first_rtt ? (u64)c->first_rtt : OOO_DEFAULT_NS;
	if (behind && p->ts - f->nextseq_ts < thres && f->nextseq != seq + len + (u32)synfin)
		return a | A_OOO;
	return behind ? a | A_RETRANS : a;
}

void tcp_analyze(struct table *t, struct conn *c, int dir, const struct pkt *p)
{
	struct dir *f = &c->d[dir], *r = &c->d[!dir];
	u32 seq = p->seq, len = p->payload;
	u8 fl = p->flags;
	int synfin = (fl & (TH_SYN | TH_FIN)) != 0, matched = 0;
	int shown = !p->silent;                 /* a silent segment changes the state only */
	if ((fl & TH_RST) && shown) f->rst++;
	if (!f->based) { f->base = fl & TH_SYN ? seq : seq - 1; f->based = 1; }
	/* a SYN-ACK with another sequence number than the side started with:
	   tshark says "port numbers reused" and counts its relative sequence
	   numbers from it, in the same conversation */
	else if ((fl & (TH_SYN | TH_ACK)) == (TH_SYN | TH_ACK) && seq != f->base) f->base = seq;
	if (!r->based && (fl & TH_ACK)) { r->base = p->ack - 1; r->based = 1; }
	/* a SYN (its ISN the same) once more: tshark 4.0 takes the side's next
	   byte back to the end of its data without a hole, so the SYN is a
	   retransmission unless data went on past it without a gap, and what
	   came after a hole is a gap again (tested on hand-made frames) */
	if ((fl & (TH_SYN | TH_ACK)) == TH_SYN && f->nextseq && f->maxseqtobeacked) f->nextseq = f->maxseqtobeacked;
	u32 a = classify(c, f, r, p);
	if (a && shown) {
		f->retrans += (a & (A_RETRANS | A_FAST_RETRANS | A_SPURIOUS)) != 0;
		f->ooo += (a & A_OOO) != 0;
		f->dupack += (a & A_DUPACK) != 0;
		f->zerowin += (a & A_ZERO_WINDOW) != 0;
		f->lost += (a & A_LOST) != 0;
	}
	if (len && shown) {                     /* in relative sequence numbers, as tshark's */
		u32 rel = seq - f->base;
		if (rel == f->hi && f->seen && f->hi - f->lo < SPAN_MAX - 65536) {
			f->hi += len; f->unique += len;    /* the common case: the next bytes */
		} else unique_add(t, f, rel, len);
	}

	/* remember the segment until it is acknowledged (as many as Wireshark keeps) */
	u32 next = seq + len;
	if ((len || synfin) && f->nsegs < SEGS_PER_DIR) {
		next += (u32)synfin;
		u32 i = seg_take(t);
		if (i != NONE) {
			struct seg *s = &t->seg[i];
			s->seq = seq; s->nextseq = next; s->ts = p->ts;
			s->next = f->segs; f->segs = i; f->nsegs++;
		}
	}
	if ((GT(next, f->nextseq) || !f->nextseq) && !(a & A_ZWP)) { f->nextseq = next; f->nextseq_ts = p->ts; }
	if ((seq == f->maxseqtobeacked || !f->maxseqtobeacked) && !(a & A_ZWP)) f->maxseqtobeacked = f->nextseq;
	f->window = p->win; f->lastack = p->ack; f->lastack_ts = p->ts;
	f->lastflags = (u8)((a & A_KEEPALIVE ? LAST_KEEPALIVE : 0) | (a & A_ZWP ? LAST_ZWP : 0));

	u64 sent = acknowledge(t, r, p->ack, &matched);
	if (matched && p->ts > sent && shown) rtt_sample(c, r, p->ts - sent);

	/* the handshake RTT: the latest SYN to the first ACK without SYN after it */
	if ((fl & (TH_SYN | TH_ACK)) == TH_SYN) c->syn_ts = p->ts;
	if ((fl & (TH_SYN | TH_ACK)) == TH_ACK && c->syn_ts && !c->first_rtt && p->ts != c->syn_ts)
		c->first_rtt = (s64)(p->ts - c->syn_ts);
	/* Wireshark shows it on segments it has something to say about; a
	   negative one (the capture clock went back) is not a round trip */
	if (c->first_rtt > 0 && c->rtt_us == RTT_NONE && (a || matched || len) && shown) {
		u64 us = (u64)c->first_rtt / 1000;
		c->rtt_us = us < RTT_NONE ? (u32)us : RTT_NONE - 1;
	}
}

u32 conn_loss_permille(const struct conn *c)
{
	u64 segs = c->d[0].pkts + c->d[1].pkts, re = c->d[0].retrans + c->d[1].retrans;
	return segs ? (u32)(re * 1000 / segs) : 0;
}
