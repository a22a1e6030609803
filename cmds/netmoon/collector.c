/* collector.c - --ipfix: the UDP socket to a flow collector (an address
 * literal, never a name lookup), the messages ipfix.c builds written to it,
 * a flow's records when it ends and every --active-timeout while it lasts.
 * The socket is connected before the sandbox, so the filter needs nothing
 * more than write. A collector not listening (ICMP port unreachable comes
 * back as ECONNREFUSED on the next write) or a full socket buffer loses
 * messages: counted, said once, never fatal. */
#include "rt.h"
#include "sys.h"
#include "opt.h"
#include "netmoon.h"

/* HOST[:PORT]: a.b.c.d, a.b.c.d:port, an IPv6 address alone, [v6]:port.
   0, or what is wrong */
const char *collector_parse(const char *s)
{
	struct collector *k = &nm.col;
	size_t n = strlen(s);
	const char *port = 0;
	u32 a;
	int parts;
	k->port = 4739;                         /* IANA's IPFIX port */
	if (s[0] == '[') {
		const char *e = s + 1;
		while (*e && *e != ']') e++;
		if (*e != ']' || !parse_v6(s + 1, (int)(e - s - 1), k->addr)) return "invalid collector address";
		if (e[1] == ':') port = e + 2;
		else if (e[1]) return "invalid collector address";
		k->v6 = 1;
	} else {
		size_t colon = n, ncolon = 0;
		for (size_t i = 0; i < n; i++) if (s[i] == ':') { ncolon++; colon = i; }
		if (ncolon > 1) {                   /* IPv6 without a port */
			if (!parse_v6(s, (int)n, k->addr)) return "invalid collector address";
			k->v6 = 1;
		} else {
			if (!parse_v4(s, (int)colon, &a, &parts) || parts != 4) return "invalid collector address";
			put_be32(k->addr, a);
			if (ncolon) port = s + colon + 1;
		}
	}
	if (port) {
		u64 v;
		if (opt_num(port, &v) || !v || v > 65535) return "invalid collector port";
		k->port = (u16)v;
	}
	k->on = 1;
	return 0;
}

static void send_msg(void *ctx, const u8 *m, u32 len)
{
	struct collector *k = ctx;
	long e = sys_write(k->fd, m, len);
	k->msgs++;
	if (e == (long)len) return;
	k->lost++;
	if (!k->said) { k->said = 1; nm_note("IPFIX: a message to the collector was lost (counted at the end)", e < 0 ? e : -EIO); }
}

int collector_open(void)
{
	struct collector *k = &nm.col;
	long fd = sys_socket(k->v6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), e;
	if (fd < 0) { nm_note("IPFIX: socket", fd); return -1; }
	u16 port = (u16)(k->port >> 8 | k->port << 8);
	if (k->v6) {
		struct k_sockaddr_in6 a;
		memset(&a, 0, sizeof a);
		a.family = AF_INET6; a.port = port; memcpy(a.addr, k->addr, 16);
		e = sys_connect((int)fd, &a, sizeof a);
	} else {
		struct k_sockaddr_in a;
		memset(&a, 0, sizeof a);
		a.family = AF_INET; a.port = port; memcpy(&a.addr, k->addr, 4);
		e = sys_connect((int)fd, &a, sizeof a);
	}
	if (e) { pk_err("IPFIX collector", (int)e); sys_close((int)fd); return -1; }
	k->fd = (int)fd;
	k->period = nm.opt.active < ACTIVE_SWEEP_NS ? nm.opt.active : ACTIVE_SWEEP_NS;
	nm.ipfix.send = send_msg; nm.ipfix.ctx = k;
	ipfix_init(&nm.ipfix, nm.opt.domain);
	return 0;
}

/* a flow that ends: its last records */
void collector_end(const struct conn *c, int reason)
{
	static const u8 why[END_N] = { IPFIX_END, IPFIX_IDLE, IPFIX_RESOURCES, IPFIX_FORCED, IPFIX_END };
	ipfix_flow(&nm.ipfix, c, why[reason], nm.now);
}

/* every second of capture time (or each --active-timeout, when shorter):
   flows exported last --active-timeout ago or more give their deltas */
void collector_active(u64 now)
{
	struct table *t = &nm.table;
	nm.col.sweep = now;
	for (u32 i = table_first(t); i != NONE; i = table_next(t, i)) {
		struct conn *c = &t->c[i];
		if (now > c->xtime && now - c->xtime >= nm.opt.active) {
			ipfix_flow(&nm.ipfix, c, IPFIX_ACTIVE, now);
			ipfix_mark(c, now);
		}
	}
}

/* netmoon stops: what is built goes; losses said */
void collector_close(void)
{
	struct collector *k = &nm.col;
	ipfix_flush(&nm.ipfix);
	if (k->lost) {
		char m[80];
		int n = fmt_u64(m, k->lost);
		memcpy(m + n, " of ", 4); n += 4;
		n += fmt_u64(m + n, k->msgs);
		memcpy(m + n, " IPFIX messages not sent", 25);
		pk_msg("note", m, 0);
	}
}
