/* mknames - write tests/names/hard.pcap: one conversation per hard case of
 * netmoon's passive naming (issue #14: the TLS ClientHello's SNI and ALPN,
 * the first HTTP/1.x request's method and Host, the SSH identification
 * lines, and the passive DNS cache that names a connection by the DNS
 * answer that gave its server's address); host tool, plain libc.
 *
 *   mknames OUT.pcap
 *
 * Each case is one conversation on its own 4-tuple (client 10.2.0.N or
 * 2001:db8:a::N, source port 40000 + N; server 192.0.2.N or 2001:db8:b::N,
 * or the address a DNS answer gave), one case after another in time (a
 * second apart, frames 1 ms apart). Case N's name, tuple and intent are
 * printed on standard error; tests/names/README.md lists them with what
 * tshark (tools/tshark_names.sh) says of each.
 *
 * Ethernet, microsecond timestamps, correct IPv4 header, TCP and UDP
 * checksums; no randomness: the same bytes every run. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pcapgen.h"

enum { FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10 };
enum { C = 0, S = 1 };
enum { MSS = 1448, BUFMAX = 70000 };

static uint8_t frame[14 + 40 + 65535];
static FILE *out;
static int64_t now;
static int ncase;

static void emit(size_t len)
{
	uint8_t h[16];
	put32(h, (uint32_t)(now / 1000000)); put32(h + 4, (uint32_t)(now % 1000000));
	put32(h + 8, (uint32_t)len); put32(h + 12, (uint32_t)len);
	fwrite(h, 1, 16, out); fwrite(frame, 1, len, out);
	now += 1000;
}

struct conn {
	int v6, udp;
	uint8_t addr[2][16];
	uint16_t port[2];
	uint32_t isn[2];
	uint32_t sent[2];              /* contiguous bytes of side d's stream sent */
	uint32_t acked[2];             /* bytes of the other side's stream side d ACKs */
	uint8_t *buf[2];
	uint32_t len[2];               /* bytes of side d's stream written so far */
};

/* one IP datagram from side d carrying l4 (TCP or UDP header + payload) */
static void ip_out(const struct conn *c, int d, uint8_t *l4, size_t l4len, int proto)
{
	uint32_t ps;
	uint8_t *p = eth_ip(frame, d, c->v6, c->addr[d], c->addr[!d], proto, l4len, &ps);
	memmove(p, l4, l4len);
	uint8_t *ck = p + (proto == 6 ? 16 : 6);
	ck[0] = ck[1] = 0;
	uint16_t k = fold(sum(p, l4len, ps));
	if (proto == 17 && k == 0) k = 0xffff;
	be16(ck, k);
	emit((size_t)(p - frame) + l4len);
}

static uint8_t l4buf[65535 + 20];

/* a TCP segment of side d: bytes [off, off + n) of its stream (SYN: the ISN) */
static void tseg(struct conn *c, int d, int fl, uint32_t off, uint32_t n)
{
	uint8_t *h = l4buf;
	memset(h, 0, 20);
	be16(h, c->port[d]); be16(h + 2, c->port[!d]);
	be32(h + 4, c->isn[d] + (fl & SYN ? 0 : 1) + off);
	be32(h + 8, fl & ACK ? c->isn[!d] + 1 + c->acked[d] : 0);
	h[12] = 5 << 4; h[13] = (uint8_t)fl; be16(h + 14, 65535);
	if (n) memcpy(h + 20, c->buf[d] + off, n);
	ip_out(c, d, h, 20 + n, 6);
	if (!(fl & (SYN | FIN)) && off <= c->sent[d] && off + n > c->sent[d]) c->sent[d] = off + n;
}
/* side d ACKs everything the other side sent so far */
static void ackall(struct conn *c, int d) { c->acked[d] = c->sent[!d]; tseg(c, d, ACK, c->sent[d], 0); }
/* append bytes to side d's stream (not sent yet) */
static uint32_t put(struct conn *c, int d, const void *p, size_t n)
{
	uint32_t at = c->len[d];
	if (at + n > BUFMAX) { fprintf(stderr, "mknames: stream too long\n"); exit(1); }
	memcpy(c->buf[d] + at, p, n); c->len[d] += (uint32_t)n;
	return at;
}
static uint32_t puts_(struct conn *c, int d, const char *s) { return put(c, d, s, strlen(s)); }
/* send what side d has not sent, in MSS-sized segments, then the other side ACKs */
static void flush(struct conn *c, int d)
{
	while (c->sent[d] < c->len[d]) {
		uint32_t n = c->len[d] - c->sent[d];
		tseg(c, d, PSH | ACK, c->sent[d], n > MSS ? MSS : n);
	}
	ackall(c, !d);
}
/* side d sends its unsent bytes cut at the given lengths (0 ends the list), then the ACK */
static void cuts(struct conn *c, int d, const uint32_t *l)
{
	for (; *l; l++) tseg(c, d, PSH | ACK, c->sent[d], *l);
	flush(c, d);
}

static struct conn *newconn(int v6, int udp, uint16_t sport)
{
	static struct conn cs[4];
	static int next;
	static int64_t last;
	struct conn *c = &cs[next++ % 4];
	ncase++;
	if (now < last + 1000000) now = last + 1000000;
	now = (now + 999999) / 1000000 * 1000000;
	last = now;
	uint8_t *b0 = c->buf[0], *b1 = c->buf[1];
	memset(c, 0, sizeof *c);
	c->buf[0] = b0 ? b0 : malloc(BUFMAX); c->buf[1] = b1 ? b1 : malloc(BUFMAX);
	c->v6 = v6; c->udp = udp;
	if (v6) {
		static const uint8_t p[2][6] = { { 0x20, 0x01, 0x0d, 0xb8, 0, 0xa }, { 0x20, 0x01, 0x0d, 0xb8, 0, 0xb } };
		for (int d = 0; d < 2; d++) { memcpy(c->addr[d], p[d], 6); c->addr[d][15] = (uint8_t)ncase; }
	} else {
		c->addr[C][0] = 10; c->addr[C][1] = 2; c->addr[C][3] = (uint8_t)ncase;
		c->addr[S][0] = 192; c->addr[S][2] = 2; c->addr[S][3] = (uint8_t)ncase;
	}
	c->port[C] = (uint16_t)(40000 + ncase); c->port[S] = sport;
	c->isn[C] = 0x10000000u * (uint32_t)(ncase % 16) + 1000u * (uint32_t)ncase;
	c->isn[S] = 0xf0000000u - 7777u * (uint32_t)ncase;
	return c;
}
static void server4(struct conn *c, const char *a)
{
	unsigned x[4]; sscanf(a, "%u.%u.%u.%u", &x[0], &x[1], &x[2], &x[3]);
	for (int i = 0; i < 4; i++) c->addr[S][i] = (uint8_t)x[i];
}
static void describe(const struct conn *c, const char *what)
{
	char a[2][64];
	for (int d = 0; d < 2; d++) {
		const uint8_t *x = c->addr[d];
		if (c->v6) snprintf(a[d], 64, "[%x:%x:%x::%x]:%u", x[0] << 8 | x[1], x[2] << 8 | x[3], x[4] << 8 | x[5], x[14] << 8 | x[15], c->port[d]);
		else snprintf(a[d], 64, "%u.%u.%u.%u:%u", x[0], x[1], x[2], x[3], c->port[d]);
	}
	fprintf(stderr, "%d\t%s %s %s\t%s\n", ncase, c->udp ? "udp" : "tcp", a[0], a[1], what);
}
static void handshake(struct conn *c)
{
	tseg(c, C, SYN, 0, 0); tseg(c, S, SYN | ACK, 0, 0); tseg(c, C, ACK, 0, 0);
}
static void fin(struct conn *c)
{
	c->acked[C] = c->sent[S]; tseg(c, C, FIN | ACK, c->sent[C], 0);
	c->acked[S] = c->sent[C] + 1; tseg(c, S, FIN | ACK, c->sent[S], 0);
	c->acked[C] = c->sent[S] + 1; tseg(c, C, ACK, c->sent[C] + 1, 0);
}
static void udp_send(struct conn *c, int d, const uint8_t *p, size_t n)
{
	uint8_t *h = l4buf;
	be16(h, c->port[d]); be16(h + 2, c->port[!d]); be16(h + 4, (uint16_t)(8 + n)); h[6] = h[7] = 0;
	memcpy(h + 8, p, n);
	ip_out(c, d, h, 8 + n, 17);
}

/* ---- TLS ---- */

struct bld { uint8_t b[8192]; size_t n; };
static void b8(struct bld *b, unsigned v) { b->b[b->n++] = (uint8_t)v; }
static void b16(struct bld *b, unsigned v) { b8(b, v >> 8); b8(b, v); }
static void b24(struct bld *b, unsigned v) { b8(b, v >> 16); b16(b, v); }
static void bmem(struct bld *b, const void *p, size_t n) { memcpy(b->b + b->n, p, n); b->n += n; }
static void bfill(struct bld *b, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++) { seed = seed * 1103515245u + 12345u; b8(b, seed >> 16); }
}
/* a 16-bit length at mark, of what follows it */
static size_t mark16(struct bld *b) { b16(b, 0); return b->n; }
static void end16(struct bld *b, size_t m) { be16(b->b + m - 2, (uint16_t)(b->n - m)); }

enum { TLS12 = 0, TLS13 = 1 };
enum { SNI_FIRST = 0, SNI_LAST = 1 };
/* a ClientHello handshake message: sni or alpn 0 leaves the extension out;
   alpn is a comma-separated list; pq adds a 1,216-byte X25519Kyber768 key
   share; pad adds a padding extension of that many bytes */
static void client_hello(struct bld *h, int ver, const char *sni, size_t snilen, const char *alpn, int pq, int order, size_t pad)
{
	struct bld x = { .n = 0 };
	h->n = 0;
	b8(h, 1); b24(h, 0);
	b16(h, 0x0303);
	bfill(h, 32, (unsigned)ncase);
	if (ver == TLS13) { b8(h, 32); bfill(h, 32, (unsigned)ncase * 7); } else b8(h, 0);
	static const uint16_t cs13[] = { 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8 };
	static const uint16_t cs12[] = { 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0x009c, 0x009d, 0x002f, 0x0035 };
	const uint16_t *cs = ver == TLS13 ? cs13 : cs12;
	size_t ncs = ver == TLS13 ? 9 : 10;
	b16(h, (unsigned)ncs * 2);
	for (size_t i = 0; i < ncs; i++) b16(h, cs[i]);
	b8(h, 1); b8(h, 0);
	size_t em = mark16(h);
	/* server_name */
	if (sni) {
		x.n = 0;
		b16(&x, 0); b16(&x, 0); size_t lm = mark16(&x); b8(&x, 0); b16(&x, (unsigned)snilen); bmem(&x, sni, snilen);
		end16(&x, lm); be16(x.b + 2, (uint16_t)(x.n - 4));
	}
	if (sni && order == SNI_FIRST) bmem(h, x.b, x.n);
	b16(h, 23); b16(h, 0);                                   /* extended_master_secret */
	b16(h, 0xff01); b16(h, 1); b8(h, 0);                     /* renegotiation_info */
	b16(h, 10); b16(h, 8); b16(h, 6); b16(h, 0x001d); b16(h, 0x0017); b16(h, 0x0018);   /* supported_groups */
	b16(h, 11); b16(h, 2); b8(h, 1); b8(h, 0);               /* ec_point_formats */
	b16(h, 35); b16(h, 0);                                   /* session_ticket */
	if (alpn) {
		b16(h, 16); size_t m = mark16(h); size_t lm = mark16(h);
		const char *p = alpn;
		while (*p) {
			const char *e = strchr(p, ','); size_t l = e ? (size_t)(e - p) : strlen(p);
			b8(h, (unsigned)l); bmem(h, p, l); p += l + (e != 0);
		}
		end16(h, lm); end16(h, m);
	}
	b16(h, 13); b16(h, 10); b16(h, 8); b16(h, 0x0403); b16(h, 0x0804); b16(h, 0x0401); b16(h, 0x0503);   /* signature_algorithms */
	if (ver == TLS13) {
		b16(h, 51); size_t m = mark16(h); size_t lm = mark16(h);
		if (pq) { b16(h, 0x6399); b16(h, 1216); bfill(h, 1216, (unsigned)ncase * 13); }
		b16(h, 0x001d); b16(h, 32); bfill(h, 32, (unsigned)ncase * 17);
		end16(h, lm); end16(h, m);
		b16(h, 45); b16(h, 2); b8(h, 1); b8(h, 1);           /* psk_key_exchange_modes */
		b16(h, 43); b16(h, 5); b8(h, 4); b16(h, 0x0304); b16(h, 0x0303);   /* supported_versions */
	}
	if (pad) { b16(h, 21); b16(h, (unsigned)pad); for (size_t i = 0; i < pad; i++) b8(h, 0); }
	if (sni && order == SNI_LAST) bmem(h, x.b, x.n);
	end16(h, em);
	uint32_t l = (uint32_t)(h->n - 4);
	h->b[1] = (uint8_t)(l >> 16); h->b[2] = (uint8_t)(l >> 8); h->b[3] = (uint8_t)l;
}
/* a TLS record around n bytes (version 0x0301, as ClientHellos are sent) */
static void record(struct conn *c, int d, int type, const uint8_t *p, size_t n)
{
	uint8_t r[5] = { (uint8_t)type, 3, 1, (uint8_t)(n >> 8), (uint8_t)n };
	put(c, d, r, 5); put(c, d, p, n);
}
/* the server's answer: a ServerHello-sized blob of handshake record (no names in it) */
static void server_reply(struct conn *c)
{
	static const uint8_t sh[] = { 2, 0, 0, 0x26, 3, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
		17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 0, 0x13, 0x01, 0 };
	record(c, S, 22, sh, sizeof sh);
	flush(c, S);
}

static struct bld hello;

/* a TLS connection: the ClientHello record(s) sent in segments of the given lengths */
static void tls_case(const char *what, int v6, uint16_t port, int ver, const char *sni, const char *alpn, int pq, int order, size_t pad, const uint32_t *segs)
{
	struct conn *c = newconn(v6, 0, port);
	describe(c, what);
	client_hello(&hello, ver, sni, sni ? strlen(sni) : 0, alpn, pq, order, pad);
	record(c, C, 22, hello.b, hello.n);
	handshake(c);
	if (segs) cuts(c, C, segs); else flush(c, C);
	server_reply(c);
	fin(c);
}

static void tls_cases(void)
{
	static const uint32_t two[] = { 1000, 0 }, three[] = { 600, 600, 0 }, hdr3[] = { 3, 0 };
	tls_case("TLS 1.3 ClientHello (1.8 KB, post-quantum key share) in 2 segments", 0, 443, TLS13, "two-segments.example", "h2,http/1.1", 1, SNI_FIRST, 300, two);
	tls_case("TLS 1.3 ClientHello (1.8 KB) in 3 segments", 0, 443, TLS13, "three-segments.example", "h2,http/1.1", 1, SNI_FIRST, 300, three);
	tls_case("TLS ClientHello: the 5-byte record header split (3 + 2)", 0, 443, TLS13, "split-header.example", "h2", 0, SNI_FIRST, 0, hdr3);

	/* the handshake message in two records */
	{
		struct conn *c = newconn(0, 0, 443);
		describe(c, "TLS ClientHello split across two TLS records");
		client_hello(&hello, TLS13, "two-records.example", 19, "h2,http/1.1", 0, SNI_FIRST, 0);
		record(c, C, 22, hello.b, 40); record(c, C, 22, hello.b + 40, hello.n - 40);
		handshake(c); flush(c, C); server_reply(c); fin(c);
	}
	/* out of order: the SNI is last, in the second segment, which comes first */
	{
		struct conn *c = newconn(0, 0, 443);
		describe(c, "TLS ClientHello in 2 segments out of order: the second (with the SNI) first");
		client_hello(&hello, TLS13, "out-of-order.example", 20, "h2,http/1.1", 1, SNI_LAST, 300);
		record(c, C, 22, hello.b, hello.n);
		handshake(c);
		tseg(c, C, PSH | ACK, 1000, c->len[C] - 1000);
		tseg(c, S, ACK, 0, 0);                           /* a duplicate ACK: the hole */
		tseg(c, C, PSH | ACK, 0, 1000);
		c->sent[C] = c->len[C];
		ackall(c, S); server_reply(c); fin(c);
	}
	/* retransmitted: the first segment twice */
	{
		struct conn *c = newconn(0, 0, 443);
		describe(c, "TLS ClientHello retransmitted (first segment twice, then all again)");
		client_hello(&hello, TLS13, "retransmitted.example", 21, "h2,http/1.1", 1, SNI_FIRST, 300);
		record(c, C, 22, hello.b, hello.n);
		handshake(c);
		tseg(c, C, PSH | ACK, 0, 1000);
		tseg(c, C, PSH | ACK, 0, 1000);
		tseg(c, C, PSH | ACK, 1000, c->len[C] - 1000);
		tseg(c, C, PSH | ACK, 0, 1000);
		tseg(c, C, PSH | ACK, 1000, c->len[C] - 1000);
		ackall(c, S); server_reply(c); fin(c);
	}
	/* overlapping segments: [0,700) [500,1300) [1200,end) */
	{
		struct conn *c = newconn(0, 0, 443);
		describe(c, "TLS ClientHello in overlapping segments [0,700) [500,1300) [1200,end)");
		client_hello(&hello, TLS13, "overlapping.example", 19, "h2,http/1.1", 1, SNI_FIRST, 300);
		record(c, C, 22, hello.b, hello.n);
		handshake(c);
		tseg(c, C, PSH | ACK, 0, 700);
		tseg(c, C, PSH | ACK, 500, 800);
		tseg(c, C, PSH | ACK, 1200, c->len[C] - 1200);
		ackall(c, S); server_reply(c); fin(c);
	}
	tls_case("TLS ClientHello without SNI (ALPN h2)", 0, 443, TLS13, 0, "h2", 0, SNI_FIRST, 0, 0);
	tls_case("TLS ClientHello without ALPN", 0, 443, TLS13, "no-alpn.example", 0, 0, SNI_FIRST, 0, 0);
	tls_case("TLS 1.2 ClientHello (no supported_versions, no key share)", 0, 443, TLS12, "tls12.example", "http/1.1", 0, SNI_FIRST, 0, 0);
	tls_case("TLS 1.3 ClientHello over IPv6 in 2 segments", 1, 443, TLS13, "ipv6.example", "h2,http/1.1", 1, SNI_FIRST, 300, two);
	tls_case("TLS 1.2 ClientHello over IPv6", 1, 443, TLS12, "ipv6-tls12.example", "http/1.1", 0, SNI_FIRST, 0, 0);
	tls_case("TLS 1.3 ClientHello on port 12345", 0, 12345, TLS13, "port-12345.example", "h2,http/1.1", 1, SNI_FIRST, 300, two);
	tls_case("TLS ClientHello on port 8080 (an HTTP port)", 0, 8080, TLS13, "tls-on-8080.example", "http/1.1", 0, SNI_FIRST, 0, 0);
	tls_case("TLS ClientHello: SNI in upper and mixed case (case kept)", 0, 443, TLS13, "MiXed.Case.EXAMPLE", "h2", 0, SNI_FIRST, 0, 0);
	/* two ClientHellos on one connection: the first names it */
	{
		struct conn *c = newconn(0, 0, 443);
		describe(c, "two ClientHellos on one connection (first.example, then second.example)");
		handshake(c);
		client_hello(&hello, TLS13, "first.example", 13, "h2", 0, SNI_FIRST, 0);
		record(c, C, 22, hello.b, hello.n); flush(c, C); server_reply(c);
		client_hello(&hello, TLS13, "second.example", 14, "http/1.1", 0, SNI_FIRST, 0);
		record(c, C, 22, hello.b, hello.n); flush(c, C);
		fin(c);
	}
}

/* ---- HTTP ---- */

static void http_case(const char *what, int v6, uint16_t port, const char *req, const uint32_t *segs, const char *resp)
{
	struct conn *c = newconn(v6, 0, port);
	describe(c, what);
	handshake(c);
	puts_(c, C, req);
	if (segs) cuts(c, C, segs); else flush(c, C);
	if (resp) { puts_(c, S, resp); flush(c, S); }
	fin(c);
}

static const char ok[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok";

static void http_cases(void)
{
	static const uint32_t split[] = { 42, 0 }, third[] = { 40, 30, 0 };
	http_case("HTTP GET: the Host header split across segments (inside \"Host\")", 0, 80,
		"GET /index.html HTTP/1.1\r\nUser-Agent: t\r\nHost: split-host.example\r\nAccept: */*\r\n\r\n", split, ok);
	http_case("HTTP GET: Host in the third segment", 0, 80,
		"GET /a/rather/long/path/to/something HTTP/1.1\r\nUser-Agent: mknames/1.0\r\nAccept: */*\r\nHost: third-segment.example\r\n\r\n", third, ok);
	/* keep-alive: two requests, the first names the connection */
	{
		struct conn *c = newconn(0, 0, 80);
		describe(c, "HTTP keep-alive: two requests (first.example, then second.example)");
		handshake(c);
		puts_(c, C, "GET /one HTTP/1.1\r\nHost: keepalive-first.example\r\n\r\n"); flush(c, C);
		puts_(c, S, ok); flush(c, S);
		puts_(c, C, "POST /two HTTP/1.1\r\nHost: keepalive-second.example\r\nContent-Length: 3\r\n\r\nabc"); flush(c, C);
		puts_(c, S, ok); flush(c, S);
		fin(c);
	}
	http_case("HTTP POST with a body", 0, 80,
		"POST /form HTTP/1.1\r\nHost: post.example\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 7\r\n\r\na=1&b=2", 0, ok);
	http_case("HTTP PUT", 0, 80, "PUT /file HTTP/1.1\r\nHost: put.example\r\nContent-Length: 4\r\n\r\ndata", 0, ok);
	http_case("HTTP OPTIONS *", 0, 80, "OPTIONS * HTTP/1.1\r\nHost: options.example\r\n\r\n", 0, ok);
	http_case("HTTP/1.0 GET without Host", 0, 80, "GET / HTTP/1.0\r\nUser-Agent: old\r\n\r\n", 0,
		"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok");
	http_case("HTTP Host with :port, on port 8080", 0, 8080, "GET / HTTP/1.1\r\nHost: with-port.example:8080\r\n\r\n", 0, ok);
	http_case("HTTP GET on port 5555 (no HTTP port)", 0, 5555, "GET /x HTTP/1.1\r\nHost: port-5555.example\r\n\r\n", 0, ok);
	http_case("HTTP GET over IPv6, Host an IPv6 literal with port", 1, 80, "GET / HTTP/1.1\r\nHost: [2001:db8:b::1]:80\r\n\r\n", 0, ok);
	http_case("HTTP Host with spaces around the value", 0, 80, "GET / HTTP/1.1\r\nHost:   spaced.example  \r\n\r\n", 0, ok);
	http_case("HTTP header name in lower case (host:)", 0, 80, "HEAD / HTTP/1.1\r\nhost: lower-header.example\r\n\r\n", 0, ok);
	http_case("HTTP request line split from its headers (request line alone in segment 1)", 0, 80,
		"DELETE /thing HTTP/1.1\r\nHost: delete.example\r\n\r\n", (const uint32_t[]){ 24, 0 }, ok);
}

/* ---- SSH ---- */

static void ssh_case(const char *what, uint16_t port, const char *pre, const char *srv, const char *cli)
{
	struct conn *c = newconn(0, 0, port);
	describe(c, what);
	handshake(c);
	if (pre) puts_(c, S, pre);
	puts_(c, S, srv); flush(c, S);
	puts_(c, C, cli); flush(c, C);
	/* a binary packet from each side */
	static const uint8_t kex[] = { 0, 0, 0, 12, 10, 21, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };   /* NEWKEYS */
	put(c, C, kex, sizeof kex); flush(c, C);
	put(c, S, kex, sizeof kex); flush(c, S);
	fin(c);
}

static void ssh_cases(void)
{
	ssh_case("SSH on port 22", 22, 0, "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n", "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n");
	ssh_case("SSH on port 2222", 2222, 0, "SSH-2.0-dropbear_2022.83\r\n", "SSH-2.0-PuTTY_Release_0.78\r\n");
	ssh_case("SSH on port 22, text lines before the server's banner", 22, "Welcome to the box\r\nAuthorized use only\r\n",
		"SSH-2.0-OpenSSH_8.4p1\r\n", "SSH-2.0-OpenSSH_9.6\r\n");
	ssh_case("SSH on port 2200, text lines before the server's banner, LF-only client line", 2200, "hello\r\n",
		"SSH-2.0-Server_1.0 with comments\r\n", "SSH-2.0-Client_2.0\n");
}

/* ---- DNS ---- */

static struct bld dns;
static void dname(struct bld *b, const char *s)
{
	while (*s) {
		const char *e = strchr(s, '.'); size_t l = e ? (size_t)(e - s) : strlen(s);
		b8(b, (unsigned)l); bmem(b, s, l); s += l + (e != 0);
	}
	b8(b, 0);
}
static void dhdr(struct bld *b, unsigned id, unsigned rcode, unsigned an, unsigned ns, unsigned ar)
{
	b->n = 0; b16(b, id); b16(b, 0x8180 | rcode); b16(b, 1); b16(b, an); b16(b, ns); b16(b, ar);
}
static void dq(struct bld *b, const char *name, unsigned type) { dname(b, name); b16(b, type); b16(b, 1); }
/* owner 0: a pointer to the question name (offset 12) */
static void downer(struct bld *b, const char *owner) { if (owner) dname(b, owner); else b16(b, 0xc00c); }
static void da(struct bld *b, const char *owner, const char *a)
{
	unsigned x[4]; sscanf(a, "%u.%u.%u.%u", &x[0], &x[1], &x[2], &x[3]);
	downer(b, owner); b16(b, 1); b16(b, 1); b16(b, 0); b16(b, 300); b16(b, 4);
	for (int i = 0; i < 4; i++) b8(b, x[i]);
}
static void daaaa(struct bld *b, const char *owner, const uint8_t *a)
{
	downer(b, owner); b16(b, 28); b16(b, 1); b16(b, 0); b16(b, 300); b16(b, 16); bmem(b, a, 16);
}
static void dcname(struct bld *b, const char *owner, const char *target)
{
	downer(b, owner); b16(b, 5); b16(b, 1); b16(b, 0); b16(b, 300);
	size_t m = mark16(b); dname(b, target); end16(b, m);
}
static void dquery(struct bld *b, unsigned id, const char *name, unsigned type)
{
	b->n = 0; b16(b, id); b16(b, 0x0100); b16(b, 1); b16(b, 0); b16(b, 0); b16(b, 0); dq(b, name, type);
}

static const uint8_t resolver4[4] = { 192, 0, 2, 53 };
static const uint8_t resolver6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0xb, [15] = 0x53 };
/* a UDP exchange with the resolver: the query, then the response in dns */
static void dns_udp(const char *what, int v6, const char *qname, unsigned qtype)
{
	struct bld q;
	struct conn *c = newconn(v6, 1, 53);
	memcpy(c->addr[S], v6 ? resolver6 : resolver4, v6 ? 16 : 4);
	describe(c, what);
	dquery(&q, (unsigned)ncase, qname, qtype);
	udp_send(c, C, q.b, q.n);
	udp_send(c, S, dns.b, dns.n);
}
/* a TCP connection to addr (IPv4 dotted or IPv6 last byte in the 2001:db8:5:: net) with some opaque bytes */
static struct conn *to_addr(const char *what, const char *a4, int a6, uint16_t port)
{
	struct conn *c = newconn(a4 == 0, 0, port);
	if (a4) server4(c, a4);
	else { static const uint8_t p[6] = { 0x20, 0x01, 0x0d, 0xb8, 0, 5 }; memset(c->addr[S], 0, 16); memcpy(c->addr[S], p, 6); c->addr[S][15] = (uint8_t)a6; }
	describe(c, what);
	return c;
}
static void opaque(struct conn *c)
{
	static const uint8_t junk[] = { 0, 1, 2, 3, 0xfe, 0xed, 0xfa, 0xce, 9, 9 };
	handshake(c); put(c, C, junk, sizeof junk); flush(c, C); put(c, S, junk, 4); flush(c, S); fin(c);
}
static void connect_to(const char *what, const char *a4, int a6) { opaque(to_addr(what, a4, a6, 7000)); }

static void dns_cases(void)
{
	connect_to("before its DNS answer: 198.51.100.10 (no name: the answer comes later)", "198.51.100.10", 0);
	dhdr(&dns, 0, 0, 4, 0, 0); dq(&dns, "www.chain.example", 1);
	dcname(&dns, 0, "edge.cdn.example"); dcname(&dns, "edge.cdn.example", "edge7.cdn.example");
	da(&dns, "edge7.cdn.example", "198.51.100.10"); da(&dns, "edge7.cdn.example", "198.51.100.11");
	dns_udp("DNS/UDP: www.chain.example CNAME edge.cdn.example CNAME edge7.cdn.example A 198.51.100.10, .11", 0, "www.chain.example", 1);
	connect_to("to 198.51.100.10 after its answer: www.chain.example", "198.51.100.10", 0);
	connect_to("to 198.51.100.11 (the second answer): www.chain.example", "198.51.100.11", 0);

	/* IPv6 AAAA */
	static const uint8_t v6a[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 5, [15] = 0x10 };
	dhdr(&dns, 0, 0, 1, 0, 0); dq(&dns, "v6.example", 28); daaaa(&dns, 0, v6a);
	dns_udp("DNS/UDP over IPv6: v6.example AAAA 2001:db8:5::10", 1, "v6.example", 28);
	connect_to("to 2001:db8:5::10: v6.example", 0, 0x10);

	/* AAAA through a CNAME, asked over IPv4 */
	static const uint8_t v6b[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 5, [15] = 0x11 };
	dhdr(&dns, 0, 0, 2, 0, 0); dq(&dns, "alias6.example", 28); dcname(&dns, 0, "real6.example"); daaaa(&dns, "real6.example", v6b);
	dns_udp("DNS/UDP: alias6.example CNAME real6.example AAAA 2001:db8:5::11", 0, "alias6.example", 28);
	connect_to("to 2001:db8:5::11: alias6.example", 0, 0x11);

	/* NXDOMAIN carrying an answer anyway: names nothing */
	dhdr(&dns, 0, 3, 1, 0, 0); dq(&dns, "nxdomain.example", 1); da(&dns, 0, "198.51.100.30");
	dns_udp("DNS/UDP NXDOMAIN (rcode 3) that still carries an A 198.51.100.30 answer", 0, "nxdomain.example", 1);
	connect_to("to 198.51.100.30 after an NXDOMAIN: no name", "198.51.100.30", 0);

	/* glue in the additional section; an answer outside the chain */
	dhdr(&dns, 0, 0, 2, 1, 1); dq(&dns, "glue-q.example", 1);
	da(&dns, 0, "198.51.100.40"); da(&dns, "unrelated.example", "198.51.100.42");
	dname(&dns, "glue-q.example"); b16(&dns, 2); b16(&dns, 1); b16(&dns, 0); b16(&dns, 300);
	{ size_t m = mark16(&dns); dname(&dns, "ns1.glue.example"); end16(&dns, m); }
	da(&dns, "ns1.glue.example", "198.51.100.41");
	dns_udp("DNS/UDP: glue-q.example A .40 + unrelated.example A .42 (answer, off the chain) + NS and glue A .41 (additional)", 0, "glue-q.example", 1);
	connect_to("to 198.51.100.40: glue-q.example", "198.51.100.40", 0);
	connect_to("to 198.51.100.41 (only glue): no name", "198.51.100.41", 0);
	connect_to("to 198.51.100.42 (answer not on the question's chain): no name", "198.51.100.42", 0);

	/* an answer arriving while the connection is open */
	{
		struct conn *c = to_addr("to 198.51.100.50, open before its answer (no name), more data after it", "198.51.100.50", 0, 7000);
		handshake(c);
		puts_(c, C, "hello"); flush(c, C);
		dhdr(&dns, 0, 0, 1, 0, 0); dq(&dns, "late.example", 1); da(&dns, 0, "198.51.100.50");
		dns_udp("DNS/UDP: late.example A 198.51.100.50 (while a connection to it is open)", 0, "late.example", 1);
		puts_(c, C, "again"); flush(c, C); fin(c);
		connect_to("to 198.51.100.50 after the late answer: late.example", "198.51.100.50", 0);
	}

	/* a later answer renames */
	dhdr(&dns, 0, 0, 1, 0, 0); dq(&dns, "old-name.example", 1); da(&dns, 0, "198.51.100.55");
	dns_udp("DNS/UDP: old-name.example A 198.51.100.55", 0, "old-name.example", 1);
	dhdr(&dns, 0, 0, 1, 0, 0); dq(&dns, "new-name.example", 1); da(&dns, 0, "198.51.100.55");
	dns_udp("DNS/UDP: new-name.example A 198.51.100.55 (the same address again)", 0, "new-name.example", 1);
	connect_to("to 198.51.100.55: new-name.example (the most recent answer)", "198.51.100.55", 0);

	/* names in other cases: the question in capitals, the chain in lower case */
	dhdr(&dns, 0, 0, 2, 0, 0); dq(&dns, "WWW.Upper.Example", 1); dcname(&dns, "www.upper.example", "target.upper.example"); da(&dns, "TARGET.UPPER.example", "198.51.100.57");
	dns_udp("DNS/UDP: WWW.Upper.Example; CNAME owner and A owner in other cases", 0, "WWW.Upper.Example", 1);
	connect_to("to 198.51.100.57: WWW.Upper.Example (the question as asked)", "198.51.100.57", 0);

	/* DNS over TCP: two responses on one connection, the second split in segments */
	{
		struct conn *c = newconn(0, 0, 53);
		memcpy(c->addr[S], resolver4, 4);
		describe(c, "DNS/TCP: two queries and responses on one connection (tcp-one.example A .20, tcp-two.example A .21; the second response in 3 segments)");
		handshake(c);
		struct bld q; uint8_t l[2];
		dquery(&q, 0x101, "tcp-one.example", 1); be16(l, (uint16_t)q.n); put(c, C, l, 2); put(c, C, q.b, q.n);
		dquery(&q, 0x102, "tcp-two.example", 1); be16(l, (uint16_t)q.n); put(c, C, l, 2); put(c, C, q.b, q.n);
		flush(c, C);
		dhdr(&dns, 0x101, 0, 1, 0, 0); dq(&dns, "tcp-one.example", 1); da(&dns, 0, "198.51.100.20");
		be16(l, (uint16_t)dns.n); put(c, S, l, 2); put(c, S, dns.b, dns.n); flush(c, S);
		dhdr(&dns, 0x102, 0, 2, 0, 0); dq(&dns, "tcp-two.example", 1); dcname(&dns, 0, "tcp-two-real.example"); da(&dns, "tcp-two-real.example", "198.51.100.21");
		be16(l, (uint16_t)dns.n); put(c, S, l, 2); put(c, S, dns.b, dns.n);
		cuts(c, S, (const uint32_t[]){ 1, 20, 0 });
		fin(c);
	}
	connect_to("to 198.51.100.20: tcp-one.example", "198.51.100.20", 0);
	connect_to("to 198.51.100.21: tcp-two.example", "198.51.100.21", 0);
	/* DNS over TCP on IPv6, AAAA */
	{
		static const uint8_t v6c[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 5, [15] = 0x22 };
		struct conn *c = newconn(1, 0, 53);
		memcpy(c->addr[S], resolver6, 16);
		describe(c, "DNS/TCP over IPv6: tcp6.example AAAA 2001:db8:5::22");
		handshake(c);
		struct bld q; uint8_t l[2];
		dquery(&q, 0x103, "tcp6.example", 28); be16(l, (uint16_t)q.n); put(c, C, l, 2); put(c, C, q.b, q.n); flush(c, C);
		dhdr(&dns, 0x103, 0, 1, 0, 0); dq(&dns, "tcp6.example", 28); daaaa(&dns, 0, v6c);
		be16(l, (uint16_t)dns.n); put(c, S, l, 2); put(c, S, dns.b, dns.n); flush(c, S);
		fin(c);
	}
	connect_to("to 2001:db8:5::22: tcp6.example", 0, 0x22);

	/* a compression-pointer loop in the answer's owner */
	dhdr(&dns, 0, 0, 2, 0, 0); dq(&dns, "loop.example", 1);
	b16(&dns, (unsigned)(0xc000 | dns.n)); b16(&dns, 1); b16(&dns, 1); b16(&dns, 0); b16(&dns, 300); b16(&dns, 4);
	b8(&dns, 198); b8(&dns, 51); b8(&dns, 100); b8(&dns, 70);
	da(&dns, 0, "198.51.100.71");
	dns_udp("DNS/UDP hostile: the first answer's owner is a compression pointer to itself (A .70), then A .71", 0, "loop.example", 1);
	connect_to("to 198.51.100.70 (after a pointer loop): no name", "198.51.100.70", 0);
	connect_to("to 198.51.100.71 (after a pointer loop's answer)", "198.51.100.71", 0);

	/* a name with a quote, a backslash, a control byte and a byte >= 0x80 */
	dhdr(&dns, 0, 0, 1, 0, 0);
	static const char odd[] = "we\"ird\\na\x01me\tx\a\b\v\f\r\n\x1b.\xc3\xa9t\x7f\xff.example";
	dq(&dns, odd, 1); da(&dns, 0, "198.51.100.80");
	dns_udp("DNS/UDP: a query name with \", \\, 0x01, 0x7f and UTF-8 bytes, A 198.51.100.80", 0, odd, 1);
	connect_to("to 198.51.100.80: the odd DNS name", "198.51.100.80", 0);

	/* a UDP flow to an answered address: named too */
	{
		dhdr(&dns, 0, 0, 1, 0, 0); dq(&dns, "udp-target.example", 1); da(&dns, 0, "198.51.100.90");
		dns_udp("DNS/UDP: udp-target.example A 198.51.100.90", 0, "udp-target.example", 1);
		struct conn *c = newconn(0, 1, 9001);
		server4(c, "198.51.100.90");
		describe(c, "UDP datagrams to 198.51.100.90: udp-target.example");
		udp_send(c, C, (const uint8_t *)"ping", 4); udp_send(c, S, (const uint8_t *)"pong", 4);
	}
}

/* ---- hostile ---- */

static void hostile_cases(void)
{
	/* a record length that lies: says 16,000, the connection ends after the ClientHello */
	{
		struct conn *c = newconn(0, 0, 443);
		describe(c, "TLS hostile: the record length says 16000, only the ClientHello (~300 bytes) follows, then FIN");
		client_hello(&hello, TLS13, "lying-record.example", 20, "h2", 0, SNI_FIRST, 0);
		uint8_t r[5] = { 22, 3, 1, 16000 >> 8, 16000 & 0xff };
		put(c, C, r, 5); put(c, C, hello.b, hello.n);
		handshake(c); flush(c, C); fin(c);
	}
	/* a record length shorter than the handshake it holds */
	{
		struct conn *c = newconn(0, 0, 443);
		describe(c, "TLS hostile: the record length (100) is shorter than the ClientHello in it; the rest follows unframed");
		client_hello(&hello, TLS13, "short-record.example", 20, "h2", 0, SNI_FIRST, 0);
		uint8_t r[5] = { 22, 3, 1, 0, 100 };
		put(c, C, r, 5); put(c, C, hello.b, hello.n);
		handshake(c); flush(c, C); fin(c);
	}
	/* the extensions' length runs past the record's end (the SNI intact, first) */
	{
		struct conn *c = newconn(0, 0, 443);
		describe(c, "TLS hostile: the extensions' length overruns the ClientHello and its record by 500; the SNI comes first, intact");
		client_hello(&hello, TLS13, "overrun.example", 15, "h2", 0, SNI_FIRST, 0);
		/* extensions length: after 4 + 2 + 32 + 1 + 32 + 2 + 18 + 2 */
		size_t e = 4 + 2 + 32 + 1 + 32 + 2 + 18 + 2;
		be16(hello.b + e, (uint16_t)(hello.n - e - 2 + 500));
		record(c, C, 22, hello.b, hello.n);
		handshake(c); flush(c, C); fin(c);
	}
	/* the SNI extension's own length overruns the extensions */
	{
		struct conn *c = newconn(0, 0, 443);
		describe(c, "TLS hostile: the server_name entry's length (200) runs past its extension and the record");
		client_hello(&hello, TLS13, "sni-overrun.example", 19, 0, 0, SNI_LAST, 0);
		/* the last extension is server_name: its host_name length is the 2 bytes before the name */
		be16(hello.b + hello.n - 19 - 2, 200);
		record(c, C, 22, hello.b, hello.n);
		handshake(c); flush(c, C); fin(c);
	}
	/* names with control bytes, a quote and a backslash */
	{
		static const char sni[] = "ctl\x01q\"b\\s\x7f\tt\xc3\xa9.example";
		struct conn *c = newconn(0, 0, 443);
		describe(c, "TLS: an SNI with 0x01, \", \\, 0x7f and UTF-8 bytes");
		client_hello(&hello, TLS13, sni, sizeof sni - 1, "h2,x\"y\\z", 0, SNI_FIRST, 0);
		record(c, C, 22, hello.b, hello.n);
		handshake(c); flush(c, C); server_reply(c); fin(c);
	}
	http_case("HTTP: a Host with 0x01, \", \\, 0x7f and 0xff", 0, 80, "GET / HTTP/1.1\r\nHost: h\x01q\"b\\s\x7f\xff.example\r\n\r\n", 0, ok);
	ssh_case("SSH: an identification line with 0x01, \", \\ and 0xff", 22, 0, "SSH-2.0-Evil\x01q\"b\\s\xff\tt\r\n", "SSH-2.0-Client\"\\\r\n");
	/* 64 KiB of junk on port 443 */
	{
		struct conn *c = newconn(0, 0, 443);
		describe(c, "64 KiB of junk from the client on port 443 (first byte 0x00)");
		struct bld j;
		handshake(c);
		for (int i = 0; i < 8; i++) { j.n = 0; bfill(&j, 8192, (unsigned)i + 99); if (i == 0) j.b[0] = 0; put(c, C, j.b, j.n); }
		flush(c, C); fin(c);
	}
	/* junk that starts like a handshake record of the largest length */
	{
		struct conn *c = newconn(0, 0, 443);
		describe(c, "TLS hostile: a handshake record header of length 65535 followed by 64 KiB of junk");
		struct bld j;
		handshake(c);
		uint8_t r[5] = { 22, 3, 1, 0xff, 0xff };
		put(c, C, r, 5);
		for (int i = 0; i < 8; i++) { j.n = 0; bfill(&j, 8192, (unsigned)i + 199); put(c, C, j.b, j.n); }
		flush(c, C); fin(c);
	}
}

int main(int argc, char **argv)
{
	if (argc != 2) { fprintf(stderr, "usage: mknames OUT.pcap\n"); return 2; }
	out = pcap_create(argv[1]);
	if (!out) { perror(argv[1]); return 1; }
	now = 1750000000LL * 1000000;
	tls_cases();
	http_cases();
	ssh_cases();
	dns_cases();
	hostile_cases();
	if (fclose(out)) { perror(argv[1]); return 1; }
	return 0;
}
