/* decode.c - frame to struct pkt: link layer (Ethernet with 802.1Q/802.1ad
 * tags, Linux cooked v1/v2, BSD loopback, raw IP), IPv4, IPv6 with extension
 * headers, TCP; VXLAN, Geneve and GRE tunnels are opened so the TCP inside is
 * seen (as tshark does). Every read is checked against caplen. Lengths come
 * from the headers, not from caplen, so truncated captures still count the
 * right payload. Pure: no syscalls. */
#include "net.h"

static u16 be16(const u8 *b) { return (u16)(b[0] << 8 | b[1]); }
static u32 be32(const u8 *b) { return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3]; }

static void ip(struct pkt *p, const u8 *f, u32 n, u32 off, int depth);

/* an MPLS label stack: pop to the bottom of the stack, then IP */
static void mpls(struct pkt *p, const u8 *f, u32 n, u32 off, int depth)
{
	for (int i = 0; i < 16 && off + 4 <= n; i++, off += 4)
		if (f[off + 2] & 1) { ip(p, f, n, off + 4, depth); return; }
}

/* a PPP protocol number at f[off] (one byte when compressed) */
static void ppp(struct pkt *p, const u8 *f, u32 n, u32 off, int depth)
{
	if (off + 2 <= n && f[off] == 0xff && f[off + 1] == 0x03) off += 2;  /* address, control */
	if (off >= n) return;
	int compressed = f[off] & 1;        /* an odd first byte: a one-byte field (RFC 1661) */
	u16 proto = compressed ? f[off] : off + 2 <= n ? be16(f + off) : 0;
	off += compressed ? 1 : 2;
	if (proto == PPP_IP || proto == PPP_IPV6) ip(p, f, n, off, depth);
	else if (proto == PPP_MPLS || proto == PPP_MPLS_MC) mpls(p, f, n, off, depth);
}

/* ethertype et at f[off]: skip VLAN tags, then IP (or MPLS, or PPPoE) */
static void ether(struct pkt *p, const u8 *f, u32 n, u32 off, u16 et, int depth)
{
	while ((et == ETHERTYPE_VLAN || et == ETHERTYPE_QINQ || et == ETHERTYPE_QINQ_OLD)
	       && off + 4 <= n) {
		if (!p->vlan_valid) { p->vlan = be16(f + off); p->vlan_valid = 1; }
		et = be16(f + off + 2);
		off += 4;
	}
	if (et == ETHERTYPE_IP || et == ETHERTYPE_IPV6) ip(p, f, n, off, depth);
	else if (et == ETHERTYPE_MPLS || et == ETHERTYPE_MPLS_MC) mpls(p, f, n, off, depth);
	else if (et == ETHERTYPE_PPPOE && off + 6 <= n) ppp(p, f, n, off + 6, depth);
}

static void tcp(struct pkt *p, const u8 *h, u32 avail, u32 seglen)
{
	p->kind = NM_TCP;
	if (avail < 20 || (h[12] >> 4) < 5) { p->bad = 1; return; } /* no usable header */
	u32 doff = (u32)(h[12] >> 4) * 4;
	p->sport = be16(h); p->dport = be16(h + 2);
	p->flags = h[13] & 0x3f;
	p->seq = be32(h + 4); p->ack = be32(h + 8); p->win = be16(h + 14);
	p->noseg = seglen < doff;           /* the header claims more than the segment */
	p->payload = seglen > doff ? seglen - doff : 0;
}

/* UDP: plain, or a tunnel carrying Ethernet */
static void udp(struct pkt *p, const u8 *f, u32 n, u32 off, int depth)
{
	p->kind = NM_UDP;
	if (off + 8 > n || depth > 2) return;
	u16 dport = be16(f + off + 2);
	off += 8;
	if (dport == PORT_VXLAN && off + 8 + 14 <= n && (f[off] & 0x08)) {  /* I flag */
		off += 8;
		ether(p, f, n, off + 14, be16(f + off + 12), depth + 1);
	} else if (dport == PORT_GENEVE && off + 8 <= n && !(f[off] >> 6)) {  /* version 0 */
		u32 hl = 8 + (u32)(f[off] & 0x3f) * 4;
		u16 proto = be16(f + off + 2);
		off += hl;
		if (proto == ETHERTYPE_TEB && off + 14 <= n)
			ether(p, f, n, off + 14, be16(f + off + 12), depth + 1);
		else if (proto == ETHERTYPE_IP || proto == ETHERTYPE_IPV6) ip(p, f, n, off, depth + 1);
	}
}

/* GRE (RFC 2784/2890): optional checksum, key and sequence words */
static void gre(struct pkt *p, const u8 *f, u32 n, u32 off, int depth)
{
	p->kind = NM_OTHER;
	if (off + 4 > n || depth > 2 || (f[off + 1] & 7)) return;          /* version 0 only */
	u16 proto = be16(f + off + 2);
	u32 hl = 4 + ((f[off] & 0x80) ? 4 : 0) + ((f[off] & 0x20) ? 4 : 0) + ((f[off] & 0x10) ? 4 : 0);
	off += hl;
	if (proto == ETHERTYPE_TEB && off + 14 <= n)
		ether(p, f, n, off + 14, be16(f + off + 12), depth + 1);
	else if (proto == ETHERTYPE_IP || proto == ETHERTYPE_IPV6) ip(p, f, n, off, depth + 1);
}

/* a length from a header, clipped to what the frame on the wire holds past
   at: a corrupt header cannot claim more (tshark does the same) */
static u32 on_wire(const struct pkt *p, u32 at, u32 len)
{
	u32 room = p->len > at ? p->len - at : 0;
	return len < room ? len : room;
}

static void ip(struct pkt *p, const u8 *f, u32 n, u32 off, int depth)
{
	const u8 *h = f + off;
	u32 avail = n > off ? n - off : 0, hl, len, proto;
	int frag = 0;                                    /* the first of several fragments */
	p->kind = NM_OTHER;
	p->l3 = (u16)off;                                /* the innermost so far */
	if (avail < 1) return;
	if ((h[0] >> 4) == 4) {
		if (avail < 20 || (h[0] & 15) < 5) return;
		hl = (u32)(h[0] & 15) * 4;
		len = be16(h + 2);
		proto = h[9];
		p->v6 = 0;
		memcpy(p->src, h + 12, 4); memcpy(p->dst, h + 16, 4);
		if (be16(h + 6) & 0x1fff) return;            /* not the first fragment */
		frag = (be16(h + 6) & 0x2000) != 0;          /* more fragments */
		len = len > hl ? len - hl : 0;
		if (!len) len = p->len > off + hl ? p->len - off - hl : 0; /* TSO: length 0 */
		len = on_wire(p, off + hl, len);
	} else if ((h[0] >> 4) == 6) {
		if (avail < 40) return;
		len = be16(h + 4);
		proto = h[6];
		hl = 40;
		p->v6 = 1;
		memcpy(p->src, h + 8, 16); memcpy(p->dst, h + 24, 16);
		if (!len) len = p->len > off + 40 ? p->len - off - 40 : 0; /* jumbo or TSO */
		len = on_wire(p, off + 40, len);
		for (;;) {                                   /* extension headers */
			const u8 *e = h + hl;
			u32 el;
			if (proto == IPPROTO_HOPOPTS || proto == IPPROTO_ROUTING || proto == IPPROTO_DSTOPTS
			    || proto == IPPROTO_MH || proto == IPPROTO_HIP || proto == IPPROTO_SHIM6) {
				if (hl + 2 > avail) return;
				el = ((u32)e[1] + 1) * 8;
			} else if (proto == IPPROTO_FRAGMENT) {
				if (hl + 8 > avail) return;
				if (be16(e + 2) & 0xfff8) return;    /* not the first fragment */
				frag = be16(e + 2) & 1;
				el = 8;
			} else if (proto == IPPROTO_AH) {
				if (hl + 2 > avail) return;
				el = ((u32)e[1] + 2) * 4;
			} else break;
			proto = e[0];
			hl += el;
			len = len > el ? len - el : 0;
		}
	} else return;
	if (hl > avail) return;
	u32 l4 = off + hl;
	if (proto == IPPROTO_TCP) {
		tcp(p, f + l4, n - l4, len);
		/* the segment's length is not known before reassembly: as tshark,
		   no payload counted and no sequence analysis */
		if (frag) { p->payload = 0; p->noseg = 1; }
	}
	else if (proto == IPPROTO_UDP) udp(p, f, n, l4, depth);
	else if (proto == IPPROTO_ICMP || proto == IPPROTO_ICMPV6) p->kind = NM_ICMP;
	else if (proto == IPPROTO_GRE) gre(p, f, n, l4, depth);
}

void decode(struct pkt *p, const u8 *f, u32 n, u32 lt)
{
	p->kind = NM_NONIP; p->bad = 0; p->vlan_valid = 0; p->vlan = 0; p->v6 = 0;
	p->flags = 0; p->payload = 0; p->sport = p->dport = 0; p->noseg = 0; p->l3 = 0;
	switch (lt) {
	case LT_ETHERNET:
		if (n >= 14) ether(p, f, n, 14, be16(f + 12), 0);
		break;
	case LT_LINUX_SLL:
		if (n >= 16) ether(p, f, n, 16, be16(f + 14), 0);
		break;
	case LT_LINUX_SLL2:
		if (n >= 20) ether(p, f, n, 20, be16(f), 0);
		break;
	case LT_NULL:                  /* address family, in the capturing host's order */
		if (n >= 4) {
			u32 af = f[0] ? f[0] : f[3];
			if (af == BSD_AF_INET || af == BSD_AF_INET6_LINUX || af == BSD_AF_INET6_BSD
			    || af == BSD_AF_INET6_FREEBSD || af == BSD_AF_INET6_DARWIN)
				ip(p, f, n, 4, 0);
		}
		break;
	case LT_RAW: case LT_IPV4: case LT_IPV6:
		ip(p, f, n, 0, 0);
		break;
	case LT_PPP: case LT_PPP_HDLC:
		ppp(p, f, n, 0, 0);
		break;
	case LT_ARCNET_LINUX:          /* shost, dhost, offset, type[, flag, seqid] */
		if (n >= 5) {
			u8 t = f[4];
			u32 hl = t == ARC_IP_RFC1051 || t == ARC_ARP_RFC1051 || t == ARC_DIAG ? 5 : 8;
			if (t == ARC_IP_RFC1051 || t == ARC_IP || t == ARC_IPV6) ip(p, f, n, hl, 0);
		}
		break;
	}
}
