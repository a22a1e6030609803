/* rows.c - the live view's display filter over its rows: a connection is
 * tested as one packet from its client to its server (raw IP of its
 * protocol, a TCP header without flags, a UDP header, or an ICMP type and
 * code: the flow's "ports", flow_icmp), through the filter compiler and interpreter the
 * capture filter uses, so "host", "net", "port", "src", "dst", "ip6" and
 * "and/or/not" mean what they mean to tcpdump (src: the client). Pure. */
#include "net.h"
#include "filter.h"

/* c as raw IP: IPv4 or IPv6, then 20 bytes of its protocol's header; its length */
u32 conn_packet(u8 *o, const struct conn *c)
{
	u32 al = c->v6 ? 16 : 4, ip = c->v6 ? 40 : 20;
	memset(o, 0, ip + 20);
	if (c->v6) { o[0] = 0x60; o[5] = 20; o[6] = c->proto; o[7] = 64; }
	else { o[0] = 0x45; o[3] = 40; o[8] = 64; o[9] = c->proto; }
	memcpy(o + ip - 2 * al, c->a, al);
	memcpy(o + ip - al, c->b, al);
	if (c->proto == IPPROTO_ICMP || c->proto == IPPROTO_ICMPV6) { o[ip] = (u8)c->ap; o[ip + 1] = (u8)c->bp; }
	else if (c->proto == IPPROTO_TCP || c->proto == IPPROTO_UDP) {
		o[ip] = (u8)(c->ap >> 8); o[ip + 1] = (u8)c->ap;
		o[ip + 2] = (u8)(c->bp >> 8); o[ip + 3] = (u8)c->bp;
		o[ip + 4 + 8 * (c->proto == IPPROTO_TCP)] = c->proto == IPPROTO_TCP ? 0x50 : 0;  /* TCP: 5 words */
		if (c->proto == IPPROTO_UDP) o[ip + 5] = 20;                  /* UDP: its length */
	}
	return ip + 20;
}

int conn_match(const struct conn *c, const bpf_insn *prog)
{
	u8 p[60];
	u32 n = conn_packet(p, c);
	return bpf_run(prog, p, n, n) != 0;
}

/* a name (any bytes: it came off the wire) in at most w cells (w >= 2): a
   byte outside printable ASCII (0x20-0x7e) is '?', so no escape sequence
   reaches the terminal. Longer, its middle gives way to ell (one cell):
   the start keeps at most the leftmost label and half the room (the host),
   the end the rest (the domain), from a label's dot when one is in its
   first quarter (whole labels read better: ...compute.amazonaws.com keeps
   ".amazonaws.com", not "te.amazonaws.com"; further on, a dot would throw
   away too much); room the dot leaves goes to the start. Its length in
   bytes (ell may be a UTF-8 sequence) */
static u32 clean(char *o, const char *s, u32 n)
{
	for (u32 i = 0; i < n; i++) o[i] = s[i] >= ' ' && s[i] <= '~' ? s[i] : '?';
	return n;
}
u32 name_fit(char *o, const char *s, u32 n, u32 w, const char *ell)
{
	if (n <= w) return clean(o, s, n);
	u32 room = w - 1, left = 0, from;
	while (left < room / 2 && s[left] != '.') left++;
	from = n - (room - left);
	for (u32 k = from, e = from + (n - from) / 4; k <= e; k++) if (s[k] == '.') { from = k; break; }
	left = room - (n - from);
	u32 e = (u32)strlen(ell);
	clean(o, s, left);
	memcpy(o + left, ell, e);
	return left + e + clean(o + left + e, s + from, n - from);
}

/* a process as the PROCESS column shows it: "comm/pid" in at most w cells.
   comm is any bytes the process chose (PR_SET_NAME), so it is cleaned as a
   name is; a longer one loses its end to ell (one cell), not its middle: a
   command's name reads from its start, and the pid, which tells processes
   apart, stays whole (w >= 12 holds "/", ten digits and ell). Its length
   in bytes */
u32 own_fit(char *o, const char *comm, u32 pid, u32 w, const char *ell)
{
	char p[12];
	u32 np = (u32)fmt_u32(p + 1, pid) + 1, n = 0;
	p[0] = '/';
	while (n < COMM_MAX - 1 && comm[n]) n++;
	if (n + np > w) {
		u32 e = (u32)strlen(ell);
		n = clean(o, comm, w - np - 1);
		memcpy(o + n, ell, e);
		n += e;
	} else clean(o, comm, n);
	memcpy(o + n, p, np);
	return n + np;
}
