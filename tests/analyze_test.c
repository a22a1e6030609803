/* analyze_test - unit tests of netmoon's TCP analysis (analyze.c) and of
 * connections over time (track.c): segments built by hand, each expected
 * figure worked out from Wireshark's rules (the README's table). The
 * captures in tests/impaired and tests/pcaps check the same against tshark
 * itself (tests/cmd_netmoon.sh). */
#include "netmoon_test.h"

static struct table T;
static struct ended E;
static void *mem;
static void fresh_cap(u64 idle, u32 cap) { test_table(&T, &mem, &E, cap, idle); }
static void fresh(u64 idle) { fresh_cap(idle, 64); }
#define MS 1000000ull
#define S 1000000000ull
static u16 CPORT = 40000, SPORT = 80;
/* a segment from the client (dir 0) or the server (dir 1) */
static void seg(int dir, u8 fl, u32 seq, u32 ack, u32 len, u16 win, u64 ts)
{
	struct pkt p;
	memset(&p, 0, sizeof p);
	p.kind = NM_TCP; p.ts = ts; p.len = 54 + len; p.payload = len; p.flags = fl;
	p.seq = seq; p.ack = ack; p.win = win;
	memcpy(p.src, dir ? B4 : A4, 4); memcpy(p.dst, dir ? A4 : B4, 4);
	p.sport = dir ? SPORT : CPORT; p.dport = dir ? CPORT : SPORT;
	table_add(&T, &p);
}
static struct conn *one(void) { return T.used == 1 ? &T.c[table_first(&T)] : 0; }
enum { A = TH_ACK, P = TH_ACK | TH_PSH };

static void test_handshake_and_rtt(void)
{
	fresh(0);
	seg(0, TH_SYN, 1000, 0, 0, 64240, 0);
	seg(0, TH_SYN, 1000, 0, 0, 64240, 1 * S);                 /* retransmitted SYN */
	seg(1, TH_SYN | TH_ACK, 5000, 1001, 0, 65160, 1 * S + 10 * MS);
	struct conn *c = one();
	check(c && c->rtt_us == RTT_NONE && c->d[0].retrans == 1,
	      "analysis: a retransmitted SYN counts as a retransmission; no handshake RTT before the ACK");
	seg(0, A, 1001, 5001, 0, 502, 1 * S + 20 * MS);
	check(c->rtt_us == 20000, "analysis: handshake RTT = latest SYN -> the ACK after the SYN-ACK (20 ms), both halves of the path");
	check(c->d[0].rtt_n == 1 && c->d[0].rtt_min == 1010000 && c->d[1].rtt_n == 1 && c->d[1].rtt_min == 10000,
	      "analysis: ACK RTT samples: the SYN-ACK acks the first SYN (1.01 s, as Wireshark), the ACK acks the SYN-ACK (10 ms)");
	seg(0, P, 1001, 5001, 100, 502, 1 * S + 30 * MS);
	seg(0, P, 1101, 5001, 100, 502, 1 * S + 31 * MS);
	seg(1, A, 5001, 1201, 0, 509, 1 * S + 42 * MS);            /* acks both: the sample is to the newest */
	check(c->d[0].rtt_n == 2 && c->d[0].rtt_min == 11000 && c->d[0].rtt_max == 1010000
	      && c->d[0].rtt_sum == 1010000000ull + 11000000ull,
	      "analysis: a cumulative ACK gives one sample, from the segment it acknowledges exactly (11 ms)");
	seg(1, P, 5001, 1201, 300, 509, 1 * S + 50 * MS);
	seg(0, A, 1201, 5301, 0, 502, 1 * S + 50 * MS);             /* same time: a zero sample is not one */
	check(c->d[1].rtt_n == 1, "analysis: an ACK in the same nanosecond as the segment gives no sample (tshark shows none)");
	check(c->d[0].unique == 200 && c->d[1].unique == 300 && c->srtt_us != RTT_NONE,
	      "analysis: unique bytes each way; a smoothed RTT");
}

static void test_loss_and_retransmission(void)
{
	fresh(0);
	seg(0, TH_SYN, 0, 0, 0, 1000, 0);
	seg(1, TH_SYN | TH_ACK, 0, 1, 0, 1000, 100 * MS);
	seg(0, A, 1, 1, 0, 1000, 200 * MS);                         /* handshake RTT 200 ms */
	struct conn *c = one();
	seg(0, P, 1, 1, 100, 1000, 300 * MS);
	seg(0, P, 201, 1, 100, 1000, 310 * MS);                     /* 101..201 never seen */
	check(c->d[0].lost == 1 && c->d[0].unique == 200, "analysis: a gap in the sequence: lost segment (previous segment not captured)");
	seg(1, A, 1, 101, 0, 1000, 400 * MS);
	seg(1, A, 1, 101, 0, 1000, 401 * MS);
	seg(1, A, 1, 101, 0, 1000, 402 * MS);
	check(c->d[1].dupack == 2, "analysis: the same ACK, window and sequence again: duplicate ACKs, counted for their sender");
	seg(0, P, 101, 1, 100, 1000, 410 * MS);                      /* within 20 ms of the 2nd dup ACK */
	check(c->d[0].retrans == 1 && c->d[0].unique == 300, "analysis: after two dup ACKs, the segment they ask for: a (fast) retransmission, filling the gap once");
	seg(1, A, 1, 301, 0, 1000, 500 * MS);
	seg(0, P, 201, 1, 100, 1000, 900 * MS);                       /* already acknowledged */
	check(c->d[0].retrans == 2 && c->d[0].unique == 300 && c->d[0].payload == 400,
	      "analysis: data the other side had acknowledged: a (spurious) retransmission; unique bytes unchanged");
	seg(0, P, 301, 1, 100, 1000, 1000 * MS);
	seg(0, P, 501, 1, 100, 1000, 1001 * MS);                      /* 401..501 late */
	seg(0, P, 401, 1, 100, 1000, 1002 * MS);                      /* 1 ms later: within the handshake RTT */
	check(c->d[0].ooo == 1 && c->d[0].lost == 2 && c->d[0].retrans == 2 && c->d[0].unique == 600,
	      "analysis: a late segment soon after the highest one: out of order, not a retransmission");
	seg(0, P, 301, 1, 100, 1000, 2000 * MS);                       /* not acked yet, a second later */
	check(c->d[0].retrans == 3 && c->d[0].ooo == 1, "analysis: an old segment resent a second later: a retransmission");
	seg(0, A, 600, 1, 0, 1000, 2100 * MS);                         /* keep-alive: nextseq - 1 */
	seg(0, A, 600, 1, 1, 1000, 2200 * MS);
	check(c->d[0].retrans == 3 && c->d[0].lost == 2, "analysis: keep-alives (0 or 1 byte at nextseq - 1) are not retransmissions");
	seg(1, A, 1, 601, 0, 0, 2300 * MS);
	check(c->d[1].zerowin == 1, "analysis: a window of 0 advertised: zero window, for its sender");
	seg(0, A, 601, 1, 1, 1000, 2400 * MS);                          /* a zero-window probe */
	seg(1, A, 1, 601, 0, 0, 2410 * MS);                             /* its ACK, window still 0 */
	check(c->d[1].zerowin == 2 && c->d[1].dupack == 2 && c->d[0].retrans == 3 && c->d[0].lost == 2,
	      "analysis: a zero-window probe and its ACK: neither a retransmission nor a duplicate ACK");
	seg(1, TH_RST | TH_ACK, 1, 601, 0, 0, 2500 * MS);
	check(c->d[1].rst == 1 && c->d[0].rst == 0 && c->state == ST_RESET, "analysis: a RST counted for its sender");
}

static void test_wrap_and_limits(void)
{
	fresh_cap(0, 8192);
	u32 isn = 0xffffff00u;
	seg(0, TH_SYN, isn, 0, 0, 1000, 0);
	seg(1, TH_SYN | TH_ACK, 7, isn + 1, 0, 1000, MS);
	seg(0, A, isn + 1, 8, 0, 1000, 2 * MS);
	u32 s = isn + 1;
	for (int i = 0; i < 10; i++, s += 100) seg(0, P, s, 8, 100, 1000, (3 + (u64)i) * MS);
	seg(1, A, 8, s, 0, 1000, 20 * MS);
	struct conn *c = one();
	check(c->d[0].unique == 1000 && c->d[0].lost == 0 && c->d[0].retrans == 0 && c->d[0].ooo == 0 && c->d[0].rtt_n == 2,
	      "analysis: the sequence number wraps past 2^32 mid-stream: nothing lost, nothing resent, 1000 unique bytes");
	/* more unacknowledged segments than any pool: bounded, no crash, counters go on */
	for (int i = 0; i < 20000; i++, s += 10) seg(0, P, s, 8, 10, 1000, (30 + (u64)i) * MS);
	check(c->d[0].nsegs == SEGS_PER_DIR && c->d[0].unique == 201000,
	      "analysis: 20000 segments never acknowledged: the list stops at 10000 (as Wireshark), unique bytes go on");
	seg(1, A, 8, s, 0, 1000, 100 * S);
	check(c->d[0].nsegs == 0, "analysis: one cumulative ACK frees them all");
	u32 freed = 0;
	for (u32 i = T.seg_free; i != NONE; i = T.seg[i].next) freed++;
	check(freed == T.seg_fresh && freed > SEGS_PER_DIR / 2, "analysis: every pool segment taken is free again");
	/* unique bytes: gaps filled later, and more gaps than are remembered */
	fresh(0);
	seg(0, A, 1000, 1, 10, 1000, 0);
	for (int i = 1; i <= 8; i++) seg(0, A, 1000 + 20 * (u32)i, 1, 10, 1000, (u64)i * MS);   /* 8 gaps of 10 */
	c = one();
	check(c->d[0].unique == 90 && c->d[0].nholes == 8, "unique: nine segments with eight gaps: 90 bytes, eight gaps");
	for (int i = 1; i <= 8; i++) seg(0, A, 1000 + 20 * (u32)i - 10, 1, 10, 1000, 100 * MS);
	check(c->d[0].unique == 170 && c->d[0].nholes == 0 && c->d[0].unique <= c->d[0].payload,
	      "unique: filling every gap counts each byte once: 170");
	seg(0, A, 900, 1, 50, 1000, 200 * MS);                        /* before the first byte seen */
	seg(0, A, 880, 1, 100, 1000, 201 * MS);                       /* overlaps that and the start */
	check(c->d[0].unique == 170 + 50 + 20 + 30, "unique: data before the first byte seen counts, once");
	seg(0, A, 990, 1, 300, 1000, 202 * MS);                        /* over everything, and 110 new */
	check(c->d[0].unique == 270 + 10 + 120 && c->d[0].nholes == 1, "unique: a resend over most of it adds only its new bytes (10 in the gap 980..1000, 120 past the end)");
	fresh(0);
	for (int i = 0; i <= NHOLE + 6; i++) seg(0, A, 1000 + 20 * (u32)i, 1, 10, 1000, (u64)i * MS);
	c = one();
	check(c->d[0].nholes == NHOLE && c->d[0].unique == 10 * (NHOLE + 7), "unique: gaps beyond NHOLE per direction are not kept");
	for (int i = 1; i <= NHOLE + 6; i++) seg(0, A, 1000 + 20 * (u32)i - 10, 1, 10, 1000, 100 * MS);
	check(c->d[0].unique == 10 * (NHOLE + 7) + 10 * NHOLE && c->d[0].nholes == 0,
	      "unique: filling them counts the kept gaps only (never more than the payload)");
	table_flush(&T);
	u32 used = 0;
	for (u32 i = T.seg_free; i != NONE; i = T.seg[i].next) used++;
	check(used == T.seg_fresh && used >= NHOLE, "unique: the gaps' pool entries are free again when the connection ends");
	/* a segment 1 GB away (a bit flipped in its sequence number): counted once, the
	   range stays; a jump that goes on from there: the range starts over there */
	fresh(0);
	for (int i = 0; i < 4; i++) seg(0, A, 1000 + 100 * (u32)i, 1, 100, 1000, (u64)i * MS);
	seg(0, A, 1000 + 400 + 0x40000000u, 1, 100, 1000, 5 * MS);
	for (int i = 4; i < 8; i++) seg(0, A, 1000 + 100 * (u32)i, 1, 100, 1000, (6 + (u64)i) * MS);
	seg(0, A, 1300, 1, 100, 1000, 20 * MS);                        /* resent */
	c = one();
	check(c->d[0].unique == 900 && c->d[0].hi - c->d[0].lo == 800,
	      "unique: a segment 1 GB off is counted once; the stream around it, and a resend inside it, as before");
	seg(0, A, 1000 + 0x80000000u, 1, 100, 1000, 30 * MS);
	seg(0, A, 1100 + 0x80000000u, 1, 100, 1000, 31 * MS);
	seg(0, A, 1100 + 0x80000000u, 1, 100, 1000, 32 * MS);          /* resent after the jump */
	check(c->d[0].unique == 1100 && c->d[0].hi - c->d[0].lo == 100,
	      "unique: a jump that goes on (two segments in a row 2 GB away): counted, and the range starts over there");
}

static void test_over_time(void)
{
	/* idle past -e, then back: the same client and server, "continued" */
	fresh(60 * S);
	CPORT = 2000; SPORT = 45000;
	seg(0, TH_SYN, 100, 0, 0, 1000, 0);
	seg(1, TH_SYN | TH_ACK, 500, 101, 0, 1000, MS);
	seg(0, A, 101, 501, 0, 1000, 2 * MS);
	seg(0, P, 101, 501, 6, 1000, 3 * MS);
	seg(1, A, 501, 107, 0, 1000, 4 * MS);
	table_expire(&T, 70 * S, 8);
	check(E.n == 1 && E.reason[0] == END_EXPIRED && T.used == 0, "over time: silent past -e: the connection ends (expired)");
	seg(1, P, 501, 107, 6, 1000, 71 * S);                          /* the server speaks first */
	struct conn *c = one();
	check(c && c->ap == 2000 && c->bp == 45000 && c->continued && c->d[1].pkts == 1 && !c->d[0].pkts,
	      "over time: back after expiry: client and server kept (the client's port is the lower one), marked continued");
	seg(0, P, 107, 507, 6, 1000, 72 * S);
	check(c->d[1].rtt_n == 1 && c->d[1].lost == 0 && c->rtt_us == RTT_NONE,
	      "over time: the continued connection's segments are analysed from where it resumed");
	/* closed: FIN both ways, the last ACK, then 2 s of linger */
	seg(0, TH_FIN | TH_ACK, 113, 507, 0, 1000, 73 * S);
	seg(1, TH_FIN | TH_ACK, 507, 114, 0, 1000, 73 * S + MS);
	seg(0, A, 114, 508, 0, 1000, 73 * S + 2 * MS);
	table_expire(&T, 74 * S, 8);
	check(T.used == 1 && E.n == 1 && c->list == LIST_CLOSED, "over time: closed 1 s ago: still there (lingering)");
	seg(1, TH_FIN | TH_ACK, 507, 114, 0, 1000, 74 * S + 500 * MS);   /* a late retransmitted FIN */
	table_expire(&T, 76 * S, 8);
	check(T.used == 1 && c->d[1].retrans == 1, "over time: a late packet keeps it lingering, still the same connection");
	table_expire(&T, 76 * S + 600 * MS, 8);
	check(T.used == 0 && E.n == 2 && E.reason[1] == END_CLOSED && E.c[1].continued,
	      "over time: 2 s after its last packet the closed connection ends (closed), not after -e");
	/* started before the capture: no SYN; ACK RTT samples all the same */
	fresh(0);
	CPORT = 50000; SPORT = 443;
	seg(1, P, 9000, 300, 1000, 1000, 0);
	seg(0, A, 300, 10000, 0, 1000, 5 * MS);
	seg(0, P, 300, 10000, 200, 1000, 6 * MS);
	seg(1, A, 10000, 500, 0, 1000, 9 * MS);
	c = one();
	check(c && c->rtt_us == RTT_NONE && c->d[1].rtt_n == 1 && c->d[1].rtt_min == 5000 && c->d[0].rtt_n == 1
	      && c->d[0].rtt_min == 3000 && !c->d[0].lost && !c->d[1].lost && !c->continued,
	      "over time: a connection seen mid-stream: no handshake RTT, ACK RTT samples both ways, nothing lost");
	CPORT = 40000; SPORT = 80;
	free(mem); mem = 0;
}

/* an ACK of bytes never seen the other way (tshark 4.0's "ACKed unseen segment"), and
   what it does to the next retransmission: found by flipping bits in real captures */
static void test_acked_unseen(void)
{
	for (int k = 0; k < 3; k++) {
		int hole = k > 0;
		u32 x = k == 2 ? 0xffffffffu - 2001 - 1000 : 0;          /* 2: the client's numbers cross 2^32 */
		fresh(0);
		seg(0, TH_SYN, x + 1000, 0, 0, 1000, 0);
		seg(1, TH_SYN | TH_ACK, 5000, x + 1001, 0, 1000, 10 * MS);
		seg(0, A, x + 1001, 5001, 0, 1000, 20 * MS);
		seg(0, P, x + 1001, 5001, 1000, 1000, 21 * MS);
		seg(0, P, x + 2001, 5001, 1000, 1000, 22 * MS);
		if (hole) seg(0, A, x + 3005, 5001, 0, 1000, 23 * MS);   /* past the client's next byte */
		seg(1, P, 6001, x + 3002, 1000, 1000, 24 * MS);           /* acks 3001, never seen */
		seg(1, P, 5001, x + 3002, 1000, 1000, 26 * MS);           /* resent: 2 ms after the newest */
		struct conn *c = one();
		if (k == 2)
			check(c && c->d[1].retrans == 0 && c->d[1].ooo == 1,
			      "analysis: the same with the client's numbers across 2^32 between the bound and its next byte: still out of order (tshark compares them relative to the start)");
		else if (!hole)
			check(c && c->d[1].retrans == 1 && c->d[1].ooo == 0 && c->d[1].lost == 1,
			      "analysis: after an ACK of bytes never seen, a resend of what the other side last acked is a fast retransmission (tshark keeps -1 in an unsigned count of duplicate ACKs)");
		else
			check(c && c->d[1].retrans == 0 && c->d[1].ooo == 1 && c->d[0].lost == 1,
			      "analysis: the same while the acked side's data has a hole: the resend is out of order (tshark moves the bound to be acked instead)");
	}
	free(mem); mem = 0;
}

/* a segment tshark analyses but neither shows nor counts (a header length under
   20, a SACK option it throws on): its ACK still acknowledges */
static void test_silent(void)
{
	fresh(0);
	seg(0, TH_SYN, 1000, 0, 0, 1000, 0);
	seg(1, TH_SYN | TH_ACK, 5000, 1001, 0, 1000, 10 * MS);
	seg(0, A, 1001, 5001, 0, 1000, 20 * MS);
	seg(0, P, 1001, 5001, 100, 1000, 21 * MS);
	struct pkt p;
	memset(&p, 0, sizeof p);
	p.kind = NM_TCP; p.ts = 30 * MS; p.len = 66; p.flags = TH_ACK | TH_RST; p.silent = 1;
	p.seq = 5001; p.ack = 1101; p.win = 1000;
	memcpy(p.src, B4, 4); memcpy(p.dst, A4, 4); p.sport = SPORT; p.dport = CPORT;
	table_add(&T, &p);
	struct conn *c = one();
	check(c && c->d[1].pkts == 1 && c->d[1].rst == 0 && c->d[0].rtt_n == 1,
	      "analysis: a silent segment is not counted (packets, flags, RTT sample)");
	seg(1, A, 5001, 1101, 0, 1000, 40 * MS);
	check(c->d[0].rtt_n == 1 && c->d[1].dupack == 1,
	      "analysis: but it acknowledged: the next same ACK gives no RTT sample and is a duplicate ACK (as tshark)");
	p.sport = 9; table_add(&T, &p);
	check(T.used == 1, "analysis: a silent segment of no connection opens none");
	/* a silent SYN opens one, counted as nothing; the same SYN again is a retransmission */
	fresh(0);
	memset(&p, 0, sizeof p);
	p.kind = NM_TCP; p.ts = 0; p.len = 74; p.flags = TH_SYN; p.silent = 1; p.seq = 1000; p.win = 1000;
	memcpy(p.src, A4, 4); memcpy(p.dst, B4, 4); p.sport = CPORT; p.dport = SPORT;
	table_add(&T, &p);
	c = one();
	check(c && !c->d[0].pkts && !c->d[1].pkts, "analysis: a silent SYN opens a connection, nothing counted");
	seg(0, TH_SYN, 1000, 0, 0, 1000, 1 * S);
	check(c->d[0].pkts == 1 && c->d[0].retrans == 1, "analysis: the SYN sent again: a retransmission (as tshark, which analysed the first)");
	fresh(0);
	table_add(&T, &p);
	table_flush(&T);
	check(E.n == 0, "analysis: one opened by a silent SYN and never seen again: no end record");
	free(mem); mem = 0;
}

/* the SYN once more after data (a lost SYN-ACK, a duplicate): tshark takes the
   next byte back to the end of the data without a hole */
static void test_syn_again(void)
{
	for (int k = 0; k < 2; k++) {
		fresh(0);
		seg(0, TH_SYN, 1000, 0, 0, 1000, 0);
		seg(1, TH_SYN | TH_ACK, 5000, 1001, 0, 1000, 10 * MS);
		seg(0, A, 1001, 5001, 0, 1000, 20 * MS);
		if (k) seg(0, P, 1001, 5001, 100, 1000, 21 * MS);        /* data without a hole */
		seg(0, P, 2001, 5001, 100, 1000, 21 * MS + 500000);       /* after a hole */
		seg(0, TH_SYN, 1000, 0, 0, 1000, 22 * MS);                /* 0.5 ms later */
		seg(0, P, 2101, 5001, 100, 1000, 23 * MS);                /* the next bytes */
		struct conn *c = one();
		if (!k) check(c && c->d[0].retrans == 1 && c->d[0].ooo == 0 && c->d[0].lost == 2,
			      "analysis: the SYN again after data past a hole: a retransmission, and the next bytes a gap again (tshark)");
		else check(c && c->d[0].retrans == 0 && c->d[0].ooo == 1 && c->d[0].lost == 2,
			   "analysis: the SYN again after data without a hole, within the handshake RTT: out of order; the next bytes a gap again (tshark)");
	}
	free(mem); mem = 0;
}

void test_analyze(void)
{
	test_handshake_and_rtt();
	test_loss_and_retransmission();
	test_wrap_and_limits();
	test_over_time();
	test_acked_unseen();
	test_silent();
	test_syn_again();
}
