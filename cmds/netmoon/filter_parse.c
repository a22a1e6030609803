/* filter_parse.c - the front of the filter compiler (libpcap's scanner and
 * grammar): the lexer, then a recursive-descent parser of pcap-filter.
 * Primitives ("tcp port 80", "net 10.0.0.0/8") and relations ("ip[0] & 0xf
 * > 5") are checked and their values read here (numbers, addresses, ports,
 * named offsets), then handed to filter_gen.c, which returns them as trees;
 * and/or/not join the trees. An error names its token's column: the first
 * one is kept (filter_fail), and every stage stops once FAILED. */
#include "filter_int.h"

struct filter_state F;

/* ---- errors ---- */
int filter_fail(int ti, const char *m, int quote)
{
	if (F.err->msg[0]) return 0;
	struct tok *t = &F.tok[ti < F.ntok ? ti : F.ntok - 1];
	size_t n = strlen(m), room = sizeof F.err->msg - 4;   /* ' ', two quotes, the NUL */
	if (n > room) n = room;
	memcpy(F.err->msg, m, n);
	if (quote && t->kind) {                    /* the word, clipped to what fits */
		size_t l = t->len < room - n ? t->len : room - n;
		F.err->msg[n++] = ' '; F.err->msg[n++] = '\'';
		memcpy(F.err->msg + n, F.src + t->pos, l); n += l;
		F.err->msg[n++] = '\'';
	}
	F.err->msg[n] = 0;
	F.err->col = t->pos + 1;
	return 0;
}

/* ---- lexer ---- */
static const char singles[] = "()[]:!&|+-*/%^=<>";    /* TOK_LPAREN.., in order */
static const struct { char c[3]; u8 kind; } pairs[] = { { "&&", TOK_AND }, { "||", TOK_OR },
	{ "<<", TOK_SHL }, { ">>", TOK_SHR }, { "==", TOK_EQ }, { "!=", TOK_NE }, { "<=", TOK_LE },
	{ ">=", TOK_GE } };
static int single_kind(char c)
{
	for (int i = 0; singles[i]; i++) if (singles[i] == c) return TOK_LPAREN + i;
	return 0;
}
static int wordch(char c, int inbr)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		c == '_' || c == '.' || c == '-' || c == '\\' || (c == ':' && !inbr);
}
static int lex(void)
{
	const char *s = F.src;
	int i = 0, br = 0;
	F.ntok = 0;
	for (;;) {
		while (s[i] == ' ' || s[i] == '\t' || s[i] == '\n') i++;
		if (F.ntok >= NTOK - 1 || i > 65000) {
			F.tok[NTOK - 1] = (struct tok){ TOK_END, 0, 0 }; F.ntok = NTOK;
			return filter_fail(NTOK - 1, "the expression is too long", 0);
		}
		struct tok *t = &F.tok[F.ntok++];
		t->pos = (u16)i;
		char c = s[i];
		if (!c) { t->kind = TOK_END; t->len = 0; return 1; }
		if (wordch(c, br) && c != '-') {
			int j = i;
			while (wordch(s[j], br)) j++;
			if (j - i > 255) return filter_fail(F.ntok - 1, "word too long", 0);
			t->kind = TOK_WORD; t->len = (u8)(j - i); i = j;
			continue;
		}
		int k = 0;
		for (size_t p = 0; p < sizeof pairs / sizeof pairs[0] && !k; p++)
			if (c == pairs[p].c[0] && s[i + 1] == pairs[p].c[1]) k = pairs[p].kind;
		if (k) { t->kind = (u8)k; t->len = 2; i += 2; continue; }
		if (!(k = single_kind(c))) {
			t->kind = TOK_WORD; t->len = 1;
			return filter_fail(F.ntok - 1, "unexpected character", 1);
		}
		if (c == '[') br++;
		if (c == ']' && br) br--;
		t->kind = (u8)k; t->len = 1; i++;
	}
}

/* ---- token helpers ---- */
static int is(int ti, const char *w)
{
	struct tok *t = &F.tok[ti];
	size_t n = strlen(w);
	return t->kind == TOK_WORD && t->len == n && !memcmp(F.src + t->pos, w, n);
}
static int isw(const char *w) { return is(F.cursor, w); }
static int kind(int ti) { return F.tok[ti].kind; }
static int is_comparison(int k) { return k >= TOK_EQ && k <= TOK_GE; }
static int hexv(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
		c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}
/* a number: decimal, 0x hex, 0 octal (as libpcap) */
static int num(const char *s, int n, u32 *v)
{
	u64 x = 0;
	int base = 10, i = 0;
	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) { base = 16; i = 2; }
	else if (n > 1 && s[0] == '0') { base = 8; i = 1; }
	if (i >= n) return 0;
	for (; i < n; i++) {
		int d = hexv(s[i]);
		if (d < 0 || d >= base) return 0;
		x = x * (u64)base + (u64)d;
		if (x > 0xffffffffu) return 0;
	}
	*v = (u32)x;
	return 1;
}
static int tnum(int ti, u32 *v)
{
	return kind(ti) == TOK_WORD && num(F.src + F.tok[ti].pos, F.tok[ti].len, v);
}
static const char *const proto_names[] = { "", "ether", "ip", "ip6", "arp", "rarp", "tcp", "udp",
	"sctp", "icmp", "icmp6", "igmp", "vlan" };
/* the protocol a token names (P_*), 0 if none */
static int proto_kw(int ti)
{
	for (int i = 1; i <= P_VLAN; i++) if (is(ti, proto_names[i])) return i;
	if (is(ti, "link")) return P_ETHER;
	return 0;
}

/* ---- addresses ---- */
int parse_v4(const char *s, int n, u32 *a, int *parts)
{
	u32 v = 0, x = 0; int np = 0, digits = 0;
	for (int i = 0; i <= n; i++) {
		if (i == n || s[i] == '.') {
			if (!digits || x > 255 || np == 4) return 0;
			v = v << 8 | x; np++; x = 0; digits = 0;
		} else if (s[i] >= '0' && s[i] <= '9' && digits < 3) {
			x = x * 10 + (u32)(s[i] - '0'); digits++;
		} else return 0;
	}
	*parts = np;
	*a = np == 4 ? v : v << (8 * (4 - np));
	return 1;
}
int parse_v6(const char *s, int n, u8 out[16])
{
	u16 g[8]; int ng = 0, gap = -1, i = 0;
	if (n >= 2 && s[0] == ':' && s[1] == ':') { gap = 0; i = 2; }
	else if (n && s[0] == ':') return 0;
	while (i < n) {
		int j = i; u32 v = 0;
		while (j < n && hexv(s[j]) >= 0 && j - i < 4) v = v << 4 | (u32)hexv(s[j++]);
		if (j == i) return 0;
		if (j < n && s[j] == '.') {         /* an IPv4 tail */
			u32 a; int parts;
			if (ng > 6 || !parse_v4(s + i, n - i, &a, &parts) || parts != 4) return 0;
			g[ng++] = (u16)(a >> 16); g[ng++] = (u16)a; i = n; break;
		}
		if (ng == 8) return 0;
		g[ng++] = (u16)v; i = j;
		if (i == n) break;
		if (s[i] != ':') return 0;
		i++;
		if (i < n && s[i] == ':') { if (gap >= 0) return 0; gap = ng; i++; }
		else if (i == n) return 0;
	}
	if (gap < 0 ? ng != 8 : ng > 7) return 0;
	int z = 8 - ng;
	for (int k = 0, o = 0; k < 8; k++) {
		u16 v = gap >= 0 && k >= gap && k < gap + z ? 0 : g[o++];
		out[2 * k] = (u8)(v >> 8); out[2 * k + 1] = (u8)v;
	}
	return 1;
}
static int parse_mac(const char *s, int n, u8 m[6])
{
	int k = 0, i = 0;
	while (k < 6) {
		int a = i < n ? hexv(s[i]) : -1;
		if (a < 0) return 0;
		int v = a; i++;
		if (i < n && hexv(s[i]) >= 0) v = v * 16 + hexv(s[i++]);
		m[k++] = (u8)v;
		if (k < 6) { if (i >= n || s[i] != ':') return 0; i++; }
	}
	return i == n;
}

/* ---- ports ---- */
/* a port number, or a service name (which may say the protocol) */
static int port_of(const char *s, int n, u32 *v, int *pr)
{
	if (num(s, n, v)) return *v <= 65535;
	return service_port(s, n, v, pr);
}

/* ---- arithmetic: proto[expr:size], len, numbers, named offsets ---- */
static const struct { const char *name; u32 v; } consts[] = {
	{ "tcpflags", 13 }, { "tcp-fin", 1 }, { "tcp-syn", 2 }, { "tcp-rst", 4 }, { "tcp-push", 8 },
	{ "tcp-ack", 16 }, { "tcp-urg", 32 }, { "tcp-ece", 64 }, { "tcp-cwr", 128 },
	{ "icmptype", 0 }, { "icmpcode", 1 }, { "icmp-echoreply", 0 }, { "icmp-unreach", 3 },
	{ "icmp-sourcequench", 4 }, { "icmp-redirect", 5 }, { "icmp-echo", 8 },
	{ "icmp-routeradvert", 9 }, { "icmp-routersolicit", 10 }, { "icmp-timxceed", 11 },
	{ "icmp-paramprob", 12 }, { "icmp-tstamp", 13 }, { "icmp-tstampreply", 14 },
	{ "icmp-ireq", 15 }, { "icmp-ireqreply", 16 }, { "icmp-maskreq", 17 },
	{ "icmp-maskreply", 18 }, { "icmp6type", 0 }, { "icmp6code", 1 },
	{ "icmp6-destinationunreach", 1 }, { "icmp6-packettoobig", 2 }, { "icmp6-timeexceeded", 3 },
	{ "icmp6-parameterproblem", 4 }, { "icmp6-echo", 128 }, { "icmp6-echoreply", 129 },
	{ "icmp6-multicastlistenerquery", 130 }, { "icmp6-multicastlistenerreportv1", 131 },
	{ "icmp6-multicastlistenerdone", 132 }, { "icmp6-routersolicit", 133 },
	{ "icmp6-routeradvert", 134 }, { "icmp6-neighborsolicit", 135 },
	{ "icmp6-neighboradvert", 136 }, { "icmp6-redirect", 137 },
};
static int axn(u8 op, int a, int b, u32 k)
{
	if (F.narith >= NARITH) return filter_fail(F.cursor, "expression too complex", 0), 0;
	F.arith[F.narith] = (struct arith){ op, 0, (u16)a, (u16)b, k, 0, 0 };
	return F.narith++;
}
static int arith(int lvl);
/* proto[index] or proto[index:size], the cursor on the "[" */
static int field(int pr)
{
	F.cursor++;
	int idx = arith(0);
	if (FAILED) return 0;
	u32 size = 1;
	if (kind(F.cursor) == TOK_COLON) {
		F.cursor++;
		if (!tnum(F.cursor, &size) || (size != 1 && size != 2 && size != 4))
			return filter_fail(F.cursor, "a field is 1, 2 or 4 bytes wide, not", 1);
		F.cursor++;
	}
	if (kind(F.cursor) != TOK_RBRACKET) return filter_fail(F.cursor, "expected ']'", 0);
	F.cursor++;
	int e = axn(AX_LOAD, idx, 0, 0);
	if (FAILED) return 0;
	F.arith[e].size = (u8)size;
	int guard = gen_field(pr, &F.arith[e]);
	if (FAILED) return 0;
	F.field_guard = gen_and(F.field_guard, guard);
	return e;
}
static int primary(void)
{
	u32 v;
	int ti = F.cursor;
	if (kind(ti) == TOK_LPAREN) {
		F.cursor++;
		int e = arith(0);
		if (kind(F.cursor) != TOK_RPAREN) return filter_fail(F.cursor, "expected ')'", 0);
		F.cursor++;
		return e;
	}
	if (kind(ti) == TOK_MINUS) {
		F.cursor++;
		int e = primary();
		if (FAILED) return 0;
		if (F.arith[e].op == AX_NUM) { F.arith[e].k = -F.arith[e].k; return e; }
		return axn(AX_NEG, e, 0, 0);
	}
	if (kind(ti) != TOK_WORD)
		return filter_fail(ti, kind(ti) ? "expected a number or a packet field"
					       : "expression ends too early", kind(ti) != TOK_END);
	if (tnum(ti, &v)) { F.cursor++; return axn(AX_NUM, 0, 0, v); }
	if (isw("len")) { F.cursor++; return axn(AX_LEN, 0, 0, 0); }
	for (size_t i = 0; i < sizeof consts / sizeof consts[0]; i++)
		if (is(ti, consts[i].name)) { F.cursor++; return axn(AX_NUM, 0, 0, consts[i].v); }
	int pr = proto_kw(ti);
	if (!pr || kind(ti + 1) != TOK_LBRACKET)
		return filter_fail(ti, "expected a number or a packet field, not", 1);
	if (pr == P_VLAN)
		return filter_fail(ti, "vlan[] is not supported; use ether[] after vlan", 0);
	F.cursor++;
	return field(pr);
}
static const struct { u8 tok, lvl, op; } binops[] = {
	{ TOK_BITOR, 1, BPF_OR }, { TOK_CARET, 1, BPF_XOR }, { TOK_BITAND, 2, BPF_AND },
	{ TOK_SHL, 3, BPF_LSH }, { TOK_SHR, 3, BPF_RSH }, { TOK_PLUS, 4, BPF_ADD },
	{ TOK_MINUS, 4, BPF_SUB }, { TOK_STAR, 5, BPF_MUL }, { TOK_SLASH, 5, BPF_DIV },
	{ TOK_PERCENT, 5, BPF_MOD },
};
static u32 fold(int op, u32 a, u32 b)
{
	switch (op) {
	case BPF_OR: return a | b; case BPF_XOR: return a ^ b; case BPF_AND: return a & b;
	case BPF_LSH: return b < 32 ? a << b : 0; case BPF_RSH: return b < 32 ? a >> b : 0;
	case BPF_ADD: return a + b; case BPF_SUB: return a - b; case BPF_MUL: return a * b;
	case BPF_DIV: return a / b; default: return a % b;
	}
}
static int arith(int lvl)
{
	if (lvl > 5) return primary();
	int l = arith(lvl + 1);
	for (;;) {
		if (FAILED) return 0;
		int op = -1;
		for (size_t i = 0; i < sizeof binops / sizeof binops[0]; i++)
			if (binops[i].tok == kind(F.cursor) && binops[i].lvl == lvl)
				op = binops[i].op;
		if (op < 0) return l;
		int ti = ++F.cursor;
		int r = arith(lvl + 1);
		if (FAILED) return 0;
		struct arith *L = &F.arith[l], *R = &F.arith[r];
		if ((op == BPF_DIV || op == BPF_MOD) && R->op == AX_NUM && !R->k)
			return filter_fail(ti, "division by zero", 0);
		if (L->op == AX_NUM && R->op == AX_NUM) { L->k = fold(op, L->k, R->k); continue; }
		l = axn(AX_BIN, l, r, (u32)op);
	}
}
/* e1 relop e2, and what its packet fields need */
static int relation(void)
{
	int saved = F.field_guard;
	F.field_guard = T_TRUE;
	int l = arith(0);
	if (FAILED) return 0;
	int op = kind(F.cursor);
	if (!is_comparison(op))
		return filter_fail(F.cursor, "expected a comparison (= != < <= > >=)", 0);
	F.cursor++;
	int r = arith(0);
	if (FAILED) return 0;
	int guard = F.field_guard;
	F.field_guard = saved;
	return gen_and(guard, gen_relation(l, r, op));
}

/* ---- values of primitives ---- */
static int value_ports(int ti, int pr, int dir, int type)
{
	const char *s = F.src + F.tok[ti].pos;
	int n = F.tok[ti].len;
	if (pr != P_NONE && pr != P_TCP && pr != P_UDP && pr != P_SCTP)
		return filter_fail(ti, "ports belong to tcp, udp or sctp", 0);
	u32 lo, hi;
	if (type == Y_PORT) {
		if (!port_of(s, n, &lo, &pr))
			return filter_fail(ti, num(s, n, &lo) ? "port numbers end at 65535:"
				: "expected a port number or a known service name, not", 1);
		hi = lo;
	} else {
		int m = 0;
		while (m < n && s[m] != '-') m++;
		if (m == n || !port_of(s, m, &lo, &pr) || !port_of(s + m + 1, n - m - 1, &hi, &pr))
			return filter_fail(ti, "expected a port range such as 6000-6010, not", 1);
		if (lo > hi) { u32 x = lo; lo = hi; hi = x; }
	}
	return gen_ports(pr, dir, lo, hi);
}
static int value_proto(int ti, int pr)
{
	const char *s = F.src + F.tok[ti].pos;
	int n = F.tok[ti].len, p = 0;
	u32 v;
	if (*s == '\\') { s++; n--; }
	for (int i = P_TCP; i <= P_IGMP; i++) {
		const char *name = proto_names[i];
		if (strlen(name) == (size_t)n && !memcmp(name, s, (size_t)n)) p = i;
	}
	if (pr == P_ETHER) {
		if (n == 2 && !memcmp(s, "ip", 2)) v = ETHERTYPE_IP;
		else if (n == 3 && !memcmp(s, "ip6", 3)) v = ETHERTYPE_IPV6;
		else if (n == 3 && !memcmp(s, "arp", 3)) v = ETHERTYPE_ARP;
		else if (n == 4 && !memcmp(s, "rarp", 4)) v = ETHERTYPE_REVARP;
		else if (!num(s, n, &v) || v > 65535)
			return filter_fail(ti, "expected an ethertype, not", 1);
		if (v <= 1500)
			return filter_fail(ti, "802.3 lengths (ether proto 1500 and below) are not supported:", 1);
		return gen_ethertype(v);
	}
	if (p) v = proto_numbers[p];
	else if (!num(s, n, &v) || v > 255)
		return filter_fail(ti, "expected an IP protocol number or name, not", 1);
	if (pr == P_IP) return gen_ip4proto(v);
	if (pr == P_IP6) return gen_ip6proto(v);
	if (pr != P_NONE) return filter_fail(ti, "proto takes ether, ip or ip6", 0);
	return gen_or(gen_ip4proto(v), gen_ip6proto(v));
}
/* an IPv4 host, or a network: a.b.c (the parts given), /len or mask m */
static int value_ipv4(int ti, int pr, int dir, int type, u32 a, int parts)
{
	u32 m = NONE, v;
	if (pr == P_IP6) return filter_fail(ti, "ip6 needs an IPv6 address, not", 1);
	if (type == Y_HOST && parts != 4)
		return filter_fail(ti, "expected a whole IPv4 address, not", 1);
	if (type == Y_NET) {
		m = parts == 4 ? NONE : NONE << (8 * (4 - parts));
		int next = F.cursor + 1;
		if (kind(F.cursor) == TOK_SLASH) {
			if (!tnum(next, &v) || v > 32)
				return filter_fail(next, "expected a prefix length 0-32", 0);
			m = v ? NONE << (32 - v) : 0; F.cursor += 2;
		} else if (isw("mask")) {
			int mp;
			if (kind(next) != TOK_WORD ||
			    !parse_v4(F.src + F.tok[next].pos, F.tok[next].len, &m, &mp) || mp != 4)
				return filter_fail(next, "expected a netmask such as 255.255.0.0", 0);
			F.cursor += 2;
		}
		if (a & ~m) return filter_fail(ti, "the network has host bits set:", 1);
	}
	return gen_host4(pr, dir, a, m);
}
static int value_ipv6(int ti, int pr, int dir, int type, const u8 a6[16])
{
	u8 m6[16];
	if (pr != P_NONE && pr != P_IP6)
		return filter_fail(ti, "an IPv6 address needs ip6, not", 1);
	u32 len = 128;
	if (type == Y_NET && kind(F.cursor) == TOK_SLASH) {
		if (!tnum(F.cursor + 1, &len) || len > 128)
			return filter_fail(F.cursor + 1, "expected a prefix length 0-128", 0);
		F.cursor += 2;
	}
	for (int i = 0; i < 16; i++) {
		u32 b = len >= 8 ? 8 : len; len -= b;
		m6[i] = (u8)(0xff00 >> b);
	}
	for (int i = 0; i < 16; i++)
		if (a6[i] & ~m6[i]) return filter_fail(ti, "the network has host bits set:", 1);
	return gen_host6(dir, a6, m6);
}
/* the value after the qualifiers, as the type (host, net, port ...) reads it */
static int value(int pr, int dir, int type)
{
	int ti = F.cursor;
	const char *s = F.src + F.tok[ti].pos;
	int n = F.tok[ti].len;
	u32 a, v; int parts; u8 a6[16], mac[6];
	if (kind(ti) != TOK_WORD)
		return filter_fail(ti, kind(ti) ? "expected a value, not" : "expression ends too early", 1);
	F.cursor++;
	if (type == Y_PORT || type == Y_RANGE) return value_ports(ti, pr, dir, type);
	if (type == Y_PROTO) return value_proto(ti, pr);
	/* host or net */
	if (type == Y_NONE) type = Y_HOST;
	if (pr == P_ETHER ||
	    (type == Y_HOST && pr == P_NONE && parse_mac(s, n, mac) && !parse_v6(s, n, a6))) {
		if (type != Y_HOST || !parse_mac(s, n, mac))
			return filter_fail(ti, "expected an Ethernet address such as 00:11:22:33:44:55, not", 1);
		return gen_ether_addr(ti, dir, mac);
	}
	if (pr != P_NONE && pr != P_IP && pr != P_IP6 && pr != P_ARP && pr != P_RARP)
		return filter_fail(ti, "addresses belong to ether, ip, ip6, arp or rarp", 0);
	if (parse_v4(s, n, &a, &parts)) return value_ipv4(ti, pr, dir, type, a, parts);
	if (parse_v6(s, n, a6)) return value_ipv6(ti, pr, dir, type, a6);
	if (num(s, n, &v)) return filter_fail(ti, "expected an address, not", 1);
	return filter_fail(ti, "host names are not looked up; give an address, not", 1);
}

/* ---- primitives ---- */
static int is_value(int ti)
{
	static const char *const keywords[] = { "src", "dst", "host", "net", "port", "portrange",
		"proto", "and", "or", "not", "less", "greater", "len", "broadcast", "multicast",
		"gateway", "mask" };
	if (kind(ti) != TOK_WORD || proto_kw(ti)) return 0;
	for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
		if (is(ti, keywords[i])) return 0;
	return 1;
}
/* tcpdump's primitives this compiler does not have: named, not taken for a value */
static int unsupported(int ti)
{
	static const char *const kw[] = { "gateway", "mpls", "pppoed", "pppoes", "geneve", "vxlan",
		"llc", "ifname", "on", "rnr", "rulenum", "reason", "rset", "ruleset", "srnr",
		"subrulenum", "action", "type", "subtype", "dir", "wlan", "atalk", "aarp", "decnet",
		"iso", "esis", "is-is", "isis", "clnp", "stp", "ipx", "netbeui", "lat", "moprc",
		"mopdl", "sca", "lane", "oamf4ec", "oamf4sc", "oamf4", "oam", "metac", "bcc", "sc",
		"ilmic", "connectmsg", "metaconnect", "inbound", "outbound", "ifindex", "protochain",
		"ra", "ta", "addr1", "addr2", "addr3", "addr4", "fisu", "lssu", "msu", "sio", "opc",
		"dpc", "sls", "carp", "vrrp", "radio", "hsls", "hfisu", "hlssu", "hmsu", "hsio",
		"hopc", "hdpc" };
	if (kind(ti) != TOK_WORD) return 0;
	for (size_t i = 0; i < sizeof kw / sizeof kw[0]; i++)
		if (is(ti, kw[i])) return 1;
	return 0;
}
/* the error for token ti, which begins no primitive */
static int unqualified(int ti)
{
	if (unsupported(ti)) return filter_fail(ti, "tcpdump's primitive, not supported by netmoon:", 1);
	if (is_value(ti))
		return filter_fail(ti, "a value needs a qualifier (host, net, port ...) before it:", 1);
	if (kind(ti) == TOK_END) return filter_fail(ti, "expression ends too early", 0);
	return filter_fail(ti, "expected a filter primitive, not", 1);
}
static int vlan(void)
{
	u32 id = NONE;
	int ti = F.cursor - 1;
	if (tnum(F.cursor, &id)) {
		if (id > 4095) return filter_fail(F.cursor, "VLAN ids end at 4095:", 1);
		F.cursor++;
	}
	return gen_vlan(ti, id);
}
/* [proto] [src|dst [or|and src|dst]] [host|net|port|portrange|proto] value,
   and the primitives of their own: broadcast, multicast, less, greater */
static int primitive(void)
{
	int pr = P_NONE, dir = D_ANY, type = Y_NONE, ti = F.cursor, q = 0;
	if ((pr = proto_kw(F.cursor))) {
		F.cursor++; q = 1;
		if (pr == P_VLAN) return vlan();
	}
	if (isw("src") || isw("dst")) {
		dir = isw("src") ? D_SRC : D_DST;
		F.cursor++; q = 1;
		int next = F.cursor + 1;
		if ((isw("or") || isw("and")) && (is(next, "src") || is(next, "dst")) &&
		    !is(next, dir == D_SRC ? "src" : "dst")) {
			dir = isw("or") ? D_OR : D_AND;
			F.cursor += 2;
		}
	}
	if (isw("host")) type = Y_HOST;
	else if (isw("net")) type = Y_NET;
	else if (isw("port")) type = Y_PORT;
	else if (isw("portrange")) type = Y_RANGE;
	else if (isw("proto")) type = Y_PROTO;
	if (type) {
		F.cursor++; q = 1;
		if (type == Y_PROTO && dir != D_ANY)
			return filter_fail(F.cursor - 1, "proto takes no src or dst", 0);
		if (type == Y_PROTO && pr != P_NONE && pr != P_ETHER && pr != P_IP && pr != P_IP6)
			return filter_fail(ti, "proto takes ether, ip or ip6", 0);
	} else if (isw("broadcast") || isw("multicast")) {
		int mc = isw("multicast");
		F.cursor++;
		if (dir != D_ANY)
			return filter_fail(F.cursor - 1,
					   "broadcast and multicast take no src or dst", 0);
		return gen_cast(ti, pr, mc);
	} else if (!q && (isw("less") || isw("greater"))) {
		int less = isw("less");
		u32 v;
		F.cursor++;
		if (!tnum(F.cursor, &v)) return filter_fail(F.cursor, "expected a length", 0);
		F.cursor++;
		return gen_len(less, v);
	} else if (pr && dir == D_ANY) {
		if (pr == P_ETHER)
			return filter_fail(F.cursor, "ether takes host, src, dst, proto, broadcast or multicast", 0);
		return gen_proto(pr);           /* "tcp", "ip6", "arp" ... */
	} else if (!q) {     /* "host a or b": b is a host too */
		if (!is_value(F.cursor) || !F.last_ok) return unqualified(F.cursor);
		pr = F.last_proto; dir = F.last_dir; type = F.last_type;
	}
	int t = value(pr, dir, type);
	F.last_ok = 1; F.last_proto = (u8)pr; F.last_dir = (u8)dir; F.last_type = (u8)type;
	return t;
}

/* ---- and, or, not ---- */
/* a relation if a comparison comes before the next and/or at this depth */
static int relation_ahead(void)
{
	int d = 0;
	for (int i = F.cursor; kind(i); i++) {
		int k = kind(i);
		if (k == TOK_LPAREN || k == TOK_LBRACKET) d++;
		else if (k == TOK_RPAREN || k == TOK_RBRACKET) { if (!d--) return 0; }
		else if (!d && (k == TOK_AND || k == TOK_OR || k == TOK_NOT ||
				is(i, "and") || is(i, "or") || is(i, "not"))) return 0;
		else if (!d && is_comparison(k)) return 1;
	}
	return 0;
}
static int expr(void);
static int term(void)
{
	if (FAILED) return 0;
	if (kind(F.cursor) == TOK_NOT || isw("not")) { F.cursor++; return gen_not(term()); }
	if (relation_ahead()) return relation();
	if (kind(F.cursor) == TOK_LPAREN) {
		int ti = F.cursor++;
		int t = expr();
		if (FAILED) return 0;
		if (kind(F.cursor) != TOK_RPAREN) {
			int more = kind(F.cursor) != TOK_END;
			if (!more) return filter_fail(ti, "unbalanced '('", 0);
			return filter_fail(F.cursor, "expected ')' or and/or, not", 1);
		}
		F.cursor++;
		return t;
	}
	return primitive();
}
/* and/or: equal precedence, left to right (pcap-filter, not C) */
static int expr(void)
{
	int t = term();
	for (;;) {
		if (FAILED) return 0;
		int k = kind(F.cursor), op;
		if (k == TOK_AND || isw("and")) op = T_AND;
		else if (k == TOK_OR || isw("or")) op = T_OR;
		else return t;
		F.cursor++;
		t = gen_tree(op, t, term());
	}
}
int parse_filter(void)
{
	if (!lex()) return 0;
	int t = kind(0) ? expr() : T_TRUE;
	int k = kind(F.cursor);
	if (!FAILED && k)
		filter_fail(F.cursor, k == TOK_RPAREN ? "unbalanced ')'" : "expected and/or, not",
			    k != TOK_RPAREN);
	return t;
}
