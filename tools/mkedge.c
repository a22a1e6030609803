/* mkedge - write tests/crafted/tcp-limits.pcap: small TCP conversations, each
 * driving one edge of the TCP analysis that netmoon must match with tshark's
 * (host tool, plain libc).
 *
 *   mkedge OUT.pcap
 *
 * One conversation a case, one case after another in time, each on its own
 * 4-tuple (client 10.1.0.N / 2001:db8:1::N port 40000+N, server 192.0.2.N /
 * 2001:db8:2::N port 8765) unless the case is about reusing one. Sequence
 * numbers wrap past 2^32, segments are retransmitted (late, fast, spurious,
 * overlapping, 50 times), reordered and lost, ACKs repeat 300 times, windows
 * close and open, keep-alives and window probes come and are answered,
 * connections are reset, refused, reused and seen mid-stream; timestamps go
 * backwards, stand still, jump 5000 s and cross 2^31 s; a segment is as long
 * as IPv4 and IPv6 allow (captured short), and one connection has more
 * unacknowledged segments than tshark keeps (10,000). The timing of each
 * frame is chosen against tshark's rules: an initial RTT of 10.1 ms (SYN to
 * the handshake's ACK), a fast retransmission less than 20 ms after the last
 * frame of the other side, an out-of-order segment less than the initial RTT
 * after the highest one. tests/crafted/README.md lists the cases by stream
 * with the flags tshark gives each.
 *
 * Ethernet, microsecond timestamps, correct IPv4 header and TCP checksums
 * (over the whole segment, also where the frame is captured short); no
 * randomness: the same bytes every run. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "pcapgen.h"

enum { FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10 };
enum { C = 0, S = 1 };                 /* client, server */
#define RTT 10000                      /* SYN to SYN-ACK, µs; the ACK follows 100 µs later */

static uint8_t frame[14 + 40 + 65535];
static FILE *out;
static int64_t now;                    /* µs since the epoch; may go backwards */
static int ncase;


static void emit(size_t len, size_t cap)
{
	uint8_t h[16];
	if (!cap || cap > len) cap = len;
	put32(h, (uint32_t)(now / 1000000)); put32(h + 4, (uint32_t)(now % 1000000));
	put32(h + 8, (uint32_t)cap); put32(h + 12, (uint32_t)len);
	fwrite(h, 1, 16, out); fwrite(frame, 1, cap, out);
}

struct conn {
	int v6;
	uint8_t addr[2][16];
	uint16_t port[2];
	uint32_t nxt[2];               /* next sequence number each side sends */
	uint32_t ack[2];               /* the acknowledgment number each side sends */
	uint16_t win[2];
};

/* one TCP segment from side d; cap > 0 captures only that many bytes */
static void raw(const struct conn *c, int d, int fl, uint32_t seq, uint32_t ack, uint16_t win, uint32_t len, size_t cap)
{
	size_t l4len = 20 + (size_t)len;
	uint32_t ps;
	uint8_t *l4 = eth_ip(frame, d, c->v6, c->addr[d], c->addr[!d], 6, l4len, &ps);
	memset(l4, 0, 20);
	for (uint32_t i = 0; i < len; i++) l4[20 + i] = (uint8_t)('a' + (seq + i) % 26);   /* a byte's value follows its sequence number */
	be16(l4, c->port[d]); be16(l4 + 2, c->port[!d]);
	be32(l4 + 4, seq); be32(l4 + 8, fl & ACK ? ack : 0);
	l4[12] = 5 << 4; l4[13] = (uint8_t)fl; be16(l4 + 14, win);
	be16(l4 + 16, fold(sum(l4, l4len, ps)));
	emit((size_t)(l4 - frame) + l4len, cap);
}

static void wait(int64_t us) { now += us; }
/* a segment at an explicit sequence number (nothing advances) */
static void seg(const struct conn *c, int d, int fl, uint32_t seq, uint32_t len) { raw(c, d, fl, seq, c->ack[d], c->win[d], len, 0); }
/* the next segment of side d */
static void snd(struct conn *c, int d, int fl, uint32_t len)
{
	seg(c, d, fl, c->nxt[d], len);
	c->nxt[d] += len + !!(fl & (SYN | FIN));
}
static void data(struct conn *c, int d, uint32_t len) { snd(c, d, PSH | ACK, len); }
/* a bare ACK of everything the other side sent */
static void ackall(struct conn *c, int d) { c->ack[d] = c->nxt[!d]; snd(c, d, ACK, 0); }
/* a bare ACK of up to sequence number a */
static void ackto(struct conn *c, int d, uint32_t a) { c->ack[d] = a; snd(c, d, ACK, 0); }

/* a new case: 10 s after the last one began or later, on a whole second */
static void newcase(struct conn *c, int v6, uint32_t isn_c, uint32_t isn_s)
{
	static int64_t last;
	ncase++;
	if (now < last + 10000000) now = last + 10000000;
	now = (now + 999999) / 1000000 * 1000000;
	last = now;
	memset(c, 0, sizeof *c);
	c->v6 = v6;
	if (v6) {
		static const uint8_t p[2][8] = { { 0x20, 0x01, 0x0d, 0xb8, 0, 1 }, { 0x20, 0x01, 0x0d, 0xb8, 0, 2 } };
		for (int d = 0; d < 2; d++) { memcpy(c->addr[d], p[d], 8); c->addr[d][15] = (uint8_t)ncase; }
	} else {
		c->addr[C][0] = 10; c->addr[C][1] = 1; c->addr[C][3] = (uint8_t)ncase;
		c->addr[S][0] = 192; c->addr[S][2] = 2; c->addr[S][3] = (uint8_t)ncase;
	}
	c->port[C] = (uint16_t)(40000 + ncase); c->port[S] = 8765;
	c->nxt[C] = isn_c; c->nxt[S] = isn_s;
	c->win[C] = c->win[S] = 65535;
}

/* SYN, SYN-ACK RTT later, the ACK 100 µs after: initial RTT 10.1 ms */
static void handshake(struct conn *c)
{
	snd(c, C, SYN, 0);
	wait(RTT); c->ack[S] = c->nxt[C]; snd(c, S, SYN | ACK, 0);
	wait(100); ackall(c, C);
	wait(1000);
}

/* the client closes, the server answers with its FIN, the client ACKs */
static void fin(struct conn *c)
{
	wait(1000); c->ack[C] = c->nxt[S]; snd(c, C, FIN | ACK, 0);
	wait(RTT); c->ack[S] = c->nxt[C]; snd(c, S, FIN | ACK, 0);
	wait(100); ackall(c, C);
}

/* the client sends a request of n bytes, the server ACKs it */
static void exchange(struct conn *c, uint32_t n)
{
	data(c, C, n); wait(RTT); ackall(c, S); wait(1000);
}

/* ---- sequence numbers across 2^32 ---- */

static void wrap(int v6, uint32_t isn_c, uint32_t isn_s)
{
	struct conn c;
	newcase(&c, v6, isn_c, isn_s);
	handshake(&c);
	for (int i = 0; i < 3; i++) { data(&c, C, 100); wait(RTT); ackall(&c, S); wait(1000); }
	data(&c, S, 20); wait(1000); data(&c, S, 20); wait(RTT); ackall(&c, C);
	fin(&c);
}

/* a segment ending exactly at 0: tshark's nextseq 0 means "unknown" */
static void end_at_zero(void)
{
	struct conn c;
	newcase(&c, 0, 0xffffff00, 0x10000000);
	handshake(&c);
	data(&c, C, 255);                                  /* [ffffff01, 0) */
	wait(RTT); ackall(&c, S);                          /* ACK 0 */
	wait(300000); seg(&c, C, PSH | ACK, 0xffffff01, 255);   /* resent: no flag (nextseq 0, lastack 0) */
	wait(300000); seg(&c, C, ACK, 0xffffffff, 0);      /* keep-alive at nextseq-1; now nextseq = ffffffff */
	wait(RTT); snd(&c, S, ACK, 0);                     /* keep-alive ACK */
	wait(300000); seg(&c, C, PSH | ACK, 0xffffff01, 255);   /* resent again: a retransmission this time */
	wait(1000); seg(&c, C, PSH | ACK, 50, 50);         /* a gap after 0: no lost-segment flag */
	wait(1000); seg(&c, C, PSH | ACK, 0, 50);          /* the hole: out of order */
	c.nxt[C] = 100;
	wait(RTT); ackall(&c, S);
	fin(&c);
}

/* ---- retransmissions ---- */

static void plain_retrans(void)
{
	struct conn c;
	newcase(&c, 0, 1000, 5000);
	handshake(&c);
	uint32_t s1 = c.nxt[C];
	data(&c, C, 100); wait(1000); data(&c, C, 100);
	wait(300000); seg(&c, C, PSH | ACK, s1, 100);      /* late: retransmission */
	wait(RTT); ackall(&c, S);
	wait(1000); c.ack[C] = c.nxt[S]; snd(&c, C, FIN | ACK, 0);
	wait(300000); seg(&c, C, FIN | ACK, c.nxt[C] - 1, 0);   /* the FIN again */
	wait(RTT); c.ack[S] = c.nxt[C]; snd(&c, S, FIN | ACK, 0);
	wait(100); ackall(&c, C);
}

/* fast retransmissions: the resend 19.999 ms after the third duplicate ACK
 * is one, the one 20 ms after is not, nor one after a single duplicate */
static void fast_retrans(int v6)
{
	struct conn c;
	newcase(&c, v6, 0x7ffffff0, 0x20000000);
	handshake(&c);
	for (int ep = 0; ep < (v6 ? 1 : 3); ep++) {
		uint32_t s1 = c.nxt[C];
		for (int i = 0; i < 4; i++) { data(&c, C, 100); wait(1000); }
		wait(RTT); ackto(&c, S, s1 + 100);
		for (int i = 0; i < (ep == 2 ? 1 : 3); i++) { wait(1000); snd(&c, S, ACK, 0); }
		wait(ep == 1 ? 20000 : 19999); seg(&c, C, PSH | ACK, s1 + 100, 100);
		wait(RTT); ackall(&c, S); wait(1000);
	}
	fin(&c);
}

/* data the other side has ACKed sent again, then a resend that adds 50 new bytes */
static void spurious(void)
{
	struct conn c;
	newcase(&c, 0, 0x01000000, 0x02000000);
	handshake(&c);
	uint32_t s1 = c.nxt[C];
	data(&c, C, 100); wait(RTT); ackall(&c, S);
	wait(300000); seg(&c, C, PSH | ACK, s1, 100);       /* spurious */
	wait(RTT); snd(&c, S, ACK, 0);                      /* the same ACK again: a duplicate */
	wait(300000); seg(&c, C, PSH | ACK, s1, 150); c.nxt[C] = s1 + 150;   /* old and new bytes: a retransmission */
	wait(RTT); ackall(&c, S);
	fin(&c);
}

/* a resend covering two segments and 100 new bytes; a partial ACK; a resend
 * from inside a segment (the ACK's RTT is from the oldest matching segment) */
static void overlap(void)
{
	struct conn c;
	newcase(&c, 0, 0x30000000, 0x40000000);
	handshake(&c);
	uint32_t b = c.nxt[C];
	data(&c, C, 100); wait(1000); data(&c, C, 100);
	wait(300000); seg(&c, C, PSH | ACK, b, 300); c.nxt[C] = b + 300;
	wait(RTT); ackall(&c, S);
	wait(1000); data(&c, C, 100); wait(1000); data(&c, C, 100);
	wait(RTT); ackto(&c, S, b + 350);                   /* inside [b+300, b+400): no RTT */
	wait(300000); seg(&c, C, PSH | ACK, b + 350, 150);
	wait(RTT); ackall(&c, S);
	fin(&c);
}

/* one segment sent 50 times, 200 ms apart, then ACKed */
static void resend50(void)
{
	struct conn c;
	newcase(&c, 0, 0xfffffe00, 0x50000000);
	handshake(&c);
	uint32_t s1 = c.nxt[C];
	data(&c, C, 100);
	for (int i = 1; i < 50; i++) { wait(200000); seg(&c, C, PSH | ACK, s1, 100); }
	wait(RTT); ackall(&c, S);
	fin(&c);
}

/* ---- order and loss ---- */

/* out of order 10.099 ms after the highest segment (the initial RTT is
 * 10.1 ms), a retransmission at exactly 10.1 ms, and a quick resend of the
 * highest segment (a retransmission: it ends where the highest does) */
static void reorder(void)
{
	struct conn c;
	newcase(&c, 0, 0x60000000, 0x61000000);
	handshake(&c);
	uint32_t b = c.nxt[C];
	seg(&c, C, PSH | ACK, b, 100); wait(1000);
	seg(&c, C, PSH | ACK, b + 200, 100); wait(10099);   /* lost segment before it */
	seg(&c, C, PSH | ACK, b + 100, 100); wait(1000);     /* out of order */
	seg(&c, C, PSH | ACK, b + 300, 100); wait(1000);
	seg(&c, C, PSH | ACK, b + 500, 100); wait(10100);   /* lost segment before it */
	seg(&c, C, PSH | ACK, b + 400, 100); wait(1000);     /* retransmission */
	seg(&c, C, PSH | ACK, b + 600, 100); wait(1000);
	seg(&c, C, PSH | ACK, b + 600, 100);                 /* retransmission */
	c.nxt[C] = b + 700;
	wait(RTT); ackall(&c, S);
	fin(&c);
}

/* a gap the server ACKs past: "ACKed unseen segment" */
static void lost(void)
{
	struct conn c;
	newcase(&c, 0, 0x70000000, 0x71000000);
	handshake(&c);
	uint32_t b = c.nxt[C];
	seg(&c, C, PSH | ACK, b, 100); wait(1000);
	seg(&c, C, PSH | ACK, b + 200, 100); c.nxt[C] = b + 300;
	wait(RTT); ackto(&c, S, b + 100);
	wait(1000); ackto(&c, S, b + 300);
	fin(&c);
}

/* seen mid-stream; then bytes before the first one seen: out of order within
 * 3 ms (tshark's threshold without a handshake), a retransmission later */
static void before_first(void)
{
	struct conn c;
	newcase(&c, 0, 0x80000000, 0x90000000);
	c.ack[C] = c.nxt[S];
	data(&c, C, 100);
	wait(1000); seg(&c, C, PSH | ACK, 0x80000000 - 100, 100);
	wait(500000); seg(&c, C, PSH | ACK, 0x80000000 - 300, 100);
	wait(RTT); ackto(&c, S, 0x80000064);
	wait(1000); data(&c, S, 50); wait(RTT); ackall(&c, C);
	fin(&c);
}

/* ---- ACKs and windows ---- */

/* 300 duplicate ACKs in a row, then a fast retransmission */
static void dupack300(void)
{
	struct conn c;
	newcase(&c, 0, 0xa0000000, 0xa1000000);
	handshake(&c);
	uint32_t s1 = c.nxt[C];
	data(&c, C, 100); wait(1000); data(&c, C, 100);
	wait(RTT); ackto(&c, S, s1 + 100);
	for (int i = 0; i < 300; i++) { wait(100); snd(&c, S, ACK, 0); }
	wait(1000); seg(&c, C, PSH | ACK, s1 + 100, 100);
	wait(RTT); ackall(&c, S);
	fin(&c);
}

/* a window update; keep-alives of 0 and 1 byte at nextseq-1 and their ACKs */
static void keepalive(void)
{
	struct conn c;
	newcase(&c, 0, 0xb0000000, 0xb1000000);
	handshake(&c);
	exchange(&c, 100);
	c.win[S] = 30000; snd(&c, S, ACK, 0);              /* window update */
	wait(5000000); seg(&c, C, ACK, c.nxt[C] - 1, 0);
	wait(RTT); snd(&c, S, ACK, 0);
	wait(5000000); seg(&c, C, ACK, c.nxt[C] - 1, 1);
	wait(RTT); snd(&c, S, ACK, 0);
	fin(&c);
}

/* the server's window closes; 1-byte probes at nextseq and their ACKs; the
 * window opens. accept: the server takes the probe byte (ACK one past it),
 * which tshark never counts into nextseq */
static void zerowin(int v6, int accept)
{
	struct conn c;
	newcase(&c, v6, 0xc0000000 + (uint32_t)accept, 0xc1000000);
	handshake(&c);
	data(&c, C, 1000);
	wait(RTT); c.win[S] = 0; ackall(&c, S);
	wait(200000); seg(&c, C, PSH | ACK, c.nxt[C], 1);
	if (accept) {
		wait(RTT); ackto(&c, S, c.nxt[C] + 1);
		c.nxt[C]++;
	} else {
		wait(RTT); snd(&c, S, ACK, 0);
		wait(400000); seg(&c, C, PSH | ACK, c.nxt[C], 1);
		wait(RTT); snd(&c, S, ACK, 0);
	}
	wait(100000); c.win[S] = 8192; snd(&c, S, ACK, 0);
	wait(1000); data(&c, C, 1000);
	wait(RTT); ackall(&c, S);
	fin(&c);
}

/* ---- resets ---- */

enum { RST_CLIENT, RST_BLIND, RST_DATA, RST_AFTER_FIN };
static void reset(int how)
{
	struct conn c;
	newcase(&c, 0, 0xd0000000 + (uint32_t)how, 0xd1000000);
	handshake(&c);
	exchange(&c, 100);
	switch (how) {
	case RST_CLIENT: snd(&c, C, RST | ACK, 0); break;
	case RST_BLIND: seg(&c, S, RST, c.nxt[S] + 1000, 0); break;   /* past nextseq: no lost flag on a RST */
	case RST_DATA: data(&c, S, 10); wait(RTT); ackall(&c, C); wait(1000); snd(&c, S, RST | ACK | PSH, 20); break;
	case RST_AFTER_FIN:
		c.ack[C] = c.nxt[S]; snd(&c, C, FIN | ACK, 0);
		wait(RTT); ackall(&c, S);
		wait(1000); snd(&c, S, RST | ACK, 0);
		wait(100); snd(&c, C, RST, 0);
		break;
	}
}

/* a SYN answered by RST-ACK: tshark takes the RST-ACK as the handshake's ACK
 * (an initial RTT) */
static void refused(int v6)
{
	struct conn c;
	newcase(&c, v6, 0xe0000000, 0);
	snd(&c, C, SYN, 0);
	wait(RTT); c.ack[S] = c.nxt[C]; snd(&c, S, RST | ACK, 0);
}

/* SYNs at 0, 1 and 3 s, none answered */
static void syn_unanswered(void)
{
	struct conn c;
	newcase(&c, 0, 0xe1000000, 0);
	snd(&c, C, SYN, 0);
	wait(1000000); seg(&c, C, SYN, 0xe1000000, 0);
	wait(2000000); seg(&c, C, SYN, 0xe1000000, 0);
}

/* the SYN again after 1 s, then answered: the initial RTT runs from the
 * last SYN, the SYN-ACK's ACK RTT from the first */
static void syn_retrans(void)
{
	struct conn c;
	newcase(&c, 0, 0xe2000000, 0xe3000000);
	snd(&c, C, SYN, 0);
	wait(1000000); seg(&c, C, SYN, 0xe2000000, 0);
	wait(RTT); c.ack[S] = c.nxt[C]; snd(&c, S, SYN | ACK, 0);
	wait(100); ackall(&c, C);
	wait(1000); exchange(&c, 100);
	fin(&c);
}

/* the SYN-ACK again after 1 s, then the handshake's ACK */
static void synack_retrans(void)
{
	struct conn c;
	newcase(&c, 0, 0xe4000000, 0xe5000000);
	snd(&c, C, SYN, 0);
	wait(RTT); c.ack[S] = c.nxt[C]; snd(&c, S, SYN | ACK, 0);
	wait(1000000); seg(&c, S, SYN | ACK, 0xe5000000, 0);
	wait(100); ackall(&c, C);
	wait(1000); exchange(&c, 100);
	fin(&c);
}

/* 50 bytes on the SYN (Fast Open), 30 on the FIN */
static void syn_fin_data(void)
{
	struct conn c;
	newcase(&c, 0, 0xe6000000, 0xe7000000);
	snd(&c, C, SYN, 50);
	wait(RTT); c.ack[S] = c.nxt[C]; snd(&c, S, SYN | ACK, 0);
	wait(100); ackall(&c, C);
	wait(1000); exchange(&c, 100);
	c.ack[C] = c.nxt[S]; snd(&c, C, FIN | PSH | ACK, 30);
	wait(RTT); c.ack[S] = c.nxt[C]; snd(&c, S, FIN | ACK, 0);
	wait(100); ackall(&c, C);
}

/* ---- one 4-tuple, two connections ---- */

enum { REUSE_CLOSED, REUSE_OPEN, REUSE_SAME_ISN };
static void reuse(int v6, int how)
{
	struct conn c;
	newcase(&c, v6, 0xf0000000 + (uint32_t)how, 0xf1000000);
	handshake(&c);
	exchange(&c, 100);
	if (how != REUSE_OPEN) fin(&c);
	wait(2000000);
	c.nxt[C] = how == REUSE_SAME_ISN ? 0xf0000000 + (uint32_t)how : 0x12345678;
	c.nxt[S] = 0x9abcdef0;
	handshake(&c);
	exchange(&c, 100);
	fin(&c);
}

/* ---- time ---- */

/* an ACK 5 ms before the segment it ACKs (negative ACK RTT), one at the same
 * instant (no ACK RTT), and a hole filled "before" the segment after it (a
 * retransmission: tshark's elapsed time is unsigned) */
static void time_back(void)
{
	struct conn c;
	newcase(&c, 0, 0x00000100, 0x00000200);
	handshake(&c);
	data(&c, C, 100); wait(-5000); ackall(&c, S);
	wait(20000); data(&c, C, 100); ackall(&c, S);
	wait(1000);
	uint32_t b = c.nxt[C];
	seg(&c, C, PSH | ACK, b, 100); wait(1000);
	seg(&c, C, PSH | ACK, b + 200, 100); wait(-500);
	seg(&c, C, PSH | ACK, b + 100, 100);
	c.nxt[C] = b + 300;
	wait(RTT); ackall(&c, S);
	fin(&c);
}

/* the handshake's ACK 1 ms before the SYN: a negative initial RTT, and
 * with it every resend is "out of order" */
static void neg_initial_rtt(void)
{
	struct conn c;
	newcase(&c, 0, 0x00000300, 0x00000400);
	snd(&c, C, SYN, 0);
	wait(RTT); c.ack[S] = c.nxt[C]; snd(&c, S, SYN | ACK, 0);
	wait(-RTT - 1000); ackall(&c, C);
	wait(RTT + 2000);
	uint32_t s1 = c.nxt[C];
	data(&c, C, 100); wait(1000); data(&c, C, 100);
	wait(2000000); seg(&c, C, PSH | ACK, s1, 100);
	wait(RTT); ackall(&c, S);
	fin(&c);
}

/* SYN, SYN-ACK and ACK at one instant: the initial RTT is zero, so tshark
 * takes it again from the next ACK (5 ms) */
static void zero_initial_rtt(void)
{
	struct conn c;
	newcase(&c, 0, 0x00000500, 0x00000600);
	snd(&c, C, SYN, 0);
	c.ack[S] = c.nxt[C]; snd(&c, S, SYN | ACK, 0);
	ackall(&c, C);
	wait(5000); exchange(&c, 100);
	fin(&c);
}

/* data ACKed after 5000 s: more than 2^32 µs */
static void long_ack(void)
{
	struct conn c;
	newcase(&c, 0, 0x00000700, 0x00000800);
	handshake(&c);
	data(&c, C, 100);
	wait(5000000000LL); ackall(&c, S);
	fin(&c);
}

/* a conversation across 2^31 s (2038-01-19 03:14:08 UTC) */
static void y2038(void)
{
	struct conn c;
	now = ((int64_t)1 << 31) * 1000000 - 20000000;
	newcase(&c, 0, 0x00000900, 0x00000a00);
	now = ((int64_t)1 << 31) * 1000000 - 5000;
	handshake(&c);
	exchange(&c, 100);
	fin(&c);
}

/* ---- size ---- */

/* the longest segment IPv4 (total length 65535) or IPv6 (payload length
 * 65535) carries, captured to 100 bytes, across sequence number 0 */
static void maxseg(int v6)
{
	struct conn c;
	newcase(&c, v6, 0xfffff000, 0x0b000000);
	handshake(&c);
	uint32_t len = v6 ? 65535 - 20 : 65535 - 40;
	c.ack[C] = c.nxt[S];
	raw(&c, C, PSH | ACK, c.nxt[C], c.ack[C], c.win[C], len, 100);
	c.nxt[C] += len;
	wait(RTT); ackall(&c, S);
	fin(&c);
}

/* 10,050 one-byte segments, captured without their byte: tshark keeps 10,000
 * unacknowledged. ACKs at the 10,000th (an RTT), the 10,001st and the last
 * (none: not kept) */
static void unacked10k(void)
{
	struct conn c;
	newcase(&c, 0, 0x0c000000, 0x0d000000);
	handshake(&c);
	c.ack[C] = c.nxt[S];
	uint32_t b = c.nxt[C];
	for (int i = 0; i < 10050; i++) { raw(&c, C, PSH | ACK, c.nxt[C]++, c.ack[C], c.win[C], 1, 54); wait(10); }
	wait(RTT); ackto(&c, S, b + 10000);
	wait(1000); ackto(&c, S, b + 10001);
	wait(1000); ackto(&c, S, b + 10050);
	wait(1000); exchange(&c, 1);
	fin(&c);
}

/* ---- no handshake ---- */

enum { MID_CLIENT_FIRST, MID_SERVER_FIRST, MID_LOW_CLIENT_PORT };
static void midstream(int v6, int how)
{
	struct conn c;
	newcase(&c, v6, 0x0e000000 + (uint32_t)how * 0x1000, 0x0f000000);
	if (how == MID_LOW_CLIENT_PORT) { c.port[C] = 1000; c.port[S] = 50000; }
	c.ack[C] = c.nxt[S]; c.ack[S] = c.nxt[C];
	if (how == MID_SERVER_FIRST) { data(&c, S, 300); wait(RTT); ackall(&c, C); wait(1000); }
	data(&c, C, 100);
	wait(RTT); ackall(&c, S);
	wait(1000); data(&c, S, 200);
	wait(RTT); ackall(&c, C);
	if (how != MID_SERVER_FIRST) fin(&c);
}

int main(int argc, char **argv)
{
	if (argc != 2) { fprintf(stderr, "usage: mkedge OUT.pcap\n"); return 2; }
	out = pcap_create(argv[1]);
	if (!out) { perror(argv[1]); return 1; }
	now = 1700000000LL * 1000000;

	wrap(0, 0xffffff00, 0xfffffff0);
	wrap(1, 0xfffffffe, 0xffffffff);   /* the server's first data byte is 0 */
	end_at_zero();
	plain_retrans();
	fast_retrans(0);
	fast_retrans(1);
	spurious();
	overlap();
	resend50();
	reorder();
	lost();
	before_first();
	dupack300();
	keepalive();
	zerowin(0, 0);
	zerowin(0, 1);
	zerowin(1, 0);
	reset(RST_CLIENT);
	reset(RST_BLIND);
	reset(RST_DATA);
	reset(RST_AFTER_FIN);
	refused(0);
	refused(1);
	syn_unanswered();
	syn_retrans();
	synack_retrans();
	syn_fin_data();
	reuse(0, REUSE_CLOSED);
	reuse(0, REUSE_OPEN);
	reuse(0, REUSE_SAME_ISN);
	reuse(1, REUSE_CLOSED);
	time_back();
	neg_initial_rtt();
	zero_initial_rtt();
	maxseg(0);
	maxseg(1);
	unacked10k();
	midstream(0, MID_CLIENT_FIRST);
	midstream(0, MID_SERVER_FIRST);
	midstream(0, MID_LOW_CLIENT_PORT);
	midstream(1, MID_CLIENT_FIRST);
	long_ack();
	y2038();

	if (fclose(out)) { perror(argv[1]); return 1; }
	return 0;
}
