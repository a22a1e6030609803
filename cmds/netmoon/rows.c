/* rows.c - the live view's display filter over its rows: a connection is
 * tested as one packet from its client to its server (raw IP, a TCP
 * header without flags), through the filter compiler and interpreter the
 * capture filter uses, so "host", "net", "port", "src", "dst", "ip6" and
 * "and/or/not" mean what they mean to tcpdump (src: the client). Pure. */
#include "net.h"
#include "filter.h"

/* c as raw IP: IPv4 or IPv6, then 20 bytes of TCP header; its length */
u32 conn_packet(u8 *o, const struct conn *c)
{
	u32 al = c->v6 ? 16 : 4, ip = c->v6 ? 40 : 20;
	memset(o, 0, ip + 20);
	if (c->v6) { o[0] = 0x60; o[5] = 20; o[6] = IPPROTO_TCP; o[7] = 64; }
	else { o[0] = 0x45; o[3] = 40; o[8] = 64; o[9] = IPPROTO_TCP; }
	memcpy(o + ip - 2 * al, c->a, al);
	memcpy(o + ip - al, c->b, al);
	o[ip] = (u8)(c->ap >> 8); o[ip + 1] = (u8)c->ap;
	o[ip + 2] = (u8)(c->bp >> 8); o[ip + 3] = (u8)c->bp;
	o[ip + 12] = 0x50;                      /* the header's length: 5 words */
	return ip + 20;
}

int conn_match(const struct conn *c, const bpf_insn *prog)
{
	u8 p[60];
	u32 n = conn_packet(p, c);
	return bpf_run(prog, p, n, n) != 0;
}
