/* pcapgen.h - what the capture generators share (tools/mkpcap.c,
 * tools/mkedge.c, tools/mknames.c): byte order, the Internet checksum, the
 * Ethernet and IP headers of a frame. Host tools, plain libc. */
#ifndef PK_PCAPGEN_H
#define PK_PCAPGEN_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static inline void put32(uint8_t *b, uint32_t v)   /* little-endian: pcap headers */
{
	b[0] = (uint8_t)v; b[1] = (uint8_t)(v >> 8); b[2] = (uint8_t)(v >> 16); b[3] = (uint8_t)(v >> 24);
}
static inline void be16(uint8_t *b, uint16_t v) { b[0] = v >> 8; b[1] = (uint8_t)v; }
static inline void be32(uint8_t *b, uint32_t v) { b[0] = v >> 24; b[1] = v >> 16; b[2] = v >> 8; b[3] = (uint8_t)v; }

/* RFC 1071: the one's complement sum of 16-bit words, then folded */
static inline uint32_t sum(const uint8_t *p, size_t n, uint32_t s)
{
	for (size_t i = 0; i + 1 < n; i += 2) s += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1) s += (uint32_t)p[n - 1] << 8;
	return s;
}
static inline uint16_t fold(uint32_t s) { while (s >> 16) s = (s & 0xffff) + (s >> 16); return (uint16_t)~s; }

/* at frame: Ethernet (02:00:00:00:00:0N addresses, side d's the source)
   and the IP header of a datagram of l4len bytes of proto from s to t,
   IPv4 (DF, TTL 64, its checksum) or IPv6 (hop limit 64). Returns where
   the transport header goes; *ps: the pseudo-header's sum for its checksum */
static inline uint8_t *eth_ip(uint8_t *frame, int d, int v6, const uint8_t *s, const uint8_t *t, int proto,
			      size_t l4len, uint32_t *ps)
{
	uint8_t *ip = frame + 14;
	memset(frame, 0, 12);
	frame[0] = 0x02; frame[5] = (uint8_t)(2 + !d); frame[6] = 0x02; frame[11] = (uint8_t)(2 + d);
	be16(frame + 12, v6 ? 0x86dd : 0x0800);
	uint8_t *l4;
	if (v6) {
		memset(ip, 0, 40); ip[0] = 0x60; be16(ip + 4, (uint16_t)l4len); ip[6] = (uint8_t)proto; ip[7] = 64;
		memcpy(ip + 8, s, 16); memcpy(ip + 24, t, 16);
		l4 = ip + 40; *ps = sum(ip + 8, 32, 0);
	} else {
		memset(ip, 0, 20); ip[0] = 0x45; be16(ip + 2, (uint16_t)(20 + l4len)); ip[6] = 0x40; ip[8] = 64;
		ip[9] = (uint8_t)proto; memcpy(ip + 12, s, 4); memcpy(ip + 16, t, 4);
		be16(ip + 10, fold(sum(ip, 20, 0)));
		l4 = ip + 20; *ps = sum(ip + 12, 8, 0);
	}
	*ps += (uint32_t)(l4len >> 16) + (uint32_t)(l4len & 0xffff) + (uint32_t)proto;
	return l4;
}

/* open path for writing, buffered by 1 MiB, with a classic pcap header:
   microseconds, snapshot length 262144, Ethernet */
static inline FILE *pcap_create(const char *path)
{
	static char obuf[1 << 20];
	FILE *f = fopen(path, "wb");
	if (!f) return 0;
	setvbuf(f, obuf, _IOFBF, sizeof obuf);
	uint8_t h[24];
	put32(h, 0xa1b2c3d4); put32(h + 4, 2 | 4 << 16); put32(h + 8, 0); put32(h + 12, 0);
	put32(h + 16, 262144); put32(h + 20, 1);
	fwrite(h, 1, 24, f);
	return f;
}
#endif
