/* netmoon_test - unit tests of netmoon's pure parts (cmds/netmoon/net.h):
 * the decoder, the connection table, the text and JSON forms and the pcap
 * framing (the decoder's tests are in decode_test.c). Built for the host
 * with ASan+UBSan (Makefile: $(B)/host/netmoon_test);
 * frames are built byte by byte here, and every decode reads a heap copy of
 * exactly caplen bytes, so a read past the end is an ASan report.
 * Prints "ok"/"FAIL" lines and "netmoon_test: N passed, M failed" last. */
#include "netmoon_test.h"

static int passed, failed;
void check(int ok, const char *what)
{
	printf("%s %s\n", ok ? "ok  " : "FAIL", what);
	if (ok) passed++; else failed++;
}
static u64 rng = 0x9e3779b97f4a7c15ull;
u64 rnd(void) { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return rng; }
u8 *heap_copy(const void *b, u32 n)
{
	u8 *c = malloc(n ? n : 1);
	memcpy(c, b, n);
	return c;
}

const u8 A4[4] = { 10, 0, 0, 1 }, B4[4] = { 10, 0, 0, 2 };
const u8 A6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 }, B6[16] = { 0x20, 0x01, 0x0d, 0xb8, [14] = 0xab, [15] = 2 };

/* ---------------------------------------------------------------- the table */
static void on_end(void *ctx, const struct conn *c, int reason)
{
	struct ended *e = ctx;
	if (e->n < 64) { e->reason[e->n] = reason; e->c[e->n] = *c; }
	e->n++;
}
void test_table(struct table *t, void **mem, struct ended *e, u32 cap, u64 idle)
{
	static const u8 key[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	free(*mem);
	*mem = malloc(table_bytes(cap) ? table_bytes(cap) : 1);
	memset(e, 0, sizeof *e);
	t->end = on_end; t->ctx = e;
	table_init(t, *mem, cap, key, idle, idle);
}
static struct table T;
static struct ended E;
static void *tmem;
static void tab(u32 cap, u64 idle) { test_table(&T, &tmem, &E, cap, idle); }
static const u8 *ip(int last) { static u8 a[64][4]; a[last][0] = 10; a[last][3] = (u8)last; return a[last]; }
/* a TCP segment from x:xp to y:yp (IPv4 10.0.0.x) with sequence and ACK numbers */
static void tps(int x, u16 xp, int y, u16 yp, u8 fl, u32 len, u32 payload, u64 ts, u32 seq, u32 ack)
{
	struct pkt p;
	memset(&p, 0, sizeof p);
	p.kind = NM_TCP; p.proto = IPPROTO_TCP; p.ts = ts; p.len = len; p.payload = payload; p.flags = fl;
	memcpy(p.src, ip(x), 4); memcpy(p.dst, ip(y), 4); p.sport = xp; p.dport = yp;
	p.seq = seq; p.ack = ack; p.win = 1000;
	table_add(&T, &p);
}
static void tp(int x, u16 xp, int y, u16 yp, u8 fl, u32 len, u32 payload, u64 ts)
{
	tps(x, xp, y, yp, fl, len, payload, ts, 0, 0);
}
static struct conn *only(void) { return T.used == 1 ? &T.c[table_first(&T)] : 0; }
static int conn_is(const struct conn *c, int a, u16 ap, int b, u16 bp, int state)
{
	return c && !memcmp(c->a, ip(a), 4) && !memcmp(c->b, ip(b), 4) && c->ap == ap && c->bp == bp && c->state == state;
}
#define S 1000000000ull

/* one connection through every state */
static void test_table_states(void)
{
	tab(16, 60 * S);
	tp(1, 40000, 2, 80, TH_SYN, 60, 0, 1 * S);
	struct conn *c = only();
	check(conn_is(c, 1, 40000, 2, 80, ST_SYN_SENT) && c->rtt_us == RTT_NONE, "table: the SYN's sender is the client, SYN_SENT");
	tp(1, 40000, 2, 80, TH_SYN, 60, 0, 1 * S + 500000000);   /* a retransmitted SYN */
	tps(2, 80, 1, 40000, TH_SYN | TH_ACK, 60, 0, 1 * S + 501000000, 7000, 1);
	c = only();
	check(conn_is(c, 1, 40000, 2, 80, ST_SYN_RECV) && T.used == 1, "table: the SYN-ACK finds the same entry (both directions, one hash), SYN_RECV");
	check(c && c->rtt_us == RTT_NONE, "table: no handshake RTT before the handshake's ACK");
	tps(1, 40000, 2, 80, TH_ACK, 54, 0, 1 * S + 501234567, 1, 7001);
	check(conn_is(only(), 1, 40000, 2, 80, ST_ESTABLISHED), "table: the ACK: ESTABLISHED");
	check(c && c->rtt_us == 1234, "table: handshake RTT from the latest SYN to the ACK, in microseconds (1.234567 ms -> 1234)");
	tp(1, 40000, 2, 80, TH_ACK | TH_PSH, 154, 100, 2 * S);
	tp(2, 80, 1, 40000, TH_ACK | TH_PSH, 1054, 1000, 3 * S);
	c = only();
	check(c && c->d[0].pkts == 4 && c->d[0].bytes == 60 + 60 + 54 + 154 && c->d[0].payload == 100
	      && c->d[1].pkts == 2 && c->d[1].bytes == 60 + 1054 && c->d[1].payload == 1000 && c->first == 1 * S && c->last == 3 * S,
	      "table: packets, bytes and payload each way, first and last seen");
	tp(1, 40000, 2, 80, TH_ACK | TH_FIN, 54, 0, 4 * S);
	check(conn_is(only(), 1, 40000, 2, 80, ST_FIN_WAIT), "table: a FIN: FIN_WAIT");
	tp(2, 80, 1, 40000, TH_ACK | TH_FIN, 54, 0, 4 * S);
	check(conn_is(only(), 1, 40000, 2, 80, ST_CLOSING), "table: FINs both ways: CLOSING");
	tp(1, 40000, 2, 80, TH_ACK, 54, 0, 5 * S);
	check(conn_is(only(), 1, 40000, 2, 80, ST_CLOSED) && E.n == 0, "table: the last ACK: CLOSED, still in the table");
	tps(1, 40000, 2, 80, TH_SYN, 60, 0, 6 * S, 5000, 0);
	c = only();
	check(E.n == 1 && E.reason[0] == END_CLOSED && E.c[0].state == ST_CLOSED && E.c[0].d[0].pkts == 6
	      && conn_is(c, 1, 40000, 2, 80, ST_SYN_SENT) && c->first == 6 * S && c->d[0].pkts == 1 && c->rtt_us == RTT_NONE,
	      "table: a SYN with a new sequence number on a closed 4-tuple ends the old one (closed) and starts a new connection");
	tp(2, 80, 1, 40000, TH_RST | TH_ACK, 54, 0, 7 * S);
	check(conn_is(only(), 1, 40000, 2, 80, ST_RESET), "table: a RST: RESET");
	tp(1, 40000, 2, 80, TH_ACK, 54, 0, 7 * S);
	tp(1, 40000, 2, 80, TH_FIN | TH_ACK, 54, 0, 7 * S);
	check(conn_is(only(), 1, 40000, 2, 80, ST_RESET), "table: after a RST the state stays RESET");
	tps(1, 40000, 2, 80, TH_SYN, 60, 0, 8 * S, 9000, 0);
	check(E.n == 2 && E.reason[1] == END_CLOSED && E.c[1].state == ST_RESET && conn_is(only(), 1, 40000, 2, 80, ST_SYN_SENT),
	      "table: a new SYN after a RST starts a new connection");
	tps(1, 40000, 2, 80, TH_SYN, 60, 0, 8 * S, 9000, 0);
	check(E.n == 2 && T.used == 1, "table: a SYN with the same sequence number is a retransmission, not a new connection");
	tps(2, 80, 1, 40000, TH_SYN | TH_ACK, 60, 0, 8 * S + 1000, 100, 9001);
	tps(1, 40000, 2, 80, TH_ACK, 54, 0, 8 * S + 2000, 9001, 101);
	tps(1, 40000, 2, 80, TH_SYN, 60, 0, 9 * S, 77777, 0);
	check(E.n == 3 && E.reason[2] == END_REUSED && E.c[2].state == ST_ESTABLISHED && T.used == 1 && only()->first == 9 * S,
	      "table: a SYN with another sequence number on an open 4-tuple: the old one ends (reused), a new one starts (as tshark)");

}

/* who is the client, and one entry per connection */
static void test_table_keys(void)
{
	struct conn *c;
	/* orientation without a SYN */
	tab(16, 0);
	tp(2, 80, 1, 40000, TH_SYN | TH_ACK, 60, 0, S);
	c = only();
	check(conn_is(c, 1, 40000, 2, 80, ST_SYN_RECV) && c->d[1].pkts == 1 && !c->d[0].pkts && c->rtt_us == RTT_NONE,
	      "table: only a SYN-ACK seen: its sender is the server, no RTT");
	tab(16, 0);
	tp(2, 443, 1, 50000, TH_ACK, 60, 6, S);
	c = only();
	check(conn_is(c, 1, 50000, 2, 443, ST_ESTABLISHED) && c->d[1].pkts == 1, "table: mid-stream, from the lower port: that end is the server");
	tab(16, 0);
	tp(1, 50000, 2, 443, TH_ACK, 60, 6, S);
	c = only();
	check(conn_is(c, 1, 50000, 2, 443, ST_ESTABLISHED) && c->d[0].pkts == 1, "table: mid-stream, to the lower port: the sender is the client");
	tab(16, 0);
	tp(1, 7000, 2, 7000, TH_ACK, 60, 6, S);
	tp(2, 7000, 1, 7000, TH_ACK, 60, 6, S);
	c = only();
	check(c && c->ap == 7000 && c->bp == 7000 && c->d[0].pkts == 1 && c->d[1].pkts == 1, "table: equal ports: one connection, one packet each way");
	/* many connections, both directions: one entry each */
	tab(1024, 0);
	for (int i = 0; i < 1000; i++) tp(1 + i % 50, (u16)(1024 + i), 51 + i % 7, 80, TH_SYN, 60, 0, S + (u64)i);
	for (int i = 999; i >= 0; i--) tp(51 + i % 7, 80, 1 + i % 50, (u16)(1024 + i), TH_SYN | TH_ACK, 60, 0, 2 * S + (u64)i);
	int ok = T.used == 1000 && E.n == 0;
	for (u32 i = 0; i < T.fresh && ok; i++)
		if (T.c[i].in_use) ok = T.c[i].d[0].pkts == 1 && T.c[i].d[1].pkts == 1 && T.c[i].state == ST_SYN_RECV && T.c[i].bp == 80;
	check(ok, "table: 1000 connections, a packet each way: 1000 entries, each with both");
	/* IPv6, and an IPv4 connection with the same first bytes kept apart */
	tab(16, 0);
	struct pkt p;
	memset(&p, 0, sizeof p);
	p.kind = NM_TCP; p.v6 = 1; p.len = 80; p.flags = TH_SYN; p.ts = S;
	memcpy(p.src, A6, 16); memcpy(p.dst, B6, 16); p.sport = 40000; p.dport = 22;
	table_add(&T, &p);
	struct pkt q = p;
	memcpy(q.src, B6, 16); memcpy(q.dst, A6, 16); q.sport = 22; q.dport = 40000; q.flags = TH_SYN | TH_ACK; q.ts = S + 5000000;
	table_add(&T, &q);
	struct pkt r = p; r.v6 = 0; memcpy(r.dst, A6, 16);
	table_add(&T, &r);
	c = &T.c[T.oldest[LIST_OPEN]];
	check(T.used == 2 && c->v6 && !memcmp(c->a, A6, 16) && !memcmp(c->b, B6, 16) && c->ap == 40000 && c->bp == 22
	      && c->state == ST_SYN_RECV && !T.c[T.newest[LIST_OPEN]].v6,
	      "table: IPv6: one entry both ways; an IPv4 tuple with the same leading bytes is another");
	/* bad headers and other kinds: counted, not tracked */
	tab(16, 0);
	p.v6 = 0; p.bad = 1; p.len = 70;
	table_add(&T, &p);
	p.bad = 1; p.kind = NM_UDP; p.len = 100; table_add(&T, &p); table_add(&T, &p);
	p.kind = NM_ICMP; p.len = 84; table_add(&T, &p);
	p.kind = NM_NONIP; p.bad = 0; p.len = 42; table_add(&T, &p);
	p.kind = NM_OTHER; p.bad = 1; p.len = 1; table_add(&T, &p);
	check(T.used == 0 && T.pkts == 6 && T.bytes == 70 + 200 + 84 + 42 + 1 && T.kind_pkts[NM_TCP] == 1 && T.kind_bytes[NM_TCP] == 70
	      && T.kind_pkts[NM_UDP] == 2 && T.kind_bytes[NM_UDP] == 200 && T.kind_pkts[NM_ICMP] == 1 && T.kind_pkts[NM_NONIP] == 1
	      && T.kind_bytes[NM_OTHER] == 1, "table: kind counters; bad headers and non-IP are counted, not tracked");
	tab(0, 0);
	tp(1, 1000, 2, 80, TH_SYN, 60, 0, S);
	check(T.used == 0 && T.pkts == 1 && E.n == 0, "table: with room for none, packets are counted and nothing tracked");

}

/* a UDP (or ICMP, or other: kind and proto) packet from x:xp to y:yp */
static void up(int x, u16 xp, int y, u16 yp, u8 kind, u8 proto, u8 flags, u32 len, u64 ts)
{
	struct pkt p;
	memset(&p, 0, sizeof p);
	p.kind = kind; p.proto = proto; p.flags = flags; p.ts = ts; p.len = len; p.payload = len - 28;
	memcpy(p.src, ip(x), 4); memcpy(p.dst, ip(y), 4); p.sport = xp; p.dport = yp;
	table_add(&T, &p);
}
static u32 count_proto(u8 proto)
{
	u32 n = 0;
	for (u32 i = table_first(&T); i != NONE; i = table_next(&T, i)) n += T.c[i].proto == proto;
	return n;
}

/* UDP, ICMP and other IP flows; the capacity shared with TCP */
static void test_table_flows(void)
{
	struct conn *c;
	tab(16, 0);
	up(1, 5000, 2, 53, NM_UDP, IPPROTO_UDP, 0, 80, S);
	check((c = only()) && conn_is(c, 1, 5000, 2, 53, ST_UNREPLIED) && c->proto == IPPROTO_UDP && T.ndgram == 1,
	      "flows: UDP: the sender of the first packet is the client; unreplied");
	up(2, 53, 1, 5000, NM_UDP, IPPROTO_UDP, 0, 200, S + 1000);
	up(2, 53, 1, 5000, NM_UDP, IPPROTO_UDP, 0, 100, S + 2000);
	check((c = only()) && conn_is(c, 1, 5000, 2, 53, ST_REPLIED) && c->d[0].pkts == 1 && c->d[0].bytes == 80
	      && c->d[0].payload == 52 && c->d[1].pkts == 2 && c->d[1].bytes == 300 && c->d[1].payload == 244,
	      "flows: UDP: both directions one flow, counted apart; replied");
	tp(1, 5000, 2, 53, TH_SYN, 60, 0, S + 3000);
	check(T.used == 2 && T.ndgram == 1 && count_proto(IPPROTO_TCP) == 1, "flows: TCP with the same addresses and ports is another flow");
	tab(16, 0);
	up(2, 53, 1, 5000, NM_UDP, IPPROTO_UDP, 0, 80, S);
	check((c = only()) && conn_is(c, 2, 53, 1, 5000, ST_UNREPLIED), "flows: UDP: a reply seen first makes its sender the client (the first packet's)");
	tab(16, 0);
	up(2, 0, 1, 8, NM_ICMP, IPPROTO_ICMP, 1, 84, S);      /* an echo reply first */
	up(1, 8, 2, 0, NM_ICMP, IPPROTO_ICMP, 0, 84, S + 1);  /* then a request */
	check((c = only()) && conn_is(c, 1, 8, 2, 0, ST_REPLIED) && c->d[0].pkts == 1 && c->d[1].pkts == 1,
	      "flows: ICMP echo request and reply: one flow, the asking side the client even when the reply comes first");
	up(1, 3, 2, 1, NM_ICMP, IPPROTO_ICMP, 0, 70, S + 2);
	up(1, 0, 2, 0, NM_OTHER, IPPROTO_GRE, 0, 100, S + 3);
	up(2, 0, 1, 0, NM_OTHER, IPPROTO_GRE, 0, 100, S + 4);
	check(T.used == 3 && count_proto(IPPROTO_GRE) == 1 && count_proto(IPPROTO_ICMP) == 2,
	      "flows: ICMP unreachable apart from the echo flow; GRE one flow per address pair");

	/* idle limits of their own */
	static const u8 key[8] = { 1 };
	tab(16, 0);
	table_init(&T, tmem, 16, key, 60 * S, 30 * S);
	tp(1, 40000, 2, 80, TH_SYN, 60, 0, S);
	up(1, 5000, 2, 53, NM_UDP, IPPROTO_UDP, 0, 80, S);
	table_expire(&T, 31 * S + 1, 64);
	check(T.used == 1 && E.n == 1 && E.reason[0] == END_EXPIRED && E.c[0].proto == IPPROTO_UDP,
	      "flows: UDP ends after its own idle limit (30 s), TCP does not (60 s)");
	table_expire(&T, 61 * S + 1, 64);
	check(T.used == 0 && E.n == 2, "flows: TCP ends after -e");
	table_init(&T, tmem, 16, key, 0, 0);
	up(1, 5000, 2, 53, NM_UDP, IPPROTO_UDP, 0, 80, S);
	table_expire(&T, 1000 * S, 64);
	check(T.used == 1, "flows: idle limit 0: UDP flows stay");

	/* capacity: a flood of one kind keeps at most half when the other needs room */
	tab(8, 0);
	for (int i = 0; i < 4; i++) tp(1, (u16)(40000 + i), 2, 80, TH_SYN, 60, 0, S + (u64)i);
	for (int i = 0; i < 1000; i++) up(1, (u16)(1000 + i), 2, 53, NM_UDP, IPPROTO_UDP, 0, 80, 2 * S + (u64)i);
	check(T.used == 8 && count_proto(IPPROTO_TCP) == 4 && T.ndgram == 4 && E.n == 996 && E.reason[0] == END_EVICTED
	      && E.c[0].proto == IPPROTO_UDP && E.c[63].proto == IPPROTO_UDP,
	      "flows: full: a UDP flood of 1000 ports evicts UDP flows only, the TCP connections stay");
	for (int i = 0; i < 1000; i++) tp(3, (u16)(1000 + i), 2, 80, TH_SYN, 60, 0, 3 * S + (u64)i);
	check(T.used == 8 && count_proto(IPPROTO_TCP) == 4 && T.ndgram == 4,
	      "flows: full: a SYN flood evicts TCP connections only, the UDP flows (half) stay");
	tab(8, 0);
	for (int i = 0; i < 8; i++) up(1, (u16)(1000 + i), 2, 53, NM_UDP, IPPROTO_UDP, 0, 80, S + (u64)i);
	tp(1, 40000, 2, 80, TH_SYN, 60, 0, 2 * S);
	check(T.used == 8 && T.ndgram == 7 && E.n == 1 && E.c[0].ap == 1000,
	      "flows: UDP may use the whole table while TCP does not need it; a new TCP connection takes the oldest UDP flow's place");
	tab(8, 0);
	for (int i = 0; i < 8; i++) tp(1, (u16)(1000 + i), 2, 80, TH_SYN, 60, 0, S + (u64)i);
	tp(1, 1003, 2, 80, TH_RST, 60, 0, 2 * S);
	up(1, 5000, 2, 53, NM_UDP, IPPROTO_UDP, 0, 80, 3 * S);
	check(T.used == 8 && T.ndgram == 1 && E.n == 1 && E.c[0].ap == 1003 && E.reason[0] == END_CLOSED,
	      "flows: a UDP flow in a table full of TCP: a closed connection goes first");
	up(1, 5001, 2, 53, NM_UDP, IPPROTO_UDP, 0, 80, 4 * S);
	check(T.used == 8 && T.ndgram == 2 && E.n == 2 && E.c[1].ap == 1000 && E.reason[1] == END_EVICTED,
	      "flows: then the least recently seen TCP connection, while TCP holds more than half");
}

/* the table's bounds: eviction, expiry, rates, flush, random traffic */
static void test_table_bounds(void)
{
	struct conn *c;
	int ok;
	/* eviction: the least recently seen goes when full */
	tab(4, 0);
	for (int i = 0; i < 4; i++) tp(1, (u16)(1000 + i), 2, 80, TH_SYN, 60, 0, S + (u64)i);
	tp(2, 80, 1, 1000, TH_SYN | TH_ACK, 60, 0, 2 * S);               /* 1000 seen again */
	tp(1, 2000, 2, 80, TH_SYN, 60, 0, 3 * S);
	check(T.used == 4 && E.n == 1 && E.reason[0] == END_EVICTED && E.c[0].ap == 1001 && T.evictions == 1,
	      "table: full: the least recently seen is evicted (reason evicted), not the oldest started");
	tp(1, 1002, 2, 80, TH_RST, 60, 0, 4 * S);
	tp(1, 1003, 2, 80, TH_ACK, 60, 0, 4 * S);
	tp(1, 1000, 2, 80, TH_ACK, 60, 0, 4 * S);
	tp(1, 3000, 2, 80, TH_SYN, 60, 0, 5 * S);                        /* a closed one goes first: 1002 */
	tp(1, 3001, 2, 80, TH_SYN, 60, 0, 5 * S);                        /* then the oldest open: 2000 */
	check(E.n == 3 && E.reason[1] == END_CLOSED && E.c[1].ap == 1002 && E.reason[2] == END_EVICTED && E.c[2].ap == 2000 && T.evictions == 2,
	      "table: full: a closed (reset) connection makes room first, as closed; then the least recently seen open one");

	/* expiry by idle time, a budget per call */
	tab(16, 10 * S);
	for (int i = 0; i < 5; i++) tp(1, (u16)(1000 + i), 2, 80, i == 1 ? TH_RST : TH_SYN, 60, 0, (u64)i * S);
	table_expire(&T, 2 * S + S / 2, 100);
	check(E.n == 0, "table: nothing idle for 10 s, nothing closed 2 s ago yet: nothing ends");
	table_expire(&T, 3 * S, 100);
	check(E.n == 1 && E.reason[0] == END_CLOSED && E.c[0].ap == 1001 && T.used == 4,
	      "table: a reset connection ends 2 s after its last packet (the linger), as closed");
	table_expire(&T, 12 * S + 1, 1);
	check(E.n == 2 && E.reason[1] == END_EXPIRED && E.c[1].ap == 1000 && T.used == 3, "table: expiry takes at most the budget (1), oldest first");
	table_expire(&T, 12 * S + 1, 100);
	check(E.n == 3 && E.reason[2] == END_EXPIRED && E.c[2].ap == 1002 && T.used == 2,
	      "table: then every entry idle for 10 s or more");
	table_expire(&T, 2 * S, 100);
	check(E.n == 3, "table: a clock that went backwards expires nothing");
	tab(16, 0);
	tp(1, 1000, 2, 80, TH_SYN, 60, 0, 0);
	table_expire(&T, 1000000 * S, 100);
	check(E.n == 0 && T.used == 1, "table: idle time 0: nothing ever expires");

	/* rates by table_tick */
	tab(16, 0);
	tp(1, 1000, 2, 80, TH_ACK, 1500, 1448, S);
	tp(1, 1000, 2, 80, TH_ACK, 1500, 1448, S);
	tp(2, 80, 1, 1000, TH_ACK, 52, 0, S);
	table_tick(&T, S / 2);
	c = only();
	check(c && c->rate[0] == 6000 && c->rate[1] == 104, "table_tick: bytes since the last tick per second, each way (3000 B and 52 B in 0.5 s)");
	tp(1, 1000, 2, 80, TH_ACK, 1000, 948, S);
	table_tick(&T, 2 * S);
	check(c->rate[0] == 500 && c->rate[1] == 0, "table_tick: the next interval counts only the new bytes");
	table_tick(&T, 0);
	check(c->rate[0] == 0 && c->rate[1] == 0, "table_tick: an interval of 0 does not divide by zero");

	/* flush */
	tab(64, 0);
	for (int i = 0; i < 40; i++) tp(1, (u16)(1000 + i), 2, 80, i & 1 ? TH_SYN : TH_RST, 60, 0, S);
	table_flush(&T);
	ok = E.n == 40 && T.used == 0 && T.oldest[0] == NONE && T.newest[0] == NONE && T.oldest[1] == NONE;
	for (int i = 0; i < 40 && ok; i++) ok = E.reason[i] == END_STOPPED && E.c[i].ap == (i < 20 ? 1001 + 2 * i : 1000 + 2 * (i - 20));
	tp(1, 5, 2, 80, TH_SYN, 60, 0, S);
	check(ok && T.used == 1, "table_flush: every entry ends as stopped, the open ones first, oldest first; the table is usable after");

	/* random traffic into a small table: the bookkeeping holds */
	tab(61, 3 * S);
	ok = 1;
	u64 ended = 0;
	for (int i = 0; i < 200000 && ok; i++) {
		static const u8 fls[] = { TH_SYN, TH_SYN | TH_ACK, TH_ACK, TH_ACK | TH_PSH, TH_FIN | TH_ACK, TH_RST };
		int x = 1 + (int)(rnd() % 8), y = 1 + (int)(rnd() % 8);
		tp(x, (u16)(rnd() % 12), y, (u16)(rnd() % 12), fls[rnd() % 6], 60, 0, (u64)i * (S / 1000));
		if (i % 97 == 0) table_expire(&T, (u64)i * (S / 1000), 8);
		u32 n = 0;
		for (int l = 0; l < 2; l++) {
			u32 back = NONE;
			for (u32 k = T.oldest[l]; k != NONE && n <= T.cap; k = T.c[k].newer, n++) {
				ok &= T.c[k].in_use && T.c[k].older == back && T.c[k].state < ST_N && T.c[k].list == l;
				back = k;
			}
			ok &= back == T.newest[l];
		}
		ok &= n == T.used && T.used <= T.cap;
	}
	ended = (u64)E.n;
	table_flush(&T);
	check(ok && ended > 0 && T.used == 0, "table: 200000 random packets into 61 entries: the age list and counts stay consistent");
	free(tmem); tmem = 0;
}

/* ---------------------------------------------------------------- the live view's rates and filter */
/* one tick's traffic of the connection 10.0.0.1:1000 > 10.0.0.2:80: out bytes in 1000-byte packets, in bytes in one */
static void tick_traffic(u32 out, u32 in, u64 ts)
{
	for (u32 b = 0; b < out; b += 1000) tp(1, 1000, 2, 80, TH_ACK, 1000, 948, ts);
	if (in) tp(2, 80, 1, 1000, TH_ACK, in, 0, ts);
}
static void test_rates(void)
{
	static const u32 wn[NWIN] = { 2, 10, 40 };
	struct conn *c;
	int ok = 1, full = 1;
	/* a constant flow, 100,000 B/s out and 1,000 in, one tick a second for 90 s */
	tab(16, 0);
	for (u32 k = 1; k <= 90; k++) {
		tick_traffic(100000, 1000, k * S - S / 2);
		table_tick(&T, S);
		for (int w = 0; w < NWIN; w++) {
			table_rates(&T, w);
			c = only();
			u32 n = k < wn[w] ? k : wn[w];         /* the ticks of the window the flow has filled */
			ok &= c && c->rate[0] == 100000 * n / wn[w] && c->rate[1] == 1000 * n / wn[w]
			      && T.trate[w] == 101000ull * n / wn[w];
			if (k >= wn[w]) full &= c->rate[0] == 100000 && c->rate[1] == 1000 && T.trate[w] == 101000;
		}
	}
	check(ok && full, "rates: a constant 100,000 B/s flow reads exactly 100,000 B/s on the 2, 10 and 40 s windows once they are full (each way, and all traffic)");
	check(ok, "rates: before a window is full, the bytes of the ticks it has seen over the whole window (as iftop's)");
	check(T.peak == 101000, "rates: the peak is the highest rate of all traffic over a tick");
	/* one burst of 40,000 B, then silence: the 2 s window's blocks */
	tab(16, 0);
	tick_traffic(40000, 0, S / 2);
	u32 want[6] = { 20000, 20000, 10000, 0, 0, 0 }, got[6];
	u64 t40[6];
	for (int k = 0; k < 6; k++) {
		if (k) tick_traffic(0, 0, 0);
		table_tick(&T, S);
		table_rates(&T, WIN_2); got[k] = only()->rate[0];
		table_rates(&T, WIN_40); t40[k] = only()->rate[0];
	}
	ok = !memcmp(got, want, sizeof got);
	for (int k = 0; k < 6; k++) ok &= t40[k] == 1000;
	if (!ok) printf("     2 s: %u %u %u %u %u %u\n", got[0], got[1], got[2], got[3], got[4], got[5]);
	check(ok, "rates: a burst in the first 2 s block: 20,000 B/s at its end, then half the previous block's rate, then 0; 1,000 B/s over 40 s");
	check(T.peak == 40000, "rates: the peak: the burst's tick");
	/* ticks of 0.5 s: the windows are 4, 20 and 80 ticks */
	tab(16, 0);
	for (u32 k = 1; k <= 200; k++) { tick_traffic(50000, 0, k * S / 2); table_tick(&T, S / 2); }
	ok = T.wn[WIN_2] == 4 && T.wn[WIN_10] == 20 && T.wn[WIN_40] == 80;
	for (int w = 0; w < NWIN; w++) { table_rates(&T, w); ok &= only()->rate[0] == 100000 && T.trate[w] == 100000; }
	check(ok, "rates: -I 0.5: windows of 4, 20 and 80 ticks, 100,000 B/s on each");
	table_rates(&T, WIN_2);
	table_tick(&T, S / 2);
	table_rates(&T, WIN_2);
	check(only()->rate[0] == 75000, "rates: a silent tick after a full window of 4: 3 ticks of the previous block at its rate, 75,000 B/s");
	free(tmem); tmem = 0;
}

/* the display filter: a row is tested as one packet from its client to its server */
static int row_matches(const struct conn *c, const char *src)
{
	bpf_insn prog[256];
	struct filter_err e;
	int n = filter_compile(src, LT_RAW, 0, 1, prog, 256, &e);
	if (n < 0) { printf("     %s: %s\n", src, e.msg); return -1; }
	return conn_match(c, prog);
}
static void test_rows(void)
{
	struct conn c;
	memset(&c, 0, sizeof c);
	memcpy(c.a, A4, 4); memcpy(c.b, B4, 4); c.ap = 40000; c.bp = 80; c.proto = IPPROTO_TCP;
	static const struct { const char *f; int want; } v4[] = {
		{ "host 10.0.0.2", 1 }, { "host 10.0.0.1", 1 }, { "host 10.0.0.3", 0 }, { "port 80", 1 },
		{ "port 40000", 1 }, { "port 81", 0 }, { "net 10.0.0.0/24", 1 }, { "net 10.0.1.0/24", 0 },
		{ "src host 10.0.0.1", 1 }, { "src host 10.0.0.2", 0 }, { "dst port 80", 1 }, { "src port 80", 0 },
		{ "host 10.0.0.2 and not port 22", 1 }, { "port 22 or port 443", 0 }, { "not (host 10.0.0.9 or port 80)", 0 },
		{ "tcp", 1 }, { "ip", 1 }, { "ip6", 0 }, { "portrange 70-90 and net 10.0.0.0 mask 255.0.0.0", 1 },
	};
	int ok = 1;
	for (u32 i = 0; i < sizeof v4 / sizeof v4[0]; i++) {
		int m = row_matches(&c, v4[i].f);
		if (m != v4[i].want) { printf("     %s: %d, want %d\n", v4[i].f, m, v4[i].want); ok = 0; }
	}
	check(ok, "display filter: host, net, port, src (the client), dst, and, or, not over an IPv4 row");
	memcpy(c.a, A6, 16); memcpy(c.b, B6, 16); c.v6 = 1;
	check(row_matches(&c, "host 2001:db8::ab02 and port 80") == 1 && row_matches(&c, "ip6 and src host 2001:db8::1") == 1
	      && row_matches(&c, "ip") == 0 && row_matches(&c, "net 2001:db8::/32 and not port 80") == 0,
	      "display filter: an IPv6 row");
	u8 p[60];
	check(conn_packet(p, &c) == 60 && p[0] == 0x60 && p[6] == IPPROTO_TCP && !memcmp(p + 8, A6, 16) && !memcmp(p + 24, B6, 16)
	      && p[40] == 0x9c && p[41] == 0x40 && p[43] == 80 && p[52] == 0x50, "display filter: the row's packet: IPv6, TCP, client to server");
	c.proto = IPPROTO_UDP; c.bp = 53;
	check(row_matches(&c, "udp port 53") == 1 && row_matches(&c, "tcp") == 0 && row_matches(&c, "udp and src port 40000") == 1,
	      "display filter: a UDP row: udp, its ports");
	memcpy(c.a, A4, 4); memcpy(c.b, B4, 4); c.v6 = 0; c.proto = IPPROTO_ICMP; c.ap = 8; c.bp = 0;
	check(row_matches(&c, "icmp") == 1 && row_matches(&c, "icmp[icmptype] == icmp-echo") == 1 && row_matches(&c, "udp or tcp") == 0
	      && row_matches(&c, "ip proto 1 and host 10.0.0.2") == 1, "display filter: an ICMP row: its protocol and type");
	c.proto = IPPROTO_GRE; c.ap = c.bp = 0;
	check(row_matches(&c, "ip proto 47") == 1 && row_matches(&c, "icmp") == 0, "display filter: a row of another protocol: its number");
	bpf_insn prog[256];
	struct filter_err e;
	check(filter_compile("host 300.1.1.1", LT_RAW, 0, 1, prog, 256, &e) < 0 && e.msg[0], "display filter: a bad filter is refused with a reason");
}

/* name_fit: the name as a cell shows it */
static int fits(const char *name, u32 n, u32 w, const char *ell, const char *want)
{
	char o[300];
	u32 k = name_fit(o, name, n, w, ell);
	o[k] = 0;
	if (strcmp(o, want)) printf("     '%s' in %u: '%s', want '%s'\n", name, w, o, want);
	return !strcmp(o, want);
}
static void test_name_fit(void)
{
	const char *aws = "very-long-host-name.eu-west-1.compute.amazonaws.com";
	check(fits("www.example.org", 15, 32, "~", "www.example.org") && fits("www.example.org", 15, 15, "~", "www.example.org"),
	      "name_fit: a name that fits is as it is");
	check(fits(aws, 51, 32, "~", "very-long-host-na~.amazonaws.com") && fits(aws, 51, 24, "\xe2\x80\xa6", "very-long-h\xe2\x80\xa6" "mazonaws.com")
	      && fits(aws, 51, 16, "~", "very-lo~naws.com") && fits("a.b.example.com", 15, 12, "~", "a~xample.com")
	      && fits("ab.example.com", 14, 8, "~", "ab.~.com") && fits("x", 1, 2, "~", "x") && fits("abc", 3, 2, "~", "~c"),
	      "name_fit: longer: its first label (at most half), the end from a dot in its first quarter, the middle elided");
	char bad[256];
	for (int i = 0; i < 256; i++) bad[i] = (char)i;
	char o[300];
	u32 k = name_fit(o, bad, 256, 40, "~"), nok = 0;
	for (u32 i = 0; i < k; i++) nok += o[i] < ' ' || o[i] > '~';
	check(k == 40 && !nok && fits("\033[2J\x9b" "31m\r\n\x7f\xff.x", 14, 20, "~", "?[2J?31m????.x"),
	      "name_fit: every byte outside printable ASCII is '?', no escape sequence passes");
}

/* own_fit: a process as the PROCESS column shows it (a heap copy of the
   comm's 16 bytes: a read past them is an ASan report) */
static int owns(const char *comm, u32 pid, u32 w, const char *ell, const char *want)
{
	char c[COMM_MAX] = { 0 }, o[64];
	memcpy(c, comm, strlen(comm) < COMM_MAX ? strlen(comm) : COMM_MAX);
	char *h = (char *)heap_copy(c, COMM_MAX);
	u32 k = own_fit(o, h, pid, w, ell);
	free(h);
	o[k] = 0;
	if (strcmp(o, want)) printf("     '%.16s'/%u in %u: '%s', want '%s'\n", comm, pid, w, o, want);
	return !strcmp(o, want);
}
static void test_own_fit(void)
{
	check(owns("curl", 1234, 20, "~", "curl/1234") && owns("systemd-resolve", 612, 20, "~", "systemd-resolve/612")
	      && owns("x", 4294967295u, 12, "~", "x/4294967295"),
	      "own_fit: comm/pid as it is when it fits (20 cells: a 15-byte comm and a 4-digit pid)");
	check(owns("Isolated Web Co", 45678, 20, "~", "Isolated Web ~/45678") && owns("Isolated Web Co", 45678, 20, "\xe2\x80\xa6", "Isolated Web \xe2\x80\xa6/45678")
	      && owns("socat", 4294967295u, 12, "~", "~/4294967295"),
	      "own_fit: longer: comm loses its end to the ellipsis (one cell), the pid stays whole");
	/* a comm of 16 bytes without its NUL: the view's copy has one, but never more than 15 are read */
	check(owns("0123456789abcdefXYZ", 7, 20, "~", "0123456789abcde/7"), "own_fit: at most 15 bytes of comm (the kernel's TASK_COMM_LEN less its NUL)");
	check(owns("\033[2J\x9b\x7f\xff", 9, 20, "~", "?[2J???" "/9") && owns("a\nb", 77, 20, "~", "a?b/77"),
	      "own_fit: every byte of comm outside printable ASCII is '?' (a process names itself: PR_SET_NAME)");
}

/* ---------------------------------------------------------------- text */
static int addr_is(const u8 *a, int v6, const char *want)
{
	char o[64];
	o[fmt_addr(o, a, v6)] = 0;
	if (strcmp(o, want)) printf("     '%s', want '%s'\n", o, want);
	return !strcmp(o, want);
}
static int v6_as_glibc(const u8 *a)
{
	char o[64], g[64];
	o[fmt_addr(o, a, 1)] = 0;
	inet_ntop(GLIBC_AF_INET6, a, g, sizeof g);
	if (strcmp(o, g)) printf("     '%s', glibc '%s'\n", o, g);
	return !strcmp(o, g);
}

static void test_text(void)
{
	static const u8 z[16], lo[16] = { [15] = 1 }, mapped[16] = { [10] = 0xff, [11] = 0xff, 192, 0, 2, 33 },
		compat[16] = { [12] = 1, 2, 3, 4 }, bc[4] = { 255, 255, 255, 255 };
	check(addr_is(A4, 0, "10.0.0.1") && addr_is(z, 0, "0.0.0.0") && addr_is(bc, 0, "255.255.255.255"), "fmt_addr: IPv4 dotted quads");
	check(addr_is(z, 1, "::") && addr_is(lo, 1, "::1") && addr_is(mapped, 1, "::ffff:192.0.2.33") && addr_is(compat, 1, "::1.2.3.4")
	      && addr_is(A6, 1, "2001:db8::1") && addr_is(B6, 1, "2001:db8::ab02"),
	      "fmt_addr: ::, ::1, ::ffff:a.b.c.d, ::a.b.c.d, 2001:db8::1");
	/* hand-picked edges: one zero group is not shortened, the first of equal runs, runs at the end */
	static const u16 edges[][8] = {
		{ 0x2001, 0xdb8, 0, 1, 1, 1, 1, 1 }, { 1, 0, 0, 1, 0, 0, 1, 1 }, { 1, 0, 0, 1, 0, 0, 0, 1 },
		{ 1, 2, 3, 4, 5, 6, 7, 0 }, { 1, 2, 3, 4, 5, 0, 0, 0 }, { 0, 1, 2, 3, 4, 5, 6, 7 }, { 0, 0, 1, 2, 3, 4, 5, 6 },
		{ 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff }, { 0, 0, 0, 0, 0, 0xffff, 0, 0 },
		{ 0, 0, 0, 0, 0, 0xffff, 0, 1 }, { 0, 0, 0, 0, 0, 0xfffe, 0x0102, 0x0304 }, { 0, 0, 0, 0, 0, 0, 0, 2 },
		{ 0, 0, 0, 0, 0, 0, 0x0102, 0 }, { 0, 0, 0, 0, 0, 0, 0, 0x102 }, { 0, 0, 0, 0, 1, 0, 0, 0 },
		{ 0xfe80, 0, 0, 0, 0x0200, 0x5eff, 0xfe00, 0x5301 }, { 0x64, 0xff9b, 0, 0, 0, 0, 0xc000, 0x0221 },
		{ 0, 0, 0, 0, 0, 0, 0xffff, 0xffff }, { 0, 0, 0, 0, 0xffff, 0, 0x0a00, 1 }, { 0x0100, 0, 0, 0, 0, 0, 0, 0 },
	};
	int ok = 1;
	for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
		u8 a[16];
		for (int k = 0; k < 8; k++) { a[2 * k] = (u8)(edges[i][k] >> 8); a[2 * k + 1] = (u8)edges[i][k]; }
		ok &= v6_as_glibc(a);
	}
	check(ok, "fmt_addr: 20 edge IPv6 addresses as glibc's inet_ntop prints them");
	ok = 1;
	for (int i = 0; i < 300000 && ok; i++) {
		u8 a[16];
		int kind = (int)(rnd() % 4);
		for (int k = 0; k < 8; k++) {
			u16 w = (u16)rnd();
			u64 r = rnd() % 8;
			if (kind && r < 4) w = 0;                  /* many zero runs */
			else if (kind == 2 && r == 4) w = 0xffff;
			else if (r == 5) w = (u16)(w & 0xf);
			a[2 * k] = (u8)(w >> 8); a[2 * k + 1] = (u8)w;
		}
		if (kind == 3 && rnd() % 2) { memset(a, 0, 10); a[10] = a[11] = rnd() % 2 ? 0xff : 0; }
		ok = v6_as_glibc(a);
	}
	check(ok, "fmt_addr: 300000 random IPv6 addresses (zero runs, v4-mapped) as glibc's inet_ntop");

	char o[JSON_MAX];
	static const struct { u64 ns; const char *s; } ts[] = { { 0, "0.000000" }, { 999, "0.000000" }, { 1000, "0.000001" },
		{ 1700000000123456789ull, "1700000000.123456" }, { 18446744073709551615ull, "18446744073.709551" }, { 4294967296000ull, "4294.967296" } };
	ok = 1;
	for (size_t i = 0; i < sizeof ts / sizeof ts[0]; i++) {
		o[fmt_ts(o, ts[i].ns)] = 0;
		if (strcmp(o, ts[i].s)) { printf("     %llu: '%s', want '%s'\n", ts[i].ns, o, ts[i].s); ok = 0; }
	}
	check(ok, "fmt_ts: 0, under a microsecond, 2^64-1, 2^32 us: seconds.microseconds, truncated");

	struct conn c;
	memset(&c, 0, sizeof c);
	memcpy(c.a, A4, 4); memcpy(c.b, B4, 4); c.ap = 40000; c.bp = 80; c.state = ST_ESTABLISHED; c.rtt_us = 1234;
	c.proto = IPPROTO_TCP;
	c.srtt_us = 1500;
	c.d[0].pkts = 3; c.d[0].bytes = 180; c.d[0].payload = 20; c.d[0].unique = 10;
	c.d[0].rtt_n = 2; c.d[0].rtt_min = 1000; c.d[0].rtt_max = 2000; c.d[0].rtt_sum = 3001999;
	c.d[0].retrans = 1; c.d[0].ooo = 2; c.d[0].dupack = 3; c.d[0].zerowin = 4; c.d[0].lost = 5; c.d[0].rst = 6;
	c.d[1].pkts = 2; c.d[1].bytes = 1500; c.d[1].payload = 1400; c.d[1].unique = 1400;
	c.first = 1700000000123456789ull; c.last = 1700000001000001999ull; c.rate[0] = 77; c.rate[1] = 4294967295u;
	static const char end[] = "{\"event\":\"end\",\"proto\":\"tcp\",\"src\":\"10.0.0.1\",\"sport\":40000,\"dst\":\"10.0.0.2\",\"dport\":80,\"iface\":\"eth0\","
		"\"state\":\"ESTABLISHED\",\"continued\":false,\"rtt_us\":1234,\"srtt_us\":1500,"
		"\"pkts_out\":3,\"bytes_out\":180,\"payload_out\":20,\"unique_out\":10,"
		"\"rtt_out_n\":2,\"rtt_out_min_us\":1000,\"rtt_out_avg_us\":1500,\"rtt_out_max_us\":2000,"
		"\"retrans_out\":1,\"ooo_out\":2,\"dupack_out\":3,\"zerowin_out\":4,\"lost_out\":5,\"rst_out\":6,"
		"\"pkts_in\":2,\"bytes_in\":1500,\"payload_in\":1400,\"unique_in\":1400,"
		"\"rtt_in_n\":0,\"rtt_in_min_us\":null,\"rtt_in_avg_us\":null,\"rtt_in_max_us\":null,"
		"\"retrans_in\":0,\"ooo_in\":0,\"dupack_in\":0,\"zerowin_in\":0,\"lost_in\":0,\"rst_in\":0,"
		"\"first\":1700000000.123456,\"last\":1700000001.000001,\"reason\":\"expired\","
		"\"community_id\":\"1:3k1SoWXs/FltHw2aBCgUTgbDQF4=\",\"name\":null,\"dns_name\":null,\"sni\":null,\"alpn\":null,\"http_host\":null,\"http_method\":null,"
		"\"ssh_client\":null,\"ssh_server\":null}\n";
	int n = fmt_json(o, &c, 0, 0, "end", END_EXPIRED, "eth0"); o[n] = 0;
	check(n == (int)strlen(end) && !strcmp(o, end), "fmt_json: the end record of a crafted connection, exactly (mean RTT 1500.9995 us -> 1500; iface after dport)");
	if (strcmp(o, end)) printf("     %s", o);
	c.v6 = 1; memcpy(c.a, A6, 16); memcpy(c.b, B6, 16); c.state = ST_SYN_RECV; c.rtt_us = RTT_NONE; c.srtt_us = RTT_NONE;
	c.continued = 1;
	n = fmt_json(o, &c, 0, 0, "update", -1, 0); o[n] = 0;
	check(strstr(o, "{\"event\":\"update\",\"proto\":\"tcp\",\"src\":\"2001:db8::1\",\"sport\":40000,\"dst\":\"2001:db8::ab02\",\"dport\":80,"
		"\"state\":\"SYN_RECV\",\"continued\":true,\"rtt_us\":null,\"srtt_us\":null,") == o
	      && strstr(o, ",\"rate_out\":77,\"rate_in\":4294967295,\"community_id\":\"1:fTJE0DBIcsfXwFp56gVKYige9Fw=\",\"name\":null,") && !strstr(o, "reason"),
	      "fmt_json: the update record (IPv6, continued, no RTT: null, rate_out and rate_in; no interface: no iface)");
	ok = 1;
	for (int r = 0; r < END_N; r++) ok &= fmt_json(o, &c, 0, 0, "end", r, 0) > 0 && strstr(o, end_name[r]) != 0;
	check(ok, "fmt_json: each reason named (closed, expired, evicted, stopped, reused)");
	/* the longest record fits JSON_MAX: a heap buffer of exactly that */
	memset(c.a, 0x11, 16); memset(c.b, 0x22, 16); c.ap = c.bp = 65535; c.state = ST_ESTABLISHED; c.rtt_us = RTT_NONE - 1;
	c.srtt_us = RTT_NONE - 1;
	for (int k = 0; k < 2; k++) {
		struct dir *d = &c.d[k];
		d->pkts = d->bytes = d->payload = d->unique = d->rtt_sum = ~0ull;
		d->rtt_n = ~0u; d->rtt_min = d->rtt_max = ~0ull;
		d->retrans = d->ooo = d->dupack = d->zerowin = d->lost = d->rst = ~0u;
	}
	c.first = c.last = ~0ull;
	/* every name at its longest, each byte a control byte (\u0001: six bytes
	   each), ALPN as 64 one-byte names */
	static struct names nl;
	memset(&nl, 1, sizeof nl);
	nl.tls.has_sni = nl.tls.has_alpn = 1; nl.tls.sni_len = NAME_SNI_MAX; nl.tls.alpn_len = NAME_ALPN_MAX;
	nl.http.has_host = 1; nl.http.host_len = NAME_HOST_MAX; nl.http.method_len = NAME_METHOD_MAX;
	nl.ssh_len[0] = nl.ssh_len[1] = NAME_SSH_MAX; nl.dns_len = sizeof nl.dns;
	c.named = NAMED_TLS | NAMED_HTTP | NAMED_SSH_C | NAMED_SSH_S | NAMED_DNS;
	/* both ends' owners: a 15-byte comm and a 255-byte cgroup path of control bytes */
	static struct own_end oe[2];
	static char cgl[CGROUP_MAX];
	memset(cgl, 1, CGROUP_MAX - 1);
	for (int k = 0; k < 2; k++) {
		oe[k].found = 1; oe[k].pid = oe[k].uid = ~0u;
		memset(oe[k].comm, 1, COMM_MAX - 1);
	}
	struct own_json ow = { oe, { cgl, cgl } };
	char *h = malloc(JSON_MAX);
	n = fmt_json(h, &c, &nl, &ow, "update", -1, "fifteen-chars-0");
	int m = fmt_json(h, &c, &nl, &ow, "end", END_EXPIRED, "fifteen-chars-0");
	check(n <= JSON_MAX && m <= JSON_MAX && h[m - 1] == '\n', "fmt_json: the longest record (all fields at their maximum, every name's and owner's bytes escaped, a 15-byte interface name) fits JSON_MAX bytes");
	/* the owners' keys: an end found, an end not */
	struct own_end o2[2] = { { 1234, 1000, 1, 1, 0, "curl" }, { 0, 0, 0, 0, 0, "" } };
	struct own_json ow2 = { o2, { "/user.slice/a\"b", 0 } };
	n = fmt_json(h, &c, 0, &ow2, "end", END_EXPIRED, 0); h[n] = 0;
	check(strstr(h, ",\"src_pid\":1234,\"src_comm\":\"curl\",\"src_uid\":1000,\"src_cgroup\":\"/user.slice/a\\\"b\","
			"\"dst_pid\":null,\"dst_comm\":null,\"dst_uid\":null,\"dst_cgroup\":null,") != 0,
	      "fmt_json: src_ and dst_ pid, comm, uid, cgroup: an end found (its cgroup escaped), an end not (null)");
	free(h);
}

/* ---------------------------------------------------------------- pcap */
static void le32(u8 *b, u32 v) { b[0] = (u8)v; b[1] = (u8)(v >> 8); b[2] = (u8)(v >> 16); b[3] = (u8)(v >> 24); }
/* pcapng blocks built by hand, in either byte order */
static u8 ngb[4096];
static u32 ngn;
static int ng_be;
static void n32(u32 v)
{
	for (int i = 0; i < 4; i++) ngb[ngn + (u32)i] = (u8)(ng_be ? v >> (24 - 8 * i) : v >> (8 * i));
	ngn += 4;
}
static void n16(u16 v) { ngb[ngn] = (u8)(ng_be ? v >> 8 : v); ngb[ngn + 1] = (u8)(ng_be ? v : v >> 8); ngn += 2; }
static u32 nstart(u32 type) { u32 at = ngn; n32(type); n32(0); return at; }
static void nend(u32 at)
{
	while (ngn % 4) ngb[ngn++] = 0;
	u32 len = ngn + 4 - at, save = ngn;
	ngn = at + 4; n32(len); ngn = save; n32(len);
}
static void test_pcapng(void)
{
	int ok = 1;
	for (ng_be = 0; ng_be < 2; ng_be++) {
		ngn = 0;
		u32 b = nstart(0x0a0d0d0a); n32(0x1a2b3c4d); n16(1); n16(0); n32(0xffffffff); n32(0xffffffff); nend(b);
		b = nstart(1); n16(LT_ETHERNET); n16(0); n32(96);                /* interface 0: microseconds */
		n16(0); n16(0); nend(b);
		b = nstart(1); n16(LT_RAW); n16(0); n32(0);                      /* interface 1: ns, offset 10 s */
		n16(9); n16(1); ngb[ngn] = 9; ngn += 4;
		n16(14); n16(8); if (ng_be) { n32(0); n32(10); } else { n32(10); n32(0); }
		n16(0); n16(0); nend(b);
		b = nstart(0x0bad); n32(7); nend(b);                             /* unknown: skipped */
		b = nstart(6); n32(1); n32(0); n32(1500000000); n32(3); n32(60);  /* EPB on interface 1 */
		ngb[ngn] = 0x45; ngb[ngn + 1] = 1; ngb[ngn + 2] = 2; ngn += 3; nend(b);
		b = nstart(3); n32(200); memset(ngb + ngn, 0xab, 100); ngn += 100; nend(b);  /* SPB */
		b = nstart(6); n32(0); n32(1); n32(2); n32(4); n32(4); n32(0); nend(b);       /* EPB, 2^32 + 2 us */
		b = nstart(6); n32(5); n32(0); n32(0); n32(0); n32(0); nend(b);               /* no interface 5 */
		struct ng g;
		memset(&g, 0, sizeof g);
		struct ng_pkt p;
		u32 at = 0;
		int k[8], i = 0;
		struct ng_pkt got[8];
		while (at < ngn && i < 8) {
			k[i] = ng_block(&g, ngb + at, ngn - at, &p);
			got[i] = p;
			if (k[i] < 0) break;
			at += p.len; i++;
		}
		ok &= i == 7 && k[0] == NG_OTHER && k[1] == NG_OTHER && k[2] == NG_OTHER && k[3] == NG_OTHER
		      && g.nif == 2 && g.swap == ng_be;
		ok &= k[4] == NG_PACKET && got[4].linktype == LT_RAW && got[4].ifn == 1 && got[4].rec.caplen == 3
		      && got[4].rec.wirelen == 60 && got[4].rec.ts == 1500000000ull + 10000000000ull
		      && ngb[(at = 0, 0)] == ngb[0];
		ok &= k[5] == NG_PACKET && got[5].linktype == LT_ETHERNET && got[5].rec.caplen == 96
		      && got[5].rec.wirelen == 200 && got[5].rec.ts == got[4].rec.ts;
		ok &= k[6] == NG_PACKET && got[6].rec.ts == ((1ull << 32) + 2) * 1000 && got[6].rec.caplen == 4;
		ok &= ng_block(&g, ngb + ngn - 32, 32, &p) == NG_NOIF;
		ok &= ng_block(&g, ngb + 28, 10, &p) == NG_SHORT;
		if (!ok) printf("     byte order %s: %d blocks\n", ng_be ? "big" : "little", i);
	}
	check(ok, "pcapng: section, interfaces (us; ns and if_tsoffset), an unknown block, enhanced and simple packets, both byte orders");
	struct ng g;
	memset(&g, 0, sizeof g);
	struct ng_pkt p;
	static const u8 notng[12] = { 1, 0, 0, 0, 12, 0, 0, 0, 12, 0, 0, 0 };
	u8 bad[28];
	memcpy(bad, ngb, 28); bad[24] ^= 1;                               /* the trailing length differs */
	check(ng_block(&g, notng, 12, &p) == NG_BAD && ng_block(&g, bad, 28, &p) == NG_BAD,
	      "pcapng: a first block that is no section header, a block whose two lengths differ: damaged");
}

static void test_pcap(void)
{
	int ok = 1;
	for (int big = 0; big < 2; big++)
		for (int nano = 0; nano < 2; nano++) {
			void (*w)(u8 *, u32) = big ? put_be32 : le32;
			u8 h[24], r[16];
			w(h, nano ? 0xa1b23c4d : 0xa1b2c3d4);
			if (big) { h[4] = 0; h[5] = 2; h[6] = 0; h[7] = 4; } else { h[4] = 2; h[5] = 0; h[6] = 4; h[7] = 0; }
			w(h + 8, 0); w(h + 12, 0); w(h + 16, 65535); w(h + 20, 0x10000000 | LT_LINUX_SLL);
			struct pcap_info pi;
			struct pcap_rec rec;
			int e = pcap_header(h, 24, &pi);
			w(r, 1700000000); w(r + 4, nano ? 123456789 : 123456); w(r + 8, 60); w(r + 12, 1514);
			int e2 = pcap_record(&pi, r, &rec);
			int good = !e && pi.swap == big && pi.nano == nano && pi.snaplen == 65535
				&& pi.linktype == LT_LINUX_SLL && !e2 && rec.caplen == 60 && rec.wirelen == 1514
				&& rec.ts == 1700000000ull * S + (nano ? 123456789 : 123456000);
			if (!good) printf("     big %d nano %d: %d swap %d nano %d snap %u lt %u; ts %llu\n", big, nano, e, pi.swap, pi.nano,
					  pi.snaplen, pi.linktype, rec.ts);
			ok &= good;
		}
	check(ok, "pcap_header/pcap_record: both byte orders, micro- and nanoseconds, FCS bits off the link type");
	u8 h[24] = { 0x0a, 0x0d, 0x0d, 0x0a }, g[24] = { 1, 2, 3, 4 };
	struct pcap_info pi;
	check(pcap_header(h, 24, &pi) == PCAP_NG && pcap_header(g, 24, &pi) == PCAP_BADMAGIC && pcap_header(g, 3, &pi) == PCAP_SHORT
	      && pcap_header((const u8 *)"\xd4\xc3\xb2\xa1", 4, &pi) == PCAP_SHORT && pcap_header(h, 0, &pi) == PCAP_SHORT,
	      "pcap_header: pcapng, bad magic, short headers");
	pcap_put_header(h, 65535, LT_ETHERNET);
	ok = 1;
	for (u32 n = 0; n < 24; n++) {                 /* a heap copy of each short length */
		u8 *c = heap_copy(h, n);
		ok &= pcap_header(c, n, &pi) == PCAP_SHORT;
		free(c);
	}
	check(ok, "pcap_header: every header shorter than 24 bytes is short, none read past its end");
	check(!strcmp(pcap_strerr(PCAP_BADMAGIC), "not a pcap file (bad magic number)") && !strcmp(pcap_strerr(PCAP_SHORT), "truncated pcap file header")
	      && strstr(pcap_strerr(PCAP_BIGREC), "262144") && !strcmp(pcap_strerr(0), "bad pcap file")
	      && strstr(ng_strerr(NG_BAD), "damaged") && strstr(ng_strerr(NG_NOIF), "interface"),
	      "pcap_strerr and ng_strerr name each error");
	u8 r[16];
	struct pcap_rec rec;
	pcap_put_header(h, 262144, LT_ETHERNET);
	le32(r + 8, PCAP_MAX_CAPLEN); le32(r + 12, 1);
	int at_max = !pcap_header(h, 24, &pi) && !pcap_record(&pi, r, &rec);
	le32(r + 8, PCAP_MAX_CAPLEN + 1);
	check(at_max && pcap_record(&pi, r, &rec) == PCAP_BIGREC, "pcap_record: a record of 262144 bytes is read, one more is refused");
	static const u8 want_h[24] = { 0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 1, 0, 0, 0 };
	pcap_put_header(h, 65535, LT_ETHERNET);
	check(!memcmp(h, want_h, 24), "pcap_put_header: little-endian, microseconds, version 2.4");
	ok = 1;
	for (int i = 0; i < 100000 && ok; i++) {
		u64 ts = rnd() % (4294967296ull * S);
		u32 cl = (u32)(rnd() % 262145), wl = (u32)rnd();
		u32 snap = (u32)rnd(), lt = (u32)(rnd() & 0x03ffffff);
		pcap_put_header(h, snap, lt);
		pcap_put_record(r, ts, cl, wl);
		ok = !pcap_header(h, 24, &pi) && pi.snaplen == snap && pi.linktype == lt && !pi.swap && !pi.nano
			&& !pcap_record(&pi, r, &rec) && rec.ts == ts / 1000 * 1000 && rec.caplen == cl && rec.wirelen == wl;
	}
	check(ok, "pcap_put_header/pcap_put_record round trip through the parsers (100000 random; time to the microsecond)");
	static const u32 lts[] = { LT_NULL, LT_ETHERNET, LT_PPP, LT_PPP_HDLC, LT_RAW, LT_LINUX_SLL, LT_ARCNET_LINUX, LT_IPV4, LT_IPV6, LT_LINUX_SLL2,
				   LT_C_HDLC, LT_IEEE802_11, LT_IEEE802_11_RADIO };
	ok = 1;
	for (size_t i = 0; i < sizeof lts / sizeof lts[0]; i++) ok &= pcap_linktype_ok(lts[i]);
	check(ok && !pcap_linktype_ok(195) && !pcap_linktype_ok(107) && !pcap_linktype_ok(~0u), "pcap_linktype_ok: the 13 link types decode() reads, no other");
}

/* ---- SHA-1, base64, the Community ID (cid.c) ---- */
int inet_pton(int af, const char *src, void *dst);
char *strchr(const char *, int);
static int sha1_is(const void *m, size_t n, const char *hex)
{
	u8 d[20];
	char h[41];
	sha1(m, n, d);
	for (int i = 0; i < 20; i++) { h[2 * i] = "0123456789abcdef"[d[i] >> 4]; h[2 * i + 1] = "0123456789abcdef"[d[i] & 15]; }
	h[40] = 0;
	return !strcmp(h, hex);
}
static int cid_is(u16 seed, u8 proto, const char *s, const char *d, u16 sp, u16 dp, const char *want)
{
	u8 a[16] = { 0 }, b[16] = { 0 };
	int v6 = strchr(s, ':') != 0;
	char o[40];
	inet_pton(v6 ? GLIBC_AF_INET6 : 2, s, a); inet_pton(v6 ? GLIBC_AF_INET6 : 2, d, b);
	int n = community_id(o, seed, v6, proto, a, b, sp, dp);
	o[n] = 0;
	if (strcmp(o, want)) printf("  community_id %u %s %u %s %u: %s, not %s\n", proto, s, sp, d, dp, o, want);
	return n == 30 && !strcmp(o, want);
}
static void test_cid(void)
{
	check(sha1_is("abc", 3, "a9993e364706816aba3e25717850c26c9cd0d89d")
	      && sha1_is("", 0, "da39a3ee5e6b4b0d3255bfef95601890afd80709")
	      && sha1_is("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
	      "sha1: FIPS 180-4's examples: \"abc\", the 448-bit message, the empty string");
	u8 *m = malloc(1000000);
	memset(m, 'a', 1000000);
	check(sha1_is(m, 1000000, "34aa973cd4c4daa4f61eeb2bdbad27316534016f"), "sha1: one million 'a'");
	/* every padding case: 0 to 200 bytes (55, 56, 63, 64... the block edges):
	   the SHA-1 of their 201 digests in a row, as Python's hashlib gives it */
	u8 *cat = malloc(201 * 20);
	for (int n = 0; n <= 200; n++) sha1(m, (size_t)n, cat + 20 * n);
	check(sha1_is(cat, 201 * 20, "f6f332e8f89c35ee3df74d34ef8fda777d9647b9"), "sha1: 'a' times 0 to 200, as hashlib");
	free(cat); free(m);
	static const char *const b64[][2] = { { "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" }, { "foo", "Zm9v" },
		{ "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" } };
	int ok = 1;
	for (int i = 0; i < 7; i++) {
		char o[16];
		int n = base64(o, (const u8 *)b64[i][0], strlen(b64[i][0]));
		ok &= n == (int)strlen(b64[i][1]) && !memcmp(o, b64[i][1], (size_t)n);
	}
	check(ok, "base64: RFC 4648's test vectors");
	/* the specification's baseline (baseline/baseline_deflt.json and
	   baseline_seed1.json of corelight/community-id-spec: its combined.pcap);
	   ICMP's ports are the type and its counterpart or the code */
	static const struct { u8 proto; u16 sp, dp; const char *s, *d, *id0, *id1; } base[] = {
		{ 58, 135, 136, "fe80::200:86ff:fe05:80da", "fe80::260:97ff:fe07:69ea", "1:dGHyGvjMfljg6Bppwm3bg0LO8TY=", "1:kHa1FhMYIT6Ym2Vm2AOtoOARDzY=" },
		{ 58, 136, 135, "fe80::260:97ff:fe07:69ea", "fe80::200:86ff:fe05:80da", "1:dGHyGvjMfljg6Bppwm3bg0LO8TY=", "1:kHa1FhMYIT6Ym2Vm2AOtoOARDzY=" },
		{ 58, 135, 136, "fe80::260:97ff:fe07:69ea", "fe80::200:86ff:fe05:80da", "1:zavyT/cezQr1fmImYCwYnMXbgck=", "1:2hSqmsDZ2kdcY9kbiUzOEBic0iM=" },
		{ 58, 136, 135, "fe80::200:86ff:fe05:80da", "fe80::260:97ff:fe07:69ea", "1:zavyT/cezQr1fmImYCwYnMXbgck=", "1:2hSqmsDZ2kdcY9kbiUzOEBic0iM=" },
		{ 58, 3, 0, "3ffe:501:1800:2345::2", "3ffe:507:0:1:200:86ff:fe05:80da", "1:2ObVBgIn28oZvibYZhZMBgh7WdQ=", "1:lVEtCZpYu84Xqaa++3lXFyuu2n4=" },
		{ 58, 1, 4, "3ffe:501:410:0:2c0:dfff:fe47:33e", "3ffe:507:0:1:200:86ff:fe05:80da", "1:hLZd0XGWojozrvxqE0dWB1iM6R0=", "1:W8MHwXpWzpoSTD+cGcaJr4u0ys8=" },
		{ 58, 128, 129, "3ffe:507:0:1:200:86ff:fe05:80da", "3ffe:501:0:1001::2", "1:+TW+HtLHvV1xnGhV1lv7XoJrqQg=", "1:GfZxjAkDk2MkegpBYHV6tadtFXQ=" },
		{ 58, 129, 128, "3ffe:501:0:1001::2", "3ffe:507:0:1:200:86ff:fe05:80da", "1:+TW+HtLHvV1xnGhV1lv7XoJrqQg=", "1:GfZxjAkDk2MkegpBYHV6tadtFXQ=" },
		{ 58, 133, 134, "fe80::200:86ff:fe05:80da", "ff02::2", "1:hO+sN4H+MG5MY/8hIrXPqc4ZQz0=", "1:L7Ka0ZMYu+J3bL4ulW2PrqyXNo8=" },
		{ 58, 134, 133, "fe80::260:97ff:fe07:69ea", "ff02::1", "1:pkvHqCL88/tg1k4cPigmZXUtL00=", "1:K/ee5UCqAMAQXDorP5nSa2CGLjc=" },
		{ 1, 8, 0, "192.168.0.89", "192.168.0.1", "1:X0snYXpgwiv9TZtqg64sgzUn6Dk=", "1:03g6IloqVBdcZlPyX8r0hgoE7kA=" },
		{ 1, 0, 8, "192.168.0.1", "192.168.0.89", "1:X0snYXpgwiv9TZtqg64sgzUn6Dk=", "1:03g6IloqVBdcZlPyX8r0hgoE7kA=" },
		{ 1, 11, 0, "10.0.0.1", "10.0.0.2", "1:YHxtAirCG//0OzkcVAukqKQN9xM=", "1:XjUibYHaafLQ3pxQeiMI8g25q20=" },
		{ 6, 63943, 25, "2001:470:e5bf:dead:4957:2174:e82c:4887", "2607:f8b0:400c:c03::1a", "1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=", "1:eJYTW6AOzFLlSUoESovMjnu7rMw=" },
		{ 6, 25, 63943, "2607:f8b0:400c:c03::1a", "2001:470:e5bf:dead:4957:2174:e82c:4887", "1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=", "1:eJYTW6AOzFLlSUoESovMjnu7rMw=" },
		{ 132, 7, 7, "192.168.170.8", "192.168.170.56", "1:MP2EtRCAUIZvTw6MxJHLV7N7JDs=", "1:5w3ZRjeKBzqT3zsaEECDGjUbYeg=" },
		{ 132, 7, 7, "192.168.170.56", "192.168.170.8", "1:MP2EtRCAUIZvTw6MxJHLV7N7JDs=", "1:5w3ZRjeKBzqT3zsaEECDGjUbYeg=" },
		{ 6, 34855, 80, "128.232.110.120", "66.35.250.204", "1:LQU9qZlK+B5F3KDmev6m5PMibrg=", "1:3V71V58M3Ksw/yuFALMcW0LAHvc=" },
		{ 6, 80, 34855, "66.35.250.204", "128.232.110.120", "1:LQU9qZlK+B5F3KDmev6m5PMibrg=", "1:3V71V58M3Ksw/yuFALMcW0LAHvc=" },
		{ 17, 54585, 53, "192.168.1.52", "8.8.8.8", "1:d/FP5EW3wiY1vCndhwleRRKHowQ=", "1:Q9We8WO3piVF8yEQBNJF4uiSVrI=" },
		{ 17, 53, 54585, "8.8.8.8", "192.168.1.52", "1:d/FP5EW3wiY1vCndhwleRRKHowQ=", "1:Q9We8WO3piVF8yEQBNJF4uiSVrI=" },
		{ 46, 0, 0, "10.1.12.1", "10.1.12.2", "1:KHlLkgoJW7ifUTyTSgyVfkFHzKw=", "1:rYir8gphR31noO9iDRQmF/BteEI=" },
		{ 46, 0, 0, "10.1.12.2", "10.1.12.1", "1:KHlLkgoJW7ifUTyTSgyVfkFHzKw=", "1:rYir8gphR31noO9iDRQmF/BteEI=" },
	};
	ok = 1;
	for (size_t i = 0; i < sizeof base / sizeof base[0]; i++)
		ok &= cid_is(0, base[i].proto, base[i].s, base[i].d, base[i].sp, base[i].dp, base[i].id0)
			& cid_is(1, base[i].proto, base[i].s, base[i].d, base[i].sp, base[i].dp, base[i].id1);
	check(ok, "community_id: the specification's 23 baseline flows, seed 0 and seed 1");
	/* tools/community_id.py's: a one-way message keeps its direction (the
	   greater address first), equal addresses ordered by port, no ports and seed 65535 */
	check(cid_is(0, 1, "10.0.0.2", "10.0.0.1", 3, 3, "1:LhjXG72oBqb/FpYqPl9LboG4/B4=")
	      && cid_is(0, 1, "10.0.0.1", "10.0.0.2", 3, 3, "1:sn6MAmXQ6UD1gYE1XbV3XTNewrk=")
	      && cid_is(0, 58, "2001:db8::2", "2001:db8::1", 1, 4, "1:qxd1LeYGiZWewhdgFCEH4g39f1w="),
	      "community_id: an unreachable is one-way: not reordered");
	check(cid_is(0, 6, "127.0.0.1", "127.0.0.1", 80, 1234, "1:CClrqgOo/86/YM8mzzGpJkw9tqQ=")
	      && cid_is(0, 6, "127.0.0.1", "127.0.0.1", 1234, 80, "1:CClrqgOo/86/YM8mzzGpJkw9tqQ=")
	      && cid_is(65535, 47, "2001:db8::2", "2001:db8::1", 0, 0, "1:ZDCbzDtWif69LLyjD3HAtVJctUY="),
	      "community_id: equal addresses ordered by port; GRE over IPv6 without ports, seed 65535");
	/* in the JSON: before the names; SCTP (kept without ports): null */
	struct conn c;
	char o[JSON_MAX + 64];
	memset(&c, 0, sizeof c);
	inet_pton(2, "192.168.0.89", c.a); inet_pton(2, "192.168.0.1", c.b);
	c.proto = IPPROTO_ICMP; c.ap = 8; c.bp = 0; c.rtt_us = c.srtt_us = RTT_NONE;
	o[fmt_json(o, &c, 0, 0, "end", END_STOPPED, 0)] = 0;
	check(strstr(o, ",\"reason\":\"stopped\",\"community_id\":\"1:X0snYXpgwiv9TZtqg64sgzUn6Dk=\",\"name\":null,") != 0,
	      "fmt_json: \"community_id\" after \"reason\", before \"name\"");
	json_cid_seed = 1;
	o[fmt_json(o, &c, 0, 0, "update", -1, 0)] = 0;
	json_cid_seed = 0;
	check(strstr(o, ",\"rate_in\":0,\"community_id\":\"1:03g6IloqVBdcZlPyX8r0hgoE7kA=\",\"name\":null,") != 0,
	      "fmt_json: an update record's, with seed 1");
	c.proto = IPPROTO_SCTP;
	o[fmt_json(o, &c, 0, 0, "end", END_STOPPED, 0)] = 0;
	check(strstr(o, ",\"community_id\":null,\"name\":null,") != 0, "fmt_json: SCTP's community_id is null");
	/* icmp_paired: the spec's pairs, both sides; not the others */
	ok = icmp_paired(0, 8) && icmp_paired(0, 0) && icmp_paired(0, 9) && icmp_paired(0, 10) && icmp_paired(0, 18)
		&& !icmp_paired(0, 3) && !icmp_paired(0, 11) && !icmp_paired(0, 5)
		&& icmp_paired(1, 135) && icmp_paired(1, 136) && icmp_paired(1, 145) && icmp_paired(1, 130)
		&& !icmp_paired(1, 1) && !icmp_paired(1, 137) && !icmp_paired(1, 143) && !icmp_paired(1, 0);
	check(ok, "icmp_paired: ICMP 0/8, 9/10, 13/14, 15/16, 17/18; ICMPv6 128-131, 133-136, 139/140, 144/145; not 3, 11, 137");
}

/* ------------------------------------------------------------------ IPFIX */
static u8 msgs[64][IPFIX_MAX];
static u32 mlen[64], nmsg;
static void grab(void *ctx, const u8 *m, u32 n)
{
	(void)ctx;
	if (nmsg < 64) { memcpy(msgs[nmsg], m, n); mlen[nmsg] = n; }
	nmsg++;
}
static u64 g64(const u8 *b) { return (u64)be32(b) << 32 | be32(b + 4); }
static void test_ipfix(void)
{
	static struct ipfix x;
	x.send = grab; nmsg = 0;
	ipfix_init(&x, 77);
	struct conn c;
	memset(&c, 0, sizeof c);
	memcpy(c.a, A4, 4); memcpy(c.b, B4, 4); c.ap = 40000; c.bp = 443; c.proto = IPPROTO_TCP; c.initiator = 1;
	c.d[0].pkts = 10; c.d[0].ipbytes = 1000; c.d[0].xflags = TH_SYN | TH_ACK | TH_FIN | 0x80;
	c.d[0].xfirst = 1700000000123456789ull; c.d[0].xlast = 1700000001999999999ull;
	c.d[1].pkts = 5; c.d[1].ipbytes = 300; c.d[1].xfirst = 1700000000200000000ull; c.d[1].xlast = 1700000001000000000ull;
	ipfix_flow(&x, &c, IPFIX_END, 1700000002000000000ull);
	ipfix_flush(&x);
	const u8 *m = msgs[0];
	/* header 16, template set 4 + 2 x (4 + 12 x 4), data set 4 + 2 x 49 */
	check(nmsg == 1 && mlen[0] == 16 + 4 + 2 * 52 + 4 + 2 * 49 && be16(m) == 10 && be16(m + 2) == mlen[0]
	      && be32(m + 4) == 1700000002 && be32(m + 8) == 0 && be32(m + 12) == 77,
	      "ipfix: a message: version 10, its length, export time, sequence 0, the domain");
	const u8 *t = m + 16;
	check(be16(t) == 2 && be16(t + 2) == 108 && be16(t + 4) == 256 && be16(t + 6) == 12 && be16(t + 8) == 8 && be16(t + 10) == 4
	      && be16(t + 56) == 257 && be16(t + 60) == 27 && be16(t + 62) == 16,
	      "ipfix: the templates first: 256 for IPv4 (sourceIPv4Address 4 bytes...), 257 for IPv6");
	const u8 *d = t + 108, *r = d + 4;
	check(be16(d) == 256 && be16(d + 2) == 4 + 2 * 49 && !memcmp(r, A4, 4) && !memcmp(r + 4, B4, 4) && be16(r + 8) == 40000
	      && be16(r + 10) == 443 && r[12] == 6 && be16(r + 13) == (TH_SYN | TH_ACK | TH_FIN | 0x80) && g64(r + 15) == 1000
	      && g64(r + 23) == 10 && g64(r + 31) == 1700000000123ull && g64(r + 39) == 1700000001999ull && r[47] == 3 && r[48] == 1,
	      "ipfix: the client's record: addresses, ports, protocol, flags, IP bytes, packets, ms, reason, initiator");
	r += 49;
	check(!memcmp(r, B4, 4) && be16(r + 8) == 443 && g64(r + 15) == 300 && g64(r + 23) == 5 && r[48] == 2,
	      "ipfix: the server's record: reversed, reverseInitiator");
	/* active timeout: deltas; later messages without templates until the 20th */
	ipfix_mark(&c, 1700000002000000000ull);
	c.d[0].pkts += 3; c.d[0].ipbytes += 120; c.d[0].xfirst = c.d[0].xlast = 1700000003000000000ull;
	c.initiator = 0;
	ipfix_flow(&x, &c, IPFIX_ACTIVE, 1700000003000000000ull);
	ipfix_flush(&x);
	m = msgs[1];
	check(nmsg == 2 && mlen[1] == 16 + 4 + 49 && be32(m + 8) == 2 && g64(m + 20 + 15) == 120 && g64(m + 20 + 23) == 3
	      && m[20 + 47] == 2 && m[20 + 48] == 0,
	      "ipfix: an active-timeout record: the deltas, one direction only, no templates, sequence 2; initiator not known: 0");
	/* IPv6, many flows: messages of at most IPFIX_MAX, templates again in the 20th, sequences */
	c.v6 = 1; memcpy(c.a, A6, 16); memcpy(c.b, B6, 16); c.proto = IPPROTO_ICMPV6; c.ap = 128; c.bp = 129;
	c.d[0].xpkts = c.d[1].xpkts = 0;
	for (int k = 0; k < 300; k++) ipfix_flow(&x, &c, IPFIX_IDLE, 1700000004000000000ull);
	ipfix_flush(&x);
	int ok = nmsg > 20 && nmsg <= 64, tmpl = 0;
	u32 seq = 3;
	for (u32 i = 2; i < nmsg && ok; i++) {
		ok &= mlen[i] <= IPFIX_MAX && be32(msgs[i] + 8) == seq;
		int has = be16(msgs[i] + 16) == 2;
		if (has) tmpl = (int)i;
		ok &= (int)i - tmpl < 20;
		u32 at = 16, n = 0;
		while (at < mlen[i]) { u32 id = be16(msgs[i] + at), l = be16(msgs[i] + at + 2); if (id == 257) n += (l - 4) / 73; at += l; }
		seq += n;
	}
	const u8 *e = msgs[2] + 16 + (be16(msgs[2] + 16) == 2 ? 108 : 0) + 4;
	check(ok && seq == 3 + 600 && be16(e + 32) == 0 && be16(e + 34) == 128 << 8 && be16(e + 73 + 34) == 129 << 8,
	      "ipfix: 600 IPv6 records: messages within 1,400 bytes, templates at least every 20, each sequence the records before; ICMPv6 echo as type * 256 + code");
	/* --ipfix-pen: the handshake RTT as element 1 of the user's enterprise number, last */
	nmsg = 0; x.pen = 32473;
	ipfix_init(&x, 1);
	c.v6 = 0; memcpy(c.a, A4, 4); memcpy(c.b, B4, 4); c.proto = IPPROTO_TCP; c.rtt_us = 1234;
	c.d[0].xpkts = 0; c.d[1].xpkts = c.d[1].pkts;
	ipfix_flow(&x, &c, IPFIX_END, 1700000005000000000ull);
	ipfix_flush(&x);
	m = msgs[0]; t = m + 16;
	check(nmsg == 1 && be16(t + 2) == 4 + 2 * (4 + 12 * 4 + 8) && be16(t + 6) == 13 && be16(t + 8 + 48) == (0x8000 | 1)
	      && be16(t + 8 + 50) == 4 && be32(t + 8 + 52) == 32473 && be16(t + 124 + 2) == 4 + 53 && be32(t + 124 + 4 + 49) == 1234,
	      "ipfix --ipfix-pen: a 13th field (enterprise bit, element 1, 4 bytes, the PEN) in both templates; the RTT in each record");
	x.pen = 0;
}

int main(void)
{
	test_ipfix();
	test_decode();
	test_analyze();
	test_names();
	test_owner();
	test_table_states();
	test_table_keys();
	test_table_bounds();
	test_table_flows();
	test_rates();
	test_rows();
	test_name_fit();
	test_own_fit();
	test_text();
	test_pcap();
	test_pcapng();
	test_cid();
	printf("netmoon_test: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
