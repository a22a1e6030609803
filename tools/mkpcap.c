/* mkpcap - write a synthetic but valid pcap for benchmarks and stress tests
 * (host tool, plain libc).
 *
 *   mkpcap OUT.pcap [PACKETS [SEED [synflood|udpflood|tls]]]
 *
 * Default traffic: 200 TCP connections open at a time, each a three-way
 * handshake, data both ways (MSS-sized and small segments, bare ACKs) and a
 * FIN or RST close; a tenth over IPv6, a tenth with an 802.1Q tag; about 4%
 * UDP and 1% ICMP between them. "synflood": every packet a SYN from a new
 * source address and port (distinct 4-tuples). "udpflood": 50 TCP
 * connections open (handshakes), then every packet a UDP datagram from a
 * new source port, then one data segment on each of the 50 connections,
 * as a flood that must not push them out of the table. "tls": 200 short
 * connections open at a time, each a handshake, a 1.8 KB TLS ClientHello
 * (a server name of its own, ALPN, a post-quantum-sized key share) in two
 * segments, the server's ACK and a segment of data, the client's ACK and
 * a FIN each way: ten packets a connection. Ethernet, microsecond
 * timestamps, correct IPv4 and TCP checksums; the same SEED gives the same
 * bytes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pcapgen.h"

static uint64_t rng;
static uint32_t rnd(void) { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return (uint32_t)rng; }

static uint8_t frame[2048];
static const uint8_t *payload_src;   /* the payload's bytes (0: a pattern) */
static FILE *out;
static uint64_t now_us = 1700000000ull * 1000000;


static void emit(size_t len)
{
	uint8_t h[16];
	now_us += 1 + rnd() % 40;
	put32(h, (uint32_t)(now_us / 1000000)); put32(h + 4, (uint32_t)(now_us % 1000000));
	put32(h + 8, (uint32_t)len); put32(h + 12, (uint32_t)len);
	fwrite(h, 1, 16, out); fwrite(frame, 1, len, out);
}

struct conn { int v6, vlan, state, left; uint8_t a[16], b[16]; uint16_t ap, bp; uint32_t seq[2]; };

/* Ethernet (+ tag) + IP + L4 header; returns the frame length */
static size_t packet(const struct conn *c, int dir, int proto, uint8_t flags, size_t payload)
{
	const uint8_t *s = dir ? c->b : c->a, *d = dir ? c->a : c->b;
	uint16_t sp = dir ? c->bp : c->ap, dp = dir ? c->ap : c->bp;
	size_t off = 12, l4len = (proto == 6 ? 20 : 8) + payload;
	memset(frame, 0, 12);
	frame[0] = 0x02; frame[5] = (uint8_t)dir; frame[6] = 0x02; frame[11] = (uint8_t)!dir;
	if (c->vlan) { be16(frame + off, 0x8100); be16(frame + off + 2, (uint16_t)c->vlan); off += 4; }
	be16(frame + off, c->v6 ? 0x86dd : 0x0800); off += 2;
	uint8_t *ip = frame + off, *l4;
	uint32_t ps;
	if (c->v6) {
		memset(ip, 0, 40); ip[0] = 0x60; be16(ip + 4, (uint16_t)l4len); ip[6] = (uint8_t)proto; ip[7] = 64;
		memcpy(ip + 8, s, 16); memcpy(ip + 24, d, 16);
		l4 = ip + 40;
		ps = sum(ip + 8, 32, 0) + (uint32_t)l4len + (uint32_t)proto;
	} else {
		memset(ip, 0, 20); ip[0] = 0x45; be16(ip + 2, (uint16_t)(20 + l4len)); ip[8] = 64; ip[9] = (uint8_t)proto;
		memcpy(ip + 12, s, 4); memcpy(ip + 16, d, 4);
		be16(ip + 10, fold(sum(ip, 20, 0)));
		l4 = ip + 20;
		ps = sum(ip + 12, 8, 0) + (uint32_t)l4len + (uint32_t)proto;
	}
	memset(l4, 0, l4len < 64 ? l4len : 64);
	for (size_t i = 0; i < payload; i++) l4[l4len - payload + i] = payload_src ? payload_src[i] : (uint8_t)(i * 7 + sp);
	be16(l4, sp); be16(l4 + 2, dp);
	if (proto == 6) {
		be32(l4 + 4, c->seq[dir]); be32(l4 + 8, c->seq[!dir]);
		l4[12] = 5 << 4; l4[13] = flags; be16(l4 + 14, 65535);
		be16(l4 + 16, fold(sum(l4, l4len, ps)));
	} else if (proto == 17) {
		be16(l4 + 4, (uint16_t)l4len);
		be16(l4 + 6, fold(sum(l4, l4len, ps)));
	} else {                                       /* ICMP echo request */
		l4[0] = c->v6 ? 128 : 8; l4[1] = 0; l4[2] = l4[3] = 0;
		be16(l4 + 2, fold(sum(l4, l4len, c->v6 ? ps : 0)));
	}
	return (size_t)(l4 - frame) + l4len;
}

static void fresh(struct conn *c, uint32_t id)
{
	memset(c, 0, sizeof *c);
	c->v6 = rnd() % 10 == 0;
	c->vlan = rnd() % 10 == 0 ? 1 + (int)(rnd() % 4094) : 0;
	if (c->v6) {
		c->a[0] = 0x20; c->a[1] = 0x01; c->a[2] = 0x0d; c->a[3] = 0xb8; c->a[15] = (uint8_t)(rnd() | 1);
		memcpy(c->b, c->a, 16); c->b[7] = 1; c->b[15] = (uint8_t)(id % 50 + 1);
	} else {
		c->a[0] = 10; c->a[1] = (uint8_t)(rnd() % 8); c->a[2] = (uint8_t)rnd(); c->a[3] = (uint8_t)(rnd() | 1);
		c->b[0] = 192; c->b[1] = 0; c->b[2] = 2; c->b[3] = (uint8_t)(id % 50 + 1);
	}
	c->ap = (uint16_t)(1024 + rnd() % 60000);
	static const uint16_t ports[] = { 80, 443, 22, 25, 8080, 5432 };
	c->bp = ports[rnd() % 6];
	c->seq[0] = rnd(); c->seq[1] = rnd();
	c->left = 4 + (int)(rnd() % 60);
}

/* a TLS record holding a ClientHello for name: SNI, ALPN, a 1,600-byte key share */
static size_t client_hello(uint8_t *o, const char *name)
{
	size_t n = 0, nl = strlen(name), hs, ext;
	o[n++] = 22; o[n++] = 3; o[n++] = 1; n += 2;                 /* the record; its length below */
	hs = n; o[n++] = 1; n += 3;                                   /* ClientHello; its length below */
	o[n++] = 3; o[n++] = 3;
	for (int i = 0; i < 32; i++) o[n++] = (uint8_t)rnd();        /* random */
	o[n++] = 32; for (int i = 0; i < 32; i++) o[n++] = (uint8_t)rnd();
	o[n++] = 0; o[n++] = 32; for (int i = 0; i < 16; i++) { o[n++] = 0x13; o[n++] = (uint8_t)i; }
	o[n++] = 1; o[n++] = 0;
	ext = n; n += 2;
	be16(o + n, 0); be16(o + n + 2, (uint16_t)(nl + 5)); be16(o + n + 4, (uint16_t)(nl + 3)); o[n + 6] = 0;
	be16(o + n + 7, (uint16_t)nl); memcpy(o + n + 9, name, nl); n += 9 + nl;
	static const uint8_t alpn[] = { 0, 16, 0, 14, 0, 12, 2, 'h', '2', 8, 'h', 't', 't', 'p', '/', '1', '.', '1' };
	memcpy(o + n, alpn, sizeof alpn); n += sizeof alpn;
	be16(o + n, 51); be16(o + n + 2, 1606); be16(o + n + 4, 1604); be16(o + n + 6, 0x11ec); be16(o + n + 8, 1600);
	n += 10;
	for (int i = 0; i < 1600; i++) o[n++] = (uint8_t)rnd();
	be16(o + ext, (uint16_t)(n - ext - 2));
	o[hs + 1] = 0; be16(o + hs + 2, (uint16_t)(n - hs - 4));
	be16(o + 3, (uint16_t)(n - 5));
	return n;
}

int main(int argc, char **argv)
{
	if (argc < 2) { fprintf(stderr, "usage: mkpcap OUT.pcap [PACKETS [SEED [synflood|udpflood]]]\n"); return 2; }
	long n = argc > 2 ? atol(argv[2]) : 1000000;
	rng = argc > 3 ? strtoull(argv[3], 0, 0) | 1 : 88172645463325252ull;
	int flood = argc > 4 && !strcmp(argv[4], "synflood"), udpflood = argc > 4 && !strcmp(argv[4], "udpflood");
	int tls = argc > 4 && !strcmp(argv[4], "tls");
	out = pcap_create(argv[1]);
	if (!out) { perror(argv[1]); return 1; }
	enum { OPEN = 200 };
	static struct conn cs[OPEN];
	uint32_t id = 0;
	for (int i = 0; i < OPEN; i++) fresh(&cs[i], id++);
	if (udpflood) {
		enum { KEEP = 50 };
		for (int i = 0; i < KEEP; i++) {
			struct conn *c = &cs[i];
			emit(packet(c, 0, 6, 0x02, 0)); c->seq[0]++;
			emit(packet(c, 1, 6, 0x12, 0)); c->seq[1]++;
			emit(packet(c, 0, 6, 0x10, 0));
		}
		for (long k = 0; k < n; k++) {
			struct conn u = cs[0];
			u.vlan = 0; u.v6 = 0; u.a[0] = 172; u.a[1] = 16; u.a[2] = (uint8_t)(k >> 16); u.a[3] = (uint8_t)(k >> 8);
			u.ap = (uint16_t)(1024 + k % 60000); u.bp = 53;
			emit(packet(&u, 0, 17, 0, 20));
		}
		for (int i = 0; i < KEEP; i++) emit(packet(&cs[i], 0, 6, 0x18, 100));
		if (fclose(out)) { perror(argv[1]); return 1; }
		return 0;
	}
	if (tls) {
		static uint8_t hello[OPEN][2048];
		static size_t hlen[OPEN];
		static int st[OPEN];
		uint32_t named = 0;
		for (int i = 0; i < OPEN; i++) cs[i].bp = 443;
		for (long k = 0; k < n; k++) {
			int i = (int)(rnd() % OPEN);
			struct conn *c = &cs[i];
			char name[64];
			size_t cut = 1448;
			switch (st[i]) {
			case 0:
				snprintf(name, sizeof name, "www%u.example-%u.com", named++, rnd() % 1000);
				hlen[i] = client_hello(hello[i], name);
				emit(packet(c, 0, 6, 0x02, 0)); c->seq[0]++; break;
			case 1: emit(packet(c, 1, 6, 0x12, 0)); c->seq[1]++; break;
			case 2: emit(packet(c, 0, 6, 0x10, 0)); break;
			case 3: payload_src = hello[i]; emit(packet(c, 0, 6, 0x10, cut)); payload_src = 0; c->seq[0] += (uint32_t)cut; break;
			case 4: payload_src = hello[i] + cut; emit(packet(c, 0, 6, 0x18, hlen[i] - cut)); payload_src = 0;
				c->seq[0] += (uint32_t)(hlen[i] - cut); break;
			case 5: emit(packet(c, 1, 6, 0x18, 1448)); c->seq[1] += 1448; break;
			case 6: emit(packet(c, 0, 6, 0x10, 0)); break;
			case 7: emit(packet(c, 0, 6, 0x11, 0)); c->seq[0]++; break;
			case 8: emit(packet(c, 1, 6, 0x11, 0)); c->seq[1]++; break;
			default: emit(packet(c, 0, 6, 0x10, 0)); break;
			}
			if (++st[i] > 9) { st[i] = 0; fresh(c, id++); c->bp = 443; }
		}
		if (fclose(out)) { perror(argv[1]); return 1; }
		return 0;
	}
	for (long k = 0; k < n; k++) {
		if (flood) {
			struct conn c;
			fresh(&c, id);
			c.vlan = 0;
			c.a[1] = (uint8_t)(id >> 16); c.a[2] = (uint8_t)(id >> 8); c.a[3] = (uint8_t)id; c.a[0] = 10;
			c.v6 = 0; c.ap = (uint16_t)(1024 + id % 50000);
			id++;
			emit(packet(&c, 0, 6, 0x02, 0));
			continue;
		}
		uint32_t r = rnd() % 100;
		struct conn *c = &cs[rnd() % OPEN];
		if (r < 4) { emit(packet(c, (int)(r & 1), 17, 0, 20 + rnd() % 400)); continue; }
		if (r < 5) { emit(packet(c, 0, c->v6 ? 58 : 1, 0, 56)); continue; }
		int dir = 0; uint8_t fl; size_t pay = 0;
		switch (c->state) {
		case 0: fl = 0x02; break;
		case 1: fl = 0x12; dir = 1; break;
		case 2: fl = 0x10; break;
		case 3:                                /* data */
			dir = (int)(rnd() % 3 == 0);
			fl = 0x18;
			pay = rnd() % 4 == 0 ? 1 + rnd() % 200 : 1448;
			if (rnd() % 5 == 0) { fl = 0x10; pay = 0; }
			if (--c->left > 0) { emit(packet(c, dir, 6, fl, pay)); c->seq[dir] += (uint32_t)pay; continue; }
			if (rnd() % 20 == 0) { emit(packet(c, 0, 6, 0x14, 0)); fresh(c, id++); continue; } /* RST */
			fl = 0x11; break;
		case 4: fl = 0x11; dir = 1; break;
		default: fl = 0x10; break;
		}
		emit(packet(c, dir, 6, fl, pay));
		if (fl & 0x03) c->seq[dir]++;
		if (++c->state > 5) fresh(c, id++);
	}
	if (fclose(out)) { perror(argv[1]); return 1; }
	return 0;
}
