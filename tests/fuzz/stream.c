/* the reassembly (cmds/netmoon/stream.c) through the table: a connection's
 * handshake, then segments as the input says (each: a byte of direction and
 * flags, a 16-bit offset from the stream's start, a 16-bit length, that many
 * bytes), out of order, overlapping, past the window, on a port the input
 * picks (53 feeds the DNS cache); then a UDP datagram from port 53 of the
 * rest. Checked after each segment: every name within its bounds, a stream
 * only while a parser waits, the pool's streams all accounted for. */
#include "fuzz.h"
#include "net.h"

static struct table T;
static u32 free_streams(void)
{
	u32 n = 0;
	for (u32 i = T.strm_free; i != NONE && n <= STREAMS; i = T.strm[i].next) n++;
	return n;
}
static void check_conn(const struct conn *c)
{
	for (int d = 0; d < 2; d++)
		if ((c->sid[d] != SID_NONE && !c->cand[d])
		    || (c->sid[d] != SID_NONE && c->sid[d] >= T.strm_fresh)
		    || (c->sid[d] != SID_NONE && T.strm[c->sid[d]].got > STREAM_BYTES)) __builtin_trap();
	for (int d = 0; d < 2; d++) {           /* the ranges past a hole: in order, apart, in the window */
		if (c->sid[d] == SID_NONE) continue;
		const struct stream *s = &T.strm[c->sid[d]];
		u32 at = s->got;
		if (s->nr > STREAM_RANGES) __builtin_trap();
		for (u32 k = 0; k < s->nr; k++) {
			if (s->r[k].a <= at || s->r[k].b <= s->r[k].a || s->r[k].b > STREAM_BYTES) __builtin_trap();
			at = s->r[k].b;
		}
	}
	const struct names *nm = conn_names(&T, c);
	if (!nm) return;
	if (nm->tls.sni_len > NAME_SNI_MAX || nm->tls.alpn_len > NAME_ALPN_MAX || nm->http.host_len > NAME_HOST_MAX
	    || nm->http.method_len > NAME_METHOD_MAX || nm->ssh_len[0] > NAME_SSH_MAX || nm->ssh_len[1] > NAME_SSH_MAX
	    || nm->dns_len > 255) __builtin_trap();
	u32 len = 0;
	if (conn_name(c, nm, &len) && len > 255) __builtin_trap();
}
static void pkt(struct pkt *p, int server, u16 port, u8 fl, u32 seq, u32 ack, const u8 *d, u32 n, u64 ts)
{
	static const u8 a[4] = { 10, 0, 0, 1 }, b[4] = { 10, 0, 0, 2 };
	memset(p, 0, sizeof *p);
	p->kind = NM_TCP; p->proto = IPPROTO_TCP; p->ts = ts; p->len = 54 + n; p->payload = n; p->flags = fl;
	memcpy(p->src, server ? b : a, 4); memcpy(p->dst, server ? a : b, 4);
	p->sport = server ? port : 40000; p->dport = server ? 40000 : port;
	p->seq = seq; p->ack = ack; p->win = 1000; p->data = d; p->datalen = n;
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	static void *mem;
	if (!mem) mem = malloc(table_bytes(16));
	u8 key[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	table_init(&T, mem, 16, key, 60000000000ull, 30000000000ull);
	if (n < 1) return 0;
	u16 port = d[0] & 1 ? 53 : d[0] & 2 ? 22 : 443;
	d++; n--;
	struct pkt p;
	u64 ts = 1000000000ull;
	pkt(&p, 0, port, TH_SYN, 1000, 0, 0, 0, ts++); table_add(&T, &p);
	pkt(&p, 1, port, TH_SYN | TH_ACK, 5000, 1001, 0, 0, ts++); table_add(&T, &p);
	pkt(&p, 0, port, TH_ACK, 1001, 5001, 0, 0, ts++); table_add(&T, &p);
	while (n >= 5) {
		int server = d[0] & 1, psh = d[0] & 4;
		u32 off = (u32)d[1] << 8 | d[2], len = (u32)d[3] << 8 | d[4];
		if (d[0] & 2) off <<= 2;                /* past the window, now and then */
		d += 5; n -= 5;
		if (len > n) len = (u32)n;
		u8 *c = fz_copy(d, len);
		pkt(&p, server, port, TH_ACK | (psh ? TH_PSH : 0), (server ? 5001 : 1001) + off, server ? 1001 : 5001,
		    c, len, ts++);
		table_add(&T, &p);
		free(c);
		d += len; n -= len;
		for (u32 i = table_first(&T); i != NONE; i = table_next(&T, i)) check_conn(&T.c[i]);
	}
	/* the rest as a DNS response over UDP, then a connection to what it named */
	u8 *c = fz_copy(d, n);
	memset(&p, 0, sizeof p);
	p.kind = NM_UDP; p.proto = IPPROTO_UDP; p.ts = ts++; p.len = 42 + (u32)n; p.payload = (u32)n;
	p.src[0] = 10; p.src[3] = 53; p.dst[0] = 10; p.dst[3] = 1; p.sport = 53; p.dport = 3333;
	p.data = c; p.datalen = (u32)n;
	table_add(&T, &p);
	free(c);
	for (u32 i = table_first(&T); i != NONE; i = table_next(&T, i)) check_conn(&T.c[i]);
	table_flush(&T);
	if (free_streams() != T.strm_fresh) __builtin_trap();   /* every stream back */
	return 0;
}
