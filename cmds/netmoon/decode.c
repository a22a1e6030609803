/* decode.c - frame to struct pkt: link layer (Ethernet with 802.1Q/802.1ad
 * tags, Linux cooked v1/v2, BSD loopback, raw IP, PPP, Cisco HDLC, ARCNET,
 * 802.11 data frames with or without radiotap), IPv4, IPv6 with extension
 * headers, TCP, UDP, ICMP; VXLAN, VXLAN-GPE, NSH, Geneve and GRE tunnels are
 * opened so the flows inside are seen, and the tunnel's own flow is kept too
 * (as tshark does). Every read is checked against caplen. Lengths come
 * from the headers, not from caplen, so truncated captures still count the
 * right payload. Pure: no syscalls. */
#include "net.h"


static void ip(struct pkt *p, const u8 *f, u32 n, u32 off, int depth);
static void next_proto(struct pkt *p, const u8 *f, u32 n, u32 off, u8 np, int depth);

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
	else if (et == ETHERTYPE_NSH) next_proto(p, f, n, off, NP_NSH, depth);
}

/* what VXLAN-GPE's and NSH's next-protocol byte names (the same registry) */
static void next_proto(struct pkt *p, const u8 *f, u32 n, u32 off, u8 np, int depth)
{
	if (np == NP_IPV4 || np == NP_IPV6) ip(p, f, n, off, depth);
	else if (np == NP_ETHERNET && off + 14 <= n) ether(p, f, n, off + 14, be16(f + off + 12), depth);
	else if (np == NP_MPLS) mpls(p, f, n, off, depth);
	else if (np == NP_NSH && off + 8 <= n && !(f[off] >> 6) && depth < 4)    /* NSH (RFC 8300), version 0 */
		next_proto(p, f, n, off + (u32)(f[off + 1] & 0x3f) * 4, f[off + 3], depth + 1);
}

/* the rarer link layers, out of the per-packet path's inlined switch:
   Cisco HDLC (address, control, ethertype); 802.11, after radiotap's
   little-endian length if any: a data frame with a body, not protected,
   its header (4 addresses, QoS, HT control; radiotap's data-pad flag
   read as libpcap reads it), then LLC/SNAP and an ethertype. Radiotap's
   FCS flag changes nothing: lengths come from the IP header, clipped to
   the frame, and a frame holds its FCS after the IP datagram */
static __attribute__((noinline)) void link_more(struct pkt *p, const u8 *f, u32 n, u32 lt)
{
	u32 off = 0, pad = 0;
	if (lt == LT_C_HDLC) {          /* no 802.1Q tags on HDLC (tcpdump and tshark agree) */
		u16 et = n >= 4 ? be16(f + 2) : 0;
		if (et && et != ETHERTYPE_VLAN && et != ETHERTYPE_QINQ && et != ETHERTYPE_QINQ_OLD)
			ether(p, f, n, 4, et, 0);
		return;
	}
	if (lt == LT_IEEE802_11_RADIO) {  /* flags (after TSFT, if any) in one presence word */
		if (n < 8) return;
		u32 at = f[4] & RT_TSFT ? 16 : 8;
		off = (u32)f[3] << 8 | f[2];
		pad = (f[4] & RT_FLAGS) && !(f[7] & RT_EXT) && at < n && (f[at] & RT_F_DATAPAD);
	}
	if (off + WLAN_HDR > n) return;
	u8 fc = f[off], fl = f[off + 1];
	if ((fc & (WLAN_FC_CTL | WLAN_FC_DATA | WLAN_FC_NOBODY)) != WLAN_FC_DATA
	    || (fl & WLAN_FL_PROTECTED)) return;
	u32 hl = WLAN_HDR + ((fl & WLAN_FL_TODS) && (fl & WLAN_FL_FROMDS) ? WLAN_ADDR4 : 0);
	if (fc & WLAN_FC_QOS) hl += WLAN_QOS + (fl & WLAN_FL_ORDER ? WLAN_HTC : 0);
	off += pad ? (hl + 3) & ~3u : hl;             /* the driver padded it to 4 bytes */
	if (off + WLAN_SNAP <= n && be32(f + off) == LLC_SNAP && !f[off + 4] && !f[off + 5])
		ether(p, f, n, off + WLAN_SNAP, be16(f + off + 6), 0);
}

/* tshark's SACK option dissector throws (the frame is malformed: analysed, but
   not shown, not in its conversations) when the first SACK option of a header is 2 to 9
   bytes long; other lengths and option kinds it only notes. Options as tshark
   walks them: EOL ends, NOP is one byte, a length under 2 or past the end
   stops. Checked against every one-bit flip of Linux's option blocks. */
static int sack_throws(const u8 *o, u32 n)
{
	for (u32 i = 0; i < n;) {
		u8 kind = o[i];
		if (kind == TCPOPT_EOL) return 0;
		if (kind == TCPOPT_NOP) { i++; continue; }
		if (i + 1 >= n || o[i + 1] < 2 || o[i + 1] > n - i) return 0;
		if (kind == TCPOPT_SACK) return o[i + 1] <= 9;
		i += o[i + 1];
	}
	return 0;
}

static void tcp(struct pkt *p, const u8 *h, u32 avail, u32 seglen)
{
	p->kind = NM_TCP;
	if (avail < 20) { p->bad = 1; return; }     /* no usable header */
	u32 doff = (u32)(h[12] >> 4) * 4;
	/* a header length under 20 (a corrupted one): tshark analyses the segment
	   as the header says (its length: the segment less that header length),
	   then stops: nothing of it shown, not in its conversations */
	if (doff < 20) p->silent = 1;
	p->sport = be16(h); p->dport = be16(h + 2);
	p->flags = h[13] & 0x3f; p->tcpfl = h[13];
	p->seq = be32(h + 4); p->ack = be32(h + 8); p->win = be16(h + 14);
	/* a header longer than the segment (a corrupted length): tshark says
	   "short segment" and stops; conv,tcp does not count it */
	if (seglen < doff) { p->bad = 1; return; }
	if (doff > 20 && avail >= doff && sack_throws(h + 20, doff - 20)) p->silent = 1;
	p->payload = seglen > doff ? seglen - doff : 0;
	u32 cap = avail > doff ? avail - doff : 0;
	p->data = h + doff; p->datalen = cap < p->payload ? cap : p->payload;
	if (p->silent) p->datalen = 0;      /* nothing named from it */
}

/* an opened tunnel: its own flow kept in p->o (the outermost one only);
   untunnel() puts it back when nothing IP was inside */
static void tunnel(struct pkt *p)
{
	if (p->tun) return;
	p->tun = 1;
	p->o.v6 = p->v6; p->o.proto = p->proto; p->o.kind = p->kind;
	p->o.sport = p->sport; p->o.dport = p->dport; p->o.payload = p->payload; p->o.iplen = p->iplen;
	memcpy(p->o.src, p->src, 16); memcpy(p->o.dst, p->dst, 16);
	p->kind = NM_NONIP;
}
void pkt_outer(struct pkt *d, const struct pkt *p)
{
	d->v6 = p->o.v6; d->proto = p->o.proto; d->kind = p->o.kind;
	d->sport = p->o.sport; d->dport = p->o.dport; d->payload = p->o.payload; d->iplen = p->o.iplen;
	memcpy(d->src, p->o.src, 16); memcpy(d->dst, p->o.dst, 16);
	d->datalen = 0;     /* a tunnel's own flow: its bytes are the inner packet */
}
static void untunnel(struct pkt *p)
{
	if (p->kind != NM_NONIP) return;
	p->tun = 0;
	pkt_outer(p, p);
}

/* UDP: plain, or a tunnel carrying Ethernet or IP; len: the IP payload's,
   0 in the first of several fragments (then the UDP length is believed:
   the datagram's payload, counted once) */
static void udp(struct pkt *p, const u8 *f, u32 n, u32 off, u32 len, int depth)
{
	p->kind = NM_UDP;
	if (off + 8 > n) { p->bad = 1; return; }
	u32 ul = be16(f + off + 4);
	p->sport = be16(f + off); p->dport = be16(f + off + 2);
	if (len && len < ul) ul = len;
	p->payload = ul > 8 ? ul - 8 : 0;
	p->data = f + off + 8;
	p->datalen = n - off - 8 < p->payload ? n - off - 8 : p->payload;
	if (depth > 2) return;
	u16 dport = p->dport;
	off += 8;
	int outer = !p->tun;
	if (dport == PORT_VXLAN && off + 8 + 14 <= n && (f[off] & 0x08)) {  /* I flag */
		off += 8;
		tunnel(p);
		ether(p, f, n, off + 14, be16(f + off + 12), depth + 1);
	} else if (dport == PORT_VXLAN_GPE && off + 8 <= n && !(f[off] & 0x30)) {  /* version 0 */
		tunnel(p);
		next_proto(p, f, n, off + 8, (f[off] & 0x04) ? f[off + 3] : NP_ETHERNET, depth + 1);  /* P flag */
	} else if (dport == PORT_GENEVE && off + 8 <= n && !(f[off] >> 6)) {  /* version 0 */
		u32 hl = 8 + (u32)(f[off] & 0x3f) * 4;
		u16 proto = be16(f + off + 2);
		off += hl;
		tunnel(p);
		if (proto == ETHERTYPE_TEB && off + 14 <= n)
			ether(p, f, n, off + 14, be16(f + off + 12), depth + 1);
		else if (proto == ETHERTYPE_IP || proto == ETHERTYPE_IPV6) ip(p, f, n, off, depth + 1);
	} else return;
	if (outer) untunnel(p);
}

/* ICMP types with an answer, as the Community ID spec pairs them:
   {asking, answering}; for ICMP, then for ICMPv6 */
static const u8 icmp_pair[2][6][2] = {
	{ { 8, 0 }, { 13, 14 }, { 15, 16 }, { 10, 9 }, { 17, 18 }, { 0, 0 } },
	{ { 128, 129 }, { 133, 134 }, { 135, 136 }, { 130, 131 }, { 139, 140 }, { 144, 145 } } };
/* the pair type is in, and its side in *k (0 asking, 1 answering); -1 if none */
static int icmp_find(int v6, u8 type, int *k)
{
	for (int i = 0; i < 6; i++)
		for (*k = 0; *k < 2; ++*k)
			if (icmp_pair[v6][i][*k] == type && icmp_pair[v6][i][0] != icmp_pair[v6][i][1]) return i;
	return -1;
}
int icmp_paired(int v6, u8 type)
{
	int k;
	return icmp_find(v6, type, &k) >= 0;
}
int flow_icmp(int v6, u8 type, u8 code, u16 *sport, u16 *dport)
{
	int k, i = icmp_find(v6, type, &k);
	*sport = type;
	*dport = i < 0 ? code : icmp_pair[v6][i][!k];
	return i < 0 || !k;
}

/* GRE (RFC 2784/2890): optional checksum, key and sequence words */
static void gre(struct pkt *p, const u8 *f, u32 n, u32 off, int depth)
{
	if (off + 4 > n || depth > 2 || (f[off + 1] & 7)) return;          /* version 0 only */
	u16 proto = be16(f + off + 2);
	u32 hl = 4 + ((f[off] & 0x80) ? 4 : 0) + ((f[off] & 0x20) ? 4 : 0) + ((f[off] & 0x10) ? 4 : 0);
	int outer = !p->tun;
	off += hl;
	tunnel(p);
	if (proto == ETHERTYPE_TEB && off + 14 <= n)
		ether(p, f, n, off + 14, be16(f + off + 12), depth + 1);
	else if (proto == ETHERTYPE_IP || proto == ETHERTYPE_IPV6) ip(p, f, n, off, depth + 1);
	if (outer) untunnel(p);
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
	int frag = 0, df = 0;                            /* the first of several fragments; DF set */
	/* the addresses known: IP, of a kind told below (NM_NONIP until then) */
	p->l3 = (u16)off;                                /* the innermost so far */
	if (avail < 1) return;
	if ((h[0] >> 4) == 4) {
		if (avail < 20 || (h[0] & 15) < 5) return;
		hl = (u32)(h[0] & 15) * 4;
		len = be16(h + 2);
		proto = h[9];
		p->v6 = 0; p->kind = NM_OTHER; p->proto = (u8)proto; p->sport = p->dport = 0;
		memcpy(p->src, h + 12, 4); memcpy(p->dst, h + 16, 4);
		if (be16(h + 6) & 0x1fff) { p->bad = 1; return; }  /* not the first fragment */
		frag = (be16(h + 6) & 0x2000) != 0;          /* more fragments */
		df = (be16(h + 6) & 0x4000) != 0;            /* don't fragment: with MF, a bit flipped */
		if (!len) len = p->len > off + hl ? p->len - off - hl : 0; /* TSO: length 0 */
		else if (len < hl) { p->bad = 1; return; }   /* shorter than its header: tshark stops */
		else len -= hl;
		len = on_wire(p, off + hl, len);
		p->iplen = hl + len;
	} else if ((h[0] >> 4) == 6) {
		if (avail < 40) return;
		len = be16(h + 4);
		proto = h[6];
		hl = 40;
		p->v6 = 1; p->kind = NM_OTHER; p->sport = p->dport = 0;
		memcpy(p->src, h + 8, 16); memcpy(p->dst, h + 24, 16);
		/* a payload length of 0: BIG TCP (GSO past 64 KiB) when the frame
		   holds more than a length could say; in a smaller frame a corrupted
		   length, which tshark takes as it is (no payload) */
		if (!len && p->len > off + 40 + 65535) len = p->len - off - 40;
		len = on_wire(p, off + 40, len);
		p->iplen = 40 + len;
		for (;;) {                                   /* extension headers */
			const u8 *e = h + hl;
			u32 el;
			p->proto = (u8)proto;
			if (proto == IPPROTO_HOPOPTS || proto == IPPROTO_ROUTING || proto == IPPROTO_DSTOPTS
			    || proto == IPPROTO_MH || proto == IPPROTO_HIP || proto == IPPROTO_SHIM6) {
				if (hl + 2 > avail) { p->bad = 1; return; }
				el = ((u32)e[1] + 1) * 8;
			} else if (proto == IPPROTO_FRAGMENT) {
				if (hl + 8 > avail) { p->bad = 1; return; }
				if (be16(e + 2) & 0xfff8) { p->bad = 1; return; }  /* not the first fragment */
				frag = be16(e + 2) & 1;
				el = 8;
			} else if (proto == IPPROTO_AH) {
				if (hl + 2 > avail) { p->bad = 1; return; }
				el = ((u32)e[1] + 2) * 4;
			} else break;
			proto = e[0];
			hl += el;
			len = len > el ? len - el : 0;
		}
	} else return;
	p->proto = (u8)proto;
	if (hl > avail) { p->bad = 1; return; }
	u32 l4 = off + hl;
	/* the first of several fragments: tshark shows no TCP in an IPv6 one, nor
	   in an IPv4 one whose bytes are all captured (kept for reassembly; the
	   TCP it shows in the last fragment); an IPv4 one cut short by the
	   snapshot length it dissects as TCP, without a length. A TCP sender
	   does not fragment what it sends with DF: a first fragment with DF set
	   is a corrupted frame, and no TCP then; a real one (DF clear) is
	   counted in its flow, as the closest netmoon can come without
	   reassembling */
	if (frag && proto == IPPROTO_TCP && (p->v6 || (df && l4 + len <= n))) { p->bad = 1; return; }
	if (proto == IPPROTO_TCP) {
		tcp(p, f + l4, n - l4, len);
		/* the segment's length is not known before reassembly: as tshark,
		   no payload counted and no sequence analysis */
		if (frag) { p->payload = 0; p->noseg = 1; p->datalen = 0; }
	}
	else if (proto == IPPROTO_UDP) {
		udp(p, f, n, l4, frag ? 0 : len, depth);
		if (frag && p->kind == NM_UDP) p->datalen = 0;   /* a part of a datagram: not named from */
	}
	else if (proto == IPPROTO_ICMP || proto == IPPROTO_ICMPV6) {
		p->kind = NM_ICMP; p->payload = len;
		if (l4 + 2 > n || (proto == IPPROTO_ICMP) == p->v6) { p->bad = 1; return; }
		p->flags = (u8)!flow_icmp(p->v6, f[l4], f[l4 + 1], &p->sport, &p->dport);  /* 1: an answer */
	}
	else {
		p->payload = len;                            /* other protocols: the IP payload */
		if (proto == IPPROTO_GRE) gre(p, f, n, l4, depth);
	}
}

void decode(struct pkt *p, const u8 *f, u32 n, u32 lt)
{
	p->kind = NM_NONIP; p->bad = 0; p->vlan_valid = 0; p->vlan = 0; p->v6 = 0;
	p->flags = 0; p->tcpfl = 0; p->payload = 0; p->datalen = 0; p->iplen = 0; p->sport = p->dport = 0; p->noseg = 0; p->silent = 0; p->tun = 0;
	p->proto = 0; p->l3 = 0;
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
	case LT_C_HDLC: case LT_IEEE802_11: case LT_IEEE802_11_RADIO:
		link_more(p, f, n, lt);
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
