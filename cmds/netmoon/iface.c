/* iface.c - what capturing on several interfaces needs: the copies of one
 * packet seen on more than one of them, found by a keyed hash of its
 * innermost IP packet, and the names of link types for -D. Pure: no
 * syscalls. */
#include "net.h"

/* a packet is a copy when its signature is in its slot, from another
   interface, less than DUP_WINDOW_NS apart (either way: the kernel stamps
   some copies before the one delivered first). The signature: the first
   DUP_BYTES of the innermost IP packet (the frame's, without IP) with the
   TTL or hop limit and the IPv4 header checksum zeroed (a router changes
   them) */
int dup_seen(struct dup_slot *d, const u32 k[2], const struct pkt *p, const u8 *f, u32 caplen)
{
	u8 b[DUP_BYTES];
	u32 at = p->l3, n = caplen > at ? caplen - at : 0;
	if (n > DUP_BYTES) n = DUP_BYTES;
	memcpy(b, f + at, n);
	if (p->kind != NM_NONIP && n >= 20) {
		if (b[0] >> 4 == 4) b[8] = b[10] = b[11] = 0;
		else b[7] = 0;
	}
	u32 h = hsiphash(k, b, n);
	struct dup_slot *s = &d[h & (DUP_SLOTS - 1)];
	if (s->sig == h && s->ifindex != p->ifindex && p->ts - s->ts + DUP_WINDOW_NS < 2 * DUP_WINDOW_NS)
		return 1;
	s->sig = h; s->ifindex = p->ifindex; s->ts = p->ts;
	return 0;
}

/* ARPHRD_* numbers, as iproute2 names them (link/ether ...); others are
   shown as numbers */
const char *arphrd_name(u16 type)
{
	return type == ARPHRD_ETHER ? "ether" : type == ARPHRD_LOOPBACK ? "loopback"
	     : type == ARPHRD_NONE ? "none" : 0;
}
