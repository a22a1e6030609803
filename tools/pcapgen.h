/* pcapgen.h - what the capture generators share (tools/mkpcap.c,
 * tools/mkedge.c): byte order and the Internet checksum. Host tools, plain
 * libc. */
#ifndef PK_PCAPGEN_H
#define PK_PCAPGEN_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

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
