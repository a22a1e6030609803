/* pcapng.c - the pcapng file format (what Wireshark and dumpcap write):
 * blocks of type, length, body, length. Section header blocks set the byte
 * order and start a new list of interfaces; interface description blocks
 * give each interface its link type, snapshot length and time stamp
 * resolution (if_tsresol: 10^-n or 2^-n seconds) and offset (if_tsoffset);
 * enhanced, simple and the old packet blocks carry the frames; any other
 * block is skipped. Pure: no syscalls. */
#include "net.h"

enum { SHB = 0x0a0d0d0a, IDB = 1, OPB = 2, SPB = 3, EPB = 6, BOM = 0x1a2b3c4d };
enum { OPT_END = 0, IF_TSRESOL = 9, IF_TSOFFSET = 14 };

static u32 rd32(const struct ng *g, const u8 *b)
{
	u32 v = (u32)b[0] | (u32)b[1] << 8 | (u32)b[2] << 16 | (u32)b[3] << 24;
	return g->swap ? __builtin_bswap32(v) : v;
}
static u16 rd16(const struct ng *g, const u8 *b)
{
	u16 v = (u16)(b[0] | b[1] << 8);
	return g->swap ? __builtin_bswap16(v) : v;
}

/* units of an interface's clock since the epoch, as ns */
static u64 to_ns(const struct ng_if *i, u64 units)
{
	if (i->pow2) {                      /* 2^-e seconds */
		u32 e = i->exp < 63 ? i->exp : 63;
		u64 sec = units >> e, frac = units & ((1ull << e) - 1);
		/* frac * 10^9 / 2^e without overflow: split frac into 32-bit halves */
		u64 hi = frac >> 32, lo = frac & 0xffffffffu;
		u64 ns = e >= 32 ? ((hi * 1000000000u) >> (e - 32)) + ((lo * 1000000000u) >> e)
		                 : (frac * 1000000000u) >> e;
		return sec * 1000000000u + ns + i->off_ns;
	}
	u64 v = units;                      /* 10^-e seconds */
	for (u32 k = i->exp; k < 9; k++) v *= 10;
	for (u32 k = 9; k < i->exp && k < 30; k++) v /= 10;
	return v + i->off_ns;
}

/* an interface description: link type, snapshot length, clock */
static int interface(struct ng *g, const u8 *b, u32 len)
{
	if (len < 20) return NG_BAD;
	if (g->nif == NG_MAXIF) return NG_MANYIF;
	struct ng_if *i = &g->ifs[g->nif++];
	i->linktype = rd16(g, b + 8);
	i->snaplen = rd32(g, b + 12);
	i->pow2 = 0; i->exp = 6; i->off_ns = 0;         /* microseconds, no offset */
	for (u32 at = 16; at + 4 <= len - 4;) {
		u16 code = rd16(g, b + at), olen = rd16(g, b + at + 2);
		const u8 *v = b + at + 4;
		if (code == OPT_END || at + 4 + olen > len - 4) break;
		if (code == IF_TSRESOL && olen >= 1) { i->pow2 = v[0] >> 7; i->exp = v[0] & 0x7f; }
		if (code == IF_TSOFFSET && olen >= 8) {
			u64 s = g->swap ? (u64)rd32(g, v) << 32 | rd32(g, v + 4)
			                : (u64)rd32(g, v) | (u64)rd32(g, v + 4) << 32;
			i->off_ns = s * 1000000000u;
		}
		at += 4 + ((olen + 3u) & ~3u);
	}
	return NG_OTHER;
}

int ng_block(struct ng *g, const u8 *b, size_t n, struct ng_pkt *p)
{
	if (n < 12) return NG_SHORT;
	u32 raw = (u32)b[0] | (u32)b[1] << 8 | (u32)b[2] << 16 | (u32)b[3] << 24;
	if (raw == SHB) {                   /* the byte order first: the length is in it */
		u32 bom = (u32)b[8] | (u32)b[9] << 8 | (u32)b[10] << 16 | (u32)b[11] << 24;
		if (bom != BOM && bom != __builtin_bswap32(BOM)) return NG_BAD;
		g->swap = bom != BOM;
		g->nif = 0;                     /* a new section: its own interfaces */
		g->started = 1;
	} else if (!g->started) return NG_BAD;
	u32 type = rd32(g, b), len = rd32(g, b + 4);
	if (len < 12 || len % 4) return NG_BAD;
	if (len > NG_MAXBLOCK) return NG_BIG;
	if (n < len) return NG_SHORT;
	if (rd32(g, b + len - 4) != len) return NG_BAD;
	p->len = len;
	if (type == IDB) return interface(g, b, len);
	u32 ifn = 0, caplen, wirelen, off;
	u64 units = 0;
	if (type == EPB || type == OPB) {
		if (len < 32) return NG_BAD;
		ifn = type == EPB ? rd32(g, b + 8) : rd16(g, b + 8);
		units = (u64)rd32(g, b + 12) << 32 | rd32(g, b + 16);
		caplen = rd32(g, b + 20); wirelen = rd32(g, b + 24); off = 28;
		if (caplen > len - 32) return NG_BAD;
	} else if (type == SPB) {
		if (len < 16 || !g->nif) return NG_BAD;
		wirelen = rd32(g, b + 8); off = 12;
		caplen = wirelen < len - 16 ? wirelen : len - 16;
		if (g->ifs[0].snaplen && caplen > g->ifs[0].snaplen) caplen = g->ifs[0].snaplen;
	} else return NG_OTHER;
	if (ifn >= g->nif) return NG_NOIF;
	if (caplen > PCAP_MAX_CAPLEN) return NG_BIG;
	const struct ng_if *i = &g->ifs[ifn];
	p->rec.ts = type == SPB ? g->last_ts : to_ns(i, units);   /* a simple block has no time */
	g->last_ts = p->rec.ts;
	p->rec.caplen = caplen; p->rec.wirelen = wirelen;
	p->data = off; p->linktype = i->linktype; p->ifn = ifn;
	return NG_PACKET;
}

const char *ng_strerr(int code)
{
	return code == NG_BAD ? "damaged pcapng block"
	     : code == NG_BIG ? "pcapng block or packet over 262144 bytes (corrupt file)"
	     : code == NG_NOIF ? "pcapng packet of an interface not described"
	     : code == NG_MANYIF ? "more than 256 interfaces in a pcapng section"
	     : code == NG_SHORT ? "truncated pcapng block at the end of the file"
	     : "bad pcapng file";
}
