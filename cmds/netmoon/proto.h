/* proto.h - the numbers of the wire: ethertypes, IP protocol numbers, the
 * IPv6 extension headers, PPP protocols, well-known tunnel ports and pcap
 * link types, named once for the decoder and the filter compiler. */
#ifndef PK_PROTO_H
#define PK_PROTO_H

/* ethertypes (IEEE 802 numbers) */
enum {
	ETHERTYPE_IP     = 0x0800,
	ETHERTYPE_ARP    = 0x0806,
	ETHERTYPE_TEB    = 0x6558,  /* transparent Ethernet bridging (GRE, Geneve) */
	ETHERTYPE_REVARP = 0x8035,
	ETHERTYPE_VLAN   = 0x8100,  /* 802.1Q */
	ETHERTYPE_IPV6   = 0x86dd,
	ETHERTYPE_MPLS   = 0x8847,
	ETHERTYPE_MPLS_MC = 0x8848,
	ETHERTYPE_PPPOE_DISC = 0x8863,
	ETHERTYPE_PPPOE  = 0x8864,  /* PPPoE session */
	ETHERTYPE_NSH    = 0x894f,  /* network service header (RFC 8300) */
	ETHERTYPE_QINQ   = 0x88a8,  /* 802.1ad */
	ETHERTYPE_QINQ_OLD = 0x9100,
};

/* IP protocol numbers (IANA), IPv6 extension headers among them */
enum {
	IPPROTO_HOPOPTS = 0,
	IPPROTO_ICMP    = 1,
	IPPROTO_IGMP    = 2,
	IPPROTO_TCP     = 6,
	IPPROTO_UDP     = 17,
	IPPROTO_ROUTING = 43,
	IPPROTO_FRAGMENT = 44,
	IPPROTO_GRE     = 47,
	IPPROTO_ESP     = 50,
	IPPROTO_AH      = 51,
	IPPROTO_ICMPV6  = 58,
	IPPROTO_NONE    = 59,
	IPPROTO_DSTOPTS = 60,
	IPPROTO_PIM     = 103,
	IPPROTO_SCTP    = 132,
	IPPROTO_MH      = 135,  /* mobility header */
	IPPROTO_HIP     = 139,
	IPPROTO_SHIM6   = 140,
};

/* PPP protocol numbers (RFC 1661 and its registry) */
enum { PPP_IP = 0x21, PPP_IPV6 = 0x57, PPP_MPLS = 0x281, PPP_MPLS_MC = 0x283 };

/* UDP ports of the tunnels the decoder opens */
enum { PORT_DNS = 53, PORT_VXLAN = 4789, PORT_VXLAN_GPE = 4790, PORT_GENEVE = 6081 };
/* VXLAN-GPE's and NSH's next protocol numbers */
enum { NP_IPV4 = 1, NP_IPV6 = 2, NP_ETHERNET = 3, NP_NSH = 4, NP_MPLS = 5 };

/* pcap link types (the tcpdump.org registry) */
enum { LT_UNKNOWN = 0xffff };      /* a pcapng interface of a link type netmoon does not read */
enum { LT_NULL = 0, LT_ETHERNET = 1, LT_PPP = 9, LT_PPP_HDLC = 50, LT_RAW = 101,
       LT_C_HDLC = 104, LT_IEEE802_11 = 105, LT_LINUX_SLL = 113, LT_IEEE802_11_RADIO = 127,
       LT_ARCNET_LINUX = 129, LT_IPV4 = 228, LT_IPV6 = 229, LT_LINUX_SLL2 = 276 };
/* raw IP as older libpcaps wrote it: DLT_RAW's own numbers, 12, and 14 on
   OpenBSD (LT_RAW is what they are mapped to now) */
enum { LT_RAW_DLT = 12, LT_RAW_DLT_OPENBSD = 14 };

/* BSD loopback (LT_NULL) address families: AF_INET, and AF_INET6 as
   NetBSD/OpenBSD, FreeBSD and Darwin number it */
enum { BSD_AF_INET = 2, BSD_AF_INET6_LINUX = 10, BSD_AF_INET6_BSD = 24,
       BSD_AF_INET6_FREEBSD = 28, BSD_AF_INET6_DARWIN = 30 };

/* IEEE 802.11: the frame control's first byte (subtype << 4 | type << 2)
   and its flags byte; the header's parts; LLC/SNAP with OUI 0 (an ethertype
   follows); radiotap's first presence word (little-endian) and flags */
enum { WLAN_FC_CTL = 0x04, WLAN_FC_DATA = 0x08, WLAN_FC_NOBODY = 0x40, WLAN_FC_QOS = 0x80,
       WLAN_FL_TODS = 1, WLAN_FL_FROMDS = 2, WLAN_FL_PROTECTED = 0x40, WLAN_FL_ORDER = 0x80,
       WLAN_HDR = 24, WLAN_ADDR4 = 6, WLAN_QOS = 2, WLAN_HTC = 4, WLAN_SNAP = 8 };
enum { LLC_SNAP = 0xaaaa0300 };     /* DSAP, SSAP, control UI, the OUI's first byte */
enum { RT_TSFT = 1, RT_FLAGS = 2, RT_EXT = 0x80, RT_F_DATAPAD = 0x20 };  /* RT_EXT: in byte 3 */

/* ARCNET protocol ids (RFC 1051 and RFC 1201) */
enum { ARC_IP_RFC1051 = 0xf0, ARC_ARP_RFC1051 = 0xf1, ARC_IP = 0xd4, ARC_IPV6 = 0xc4,
       ARC_ARP = 0xd5, ARC_RARP = 0xd6, ARC_DIAG = 0x80 };
#endif
