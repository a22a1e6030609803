/* decode_test - netmoon_test's half for the decoder (cmds/netmoon/decode.c):
 * frames built byte by byte for every link layer and encapsulation it
 * reads, each decoded from a heap copy of exactly caplen bytes (a read past
 * the end is an ASan report), then cut at every length and mutated. */
#include "netmoon_test.h"

/* ---------------------------------------------------------------- frames */
/* a frame is built from the inside out: TCP segment, IP around it, link
   header around that; each step writes into a fresh buffer */
struct fr { u8 b[1600]; u32 n; };
static void p8(struct fr *f, u32 v) { f->b[f->n++] = (u8)v; }
static void p16(struct fr *f, u32 v) { p8(f, v >> 8); p8(f, v); }
static void p32(struct fr *f, u32 v) { p16(f, v >> 16); p16(f, v); }
static void pn(struct fr *f, const u8 *b, u32 n) { memcpy(f->b + f->n, b, n); f->n += n; }
static void pz(struct fr *f, u32 n) { memset(f->b + f->n, 0, n); f->n += n; }
static void pf(struct fr *f, const struct fr *in) { pn(f, in->b, in->n); }


/* a TCP segment: 20-byte header (+ opt option words), then plen bytes */
static struct fr tcp(u16 sp, u16 dp, u8 flags, u32 plen, u32 opt)
{
	struct fr f = { .n = 0 };
	p16(&f, sp); p16(&f, dp); p32(&f, 1000); p32(&f, 2000);
	p8(&f, (5 + opt) << 4); p8(&f, flags); p16(&f, 65535); p16(&f, 0); p16(&f, 0);
	for (u32 i = 0; i < opt; i++) p32(&f, 0x01010101);      /* NOPs */
	for (u32 i = 0; i < plen; i++) p8(&f, 'a' + i % 26);
	return f;
}
static struct fr udp(u16 sp, u16 dp, const struct fr *in)
{
	struct fr f = { .n = 0 };
	p16(&f, sp); p16(&f, dp); p16(&f, 8 + in->n); p16(&f, 0); pf(&f, in);
	return f;
}
/* IPv4, ihl words of header (5: no options), fragment field frag */
static struct fr ip4x(u8 proto, const u8 *s, const u8 *d, const struct fr *in, u32 ihl, u16 frag, int totlen)
{
	struct fr f = { .n = 0 };
	p8(&f, 0x40 | ihl); p8(&f, 0); p16(&f, totlen >= 0 ? (u32)totlen : ihl * 4 + in->n);
	p16(&f, 0x1234); p16(&f, frag); p8(&f, 64); p8(&f, proto); p16(&f, 0);
	pn(&f, s, 4); pn(&f, d, 4);
	for (u32 i = 5; i < ihl; i++) p32(&f, 0x01010100);      /* NOP options, EOL */
	pf(&f, in);
	return f;
}
static struct fr ip4(u8 proto, const struct fr *in) { return ip4x(proto, A4, B4, in, 5, 0x4000, -1); }
/* IPv6 with the extension headers already in "in"; plen <0: from in */
static struct fr ip6x(u8 nh, const u8 *s, const u8 *d, const struct fr *in, int plen)
{
	struct fr f = { .n = 0 };
	p32(&f, 0x60000000); p16(&f, plen >= 0 ? (u32)plen : in->n); p8(&f, nh); p8(&f, 64);
	pn(&f, s, 16); pn(&f, d, 16); pf(&f, in);
	return f;
}
static struct fr ip6(u8 nh, const struct fr *in) { return ip6x(nh, A6, B6, in, -1); }
static struct fr eth(u16 et, const struct fr *in)
{
	struct fr f = { .n = 0 };
	static const u8 macs[12] = { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1 };
	pn(&f, macs, 12); p16(&f, et); pf(&f, in);
	return f;
}
/* Ethernet with tags: tpid[i] then tci[i], innermost ethertype et */
static struct fr ethtags(int n, const u16 *tpid, const u16 *tci, u16 et, const struct fr *in)
{
	struct fr f = { .n = 0 };
	static const u8 macs[12] = { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1 };
	pn(&f, macs, 12);
	for (int i = 0; i < n; i++) { p16(&f, tpid[i]); p16(&f, tci[i]); }
	p16(&f, et); pf(&f, in);
	return f;
}

/* decode over a heap copy of exactly caplen bytes (ASan: no read past it) */
static struct pkt dec(const u8 *b, u32 caplen, u32 wirelen, u32 lt)
{
	struct pkt p;
	memset(&p, 0xa5, sizeof p);
	p.len = wirelen;
	u8 *h = heap_copy(b, caplen);
	decode(&p, h, caplen, lt);
	free(h);
	return p;
}
static struct pkt decf(const struct fr *f, u32 lt) { return dec(f->b, f->n, f->n, lt); }

/* what a decoded TCP packet must say */
struct want { u8 kind, v6, flags; u16 sp, dp; u32 payload; int vlan; const u8 *src, *dst; };
static int pkt_is(const struct pkt *p, const struct want *w, const char *what)
{
	size_t al = w->v6 ? 16 : 4;
	int ok = p->kind == w->kind && !p->bad;
	if (ok && w->kind != NM_NONIP) ok = p->v6 == w->v6 && (!w->src || (!memcmp(p->src, w->src, al) && !memcmp(p->dst, w->dst, al)));
	if (ok && w->kind == NM_TCP) ok = p->sport == w->sp && p->dport == w->dp && p->flags == w->flags && p->payload == w->payload;
	if (ok) ok = w->vlan < 0 ? !p->vlan_valid : p->vlan_valid && p->vlan == w->vlan;
	if (!ok)
		printf("     %s: kind %u bad %u v6 %u %u > %u flags %#x payload %u vlan %u/%#x\n", what, p->kind, p->bad, p->v6,
		       p->sport, p->dport, p->flags, p->payload, p->vlan_valid, p->vlan);
	return ok;
}

/* every prefix of a frame: no read past caplen (ASan), a sane result, and
   whatever TCP fields come out are those of the whole frame */
static int prefixes_ok(const struct fr *f, u32 lt)
{
	struct pkt whole = decf(f, lt);
	int ok = 1;
	for (u32 n = 0; n <= f->n; n++) {
		struct pkt p = dec(f->b, n, f->n, lt);
		int good = p.kind < NM_KINDS && p.bad <= 1 && p.v6 <= 1 && p.flags <= 0x3f;
		if (p.kind == NM_TCP && !p.bad)
			good = good && whole.kind == NM_TCP && p.sport == whole.sport && p.dport == whole.dport
			       && p.flags == whole.flags && p.payload == whole.payload;
		if (p.vlan_valid) good = good && whole.vlan_valid && p.vlan == whole.vlan;
		if (!good) { printf("     caplen %u of %u, link type %u: kind %u bad %u\n", n, f->n, lt, p.kind, p.bad); ok = 0; }
	}
	return ok;
}

/* the frames of the encapsulation tests, kept for the truncation test */
static struct fr saved[96]; static u32 saved_lt[96]; static int nsaved;
static void keep(const struct fr *f, u32 lt) { if (nsaved < 96) { saved[nsaved] = *f; saved_lt[nsaved++] = lt; } }

#define W4(fl, pl, vl) (&(struct want){ NM_TCP, 0, fl, 40000, 80, pl, vl, A4, B4 })
#define W6(fl, pl, vl) (&(struct want){ NM_TCP, 1, fl, 40000, 80, pl, vl, A6, B6 })
#define DEC(frame, lt, want, name) do { struct fr F_ = (frame); keep(&F_, lt); struct pkt P_ = decf(&F_, lt); \
	check(pkt_is(&P_, want, name), "decode: " name); } while (0)

#define NOIP (&(struct want){ NM_NONIP, 0, 0, 0, 0, 0, -1, 0, 0 })
/* 802.11 (after a radiotap header rt of rtn bytes): frame control fc, flags
   fl (0x100: pad the header to 4 bytes), the addresses, QoS and HT control
   as the flags say, LLC/SNAP, ethertype et */
static struct fr wl(u8 fc, u32 fl, const u8 *rt, u32 rtn, u16 et, const struct fr *in)
{
	struct fr f = { .n = 0 };
	if (rtn) pn(&f, rt, rtn);
	p8(&f, fc); p8(&f, fl); p16(&f, 0x2c00);
	for (int i = 0; i < 18; i++) p8(&f, 0x10 + i);              /* three addresses */
	p16(&f, 0x1000);                                             /* sequence */
	if ((fl & 3) == 3) pz(&f, 6);
	if ((fc & 0x8c) == 0x88) { pz(&f, 2); if (fl & 0x80) pz(&f, 4); }
	if (fl & 0x100) while ((f.n - rtn) & 3) p8(&f, 0);
	p32(&f, 0xaaaa0300); p16(&f, 0); p16(&f, et); pf(&f, in);
	return f;
}

/* the link layers and what they carry */
static void test_decode_links(void)
{
	struct fr t = tcp(40000, 80, TH_SYN | TH_ACK, 0, 0), td = tcp(40000, 80, TH_PSH | TH_ACK, 100, 0);
	struct fr i4 = ip4(IPPROTO_TCP, &t), i6 = ip6(IPPROTO_TCP, &t), i4d = ip4(IPPROTO_TCP, &td);

	DEC(eth(ETHERTYPE_IP, &i4), LT_ETHERNET, W4(TH_SYN | TH_ACK, 0, -1), "Ethernet, IPv4, TCP SYN-ACK");
	DEC(eth(ETHERTYPE_IP, &i4d), LT_ETHERNET, W4(TH_PSH | TH_ACK, 100, -1), "Ethernet, IPv4, TCP with 100 payload bytes");
	{ struct fr o = tcp(40000, 80, TH_ACK, 7, 3), io = ip4x(IPPROTO_TCP, A4, B4, &o, 7, 0, -1);
	  DEC(eth(ETHERTYPE_IP, &io), LT_ETHERNET, W4(TH_ACK, 7, -1), "IPv4 and TCP options: payload from both header lengths"); }
	DEC(eth(ETHERTYPE_IPV6, &i6), LT_ETHERNET, W6(TH_SYN | TH_ACK, 0, -1), "Ethernet, IPv6, TCP");
	{ u16 tp[1] = { ETHERTYPE_VLAN }, tc[1] = { 0x2005 };
	  DEC(ethtags(1, tp, tc, ETHERTYPE_IP, &i4), LT_ETHERNET, W4(TH_SYN | TH_ACK, 0, 0x2005), "802.1Q tag: the TCI, then IPv4"); }
	{ u16 tp[2] = { ETHERTYPE_QINQ, ETHERTYPE_VLAN }, tc[2] = { 0x0064, 0xe00a };
	  DEC(ethtags(2, tp, tc, ETHERTYPE_IPV6, &i6), LT_ETHERNET, W6(TH_SYN | TH_ACK, 0, 0x0064), "802.1ad + 802.1Q: the outer tag is kept, IPv6 inside"); }
	{ u16 tp[3] = { ETHERTYPE_QINQ_OLD, ETHERTYPE_QINQ, ETHERTYPE_VLAN }, tc[3] = { 7, 8, 9 };
	  DEC(ethtags(3, tp, tc, ETHERTYPE_IP, &i4), LT_ETHERNET, W4(TH_SYN | TH_ACK, 0, 7), "three tags (0x9100, 0x88a8, 0x8100)"); }
	{ struct fr f = { .n = 0 }; p16(&f, 0); p16(&f, 1); p16(&f, 6); pz(&f, 8); p16(&f, ETHERTYPE_IP); pf(&f, &i4);
	  DEC(f, LT_LINUX_SLL, W4(TH_SYN | TH_ACK, 0, -1), "Linux cooked (SLL)"); }
	{ struct fr f = { .n = 0 }; p16(&f, ETHERTYPE_IPV6); p16(&f, 0); p32(&f, 1); p16(&f, 1); p8(&f, 0); p8(&f, 6); pz(&f, 8); pf(&f, &i6);
	  DEC(f, LT_LINUX_SLL2, W6(TH_SYN | TH_ACK, 0, -1), "Linux cooked v2 (SLL2)"); }
	{ struct fr f = { .n = 0 }; p32(&f, 0x02000000); pf(&f, &i4);
	  DEC(f, LT_NULL, W4(TH_SYN | TH_ACK, 0, -1), "BSD loopback, AF_INET little-endian"); }
	{ struct fr f = { .n = 0 }; p32(&f, 2); pf(&f, &i4);
	  DEC(f, LT_NULL, W4(TH_SYN | TH_ACK, 0, -1), "BSD loopback, AF_INET big-endian"); }
	static const u32 afs[] = { BSD_AF_INET6_LINUX, BSD_AF_INET6_BSD, BSD_AF_INET6_FREEBSD, BSD_AF_INET6_DARWIN };
	int ok = 1;
	for (int i = 0; i < 4; i++) {
		struct fr f = { .n = 0 }; p32(&f, afs[i] << 24); pf(&f, &i6);
		struct pkt p = decf(&f, LT_NULL);
		ok &= pkt_is(&p, W6(TH_SYN | TH_ACK, 0, -1), "BSD AF_INET6");
	}
	check(ok, "decode: BSD loopback, the four AF_INET6 numbers");
	{ struct fr f = { .n = 0 }; p32(&f, 0x07000000); pf(&f, &i4);
	  DEC(f, LT_NULL, (&(struct want){ NM_NONIP, 0, 0, 0, 0, 0, -1, 0, 0 }), "BSD loopback, an unknown family: not IP"); }
	DEC(i4, LT_RAW, W4(TH_SYN | TH_ACK, 0, -1), "raw IP (101), IPv4");
	DEC(i6, LT_RAW, W6(TH_SYN | TH_ACK, 0, -1), "raw IP (101), IPv6");
	DEC(i4, LT_IPV4, W4(TH_SYN | TH_ACK, 0, -1), "LINKTYPE_IPV4");
	DEC(i6, LT_IPV6, W6(TH_SYN | TH_ACK, 0, -1), "LINKTYPE_IPV6");
	{ struct fr f = { .n = 0 }; p8(&f, 0xff); p8(&f, 0x03); p16(&f, PPP_IP); pf(&f, &i4);
	  DEC(f, LT_PPP, W4(TH_SYN | TH_ACK, 0, -1), "PPP: address, control, protocol 0x0021"); }
	{ struct fr f = { .n = 0 }; p8(&f, PPP_IP); pf(&f, &i4d);
	  DEC(f, LT_PPP, W4(TH_PSH | TH_ACK, 100, -1), "PPP: compressed one-byte protocol, no address and control"); }
	{ struct fr f = { .n = 0 }; p8(&f, 0xff); p8(&f, 0x03); p16(&f, PPP_IPV6); pf(&f, &i6);
	  DEC(f, LT_PPP_HDLC, W6(TH_SYN | TH_ACK, 0, -1), "PPP in HDLC framing, IPv6"); }
	{ struct fr f = { .n = 0 }; p16(&f, PPP_MPLS); p32(&f, 100 << 12 | 1 << 8 | 64); pf(&f, &i4);
	  DEC(f, LT_PPP, W4(TH_SYN | TH_ACK, 0, -1), "PPP carrying MPLS"); }
	{ struct fr f = { .n = 0 }; p8(&f, 0x11); p8(&f, 0); p16(&f, 0x1234); p16(&f, 2 + i4.n); p16(&f, PPP_IP); pf(&f, &i4);
	  DEC(eth(ETHERTYPE_PPPOE, &f), LT_ETHERNET, W4(TH_SYN | TH_ACK, 0, -1), "PPPoE session, PPP, IPv4"); }
	{ struct fr f = { .n = 0 }; p8(&f, 0x11); p8(&f, 0); p16(&f, 0x1234); p16(&f, 1 + i6.n); p8(&f, PPP_IPV6); pf(&f, &i6);
	  DEC(eth(ETHERTYPE_PPPOE, &f), LT_ETHERNET, W6(TH_SYN | TH_ACK, 0, -1), "PPPoE session, compressed PPP protocol, IPv6"); }
	{ struct fr f = { .n = 0 }; p32(&f, 16 << 12 | 64); p32(&f, 17 << 12 | 1 << 8 | 64); pf(&f, &i6);
	  DEC(eth(ETHERTYPE_MPLS, &f), LT_ETHERNET, W6(TH_SYN | TH_ACK, 0, -1), "MPLS, two labels, bottom of stack, IPv6"); }
	{ struct fr f = { .n = 0 }; for (int i = 0; i < 17; i++) p32(&f, (u32)i << 12 | 64); pf(&f, &i4);
	  DEC(eth(ETHERTYPE_MPLS, &f), LT_ETHERNET, (&(struct want){ NM_NONIP, 0, 0, 0, 0, 0, -1, 0, 0 }), "MPLS without a bottom of stack in 16 labels: not IP"); }
	{ struct fr f = { .n = 0 }; p8(&f, 1); p8(&f, 2); p16(&f, 0); p8(&f, ARC_IP_RFC1051); pf(&f, &i4);
	  DEC(f, LT_ARCNET_LINUX, W4(TH_SYN | TH_ACK, 0, -1), "ARCNET, RFC 1051 IP (5-byte header)"); }
	{ struct fr f = { .n = 0 }; p8(&f, 1); p8(&f, 2); p16(&f, 0); p8(&f, ARC_IP); p8(&f, 0); p16(&f, 0); pf(&f, &i4);
	  DEC(f, LT_ARCNET_LINUX, W4(TH_SYN | TH_ACK, 0, -1), "ARCNET, RFC 1201 IP (8-byte header)"); }
	{ struct fr f = { .n = 0 }; p8(&f, 1); p8(&f, 2); p16(&f, 0); p8(&f, ARC_IPV6); p8(&f, 0); p16(&f, 0); pf(&f, &i6);
	  DEC(f, LT_ARCNET_LINUX, W6(TH_SYN | TH_ACK, 0, -1), "ARCNET, IPv6"); }
	{ struct fr f = { .n = 0 }; p8(&f, 0x0f); p8(&f, 0); p16(&f, ETHERTYPE_IP); pf(&f, &i4);
	  DEC(f, LT_C_HDLC, W4(TH_SYN | TH_ACK, 0, -1), "Cisco HDLC, IPv4"); }
	{ struct fr f = { .n = 0 }; p8(&f, 0x8f); p8(&f, 0); p16(&f, ETHERTYPE_IPV6); pf(&f, &i6);
	  DEC(f, LT_C_HDLC, W6(TH_SYN | TH_ACK, 0, -1), "Cisco HDLC, broadcast address, IPv6"); }
	/* 802.11: the header's forms, LLC/SNAP, what is not read */
	DEC(wl(0x08, 1, 0, 0, ETHERTYPE_IP, &i4), LT_IEEE802_11, W4(TH_SYN | TH_ACK, 0, -1), "802.11 data, To DS, LLC/SNAP, IPv4");
	DEC(wl(0x88, 2, 0, 0, ETHERTYPE_IPV6, &i6), LT_IEEE802_11, W6(TH_SYN | TH_ACK, 0, -1), "802.11 QoS data, From DS, IPv6");
	DEC(wl(0x88, 3, 0, 0, ETHERTYPE_IP, &i4d), LT_IEEE802_11, W4(TH_PSH | TH_ACK, 100, -1), "802.11 QoS data, 4 addresses");
	DEC(wl(0x88, 0x81, 0, 0, ETHERTYPE_IP, &i4), LT_IEEE802_11, W4(TH_SYN | TH_ACK, 0, -1), "802.11 QoS data with HT control (the order bit)");
	DEC(wl(0x08, 0x83, 0, 0, ETHERTYPE_IP, &i4), LT_IEEE802_11, W4(TH_SYN | TH_ACK, 0, -1), "802.11 data (not QoS), 4 addresses, the order bit: no HT control");
	{ struct fr tags = { .n = 0 }; p16(&tags, 7); p16(&tags, ETHERTYPE_IP); pf(&tags, &i4);
	  DEC(wl(0x08, 1, 0, 0, ETHERTYPE_VLAN, &tags), LT_IEEE802_11, W4(TH_SYN | TH_ACK, 0, 7), "802.11 data, SNAP, an 802.1Q tag, IPv4"); }
	DEC(wl(0x08, 0x41, 0, 0, ETHERTYPE_IP, &i4), LT_IEEE802_11, NOIP, "802.11 protected data: not read");
	DEC(wl(0x48, 1, 0, 0, ETHERTYPE_IP, &i4), LT_IEEE802_11, NOIP, "802.11 null data (no body): not read");
	DEC(wl(0x80, 0, 0, 0, ETHERTYPE_IP, &i4), LT_IEEE802_11, NOIP, "802.11 beacon: not IP");
	DEC(wl(0x84, 0, 0, 0, ETHERTYPE_IP, &i4), LT_IEEE802_11, NOIP, "802.11 control frame: not IP");
	{ struct fr f = wl(0x08, 1, 0, 0, ETHERTYPE_IP, &i4); f.b[24 + 5] = 0xf8;     /* another OUI */
	  DEC(f, LT_IEEE802_11, NOIP, "802.11 data, SNAP with an OUI not 0: not read"); }
	/* radiotap: its length; the data-pad flag (after TSFT, or first) rounds the header up to 4 bytes */
	{ static const u8 rt8[8] = { 0, 0, 8, 0, 0, 0, 0, 0 };
	  DEC(wl(0x08, 2, rt8, 8, ETHERTYPE_IP, &i4), LT_IEEE802_11_RADIO, W4(TH_SYN | TH_ACK, 0, -1), "radiotap (8 bytes), 802.11 data, IPv4"); }
	{ static const u8 rtp[18] = { 0, 0, 18, 0, 3, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 0x20, 0 };
	  DEC(wl(0x88, 1 | 0x100, rtp, 18, ETHERTYPE_IP, &i4), LT_IEEE802_11_RADIO, W4(TH_SYN | TH_ACK, 0, -1), "radiotap: TSFT, then flags with data pad: QoS header 26 bytes + 2 of padding"); }
	{ static const u8 rtp[10] = { 0, 0, 10, 0, 2, 0, 0, 0, 0x30, 0 };
	  DEC(wl(0x88, 1 | 0x100, rtp, 10, ETHERTYPE_IPV6, &i6), LT_IEEE802_11_RADIO, W6(TH_SYN | TH_ACK, 0, -1), "radiotap: flags with data pad and FCS: the same, IPv6"); }
	{ static const u8 rtx[16] = { 0, 0, 16, 0, 2, 0, 0, 0x80, 0, 0, 0, 0, 0x20, 0, 0, 0 };
	  DEC(wl(0x88, 1, rtx, 16, ETHERTYPE_IP, &i4), LT_IEEE802_11_RADIO, W4(TH_SYN | TH_ACK, 0, -1), "radiotap with two presence words: its flags not read (as libpcap), no padding"); }
	{ static const u8 rt9[8] = { 0, 0, 0x40, 0x01, 0, 0, 0, 0 };
	  DEC(wl(0x08, 2, rt9, 8, ETHERTYPE_IP, &i4), LT_IEEE802_11_RADIO, NOIP, "radiotap whose length is past the frame: nothing read"); }

}

/* inside IP: extension headers, fragments, TSO, what is not TCP */
static void test_decode_ip(void)
{
	struct fr t = tcp(40000, 80, TH_SYN | TH_ACK, 0, 0), td = tcp(40000, 80, TH_PSH | TH_ACK, 100, 0);
	struct fr i4 = ip4(IPPROTO_TCP, &t), i6 = ip6(IPPROTO_TCP, &t), i4d = ip4(IPPROTO_TCP, &td);
	int ok;
	(void)i6;
	/* IPv6 extension headers: hop-by-hop, routing, destination options, AH, first fragment */
	{
		struct fr x = { .n = 0 };
		p8(&x, IPPROTO_ROUTING); p8(&x, 0); pz(&x, 6);                   /* hop-by-hop, 8 bytes */
		p8(&x, IPPROTO_DSTOPTS); p8(&x, 1); pz(&x, 14);                  /* routing, 16 bytes */
		p8(&x, IPPROTO_AH); p8(&x, 0); pz(&x, 6);                        /* destination options */
		p8(&x, IPPROTO_FRAGMENT); p8(&x, 4); pz(&x, 22);                 /* AH: (4 + 2) * 4 = 24 bytes */
		p8(&x, IPPROTO_TCP); p8(&x, 0); p16(&x, 0x0001); p32(&x, 77);    /* fragment: offset 0, more */
		pf(&x, &td);
		struct fr h = ip6(IPPROTO_HOPOPTS, &x);
		struct pkt q = decf(&h, LT_RAW);
		check(q.bad && q.v6 && q.proto == IPPROTO_TCP,
		      "decode: IPv6 hop-by-hop, routing, dstopts, AH, then a first fragment: no TCP flow (tshark shows the fragment, never TCP in it)");
		q = dec(h.b, h.n - 90, h.n, LT_RAW);
		check(q.bad, "decode: the same cut short by the snapshot length: no TCP flow either (tshark: IPv6 fragments are data)");
		struct fr y = { .n = 0 };
		p8(&y, IPPROTO_TCP); p8(&y, 0); p16(&y, 185 << 3); p32(&y, 77); pf(&y, &td);
		struct fr f = ip6(IPPROTO_FRAGMENT, &y); keep(&f, LT_RAW);
		struct pkt p = decf(&f, LT_RAW);
		p.bad = 0;      /* pkt_is wants it clear */
		check(pkt_is(&p, (&(struct want){ NM_OTHER, 1, 0, 0, 0, 0, -1, A6, B6 }), "v6 frag") && !p.sport && !p.dport
		      && decf(&f, LT_RAW).bad,
		      "decode: an IPv6 fragment past the first: other, addresses but no ports, counted but no flow (bad)");
	}
	/* each extension header alone: its length unit and where the next one starts */
	{
		static const u8 ext[] = { IPPROTO_HOPOPTS, IPPROTO_ROUTING, IPPROTO_DSTOPTS, IPPROTO_MH, IPPROTO_HIP, IPPROTO_SHIM6, IPPROTO_AH };
		ok = 1;
		for (size_t i = 0; i < sizeof ext; i++) {
			struct fr x = { .n = 0 };
			p8(&x, IPPROTO_TCP); p8(&x, 2); pz(&x, ext[i] == IPPROTO_AH ? 14 : 22);   /* 24 bytes, or AH's (2 + 2) * 4 = 16 */
			pf(&x, &td);
			struct fr f = ip6(ext[i], &x);
			struct pkt p = decf(&f, LT_RAW);
			ok &= pkt_is(&p, W6(TH_PSH | TH_ACK, 100, -1), "one extension header");
		}
		check(ok, "decode: IPv6 hop-by-hop, routing, dstopts, mobility, HIP, shim6 and AH headers each alone");
	}
	/* IPv4 fragments */
	{
		struct fr f = ip4x(IPPROTO_TCP, A4, B4, &td, 5, 0x6000, -1);     /* DF and MF, offset 0 */
		struct pkt q = decf(&f, LT_RAW);
		check(q.bad && q.proto == IPPROTO_TCP,
		      "decode: an IPv4 first fragment with DF set too (a flipped bit) captured whole: no TCP flow (tshark keeps it for reassembly)");
		struct fr r = ip4x(IPPROTO_TCP, A4, B4, &td, 5, 0x2000, -1);     /* MF only: a real one */
		q = decf(&r, LT_RAW);
		check(!q.bad && q.noseg && q.kind == NM_TCP && !q.payload,
		      "decode: a real first fragment (MF, DF clear): TCP counted in its flow, not analysed");
		q = dec(f.b, 20 + 20 + 10, f.n, LT_RAW);
		check(pkt_is(&q, W4(TH_PSH | TH_ACK, 0, -1), "cut frag") && q.noseg && q.sport == 40000,
		      "decode: the same cut by the snapshot length: TCP, counted but not analysed, its payload not known (as tshark)");
		struct fr g = ip4x(IPPROTO_TCP, B4, A4, &td, 5, 0x2000 | 185, -1); keep(&g, LT_RAW);
		struct pkt p = decf(&g, LT_RAW);
		int was_bad = p.bad; p.bad = 0;
		check(pkt_is(&p, (&(struct want){ NM_OTHER, 0, 0, 0, 0, 0, -1, B4, A4 }), "v4 frag") && !p.sport && !p.dport && !p.payload
		      && was_bad,
		      "decode: an IPv4 fragment past the first: other, addresses but no ports, counted but no flow (bad)");
	}
	/* TSO/GSO: an IP length of 0, the payload from the length on the wire */
	{
		struct fr g = ip4x(IPPROTO_TCP, A4, B4, &td, 5, 0x4000, 0);
		struct fr f = eth(ETHERTYPE_IP, &g); keep(&f, LT_ETHERNET);
		struct pkt p = dec(f.b, f.n, 14 + 20 + 20 + 9000, LT_ETHERNET);
		check(pkt_is(&p, W4(TH_PSH | TH_ACK, 9000, -1), "TSO"), "decode: TSO, IPv4 total length 0: payload from the wire length");
		g = ip6x(IPPROTO_TCP, A6, B6, &td, 0);
		f = eth(ETHERTYPE_IPV6, &g);
		p = dec(f.b, f.n, 14 + 40 + 20 + 100000, LT_ETHERNET);
		check(pkt_is(&p, W6(TH_PSH | TH_ACK, 100000, -1), "TSO6"), "decode: IPv6 payload length 0 in a frame past 64 KiB (BIG TCP): payload from the wire length");
		p = dec(f.b, f.n, f.n, LT_ETHERNET);
		check(p.bad && p.kind == NM_TCP, "decode: IPv6 payload length 0 in a small frame (a corrupted length): no payload, so no TCP flow (as tshark)");
		/* a truncated capture: the payload comes from the headers, not caplen */
		f = eth(ETHERTYPE_IP, &i4d);
		p = dec(f.b, 14 + 20 + 20, f.n, LT_ETHERNET);
		check(pkt_is(&p, W4(TH_PSH | TH_ACK, 100, -1), "snap"), "decode: a capture cut after the TCP header still counts 100 payload bytes");
		/* a header longer than its segment (an IP total length made smaller): tshark's
		   "short segment", not in its conversations: no flow */
		{ struct fr o = tcp(40000, 80, TH_FIN | TH_ACK, 0, 3);
		  struct fr h = ip4x(IPPROTO_TCP, A4, B4, &o, 5, 0x4000, 20 + 28); keep(&h, LT_RAW);
		  struct pkt q = decf(&h, LT_RAW);
		  check(q.bad && q.kind == NM_TCP, "decode: a 32-byte TCP header in a 28-byte segment (short segment): no flow, as tshark"); }
		/* TCP options tshark's SACK dissector throws on: the first SACK option 2 to 9 bytes
		   long makes the frame malformed (analysed, but not shown, not in its conversations) */
		{ static const u8 sk[][12] = { { 1, 1, 5, 8, 0, 0, 0, 1, 0, 0, 0, 2 },     /* SACK of 8: throws */
		                               { 1, 1, 5, 10, 0, 0, 0, 1, 0, 0, 0, 2 },    /* a whole block */
		                               { 5, 10, 0, 0, 0, 1, 0, 0, 0, 2, 5, 2 },    /* a second one of 2 */
		                               { 1, 1, 5, 30, 0, 0, 0, 1, 0, 0, 0, 2 },    /* past the end: stops */
		                               { 0, 5, 8, 0, 0, 0, 1, 0, 0, 0, 2, 0 } };   /* after EOL */
		  int want[5] = { 1, 0, 0, 0, 0 }, okk = 1;
		  for (int k = 0; k < 5; k++) {
			struct fr o = { .n = 0 };
			p16(&o, 40000); p16(&o, 80); p32(&o, 1000); p32(&o, 2000);
			p8(&o, 8 << 4); p8(&o, TH_ACK); p16(&o, 65535); p16(&o, 0); p16(&o, 0); pn(&o, sk[k], 12);
			struct fr h = ip4(IPPROTO_TCP, &o);
			struct pkt q = decf(&h, LT_RAW);
			okk &= q.silent == want[k] && !q.bad && q.kind == NM_TCP;
		  }
		  check(okk, "decode: a first SACK option of 8 bytes is malformed for tshark (silent: the state only); a whole one, a second, one past the end, one after EOL are not"); }
		/* a corrupt length: more than the frame on the wire holds */
		g = ip4x(IPPROTO_TCP, A4, B4, &td, 5, 0x4000, 20 + 20 + 146);
		f = eth(ETHERTYPE_IP, &g);
		p = dec(f.b, 66, 66, LT_ETHERNET);
		check(pkt_is(&p, W4(TH_PSH | TH_ACK, 12, -1), "clip4"),
		      "decode: an IPv4 total length of 186 in a 66-byte frame: 12 payload bytes, what the frame holds");
		g = ip6x(IPPROTO_TCP, A6, B6, &td, 20 + 500);
		f = eth(ETHERTYPE_IPV6, &g);
		p = dec(f.b, f.n, f.n, LT_ETHERNET);
		check(pkt_is(&p, W6(TH_PSH | TH_ACK, 100, -1), "clip6"),
		      "decode: an IPv6 payload length past the frame's end: the payload the frame holds");
	}
	{ struct fr e = tcp(40000, 80, 0xc0 | TH_SYN | TH_ACK, 0, 0), f = ip4(IPPROTO_TCP, &e);
	  DEC(f, LT_RAW, W4(TH_SYN | TH_ACK, 0, -1), "the ECE and CWR bits are not among the flags"); }
	/* not TCP, or no usable TCP header */
	{
		struct fr u = udp(53, 5353, &t), ic = { .n = 0 };
		p8(&ic, 8); p8(&ic, 0); p16(&ic, 0); p32(&ic, 1);
		struct fr f = ip4(IPPROTO_UDP, &u); keep(&f, LT_RAW);
		check(decf(&f, LT_RAW).kind == NM_UDP, "decode: UDP");
		f = ip4(IPPROTO_ICMP, &ic);
		check(decf(&f, LT_RAW).kind == NM_ICMP, "decode: ICMP");
		f = ip6(IPPROTO_ICMPV6, &ic);
		check(decf(&f, LT_RAW).kind == NM_ICMP, "decode: ICMPv6");
		{
			f = ip4(IPPROTO_UDP, &u);
			struct pkt q = decf(&f, LT_RAW);
			check(q.kind == NM_UDP && !q.bad && q.proto == IPPROTO_UDP && q.sport == 53 && q.dport == 5353
			      && q.payload == t.n && !memcmp(q.src, A4, 4), "decode: UDP: ports, and the payload from the UDP length");
			f.b[20 + 5] = (u8)(f.b[20 + 5] + 200);              /* UDP length past the IP datagram */
			q = decf(&f, LT_RAW);
			check(q.payload == t.n, "decode: UDP: a length past the datagram is clipped to it");
			f = ip4(IPPROTO_UDP, &ic); f.n -= 1;                 /* 7 bytes: no UDP header */
			q = dec(f.b, f.n, f.n, LT_RAW);
			check(q.kind == NM_UDP && q.bad, "decode: 7 bytes of UDP header: UDP, counted, no flow (bad)");
			struct { u8 v6, type, code; u16 sp, dp; u8 answer; } ics[] = {
				{ 0, 8, 0, 8, 0, 0 }, { 0, 0, 0, 0, 8, 1 }, { 0, 13, 0, 13, 14, 0 }, { 0, 14, 0, 14, 13, 1 },
				{ 0, 3, 1, 3, 1, 0 }, { 0, 11, 0, 11, 0, 0 }, { 1, 128, 0, 128, 129, 0 }, { 1, 129, 0, 129, 128, 1 },
				{ 1, 135, 0, 135, 136, 0 }, { 1, 136, 0, 136, 135, 1 }, { 1, 1, 4, 1, 4, 0 }, { 1, 8, 0, 8, 0, 0 } };
			int good = 1;
			for (size_t i = 0; i < sizeof ics / sizeof ics[0]; i++) {
				struct fr m = { .n = 0 };
				p8(&m, ics[i].type); p8(&m, ics[i].code); p16(&m, 0); p32(&m, 0x12340001);
				f = ics[i].v6 ? ip6(IPPROTO_ICMPV6, &m) : ip4(IPPROTO_ICMP, &m);
				q = decf(&f, LT_RAW);
				if (q.kind != NM_ICMP || q.bad || q.sport != ics[i].sp || q.dport != ics[i].dp || q.flags != ics[i].answer) {
					printf("     icmp%s type %u code %u: %u > %u answer %u\n", ics[i].v6 ? "6" : "", ics[i].type,
					       ics[i].code, q.sport, q.dport, q.flags);
					good = 0;
				}
			}
			check(good, "decode: ICMP and ICMPv6 keyed as the Community ID spec: type, and the answer's type or the code");
			struct fr m = { .n = 0 }; p8(&m, 8);
			f = ip4(IPPROTO_ICMP, &m);
			check(decf(&f, LT_RAW).bad, "decode: an ICMP message without its code: counted, no flow");
		}
		f = ip4(IPPROTO_SCTP, &ic);
		struct pkt p = decf(&f, LT_RAW);
		check(p.kind == NM_OTHER && !memcmp(p.src, A4, 4), "decode: another IP protocol: other, with its addresses");
		f = eth(ETHERTYPE_ARP, &ic);
		check(decf(&f, LT_ETHERNET).kind == NM_NONIP, "decode: ARP is not IP");
		f = i4; f.b[0] = 0x55;
		check(decf(&f, LT_RAW).kind == NM_NONIP, "decode: IP version 5: not IP (no addresses to count it under)");
		f = i4; f.b[0] = 0x44;
		check(decf(&f, LT_RAW).kind == NM_NONIP, "decode: IPv4 header length 4 words: not IP (no addresses)");

		struct fr bad = tcp(1, 2, TH_SYN, 0, 0); bad.b[12] = 0x40;
		f = ip4(IPPROTO_TCP, &bad); keep(&f, LT_RAW);
		p = decf(&f, LT_RAW);
		check(p.kind == NM_TCP && !p.bad && p.silent && p.payload == 4 && !p.datalen,
		      "decode: TCP data offset 4 words: silent (tshark analyses it as 4 bytes of payload, shows and counts nothing)");
		f = ip4(IPPROTO_TCP, &t);
		p = dec(f.b, 20 + 19, f.n, LT_RAW);
		check(p.kind == NM_TCP && p.bad, "decode: 19 bytes of TCP header: TCP, bad");
		check(decf(&i4, 999).kind == NM_NONIP, "decode: an unknown link type: not IP");
	}
}

/* tunnels, and how deep they are opened */
static void test_decode_tunnels(void)
{
	struct fr t = tcp(40000, 80, TH_SYN | TH_ACK, 0, 0), td = tcp(40000, 80, TH_PSH | TH_ACK, 100, 0);
	struct fr i4 = ip4(IPPROTO_TCP, &t), i6 = ip6(IPPROTO_TCP, &t), i4d = ip4(IPPROTO_TCP, &td);
	(void)i6;
	/* tunnels: VXLAN, Geneve (Ethernet and IP inside), GRE (plain, key, TEB, version 1) */
	static const u8 O1[4] = { 192, 168, 1, 1 }, O2[4] = { 192, 168, 1, 2 };
	{
		struct fr in = eth(ETHERTYPE_IP, &i4d), vx = { .n = 0 };
		p32(&vx, 0x08000000); p32(&vx, 42 << 8); pf(&vx, &in);
		struct fr u = udp(12345, PORT_VXLAN, &vx), o = ip4x(IPPROTO_UDP, O1, O2, &u, 5, 0, -1);
		DEC(eth(ETHERTYPE_IP, &o), LT_ETHERNET, W4(TH_PSH | TH_ACK, 100, -1), "VXLAN: the inner TCP, its addresses and payload");
		{
			struct pkt q = decf(&o, LT_RAW);
			check(q.tun && q.o.kind == NM_UDP && q.o.proto == IPPROTO_UDP && !q.o.v6 && !memcmp(q.o.src, O1, 4)
			      && !memcmp(q.o.dst, O2, 4) && q.o.sport == 12345 && q.o.dport == PORT_VXLAN && q.o.payload == vx.n,
			      "decode: VXLAN: the tunnel's own UDP flow is kept beside the inner TCP (p.o)");
		}
		{	/* the inner TCP silent (a header length of 16): the tunnel's flow still counts */
			struct fr bt = tcp(40000, 80, TH_ACK, 0, 0); bt.b[12] = 0x40;
			struct fr bi = ip4(IPPROTO_TCP, &bt), be = eth(ETHERTYPE_IP, &bi), bv = { .n = 0 };
			p32(&bv, 0x08000000); p32(&bv, 42 << 8); pf(&bv, &be);
			struct fr bu = udp(12345, PORT_VXLAN, &bv), bo = ip4x(IPPROTO_UDP, O1, O2, &bu, 5, 0, -1);
			struct pkt q = decf(&bo, LT_RAW);
			static struct table TT; static struct ended EE; static void *tm;
			test_table(&TT, &tm, &EE, 16, 0);
			table_add(&TT, &q);
			check(q.silent && TT.used == 1 && TT.c[table_first(&TT)].proto == IPPROTO_UDP,
			      "decode: VXLAN carrying a silent TCP segment: the tunnel's UDP flow is counted, no TCP flow");
			free(tm); tm = 0;
		}
		vx.b[0] = 0;                                                      /* no I flag */
		u = udp(12345, PORT_VXLAN, &vx); o = ip4x(IPPROTO_UDP, O1, O2, &u, 5, 0, -1);
		struct pkt p = decf(&o, LT_RAW);
		check(p.kind == NM_UDP && !memcmp(p.src, O1, 4) && !p.tun && p.sport == 12345 && p.dport == PORT_VXLAN,
		      "decode: VXLAN without the I flag: the outer UDP, no tunnel");
		struct fr arp = eth(ETHERTYPE_ARP, &t);
		vx.n = 0; p32(&vx, 0x08000000); p32(&vx, 42 << 8); pf(&vx, &arp);
		u = udp(12345, PORT_VXLAN, &vx); o = ip4x(IPPROTO_UDP, O1, O2, &u, 5, 0, -1);
		p = decf(&o, LT_RAW);
		check(p.kind == NM_UDP && !p.tun && !memcmp(p.src, O1, 4) && !memcmp(p.dst, O2, 4) && p.dport == PORT_VXLAN
		      && p.payload == vx.n, "decode: VXLAN carrying ARP: the outer UDP flow only");
		struct fr gn = { .n = 0 };
		p8(&gn, 2); p8(&gn, 0); p16(&gn, ETHERTYPE_TEB); p32(&gn, 7 << 8); pz(&gn, 8);   /* 2 option words */
		pf(&gn, &in);
		u = udp(12345, PORT_GENEVE, &gn); o = ip6x(IPPROTO_UDP, B6, A6, &u, -1);
		DEC(o, LT_RAW, W4(TH_PSH | TH_ACK, 100, -1), "Geneve with options over IPv6, Ethernet inside");
		gn.n = 0; p8(&gn, 0); p8(&gn, 0); p16(&gn, ETHERTYPE_IPV6); p32(&gn, 7 << 8); pf(&gn, &i6);
		u = udp(12345, PORT_GENEVE, &gn); o = ip4x(IPPROTO_UDP, O1, O2, &u, 5, 0, -1);
		DEC(o, LT_RAW, W6(TH_SYN | TH_ACK, 0, -1), "Geneve, IPv6 inside");
		struct fr gr = { .n = 0 };
		p16(&gr, 0); p16(&gr, ETHERTYPE_IP); pf(&gr, &i4);
		o = ip4x(IPPROTO_GRE, O1, O2, &gr, 5, 0, -1);
		DEC(o, LT_RAW, W4(TH_SYN | TH_ACK, 0, -1), "GRE, IPv4 inside");
		gr.n = 0; p16(&gr, 0xb000); p16(&gr, ETHERTYPE_TEB); p32(&gr, 0); p32(&gr, 5); p32(&gr, 6); pf(&gr, &in);
		o = ip4x(IPPROTO_GRE, O1, O2, &gr, 5, 0, -1);
		DEC(o, LT_RAW, W4(TH_PSH | TH_ACK, 100, -1), "GRE with checksum, key and sequence, Ethernet (TEB) inside");
		gr.n = 0; p16(&gr, 0x3001); p16(&gr, 0x880b); p32(&gr, 0); p32(&gr, 1); pf(&gr, &i4);
		o = ip4x(IPPROTO_GRE, O1, O2, &gr, 5, 0, -1);
		p = decf(&o, LT_RAW);
		check(p.kind == NM_OTHER && !memcmp(p.src, O1, 4), "decode: GRE version 1 (PPTP) is not opened");
	}
	/* nested tunnels: three levels are opened, the fourth is not */
	{
		for (int depth = 1; depth <= 5; depth++) {
			struct fr f = i4d;
			for (int k = 0; k < depth; k++) {
				struct fr gr = { .n = 0 };
				p16(&gr, 0); p16(&gr, ETHERTYPE_IP); pf(&gr, &f);
				f = ip4x(IPPROTO_GRE, O1, O2, &gr, 5, 0, -1);
			}
			struct pkt p = decf(&f, LT_RAW);
			if (depth <= 3) check(pkt_is(&p, W4(TH_PSH | TH_ACK, 100, -1), "nested GRE"),
			                      depth == 1 ? "decode: GRE in IPv4, once" : depth == 2 ? "decode: GRE in GRE" : "decode: GRE in GRE in GRE: the inner TCP");
			else check(p.kind == NM_OTHER && !memcmp(p.src, O1, 4),
			           depth == 4 ? "decode: a fourth nested GRE is not opened" : "decode: a fifth nested GRE is not opened");
			if (depth == 4) keep(&f, LT_RAW);
		}
		struct fr f = i4d;
		for (int k = 0; k < 4; k++) {
			struct fr in = eth(ETHERTYPE_IP, &f), vx = { .n = 0 };
			p32(&vx, 0x08000000); p32(&vx, 42 << 8); pf(&vx, &in);
			struct fr u = udp(1, PORT_VXLAN, &vx);
			f = ip4x(IPPROTO_UDP, O1, O2, &u, 5, 0, -1);
			struct pkt p = decf(&f, LT_RAW);
			if (k < 3) check(pkt_is(&p, W4(TH_PSH | TH_ACK, 100, -1), "nested VXLAN"), k == 0 ? "decode: VXLAN" : k == 1 ? "decode: VXLAN in VXLAN" : "decode: VXLAN three deep: the inner TCP");
			else check(p.kind == NM_UDP && !memcmp(p.src, O1, 4), "decode: VXLAN four deep: the fourth is not opened (UDP)");
		}
		keep(&f, LT_RAW);
	}
}

/* hostile input: every frame above cut short, and mutated */
static void test_decode_robust(void)
{
	int ok;
	/* every prefix of every frame above, on a heap copy of exactly that many bytes */
	ok = 1;
	for (int i = 0; i < nsaved; i++) ok &= prefixes_ok(&saved[i], saved_lt[i]);
	char msg[120];
	snprintf(msg, sizeof msg, "decode: every truncation of the %d frames above: no read past caplen, same TCP fields or none", nsaved);
	check(ok && nsaved > 30, msg);
	/* random bytes flipped in those frames: no read past the end (ASan), kinds in range */
	ok = 1;
	for (int i = 0; i < 200000; i++) {
		struct fr f = saved[rnd() % (u64)nsaved];
		u32 lt = saved_lt[i % nsaved];
		for (int k = (int)(rnd() % 4); k >= 0; k--) f.b[rnd() % f.n] = (u8)rnd();
		u32 n = (u32)(rnd() % (f.n + 1));
		struct pkt p = dec(f.b, n, (u32)rnd() % 70000, lt);
		ok &= p.kind < NM_KINDS;
	}
	check(ok, "decode: 200000 mutated frames: no read past caplen, kinds in range");
}


/* copies of one packet on several interfaces (iface.c): the same packet on
   another interface within the window is a copy, whatever its link header,
   TTL or tunnel; on the same interface, later, or changed it is not */
static struct dup_slot dups[DUP_SLOTS];
static int dup_at(const struct fr *f, u32 lt, u32 ifindex, u64 ts)
{
	static const u32 key[2] = { 0x01234567, 0x89abcdef };
	struct pkt p = decf(f, lt);
	p.ifindex = ifindex; p.ts = ts;
	return dup_seen(dups, key, &p, f->b, f->n);
}
static void test_dups(void)
{
	struct fr td = tcp(40000, 80, TH_PSH | TH_ACK, 100, 0), te = tcp(40000, 80, TH_PSH | TH_ACK, 101, 0);
	struct fr i4 = ip4(IPPROTO_TCP, &td), i6 = ip6(IPPROTO_TCP, &td), f = eth(ETHERTYPE_IP, &i4);
	u64 t = 1700000000000000000ull;
	memset(dups, 0, sizeof dups);
	check(!dup_at(&f, LT_ETHERNET, 3, t) && dup_at(&f, LT_ETHERNET, 4, t + 1000) && dup_at(&f, LT_ETHERNET, 5, t - 1000),
	      "dup_seen: a frame seen again on other interfaces within the window (either way in time): copies");
	check(!dup_at(&f, LT_ETHERNET, 3, t + 2000), "dup_seen: the same packet again on its own interface: not a copy (a retransmission)");
	check(!dup_at(&f, LT_ETHERNET, 4, t + 2000 + DUP_WINDOW_NS), "dup_seen: on another interface past the window: not a copy");
	struct fr g = eth(ETHERTYPE_IP, &i4), other = ip4(IPPROTO_TCP, &te);
	g.b[0] = 0x0a; g.b[14 + 8] = 63; g.b[14 + 10] = 0x55;               /* another MAC, TTL, checksum: routed */
	check(dup_at(&g, LT_ETHERNET, 7, t + 3000 + DUP_WINDOW_NS), "dup_seen: routed (TTL, header checksum and MACs changed): a copy");
	check(!dup_at(&other, LT_RAW, 8, t + 4000 + DUP_WINDOW_NS), "dup_seen: another packet of the same connection: not a copy");
	{ u16 tp[1] = { ETHERTYPE_VLAN }, tc[1] = { 5 };
	  struct fr v = ethtags(1, tp, tc, ETHERTYPE_IPV6, &i6), c = eth(ETHERTYPE_IPV6, &i6);
	  c.b[14 + 7] = 1;                                                    /* hop limit */
	  check(!dup_at(&v, LT_ETHERNET, 1, t) && dup_at(&c, LT_ETHERNET, 2, t + 5000) && dup_at(&i6, LT_RAW, 9, t + 6000),
		"dup_seen: IPv6 on a VLAN's parent (tagged), on the VLAN (hop limit changed) and raw: copies"); }
	{ static const u8 O1[4] = { 192, 168, 1, 1 }, O2[4] = { 192, 168, 1, 2 };
	  struct fr in = eth(ETHERTYPE_IP, &i4), vx = { .n = 0 };
	  in.b[20] = 0x77;                                                    /* a fresh IP id: not the packets above */
	  p32(&vx, 0x08000000); p32(&vx, 42 << 8); pf(&vx, &in);
	  struct fr u = udp(12345, PORT_VXLAN, &vx), o = ip4x(IPPROTO_UDP, O1, O2, &u, 5, 0, -1), outer = eth(ETHERTYPE_IP, &o);
	  check(!dup_at(&outer, LT_ETHERNET, 1, t) && dup_at(&in, LT_ETHERNET, 2, t + 100),
		"dup_seen: a VXLAN packet on the underlay and its inner frame on the tunnel's interface: copies"); }
	{ struct fr a = { .n = 0 }; pz(&a, 12); p16(&a, ETHERTYPE_ARP); pz(&a, 28); a.b[20] = 1;
	  check(!dup_at(&a, LT_ETHERNET, 1, t) && dup_at(&a, LT_ETHERNET, 2, t + 100), "dup_seen: a frame that is not IP, on two interfaces: copies"); }
}

void test_decode(void)
{
	test_dups();
	test_decode_links();
	test_decode_ip();
	test_decode_tunnels();
	test_decode_robust();
}
