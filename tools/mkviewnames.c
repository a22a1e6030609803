/* mkviewnames - write a capture whose connections netmoon names, for the view's
 * name tests (host tool, plain libc; the same bytes every run):
 *
 *   mkviewnames OUT.pcap
 *
 * Client 10.0.0.1 port 40000+N to server 192.0.2.N, each a handshake, one
 * client segment and its ACK:
 *   1  :443   a TLS ClientHello, server name www.example.org
 *   2  :80    an HTTP request, Host: Web.Example.COM:8080
 *   3  :443   a ClientHello whose server name is 200 bytes of control
 *             bytes, ESC and bytes above 0x7e (no byte of it printable)
 *   4  :443   server name very-long-host-name.eu-west-1.compute.amazonaws.com
 *   5  :22    no payload: no name
 *   6  :5432  named by DNS: first a UDP response from 192.0.2.53 saying
 *             db.internal.example is 192.0.2.6 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "pcapgen.h"

static uint8_t frame[2048];
static FILE *out;
static uint32_t now = 1700000000;
static uint32_t usec;

static void emit(size_t len)
{
	uint8_t h[16];
	usec += 1000;
	put32(h, now); put32(h + 4, usec); put32(h + 8, (uint32_t)len); put32(h + 12, (uint32_t)len);
	fwrite(h, 1, 16, out); fwrite(frame, 1, len, out);
}

/* an Ethernet + IPv4 header for proto, then l4len bytes at frame + 34 */
static void ip(const uint8_t s[4], const uint8_t d[4], int proto, size_t l4len)
{
	uint8_t *e = frame, *p = frame + 14;
	memset(e, 0, 12); e[5] = 1; e[11] = 2; be16(e + 12, 0x0800);
	memset(p, 0, 20);
	p[0] = 0x45; be16(p + 2, (uint16_t)(20 + l4len)); p[8] = 64; p[9] = (uint8_t)proto;
	memcpy(p + 12, s, 4); memcpy(p + 16, d, 4);
	be16(p + 10, fold(sum(p, 20, 0)));
	/* the pseudo-header and the transport checksum */
	uint8_t ph[12];
	memcpy(ph, s, 4); memcpy(ph + 4, d, 4); ph[8] = 0; ph[9] = (uint8_t)proto; be16(ph + 10, (uint16_t)l4len);
	uint8_t *t = p + 20;
	int at = proto == 6 ? 16 : 6;
	t[at] = t[at + 1] = 0;
	be16(t + at, fold(sum(t, l4len, sum(ph, 12, 0))));
	emit(14 + 20 + l4len);
}

static void tcp(const uint8_t s[4], const uint8_t d[4], int sp, int dp, uint32_t seq, uint32_t ack, int fl,
		const void *data, size_t n)
{
	uint8_t *t = frame + 34;
	memset(t, 0, 20);
	be16(t, (uint16_t)sp); be16(t + 2, (uint16_t)dp); be32(t + 4, seq); be32(t + 8, ack);
	t[12] = 0x50; t[13] = (uint8_t)fl; be16(t + 14, 65535);
	memcpy(t + 20, data, n);
	ip(s, d, 6, 20 + n);
}

static void conn(int k, int port, const void *data, size_t n)
{
	uint8_t c[4] = { 10, 0, 0, 1 }, s[4] = { 192, 0, 2, (uint8_t)k };
	int cp = 40000 + k;
	uint32_t a = 1000, b = 5000;
	tcp(c, s, cp, port, a, 0, 0x02, 0, 0);
	tcp(s, c, port, cp, b, a + 1, 0x12, 0, 0);
	tcp(c, s, cp, port, a + 1, b + 1, 0x10, 0, 0);
	if (!n) return;
	tcp(c, s, cp, port, a + 1, b + 1, 0x18, data, n);
	tcp(s, c, port, cp, b + 1, a + 1 + (uint32_t)n, 0x10, 0, 0);
}

/* a ClientHello with one extension: the server name */
static size_t hello(uint8_t *o, const char *name, size_t nl)
{
	uint8_t *h = o + 9, *x;
	size_t n = 0;
	h[n++] = 3; h[n++] = 3; memset(h + n, 7, 32); n += 32;   /* version, random */
	h[n++] = 0;                                              /* session id */
	h[n++] = 0; h[n++] = 2; h[n++] = 0x13; h[n++] = 1;       /* one cipher suite */
	h[n++] = 1; h[n++] = 0;                                  /* null compression */
	be16(h + n, (uint16_t)(9 + nl)); n += 2;                 /* the extensions */
	x = h + n;
	be16(x, 0); be16(x + 2, (uint16_t)(5 + nl)); be16(x + 4, (uint16_t)(3 + nl));
	x[6] = 0; be16(x + 7, (uint16_t)nl); memcpy(x + 9, name, nl);
	n += 9 + nl;
	o[0] = 22; o[1] = 3; o[2] = 1; be16(o + 3, (uint16_t)(4 + n));   /* the record */
	o[5] = 1; o[6] = 0; be16(o + 7, (uint16_t)n);                    /* the handshake */
	return 9 + n;
}

int main(int argc, char **argv)
{
	uint8_t b[1024];
	char bad[200];
	if (argc != 2 || !(out = pcap_create(argv[1]))) { fprintf(stderr, "usage: mknames OUT.pcap\n"); return 2; }
	conn(1, 443, b, hello(b, "www.example.org", 15));
	const char *req = "GET / HTTP/1.1\r\nHost: Web.Example.COM:8080\r\n\r\n";
	conn(2, 80, req, strlen(req));
	for (int i = 0; i < 200; i++) bad[i] = (char)(i % 3 == 0 ? 27 : i % 3 == 1 ? i % 32 : 0x80 + i % 128);
	conn(3, 443, b, hello(b, bad, sizeof bad));
	const char *aws = "very-long-host-name.eu-west-1.compute.amazonaws.com";
	conn(4, 443, b, hello(b, aws, strlen(aws)));
	conn(5, 22, 0, 0);
	/* DNS: db.internal.example A 192.0.2.6, from 192.0.2.53:53 to the client */
	static const uint8_t q[] = "\x02" "db" "\x08" "internal" "\x07" "example";
	uint8_t *u = frame + 34, *m = u + 8;
	size_t n = 0;
	memset(u, 0, 8);
	be16(m, 0x1234); be16(m + 2, 0x8180); be16(m + 4, 1); be16(m + 6, 1); be16(m + 8, 0); be16(m + 10, 0);
	n = 12; memcpy(m + n, q, sizeof q); n += sizeof q;         /* with its root label */
	be16(m + n, 1); be16(m + n + 2, 1); n += 4;
	be16(m + n, 0xc00c); be16(m + n + 2, 1); be16(m + n + 4, 1); be32(m + n + 6, 300); be16(m + n + 10, 4);
	m[n + 12] = 192; m[n + 13] = 0; m[n + 14] = 2; m[n + 15] = 6; n += 16;
	be16(u, 53); be16(u + 2, 33333); be16(u + 4, (uint16_t)(8 + n));
	ip((const uint8_t[]){ 192, 0, 2, 53 }, (const uint8_t[]){ 10, 0, 0, 1 }, 17, 8 + n);
	conn(6, 5432, "hello", 5);
	fclose(out);
	return 0;
}
