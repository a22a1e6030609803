/* cid.c - SHA-1 (FIPS 180-4), base64 (RFC 4648) and the Community ID v1
 * of a flow (github.com/corelight/community-id-spec). Pure: no syscalls. */
#include "net.h"

static u32 rol(u32 x, int n) { return x << n | x >> (32 - n); }

/* one 64-byte block; the message schedule kept as a ring of 16 words */
static void sha1_block(u32 h[5], const u8 *p)
{
	static const u32 k[4] = { 0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6 };
	u32 w[16], a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
	for (int i = 0; i < 80; i++) {
		u32 f, t;
		if (i < 16) w[i] = be32(p + 4 * i);
		else w[i & 15] = rol(w[(i + 13) & 15] ^ w[(i + 8) & 15] ^ w[(i + 2) & 15] ^ w[i & 15], 1);
		if (i < 20) f = (b & c) | (~b & d);
		else if (i < 40 || i >= 60) f = b ^ c ^ d;
		else f = (b & c) | (b & d) | (c & d);
		t = rol(a, 5) + f + e + k[i / 20] + w[i & 15];
		e = d; d = c; c = rol(b, 30); b = a; a = t;
	}
	h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e;
}

void sha1(const void *msg, size_t n, u8 out[20])
{
	const u8 *m = msg;
	u32 h[5] = { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0 };
	u8 tail[128];
	size_t full = n & ~(size_t)63, rest = n - full, tl = rest < 56 ? 64 : 128;
	u64 bits = (u64)n << 3;
	for (size_t i = 0; i < full; i += 64) sha1_block(h, m + i);
	memset(tail, 0, sizeof tail);
	memcpy(tail, m + full, rest);
	tail[rest] = 0x80;                       /* then zeros, then the length in bits */
	for (int i = 0; i < 8; i++) tail[tl - 1 - i] = (u8)(bits >> (8 * i));
	for (size_t i = 0; i < tl; i += 64) sha1_block(h, tail + i);
	for (int i = 0; i < 20; i++) out[i] = (u8)(h[i >> 2] >> (24 - 8 * (i & 3)));
}

int base64(char *o, const u8 *in, size_t n)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	int k = 0;
	for (size_t i = 0; i < n; i += 3) {
		u32 v = (u32)in[i] << 16 | (i + 1 < n ? (u32)in[i + 1] << 8 : 0) | (i + 2 < n ? in[i + 2] : 0);
		for (int j = 0; j < 4; j++)
			o[k + j] = i + (size_t)j <= n ? a[(v >> (18 - 6 * j)) & 63] : '=';
		k += 4;
	}
	return k;
}

/* the spec's hash input: seed, the ordered endpoints' addresses, protocol,
   a zero byte, then (protocols with ports) their ports in the same order */
int community_id(char *o, u16 seed, int v6, u8 proto, const u8 *a, const u8 *b, u16 ap, u16 bp)
{
	u8 in[2 + 32 + 2 + 4], dg[20];
	size_t al = v6 ? 16 : 4, n = 0;
	int icmp = proto == IPPROTO_ICMP || proto == IPPROTO_ICMPV6;
	int ports = icmp || proto == IPPROTO_TCP || proto == IPPROTO_UDP || proto == IPPROTO_SCTP;
	int c = memcmp(a, b, al);
	/* the smaller address (then port) first; not for a one-way ICMP message */
	if ((c > 0 || (c == 0 && ports && ap > bp)) && !(icmp && !icmp_paired(proto == IPPROTO_ICMPV6, (u8)ap))) {
		const u8 *t = a; a = b; b = t;
		u16 tp = ap; ap = bp; bp = tp;
	}
	in[n++] = (u8)(seed >> 8); in[n++] = (u8)seed;
	memcpy(in + n, a, al); n += al;
	memcpy(in + n, b, al); n += al;
	in[n++] = proto; in[n++] = 0;
	if (ports) { in[n++] = (u8)(ap >> 8); in[n++] = (u8)ap; in[n++] = (u8)(bp >> 8); in[n++] = (u8)bp; }
	sha1(in, n, dg);
	o[0] = '1'; o[1] = ':';
	return 2 + base64(o + 2, dg, 20);
}
