/* filter.c - pcap-filter expressions -> classic BPF.
 *
 * source --lex--> tokens --parse--> a boolean tree whose leaves are atoms
 * (a load sequence and one conditional jump, mirroring what libpcap's
 * gen_* functions build for each primitive) --gen--> a DAG of atom nodes,
 * hash-consed --thread--> edges whose outcome is already known on every
 * path (the second "ldh [12]; jeq #0x800" of "tcp port 80 or tcp port 443")
 * jump straight past the test --emit--> instructions, loads that A or X
 * already holds left out, long jumps through "ja" --check--> validated.
 * bpf_run interprets the result for pcap files; bpf_image lists it. */
#include "filter.h"
#include "net.h"

enum { NTOK = 8192, NTREE = 8192, NLOAD = 1024, NATOM = 2048, NPOOL = 16384,
       NNODE = 4096, NFACT = 24, ACCEPT = 0, REJECT = 1 };
enum { T_TRUE = 1, T_FALSE, T_ATOM, T_AND, T_OR, T_NOT };

struct tok { u8 kind; u8 len; u16 pos; };      /* kind: 'w' word, 0 end, else an operator */
struct tn { u8 op; u16 a, b; };
struct load { u16 at, n; u32 xpre; u8 complex; }; /* xpre: X = 4*([xpre-1]&0xf) first */
struct atom { u16 load, jcode; u32 k; };
struct node { u16 atom, t, f; };
struct ax { u8 op, size; u16 a, b; u32 k, base, xmsh; }; /* arithmetic */
enum { AX_NUM, AX_LEN, AX_LOAD, AX_BIN, AX_NEG };

static struct fc {
	const char *s;
	struct tok tk[NTOK]; int nt, p;
	struct tn tr[NTREE]; int ntr;
	struct load ld[NLOAD]; int nld;
	struct atom at[NATOM]; int nat;
	bpf_insn pool[NPOOL]; int npool;
	bpf_insn cur[96]; int ncur;
	struct ax ax[512]; int nax;
	struct node nd[NNODE]; int nnd;
	u16 hash[8192], thash[NTREE * 2];
	u16 facts[NNODE][NFACT]; u8 nf[NNODE], fset[NNODE];
	u32 lt, off_type, off_nl, live, nvlan;
	int lastq_ok; u8 lq_proto, lq_dir, lq_type;
	struct filter_err *e;
} F;

/* ---- errors ---- */
static int fail(int ti, const char *m, int quote)
{
	if (F.e->msg[0]) return 0;
	struct tok *t = &F.tk[ti < F.nt ? ti : F.nt - 1];
	size_t n = strlen(m), room = sizeof F.e->msg - 4;   /* ' ', two quotes, the NUL */
	if (n > room) n = room;
	memcpy(F.e->msg, m, n);
	if (quote && t->kind) {                    /* the word, clipped to what fits */
		size_t l = t->len < room - n ? t->len : room - n;
		F.e->msg[n++] = ' '; F.e->msg[n++] = '\'';
		memcpy(F.e->msg + n, F.s + t->pos, l); n += l;
		F.e->msg[n++] = '\'';
	}
	F.e->msg[n] = 0;
	F.e->col = t->pos + 1;
	return 0;
}
#define ERR (F.e->msg[0] != 0)

/* ---- lexer ---- */
static int opch(char c) { for (const char *o = "()[]:!&|+-*/%^<>="; *o; o++) if (*o == c) return 1; return 0; }
static int wordch(char c, int inbr)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		c == '_' || c == '.' || c == '-' || c == '\\' || (c == ':' && !inbr);
}
static int lex(void)
{
	const char *s = F.s;
	int i = 0, br = 0;
	F.nt = 0;
	for (;;) {
		while (s[i] == ' ' || s[i] == '\t' || s[i] == '\n') i++;
		if (F.nt >= NTOK - 1 || i > 65000) {
			F.tk[NTOK - 1] = (struct tok){ 0, 0, 0 }; F.nt = NTOK;
			return fail(NTOK - 1, "the expression is too long", 0);
		}
		struct tok *t = &F.tk[F.nt++];
		t->pos = (u16)i;
		char c = s[i];
		if (!c) { t->kind = 0; t->len = 0; return 1; }
		if (wordch(c, br) && c != '-') {
			int j = i;
			while (wordch(s[j], br)) j++;
			if (j - i > 255) return fail(F.nt - 1, "word too long", 0);
			t->kind = 'w'; t->len = (u8)(j - i); i = j;
			continue;
		}
		char d = s[i + 1], k = 0;
		if (c == '&' && d == '&') k = 'A';
		else if (c == '|' && d == '|') k = 'O';
		else if (c == '<' && d == '<') k = 'L';
		else if (c == '>' && d == '>') k = 'R';
		else if (c == '=' && d == '=') k = '=';
		else if (c == '!' && d == '=') k = 'N';
		else if (c == '<' && d == '=') k = 'l';
		else if (c == '>' && d == '=') k = 'g';
		if (k) { t->kind = (u8)k; t->len = 2; i += 2; continue; }
		if (!opch(c)) { t->kind = 'w'; t->len = 1; return fail(F.nt - 1, "unexpected character", 1); }
		if (c == '[') br++;
		if (c == ']' && br) br--;
		t->kind = (u8)c; t->len = 1; i++;
	}
}

/* ---- token helpers ---- */
static struct tok *tk(void) { return &F.tk[F.p]; }
static int is(int ti, const char *w)
{
	struct tok *t = &F.tk[ti];
	size_t n = strlen(w);
	return t->kind == 'w' && t->len == n && !memcmp(F.s + t->pos, w, n);
}
static int isw(const char *w) { return is(F.p, w); }
static int kind(int ti) { return F.tk[ti].kind; }

/* a number: decimal, 0x hex, 0 octal (as libpcap) */
static int num(const char *s, int n, u32 *v)
{
	u64 x = 0;
	int base = 10, i = 0;
	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) { base = 16; i = 2; }
	else if (n > 1 && s[0] == '0') { base = 8; i = 1; }
	if (i >= n) return 0;
	for (; i < n; i++) {
		int d = s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : s[i] >= 'a' && s[i] <= 'f' ? s[i] - 'a' + 10 :
			s[i] >= 'A' && s[i] <= 'F' ? s[i] - 'A' + 10 : 99;
		if (d >= base) return 0;
		x = x * (u64)base + (u64)d;
		if (x > 0xffffffffu) return 0;
	}
	*v = (u32)x;
	return 1;
}
static int tnum(int ti, u32 *v) { return kind(ti) == 'w' && num(F.s + F.tk[ti].pos, F.tk[ti].len, v); }

/* ---- trees, loads, atoms ---- */
static int tree(int op, int a, int b)
{
	if (op == T_AND) { if (a == T_FALSE || b == T_TRUE) return a; if (a == T_TRUE) return b; }
	if (op == T_OR) { if (a == T_TRUE || b == T_FALSE) return a; if (a == T_FALSE) return b; }
	if (op == T_NOT && (a == T_TRUE || a == T_FALSE)) return a == T_TRUE ? T_FALSE : T_TRUE;
	if (op == T_NOT && F.tr[a].op == T_NOT) return F.tr[a].a;
	u32 h = ((u32)op * 0x9e3779b1u ^ (u32)a * 40503u ^ (u32)b * 2246822519u) & (NTREE * 2 - 1);
	for (;; h = (h + 1) & (NTREE * 2 - 1)) {   /* equal subtrees are one tree */
		int i = F.thash[h];
		if (!i) break;
		if (F.tr[i].op == op && F.tr[i].a == a && F.tr[i].b == b) return i;
	}
	if (F.ntr >= NTREE) return fail(F.p, "filter too complex", 0);
	F.tr[F.ntr] = (struct tn){ (u8)op, (u16)a, (u16)b };
	F.thash[h] = (u16)F.ntr;
	return F.ntr++;
}
static void emit(u16 code, u32 k)
{
	if (F.ncur < (int)(sizeof F.cur / sizeof F.cur[0])) F.cur[F.ncur] = (bpf_insn){ code, 0, 0, k };
	F.ncur++;
}
/* intern F.cur as a load sequence; a leading "ldxb 4*([n]&0xf)" with no
   other use of X or scratch memory becomes xpre, so that X can be reused */
static int mkload(void)
{
	if (F.ncur > (int)(sizeof F.cur / sizeof F.cur[0])) { fail(F.p, "expression too complex", 0); return 0; }
	bpf_insn *c = F.cur;
	int n = F.ncur, xw = 0;
	u32 xpre = 0;
	for (int i = 0; i < n; i++) {
		u16 cl = c[i].code & 7;
		if (cl == BPF_LDX || cl == BPF_ST || cl == BPF_STX || (c[i].code & 0xe0) == BPF_MEM || c[i].code == (BPF_MISC | BPF_TAX))
			xw++;
	}
	if (n && c[0].code == (BPF_LDX | BPF_B | BPF_MSH) && xw == 1) { xpre = c[0].k + 1; c++; n--; xw = 0; }
	for (int i = 0; i < F.nld; i++) {
		struct load *l = &F.ld[i];
		if (l->n == n && l->xpre == xpre && !memcmp(&F.pool[l->at], c, (size_t)n * sizeof *c)) return i;
	}
	if (F.nld >= NLOAD || F.npool + n > NPOOL) { fail(F.p, "filter too complex", 0); return 0; }
	memcpy(&F.pool[F.npool], c, (size_t)n * sizeof *c);
	F.ld[F.nld] = (struct load){ (u16)F.npool, (u16)n, xpre, (u8)(xw != 0) };
	F.npool += n;
	return F.nld++;
}
/* a leaf: the current load sequence, then "jcode k" */
static int atom(u16 jcode, u32 k)
{
	int l = mkload();
	F.ncur = 0;
	if (ERR) return 0;
	for (int i = 0; i < F.nat; i++)
		if (F.at[i].load == l && F.at[i].jcode == jcode && F.at[i].k == k) return tree(T_ATOM, i, 0);
	if (F.nat >= NATOM) return fail(F.p, "filter too complex", 0);
	F.at[F.nat] = (struct atom){ (u16)l, jcode, k };
	return tree(T_ATOM, F.nat++, 0);
}
/* ld{,h,b} [off] (& mask) compared with k */
static int cmp(u16 size, u32 off, u32 mask, u16 jop, u32 k)
{
	if (!mask && jop == BPF_JEQ) return k ? T_FALSE : T_TRUE;   /* net 0/0 */
	F.ncur = 0;
	emit(BPF_LD | size | BPF_ABS, off);
	if (mask != NONE) emit(BPF_ALU | BPF_AND | BPF_K, mask);
	return atom(BPF_JMP | jop | BPF_K, k);
}
static int eq(u16 size, u32 off, u32 k) { return cmp(size, off, NONE, BPF_JEQ, k); }
static int and_(int a, int b) { return tree(T_AND, a, b); }
static int or_(int a, int b) { return tree(T_OR, a, b); }
static int not_(int a) { return tree(T_NOT, a, 0); }

/* ---- the link layer ---- */
int filter_linktype_ok(u32 lt)
{
	return lt == LT_ETHERNET || lt == LT_LINUX_SLL || lt == LT_LINUX_SLL2 || lt == LT_RAW ||
		lt == 12 || lt == 14 || lt == LT_IPV4 || lt == LT_IPV6;
}
static void link_init(u32 lt)
{
	F.lt = lt; F.off_type = NONE; F.off_nl = 0;
	if (lt == LT_ETHERNET) { F.off_type = 12; F.off_nl = 14; }
	else if (lt == LT_LINUX_SLL) { F.off_type = 14; F.off_nl = 16; }
	else if (lt == LT_LINUX_SLL2) { F.off_type = 0; F.off_nl = 20; }
}
/* "the frame carries ethertype t" */
static int ltype(u32 t)
{
	if (F.off_type != NONE) return eq(BPF_H, F.off_type, t);
	if (t != 0x800 && t != 0x86dd) return T_FALSE;
	if (F.lt == LT_IPV4) return t == 0x800 ? T_TRUE : T_FALSE;
	if (F.lt == LT_IPV6) return t == 0x86dd ? T_TRUE : T_FALSE;
	return cmp(BPF_B, F.off_nl, 0xf0, BPF_JEQ, t == 0x800 ? 0x40 : 0x60);
}

/* ---- protocols ---- */
enum { P_NONE, P_ETHER, P_IP, P_IP6, P_ARP, P_RARP, P_TCP, P_UDP, P_SCTP, P_ICMP, P_ICMP6, P_IGMP, P_VLAN };
static const char *const pname[] = { "", "ether", "ip", "ip6", "arp", "rarp", "tcp", "udp", "sctp", "icmp", "icmp6", "igmp", "vlan" };
static const u8 pnum[] = { 0, 0, 0, 0, 0, 0, 6, 17, 132, 1, 58, 2, 0 };
enum { D_ANY, D_SRC, D_DST, D_OR, D_AND };
enum { Y_NONE, Y_HOST, Y_NET, Y_PORT, Y_RANGE, Y_PROTO };

static int proto_kw(int ti)
{
	for (int i = 1; i <= P_VLAN; i++) if (is(ti, pname[i])) return i;
	if (is(ti, "link")) return P_ETHER;
	return 0;
}
static int ip4proto(u32 p) { return and_(ltype(0x800), eq(BPF_B, F.off_nl + 9, p)); }
static int ip6proto(u32 p)
{
	int direct = eq(BPF_B, F.off_nl + 6, p);
	int frag = and_(eq(BPF_B, F.off_nl + 6, 44), eq(BPF_B, F.off_nl + 40, p));
	return and_(ltype(0x86dd), or_(direct, frag));
}
/* the protocol alone: "tcp" is IPv4 or IPv6 TCP (behind a fragment header too) */
static int proto_only(int pr)
{
	switch (pr) {
	case P_IP: return ltype(0x800);
	case P_IP6: return ltype(0x86dd);
	case P_ARP: return ltype(0x806);
	case P_RARP: return ltype(0x8035);
	case P_TCP: case P_UDP: case P_SCTP: return or_(ip4proto(pnum[pr]), ip6proto(pnum[pr]));
	case P_ICMP: case P_IGMP: return ip4proto(pnum[pr]);
	case P_ICMP6: return ip6proto(58);
	}
	return T_FALSE;
}
static int dirt(int dir, int s, int d)
{
	if (dir == D_SRC) return s;
	if (dir == D_DST) return d;
	if (dir == D_AND) return and_(s, d);
	return or_(s, d);
}
static int frag(void) { return cmp(BPF_H, F.off_nl + 6, NONE, BPF_JSET, 0x1fff); }

/* ---- addresses ---- */
static int parse_v4(const char *s, int n, u32 *a, int *parts)
{
	u32 v = 0, x = 0; int np = 0, digits = 0;
	for (int i = 0; i <= n; i++) {
		if (i == n || s[i] == '.') {
			if (!digits || x > 255 || np == 4) return 0;
			v = v << 8 | x; np++; x = 0; digits = 0;
		} else if (s[i] >= '0' && s[i] <= '9' && digits < 3) { x = x * 10 + (u32)(s[i] - '0'); digits++; }
		else return 0;
	}
	*parts = np;
	*a = np == 4 ? v : v << (8 * (4 - np));
	return 1;
}
static int hexv(char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1; }
static int parse_v6(const char *s, int n, u8 out[16])
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
static u32 be32(const u8 *p) { return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3]; }

static int host4(int pr, int dir, u32 a, u32 m)
{
	u32 nl = F.off_nl;
	int ip = and_(ltype(0x800), dirt(dir, cmp(BPF_W, nl + 12, m, BPF_JEQ, a), cmp(BPF_W, nl + 16, m, BPF_JEQ, a)));
	if (pr == P_IP) return ip;
	int arp = and_(ltype(0x806), dirt(dir, cmp(BPF_W, nl + 14, m, BPF_JEQ, a), cmp(BPF_W, nl + 24, m, BPF_JEQ, a)));
	if (pr == P_ARP) return arp;
	int rarp = and_(ltype(0x8035), dirt(dir, cmp(BPF_W, nl + 14, m, BPF_JEQ, a), cmp(BPF_W, nl + 24, m, BPF_JEQ, a)));
	if (pr == P_RARP) return rarp;
	return or_(or_(ip, arp), rarp);
}
static int v6words(u32 off, const u8 a[16], const u8 m[16])
{
	int t = T_TRUE;
	for (int i = 0; i < 4; i++) {
		u32 mw = be32(m + 4 * i);
		if (mw) t = and_(t, cmp(BPF_W, off + 4 * (u32)i, mw == NONE ? NONE : mw, BPF_JEQ, be32(a + 4 * i) & mw));
	}
	return t;
}
static int host6(int dir, const u8 a[16], const u8 m[16])
{
	return and_(ltype(0x86dd), dirt(dir, v6words(F.off_nl + 8, a, m), v6words(F.off_nl + 24, a, m)));
}
static int ether_addr(int ti, int dir, const u8 mac[6])
{
	if (F.lt != LT_ETHERNET) return fail(ti, "ether addresses need Ethernet frames", 0);
	u32 lo = be32(mac + 2), hi = (u32)mac[0] << 8 | mac[1];
	int s = and_(eq(BPF_W, 8, lo), eq(BPF_H, 6, hi)), d = and_(eq(BPF_W, 2, lo), eq(BPF_H, 0, hi));
	return dirt(dir, s, d);
}

/* ---- ports ---- */
/* service names as Debian's /etc/services defines them; a name known for
   TCP only ("ssh") means a TCP port, as in libpcap */
static const struct { const char *n; u16 p; u8 proto; } services[] = {
	{ "ftp-data", 20, P_TCP }, { "ftp", 21, P_TCP }, { "ssh", 22, P_TCP }, { "telnet", 23, P_TCP },
	{ "smtp", 25, P_TCP }, { "domain", 53, P_NONE }, { "bootps", 67, P_UDP }, { "bootpc", 68, P_UDP },
	{ "tftp", 69, P_UDP }, { "http", 80, P_TCP }, { "www", 80, P_TCP }, { "kerberos", 88, P_NONE },
	{ "pop3", 110, P_TCP }, { "sunrpc", 111, P_NONE }, { "ntp", 123, P_UDP }, { "netbios-ns", 137, P_UDP },
	{ "netbios-dgm", 138, P_UDP }, { "netbios-ssn", 139, P_TCP }, { "imap", 143, P_TCP },
	{ "imap2", 143, P_TCP }, { "snmp", 161, P_NONE }, { "snmp-trap", 162, P_NONE }, { "bgp", 179, P_TCP },
	{ "ldap", 389, P_NONE }, { "https", 443, P_NONE }, { "microsoft-ds", 445, P_TCP }, { "isakmp", 500, P_UDP },
	{ "syslog", 514, P_NONE }, { "dhcpv6-client", 546, P_UDP }, { "dhcpv6-server", 547, P_UDP },
	{ "submission", 587, P_TCP }, { "ldaps", 636, P_NONE }, { "rsync", 873, P_TCP }, { "imaps", 993, P_TCP },
	{ "pop3s", 995, P_TCP }, { "openvpn", 1194, P_NONE }, { "radius", 1812, P_NONE }, { "nfs", 2049, P_NONE },
	{ "mysql", 3306, P_TCP }, { "ms-wbt-server", 3389, P_TCP }, { "sip", 5060, P_NONE },
	{ "mdns", 5353, P_UDP }, { "postgresql", 5432, P_TCP }, { "x11", 6000, P_TCP }, { "http-alt", 8080, P_TCP },
};
static int port_of(const char *s, int n, u32 *v, int *pr)
{
	if (num(s, n, v)) return *v <= 65535;
	for (size_t i = 0; i < sizeof services / sizeof services[0]; i++)
		if (strlen(services[i].n) == (size_t)n && !memcmp(services[i].n, s, (size_t)n)) {
			*v = services[i].p;
			if (*pr == P_NONE) *pr = services[i].proto;
			return 1;
		}
	return 0;
}
/* one direction's port test: lo..hi on the 16-bit field */
/* the 16-bit field at off, past the IPv4 options if x, as the load sequence */
static void port_load(int x, u32 off)
{
	F.ncur = 0;
	if (x) emit(BPF_LDX | BPF_B | BPF_MSH, F.off_nl);
	emit(BPF_LD | BPF_H | (x ? BPF_IND : BPF_ABS), off);
}
static int pcmp(int x, u32 off, u32 lo, u32 hi)
{
	port_load(x, off);
	if (lo == hi) return atom(BPF_JMP | BPF_JEQ | BPF_K, lo);
	int ge = atom(BPF_JMP | BPF_JGE | BPF_K, lo);
	port_load(x, off);
	return and_(ge, not_(atom(BPF_JMP | BPF_JGT | BPF_K, hi)));
}
static int ports(int pr, int dir, u32 lo, u32 hi)
{
	static const u8 all[] = { 132, 6, 17 };
	u32 nl = F.off_nl;
	int p4 = T_FALSE, p6 = T_FALSE;
	for (int i = 0; i < 3; i++) {
		if (pr != P_NONE && pnum[pr] != all[i]) continue;
		p4 = or_(p4, eq(BPF_B, nl + 9, all[i]));
		p6 = or_(p6, eq(BPF_B, nl + 6, all[i]));
	}
	int v6 = and_(ltype(0x86dd), and_(p6, dirt(dir, pcmp(0, nl + 40, lo, hi), pcmp(0, nl + 42, lo, hi))));
	int v4 = and_(ltype(0x800), and_(p4, and_(not_(frag()), dirt(dir, pcmp(1, nl, lo, hi), pcmp(1, nl + 2, lo, hi)))));
	return or_(v6, v4);
}

/* ---- arithmetic: proto[expr:size], len, numbers, named offsets ---- */
static const struct { const char *n; u32 v; } consts[] = {
	{ "tcpflags", 13 }, { "tcp-fin", 1 }, { "tcp-syn", 2 }, { "tcp-rst", 4 }, { "tcp-push", 8 },
	{ "tcp-ack", 16 }, { "tcp-urg", 32 }, { "tcp-ece", 64 }, { "tcp-cwr", 128 },
	{ "icmptype", 0 }, { "icmpcode", 1 }, { "icmp-echoreply", 0 }, { "icmp-unreach", 3 },
	{ "icmp-sourcequench", 4 }, { "icmp-redirect", 5 }, { "icmp-echo", 8 }, { "icmp-routeradvert", 9 },
	{ "icmp-routersolicit", 10 }, { "icmp-timxceed", 11 }, { "icmp-paramprob", 12 }, { "icmp-tstamp", 13 },
	{ "icmp-tstampreply", 14 }, { "icmp-ireq", 15 }, { "icmp-ireqreply", 16 }, { "icmp-maskreq", 17 },
	{ "icmp-maskreply", 18 }, { "icmp6type", 0 }, { "icmp6code", 1 }, { "icmp6-destinationunreach", 1 },
	{ "icmp6-packettoobig", 2 }, { "icmp6-timeexceeded", 3 }, { "icmp6-parameterproblem", 4 },
	{ "icmp6-echo", 128 }, { "icmp6-echoreply", 129 }, { "icmp6-multicastlistenerquery", 130 },
	{ "icmp6-multicastlistenerreportv1", 131 }, { "icmp6-multicastlistenerdone", 132 },
	{ "icmp6-routersolicit", 133 }, { "icmp6-routeradvert", 134 }, { "icmp6-neighborsolicit", 135 },
	{ "icmp6-neighboradvert", 136 }, { "icmp6-redirect", 137 },
};
static int cond;  /* what the loads of the relation being parsed need (AND) */
static int axn(u8 op, int a, int b, u32 k)
{
	if (F.nax >= 512) return fail(F.p, "expression too complex", 0), 0;
	F.ax[F.nax] = (struct ax){ op, 0, (u16)a, (u16)b, k, 0, 0 };
	return F.nax++;
}
static int arith(int lvl);
static int primary(void)
{
	u32 v;
	int ti = F.p;
	if (kind(ti) == '(') {
		F.p++;
		int e = arith(0);
		if (kind(F.p) != ')') return fail(F.p, "expected ')'", 0);
		F.p++;
		return e;
	}
	if (kind(ti) == '-') {
		F.p++;
		int e = primary();
		if (ERR) return 0;
		if (F.ax[e].op == AX_NUM) { F.ax[e].k = -F.ax[e].k; return e; }
		return axn(AX_NEG, e, 0, 0);
	}
	if (kind(ti) != 'w') return fail(ti, kind(ti) ? "expected a number or a packet field" : "expression ends too early", kind(ti) != 0);
	if (tnum(ti, &v)) { F.p++; return axn(AX_NUM, 0, 0, v); }
	if (isw("len")) { F.p++; return axn(AX_LEN, 0, 0, 0); }
	for (size_t i = 0; i < sizeof consts / sizeof consts[0]; i++)
		if (is(ti, consts[i].n)) { F.p++; return axn(AX_NUM, 0, 0, consts[i].v); }
	int pr = proto_kw(ti);
	if (!pr || kind(ti + 1) != '[') return fail(ti, "expected a number or a packet field, not", 1);
	if (pr == P_VLAN) return fail(ti, "vlan[] is not supported; use ether[] after vlan", 0);
	F.p += 2;
	int idx = arith(0);
	if (ERR) return 0;
	u32 size = 1;
	if (kind(F.p) == ':') {
		F.p++;
		if (!tnum(F.p, &size) || (size != 1 && size != 2 && size != 4)) return fail(F.p, "a field is 1, 2 or 4 bytes wide, not", 1);
		F.p++;
	}
	if (kind(F.p) != ']') return fail(F.p, "expected ']'", 0);
	F.p++;
	int e = axn(AX_LOAD, idx, 0, 0);
	if (ERR) return 0;
	struct ax *x = &F.ax[e];
	x->size = (u8)size;
	int c = T_TRUE;
	switch (pr) {
	case P_ETHER: x->base = 0; break;
	case P_IP: case P_IP6: case P_ARP: case P_RARP: c = proto_only(pr); x->base = F.off_nl; break;
	case P_ICMP6: c = and_(ltype(0x86dd), eq(BPF_B, F.off_nl + 6, 58)); x->base = F.off_nl + 40; break;
	default:      /* tcp udp sctp icmp igmp: IPv4, unfragmented, past the IP options */
		c = and_(ltype(0x800), and_(proto_only(pr), not_(frag())));
		x->base = F.off_nl; x->xmsh = F.off_nl + 1;
	}
	if (pr == P_ETHER && F.off_type == NONE && F.lt != LT_IPV4 && F.lt != LT_IPV6 && F.lt != LT_RAW && F.lt != 12 && F.lt != 14)
		return fail(ti, "no link header here", 0);
	cond = and_(cond, c);
	return e;
}
static const struct { u8 tok, lvl, op; } binops[] = {
	{ '|', 1, BPF_OR }, { '^', 1, BPF_XOR }, { '&', 2, BPF_AND }, { 'L', 3, BPF_LSH }, { 'R', 3, BPF_RSH },
	{ '+', 4, BPF_ADD }, { '-', 4, BPF_SUB }, { '*', 5, BPF_MUL }, { '/', 5, BPF_DIV }, { '%', 5, BPF_MOD },
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
		if (ERR) return 0;
		int op = -1;
		for (size_t i = 0; i < sizeof binops / sizeof binops[0]; i++)
			if (binops[i].tok == kind(F.p) && binops[i].lvl == lvl) op = binops[i].op;
		if (op < 0) return l;
		int ti = ++F.p;
		int r = arith(lvl + 1);
		if (ERR) return 0;
		if ((op == BPF_DIV || op == BPF_MOD) && F.ax[r].op == AX_NUM && !F.ax[r].k) return fail(ti, "division by zero", 0);
		if (F.ax[l].op == AX_NUM && F.ax[r].op == AX_NUM) { F.ax[l].k = fold(op, F.ax[l].k, F.ax[r].k); continue; }
		l = axn(AX_BIN, l, r, (u32)op);
	}
}
/* code for e into F.cur, result in A; d: scratch words in use */
static void axemit(int e, int d)
{
	struct ax *x = &F.ax[e];
	if (d >= BPF_MEMWORDS) { fail(F.p, "expression too complex", 0); return; }
	switch (x->op) {
	case AX_NUM: emit(BPF_LD | BPF_IMM, x->k); break;
	case AX_LEN: emit(BPF_LD | BPF_W | BPF_LEN, 0); break;
	case AX_NEG: axemit(x->a, d); emit(BPF_ALU | BPF_NEG, 0); break;
	case AX_LOAD: {
		u16 sz = x->size == 4 ? BPF_W : x->size == 2 ? BPF_H : BPF_B;
		struct ax *i = &F.ax[x->a];
		if (i->op == AX_NUM) {
			if (x->xmsh) { emit(BPF_LDX | BPF_B | BPF_MSH, x->xmsh - 1); emit(BPF_LD | sz | BPF_IND, x->base + i->k); }
			else emit(BPF_LD | sz | BPF_ABS, x->base + i->k);
			break;
		}
		axemit(x->a, d);
		if (x->xmsh) {
			emit(BPF_ST, (u32)d); emit(BPF_LDX | BPF_B | BPF_MSH, x->xmsh - 1);
			emit(BPF_LD | BPF_MEM, (u32)d); emit(BPF_ALU | BPF_ADD | BPF_X, 0);
		}
		emit(BPF_MISC | BPF_TAX, 0);
		emit(BPF_LD | sz | BPF_IND, x->base);
		break;
	}
	case AX_BIN:
		if (F.ax[x->b].op == AX_NUM) { axemit(x->a, d); emit((u16)(BPF_ALU | x->k | BPF_K), F.ax[x->b].k); break; }
		axemit(x->b, d);
		emit(BPF_ST, (u32)d);
		axemit(x->a, d + 1);
		emit(BPF_LDX | BPF_MEM, (u32)d);
		emit((u16)(BPF_ALU | x->k | BPF_X), 0);
	}
}
static int relop(int k, u16 *jop, int *neg)
{
	switch (k) {
	case '=': *jop = BPF_JEQ; *neg = 0; return 1;
	case 'N': *jop = BPF_JEQ; *neg = 1; return 1;
	case '>': *jop = BPF_JGT; *neg = 0; return 1;
	case 'g': *jop = BPF_JGE; *neg = 0; return 1;
	case '<': *jop = BPF_JGE; *neg = 1; return 1;
	case 'l': *jop = BPF_JGT; *neg = 1; return 1;
	}
	return 0;
}
static int relation(void)
{
	int saved = cond;
	cond = T_TRUE;
	int l = arith(0);
	if (ERR) return 0;
	u16 jop; int neg, rk = kind(F.p);
	if (!relop(rk, &jop, &neg)) return fail(F.p, "expected a comparison (= != < <= > >=)", 0);
	F.p++;
	int r = arith(0);
	if (ERR) return 0;
	int c = cond, t;
	cond = saved;
	struct ax *L = &F.ax[l], *R = &F.ax[r];
	if (L->op == AX_NUM && R->op != AX_NUM) {   /* k < e  ->  e > k */
		int tmp = l; l = r; r = tmp; L = &F.ax[l]; R = &F.ax[r];
		static const char mirror[128] = { ['='] = '=', ['N'] = 'N', ['>'] = '<', ['<'] = '>', ['g'] = 'l', ['l'] = 'g' };
		relop(mirror[rk], &jop, &neg);
	}
	if (L->op == AX_NUM && R->op == AX_NUM) {
		u32 a = L->k, b = R->k;
		int v = jop == BPF_JEQ ? a == b : jop == BPF_JGT ? a > b : a >= b;
		t = v != neg ? T_TRUE : T_FALSE;
	} else if (R->op == AX_NUM) {
		F.ncur = 0;
		/* e + c == k  <=>  e == k - c (mod 2^32); likewise for - and ^ */
		while (jop == BPF_JEQ && L->op == AX_BIN && F.ax[L->b].op == AX_NUM &&
		       (L->k == BPF_ADD || L->k == BPF_SUB || L->k == BPF_XOR)) {
			u32 c = F.ax[L->b].k;
			R->k = L->k == BPF_ADD ? R->k - c : L->k == BPF_SUB ? R->k + c : R->k ^ c;
			l = L->a; L = &F.ax[l];
		}
		if (jop == BPF_JEQ && !R->k && L->op == AX_BIN && L->k == BPF_AND && F.ax[L->b].op == AX_NUM) {
			axemit(L->a, 0);                     /* e & k == 0: jset */
			t = atom(BPF_JMP | BPF_JSET | BPF_K, F.ax[L->b].k);
			neg = !neg;
		} else {
			axemit(l, 0);
			t = atom(BPF_JMP | jop | BPF_K, R->k);
		}
	} else {
		F.ncur = 0;
		axemit(r, 0);
		emit(BPF_ST, 0);
		axemit(l, 1);
		emit(BPF_LDX | BPF_MEM, 0);
		t = atom(BPF_JMP | jop | BPF_X, 0);
	}
	if (neg) t = not_(t);
	return and_(c, t);
}

/* ---- primitives ---- */
static int is_value(int ti)
{
	return kind(ti) == 'w' && !proto_kw(ti) && !is(ti, "src") && !is(ti, "dst") && !is(ti, "host") &&
		!is(ti, "net") && !is(ti, "port") && !is(ti, "portrange") && !is(ti, "proto") && !is(ti, "and") &&
		!is(ti, "or") && !is(ti, "not") && !is(ti, "less") && !is(ti, "greater") && !is(ti, "len") &&
		!is(ti, "broadcast") && !is(ti, "multicast") && !is(ti, "gateway") && !is(ti, "mask");
}
static int value(int pr, int dir, int type)
{
	int ti = F.p;
	struct tok *t = tk();
	const char *s = F.s + t->pos;
	int n = t->len;
	u32 a, v; int parts; u8 a6[16], m6[16], mac[6];
	if (kind(ti) != 'w') return fail(ti, kind(ti) ? "expected a value, not" : "expression ends too early", 1);
	F.p++;
	if (type == Y_PORT || type == Y_RANGE) {
		if (pr != P_NONE && pr != P_TCP && pr != P_UDP && pr != P_SCTP) return fail(ti, "ports belong to tcp, udp or sctp", 0);
		u32 lo, hi;
		if (type == Y_PORT) {
			if (!port_of(s, n, &lo, &pr)) return fail(ti, num(s, n, &lo) ? "port numbers end at 65535:" : "expected a port number or a known service name, not", 1);
			hi = lo;
		} else {
			int m = 0;
			while (m < n && s[m] != '-') m++;
			if (m == n || !port_of(s, m, &lo, &pr) || !port_of(s + m + 1, n - m - 1, &hi, &pr)) return fail(ti, "expected a port range such as 6000-6010, not", 1);
			if (lo > hi) { u32 x = lo; lo = hi; hi = x; }
		}
		return ports(pr, dir, lo, hi);
	}
	if (type == Y_PROTO) {
		if (*s == '\\') { s++; n--; }
		int p = 0;
		for (int i = P_TCP; i <= P_IGMP; i++) if (strlen(pname[i]) == (size_t)n && !memcmp(pname[i], s, (size_t)n)) p = i;
		if (pr == P_ETHER) {
			if (n == 2 && !memcmp(s, "ip", 2)) v = 0x800;
			else if (n == 3 && !memcmp(s, "ip6", 3)) v = 0x86dd;
			else if (n == 3 && !memcmp(s, "arp", 3)) v = 0x806;
			else if (n == 4 && !memcmp(s, "rarp", 4)) v = 0x8035;
			else if (!num(s, n, &v) || v > 65535) return fail(ti, "expected an ethertype, not", 1);
			if (v <= 1500) return fail(ti, "802.3 lengths (ether proto 1500 and below) are not supported:", 1);
			return ltype(v);
		}
		if (p) v = pnum[p];
		else if (!num(s, n, &v) || v > 255) return fail(ti, "expected an IP protocol number or name, not", 1);
		if (pr == P_IP) return ip4proto(v);
		if (pr == P_IP6) return ip6proto(v);
		if (pr != P_NONE) return fail(ti, "proto takes ether, ip or ip6", 0);
		return or_(ip4proto(v), ip6proto(v));
	}
	/* host or net */
	if (type == Y_NONE) type = Y_HOST;
	if (pr == P_ETHER || (type == Y_HOST && pr == P_NONE && parse_mac(s, n, mac) && !parse_v6(s, n, a6))) {
		if (type != Y_HOST || !parse_mac(s, n, mac)) return fail(ti, "expected an Ethernet address such as 00:11:22:33:44:55, not", 1);
		return ether_addr(ti, dir, mac);
	}
	if (pr != P_NONE && pr != P_IP && pr != P_IP6 && pr != P_ARP && pr != P_RARP)
		return fail(ti, "addresses belong to ether, ip, ip6, arp or rarp", 0);
	if (parse_v4(s, n, &a, &parts)) {
		if (pr == P_IP6) return fail(ti, "ip6 needs an IPv6 address, not", 1);
		u32 m = NONE;
		if (type == Y_HOST && parts != 4) return fail(ti, "expected a whole IPv4 address, not", 1);
		if (type == Y_NET) {
			m = parts == 4 ? NONE : NONE << (8 * (4 - parts));
			if (kind(F.p) == '/') {
				if (!tnum(F.p + 1, &v) || v > 32) return fail(F.p + 1, "expected a prefix length 0-32", 0);
				m = v ? NONE << (32 - v) : 0; F.p += 2;
			} else if (isw("mask")) {
				int mp;
				if (kind(F.p + 1) != 'w' || !parse_v4(F.s + F.tk[F.p + 1].pos, F.tk[F.p + 1].len, &m, &mp) || mp != 4)
					return fail(F.p + 1, "expected a netmask such as 255.255.0.0", 0);
				F.p += 2;
			}
			if (a & ~m) return fail(ti, "the network has host bits set:", 1);
		}
		return host4(pr, dir, a, m);
	}
	if (parse_v6(s, n, a6)) {
		if (pr != P_NONE && pr != P_IP6) return fail(ti, "an IPv6 address needs ip6, not", 1);
		u32 len = 128;
		if (type == Y_NET && kind(F.p) == '/') {
			if (!tnum(F.p + 1, &len) || len > 128) return fail(F.p + 1, "expected a prefix length 0-128", 0);
			F.p += 2;
		}
		for (int i = 0; i < 16; i++) {
			u32 b = len >= 8 ? 8 : len; len -= b;
			m6[i] = (u8)(0xff00 >> b);
		}
		for (int i = 0; i < 16; i++) if (a6[i] & ~m6[i]) return fail(ti, "the network has host bits set:", 1);
		return host6(dir, a6, m6);
	}
	if (num(s, n, &v)) return fail(ti, "expected an address, not", 1);
	return fail(ti, "host names are not looked up; give an address, not", 1);
}

static int vlan(void)
{
	u32 id = NONE;
	int ti = F.p - 1;
	if (tnum(F.p, &id)) { if (id > 4095) return fail(F.p, "VLAN ids end at 4095:", 1); F.p++; }
	if (F.live && !F.nvlan++) {       /* the kernel took the tag out of the frame */
		F.ncur = 0; emit(BPF_LD | BPF_W | BPF_ABS, (u32)(SKF_AD_OFF + SKF_AD_VLAN_TAG_PRESENT));
		int t = atom(BPF_JMP | BPF_JEQ | BPF_K, 1);
		if (id != NONE) {
			F.ncur = 0; emit(BPF_LD | BPF_W | BPF_ABS, (u32)(SKF_AD_OFF + SKF_AD_VLAN_TAG));
			emit(BPF_ALU | BPF_AND | BPF_K, 0xfff);
			t = and_(t, atom(BPF_JMP | BPF_JEQ | BPF_K, id));
		}
		return t;
	}
	if (F.lt != LT_ETHERNET) return fail(ti, "vlan needs Ethernet frames", 0);
	int t = or_(or_(ltype(0x8100), ltype(0x88a8)), ltype(0x9100));
	if (id != NONE) t = and_(t, cmp(BPF_H, F.off_type + 2, 0xfff, BPF_JEQ, id));
	F.off_type += 4; F.off_nl += 4;   /* what follows is inside the tag */
	return t;
}

static int primitive(void)
{
	int pr = P_NONE, dir = D_ANY, type = Y_NONE, ti = F.p, q = 0;
	if ((pr = proto_kw(F.p))) {
		F.p++; q = 1;
		if (pr == P_VLAN) return vlan();
	}
	if (isw("src") || isw("dst")) {
		dir = isw("src") ? D_SRC : D_DST;
		F.p++; q = 1;
		if ((isw("or") || isw("and")) && (is(F.p + 1, "src") || is(F.p + 1, "dst")) && !is(F.p + 1, dir == D_SRC ? "src" : "dst")) {
			dir = isw("or") ? D_OR : D_AND;
			F.p += 2;
		}
	}
	if (isw("host")) type = Y_HOST; else if (isw("net")) type = Y_NET; else if (isw("port")) type = Y_PORT;
	else if (isw("portrange")) type = Y_RANGE; else if (isw("proto")) type = Y_PROTO;
	if (type) {
		F.p++; q = 1;
		if (type == Y_PROTO && dir != D_ANY) return fail(F.p - 1, "proto takes no src or dst", 0);
		if (type == Y_PROTO && pr != P_NONE && pr != P_ETHER && pr != P_IP && pr != P_IP6)
			return fail(ti, "proto takes ether, ip or ip6", 0);
	} else if (isw("broadcast") || isw("multicast")) {
		int mc = isw("multicast");
		F.p++;
		if (dir != D_ANY) return fail(F.p - 1, "broadcast and multicast take no src or dst", 0);
		if (pr == P_IP && mc) return and_(ltype(0x800), cmp(BPF_B, F.off_nl + 16, NONE, BPF_JGE, 224));
		if (pr == P_IP6 && mc) return and_(ltype(0x86dd), eq(BPF_B, F.off_nl + 24, 255));
		if (pr != P_NONE && pr != P_ETHER) return fail(ti, "only ether broadcast, and ether, ip or ip6 multicast, are supported", 0);
		if (F.lt != LT_ETHERNET) return fail(ti, "ether broadcast and multicast need Ethernet frames", 0);
		if (mc) return cmp(BPF_B, 0, NONE, BPF_JSET, 1);
		return and_(eq(BPF_W, 2, NONE), eq(BPF_H, 0, 0xffff));
	} else if (!q && (isw("less") || isw("greater"))) {
		int less = isw("less");
		u32 v;
		F.p++;
		if (!tnum(F.p, &v)) return fail(F.p, "expected a length", 0);
		F.p++;
		F.ncur = 0; emit(BPF_LD | BPF_W | BPF_LEN, 0);
		return less ? not_(atom(BPF_JMP | BPF_JGT | BPF_K, v)) : atom(BPF_JMP | BPF_JGE | BPF_K, v);
	} else if (pr && dir == D_ANY) {
		if (pr == P_ETHER) return fail(F.p, "ether takes host, src, dst, proto, broadcast or multicast", 0);
		return proto_only(pr);           /* "tcp", "ip6", "arp" ... */
	} else if (!q) {
		if (is_value(F.p) && F.lastq_ok) {   /* "host a or b": b is a host too */
			pr = F.lq_proto; dir = F.lq_dir; type = F.lq_type;
		} else if (isw("gateway")) return fail(F.p, "gateway is not supported", 0);
		else if (is_value(F.p))
			return fail(F.p, "a value needs a qualifier (host, net, port ...) before it:", 1);
		else
			return fail(F.p, kind(F.p) ? "expected a filter primitive, not" : "expression ends too early", kind(F.p) != 0);
	}
	int t = value(pr, dir, type);
	F.lastq_ok = 1; F.lq_proto = (u8)pr; F.lq_dir = (u8)dir; F.lq_type = (u8)type;
	return t;
}

/* a relation if a comparison comes before the next and/or at this depth */
static int relation_ahead(void)
{
	int d = 0;
	for (int i = F.p; kind(i); i++) {
		int k = kind(i);
		if (k == '(' || k == '[') d++;
		else if (k == ')' || k == ']') { if (!d--) return 0; }
		else if (!d && (k == 'A' || k == 'O' || k == '!' || is(i, "and") || is(i, "or") || is(i, "not"))) return 0;
		else if (!d && (k == '=' || k == 'N' || k == '<' || k == '>' || k == 'l' || k == 'g')) return 1;
	}
	return 0;
}
static int expr(void);
static int term(void)
{
	if (ERR) return 0;
	if (kind(F.p) == '!' || isw("not")) { F.p++; return not_(term()); }
	if (relation_ahead()) return relation();
	if (kind(F.p) == '(') {
		int ti = F.p++;
		int t = expr();
		if (ERR) return 0;
		if (kind(F.p) != ')') return fail(kind(F.p) ? F.p : ti, kind(F.p) ? "expected ')' or and/or, not" : "unbalanced '('", kind(F.p) != 0);
		F.p++;
		return t;
	}
	return primitive();
}
/* and/or: equal precedence, left to right (pcap-filter, not C) */
static int expr(void)
{
	int t = term();
	for (;;) {
		if (ERR) return 0;
		int k = kind(F.p), op;
		if (k == 'A' || isw("and")) op = T_AND;
		else if (k == 'O' || isw("or")) op = T_OR;
		else return t;
		F.p++;
		t = tree(op, t, term());
	}
}

/* ---- factoring ----
 * "host a or host b" is (ip and (src a or dst a)) or (arp ...) or (ip and
 * (src b or dst b)) or ...: alternatives that begin with the same test are
 * put under it once, and comparisons of one field are put side by side, so
 * that "ld [26]; jeq a; jeq b" loads the field once:
 *   or(g and x, h, g and y)  ->  or(g and or(x, y), h)
 *   or(atoms)                ->  the same atoms, grouped by what they load
 *   and(not x, y, not z)     ->  and(not or(x, z), y)
 * Logically the same; as libpcap's optimizer, it may load a field sooner
 * or later than written, which matters only for a packet cut short there. */
static int flat(int t, int op, u16 *l, int n, int max)
{
	if (F.tr[t].op == op) { n = flat(F.tr[t].a, op, l, n, max); return flat(F.tr[t].b, op, l, n, max); }
	if (n < max) l[n++] = (u16)t;
	return n;
}
static int norm(int t, int depth);
static int chain(int op, const u16 *l, int n)
{
	int t = l[0];
	for (int i = 1; i < n; i++) t = tree(op, t, l[i]);
	return t;
}
static int norm(int t, int depth)
{
	struct tn *x = &F.tr[t];
	if (ERR || depth > 200) return t;
	if (x->op == T_NOT) return not_(norm(x->a, depth + 1));
	if (x->op != T_AND && x->op != T_OR) return t;
	enum { MAXL = 1024 };
	u16 l[MAXL], o[MAXL], rest[MAXL];
	int op = x->op, n = flat(t, op, l, 0, MAXL), no = 0;
	if (n >= MAXL) return t;
	for (int i = 0; i < n; i++) l[i] = (u16)norm(l[i], depth + 1);
	if (op == T_AND) {
		int first = -1, nn = 0;
		for (int i = 0; i < n; i++)
			if (F.tr[l[i]].op == T_NOT) { if (first < 0) first = no++; rest[nn++] = F.tr[l[i]].a; }
			else o[no++] = l[i];
		if (nn < 2) return chain(T_AND, l, n);
		o[first] = (u16)not_(norm(chain(T_OR, rest, nn), depth + 1));
		return chain(T_AND, o, no);
	}
	/* or: group by the leading test of each alternative */
	u8 used[MAXL];
	memset(used, 0, sizeof used);
	for (int i = 0; i < n; i++) {
		if (used[i]) continue;
		struct tn *e = &F.tr[l[i]];
		if (e->op == T_ATOM) {           /* atoms on the same load, side by side */
			int ld = F.at[e->a].load;
			for (int j = i; j < n; j++)
				if (!used[j] && F.tr[l[j]].op == T_ATOM && F.at[F.tr[l[j]].a].load == ld) { used[j] = 1; o[no++] = l[j]; }
			continue;
		}
		if (e->op != T_AND) { used[i] = 1; o[no++] = l[i]; continue; }
		u16 g[MAXL];
		int ng = flat(l[i], T_AND, g, 0, MAXL), guard = g[0], nr = 0;
		for (int j = i; j < n; j++) {
			if (used[j] || F.tr[l[j]].op != T_AND) continue;
			int m = flat(l[j], T_AND, g, 0, MAXL);
			if (g[0] != guard) continue;
			used[j] = 1;
			rest[nr++] = m > 1 ? (u16)chain(T_AND, g + 1, m - 1) : T_TRUE;
		}
		(void)ng;
		if (nr == 1) { o[no++] = l[i]; continue; }
		o[no++] = (u16)and_(guard, norm(chain(T_OR, rest, nr), depth + 1));
	}
	return chain(T_OR, o, no);
}

/* ---- the DAG ---- */
/* the hash slot of node (a, t, f): the equal node's, or the empty one to fill */
static u16 *slot(int a, int t, int f)
{
	u32 h = ((u32)a * 2654435761u ^ (u32)t * 40503u ^ (u32)f * 2246822519u) & 8191;
	for (;; h = (h + 1) & 8191) {
		u16 *s = &F.hash[h];
		if (!*s || (F.nd[*s].atom == a && F.nd[*s].t == t && F.nd[*s].f == f)) return s;
	}
}
static int mk(int a, int t, int f)
{
	if (t == f) return t;
	u16 *s = slot(a, t, f);
	if (*s) return *s;
	if (F.nnd >= NNODE) { fail(0, "filter too complex", 0); return REJECT; }
	F.nd[F.nnd] = (struct node){ (u16)a, (u16)t, (u16)f };
	*s = (u16)F.nnd;
	return F.nnd++;
}
static int gen(int x, int t, int f)
{
	struct tn *n = &F.tr[x];
	switch (n->op) {
	case T_TRUE: return t;
	case T_FALSE: return f;
	case T_ATOM: return mk(n->a, t, f);
	case T_NOT: return gen(n->a, f, t);
	case T_AND: return gen(n->a, gen(n->b, t, f), f);
	default: return gen(n->a, t, gen(n->b, t, f));
	}
}

/* is atom b's outcome known from the facts (atom, outcome) on a path? */
static int decide(const u16 *fa, int n, int b)
{
	const struct atom *B = &F.at[b];
	u32 lo = 0, hi = NONE;
	for (int i = 0; i < n; i++) {
		int a = fa[i] & 0x7fff, o = fa[i] >> 15;
		if (a == b) return o;
		const struct atom *A = &F.at[a];
		if (A->load != B->load || (A->jcode & BPF_X) || (B->jcode & BPF_X)) continue;
		u32 k = A->k;
		switch (A->jcode & 0xf0) {
		case BPF_JEQ: if (o) { if (k > lo) lo = k; if (k < hi) hi = k; } break;
		case BPF_JGT: if (o) { if (k == NONE) return 0; if (k + 1 > lo) lo = k + 1; } else if (k < hi) hi = k; break;
		case BPF_JGE: if (o) { if (k > lo) lo = k; } else { if (!k) return 0; if (k - 1 < hi) hi = k - 1; } break;
		case BPF_JSET: if (!o && (B->jcode & 0xf0) == BPF_JEQ && (B->k & k)) return 0; break;
		}
	}
	u32 k = B->k;
	switch (B->jcode & 0xf0) {
	case BPF_JEQ: if (k < lo || k > hi) return 0; if (lo == hi) return 1; break;
	case BPF_JGT: if (lo > k) return 1; if (hi <= k) return 0; break;
	case BPF_JGE: if (lo >= k) return 1; if (hi < k) return 0; break;
	case BPF_JSET: if (lo == hi) return (lo & k) != 0; break;
	}
	return -1;
}
static void merge(int m, const u16 *fa, int n)
{
	if (m <= REJECT) return;
	if (!F.fset[m]) { memcpy(F.facts[m], fa, (size_t)n * 2); F.nf[m] = (u8)n; F.fset[m] = 1; return; }
	int k = 0;
	for (int i = 0; i < F.nf[m]; i++)
		for (int j = 0; j < n; j++)
			if (F.facts[m][i] == fa[j]) { F.facts[m][k++] = F.facts[m][i]; break; }
	F.nf[m] = (u8)k;
}
/* one pass in topological order (a node's successors were made before it) */
static int thread(int root)
{
	int changed = 0;
	memset(F.fset, 0, sizeof F.fset);
	if (root > REJECT) { F.fset[root] = 1; F.nf[root] = 0; }
	for (int n = F.nnd - 1; n > REJECT; n--) {
		if (!F.fset[n]) continue;
		u16 fa[NFACT];
		int nf = F.nf[n];
		if (nf == NFACT) {   /* full: forget the oldest failed test (a passed one says more) */
			int d = 0;
			while (d < NFACT - 1 && F.facts[n][d] >> 15) d++;
			memmove(F.facts[n] + d, F.facts[n] + d + 1, (size_t)(NFACT - 1 - d) * 2);
			nf--;
		}
		memcpy(fa, F.facts[n], (size_t)nf * 2);
		for (int o = 1; o >= 0; o--) {
			fa[nf] = (u16)(F.nd[n].atom | o << 15);
			int m = o ? F.nd[n].t : F.nd[n].f;
			while (m > REJECT) {
				int d = F.nd[m].t == F.nd[m].f ? 1 : decide(fa, nf + 1, F.nd[m].atom);
				if (d < 0) break;
				m = d ? F.nd[m].t : F.nd[m].f;
			}
			if (o && m != F.nd[n].t) { F.nd[n].t = (u16)m; changed = 1; }
			if (!o && m != F.nd[n].f) { F.nd[n].f = (u16)m; changed = 1; }
			merge(m, fa, nf + 1);
		}
	}
	return changed;
}

/* after threading, tests that now lead to the same places are one test:
   merge equal nodes bottom-up (arp and rarp share their address tests) */
static int merge_equal(int root)
{
	static u16 map[NNODE];
	int changed = 0;
	memset(F.hash, 0, sizeof F.hash);
	map[ACCEPT] = ACCEPT; map[REJECT] = REJECT;
	for (int n = 2; n < F.nnd; n++) {
		struct node *d = &F.nd[n];
		d->t = map[d->t]; d->f = map[d->f];
		if (d->t == d->f) { map[n] = d->t; changed = 1; continue; }
		u16 *s = slot(d->atom, d->t, d->f);
		if (*s) { map[n] = *s; changed = 1; }
		else map[n] = *s = (u16)n;
	}
	return changed ? -(int)map[root] - 1 : root;
}

/* ---- emission ---- */
static int out_node(int n, bpf_insn *o, int at, const int *Ast, const int *Xst, int *aexit, int *xexit)
{
	const struct atom *A = &F.at[F.nd[n].atom];
	const struct load *L = &F.ld[A->load];
	int k = 0;
	*aexit = L->complex ? -1 : A->load;
	*xexit = L->complex ? -1 : Xst[n];
	if (L->complex || Ast[n] != A->load) {
		if (L->xpre && Xst[n] != (int)L->xpre) { if (o) o[at + k] = (bpf_insn){ BPF_LDX | BPF_B | BPF_MSH, 0, 0, L->xpre - 1 }; k++; }
		if (L->xpre) *xexit = (int)L->xpre;
		if (o) memcpy(o + at + k, &F.pool[L->at], (size_t)L->n * sizeof *o);
		k += L->n;
	}
	if (o) o[at + k] = (bpf_insn){ A->jcode, 0, 0, A->k };
	return k + 1;
}
static void meet(int *st, int m, int v) { if (m > REJECT) st[m] = st[m] == -2 ? v : st[m] == v ? v : -1; }

int filter_compile(const char *src, u32 linktype, int live, u32 accept, bpf_insn *out, int max, struct filter_err *e)
{
	memset(&F, 0, sizeof F);
	F.s = src; F.e = e; e->msg[0] = 0; e->col = 0;
	F.live = (u32)live;
	if (!filter_linktype_ok(linktype)) {
		memcpy(e->msg, "this link type is not supported by the filter compiler", 55);
		return -1;
	}
	link_init(linktype);
	F.tr[T_TRUE].op = T_TRUE; F.tr[T_FALSE].op = T_FALSE;
	F.ntr = 3;
	F.nnd = 2;
	if (!lex()) return -1;
	int t = kind(0) ? expr() : T_TRUE;
	if (!ERR && kind(F.p)) fail(F.p, kind(F.p) == ')' ? "unbalanced ')'" : "expected and/or, not", kind(F.p) != ')');
	if (ERR) return -1;
	t = norm(t, 0);
	if (ERR) return -1;
	int root = gen(t, ACCEPT, REJECT);
	if (ERR) return -1;
	for (int i = 0; i < 16; i++) {
		int ch = thread(root), r = merge_equal(root);
		if (r < 0) { root = -r - 1; ch = 1; }
		if (!ch) break;
	}
	while (root > REJECT && F.nd[root].t == F.nd[root].f) root = F.nd[root].t;
	if (root == REJECT) {   /* as libpcap: almost certainly a mistake */
		memcpy(e->msg, "expression rejects all packets", 31);
		return -1;
	}

	/* the reachable nodes, in order; entry states of A and X */
	static u16 ord[NNODE]; static int Ast[NNODE], Xst[NNODE], len[NNODE];
	int no = 0;
	for (int n = F.nnd - 1; n > REJECT; n--) Ast[n] = Xst[n] = -2;
	if (root > REJECT) Ast[root] = Xst[root] = -1;
	for (int n = F.nnd - 1; n > REJECT; n--) {
		if (Ast[n] == -2) continue;
		int ax, xx;
		ord[no++] = (u16)n;
		len[n] = out_node(n, 0, 0, Ast, Xst, &ax, &xx);
		meet(Ast, F.nd[n].t, ax); meet(Ast, F.nd[n].f, ax);
		meet(Xst, F.nd[n].t, xx); meet(Xst, F.nd[n].f, xx);
	}
	int useA = root == ACCEPT, useR = root == REJECT;
	for (int i = 0; i < no; i++) {
		int n = ord[i];
		useA |= F.nd[n].t == ACCEPT || F.nd[n].f == ACCEPT;
		useR |= F.nd[n].t == REJECT || F.nd[n].f == REJECT;
	}
	/* lay out from the end (positions counted back from the last
	   instruction), so that every distance is known when it is needed.
	   A jump further than 255 goes to an island placed right after it: a
	   copy of the return it wants (which later jumps reuse) or a "ja". */
	static int rst[NNODE], isl[NNODE][2];
	static u8 joff[NNODE][2];
	int R = 0, nearR = useR ? ++R : 0, nearA = useA ? ++R : 0;
	int finA = nearA, finR = nearR;
	for (int i = no - 1; i >= 0; i--) {
		int n = ord[i], tg[2] = { F.nd[n].t, F.nd[n].f }, tr_[2], need[2], ni = 0, j;
		for (;;) {
			j = R + ni + 1;
			for (int b = 0; b < 2; b++) {
				tr_[b] = tg[b] == ACCEPT ? nearA : tg[b] == REJECT ? nearR : rst[tg[b]];
				need[b] = j - tr_[b] - 1 > 255;
			}
			if (need[0] + need[1] == ni) break;
			ni = need[0] + need[1];
		}
		int slot = j - 1;
		for (int b = 0; b < 2; b++) {
			isl[n][b] = 0;
			if (!need[b]) { joff[n][b] = (u8)(j - tr_[b] - 1); continue; }
			joff[n][b] = (u8)(j - slot - 1);
			isl[n][b] = tg[b] <= REJECT ? -(tg[b] + 1) : slot - tr_[b] - 1 + 1; /* <0: a return; >0: ja k+1 */
			if (tg[b] == ACCEPT) nearA = slot;
			if (tg[b] == REJECT) nearR = slot;
			slot--;
		}
		rst[n] = j + len[n] - 1;
		R = rst[n];
	}
	int total = R;
	if (total > max) { memcpy(e->msg, "the compiled program is too long", 33); return -1; }
	for (int n = F.nnd - 1; n > REJECT; n--) Ast[n] = Xst[n] = -2;
	if (root > REJECT) Ast[root] = Xst[root] = -1;
	for (int i = 0; i < no; i++) {
		int n = ord[i], ax, xx, at = total - rst[n];
		int k = out_node(n, out, at, Ast, Xst, &ax, &xx);
		meet(Ast, F.nd[n].t, ax); meet(Ast, F.nd[n].f, ax);
		meet(Xst, F.nd[n].t, xx); meet(Xst, F.nd[n].f, xx);
		bpf_insn *J = &out[at + k - 1];
		J->jt = joff[n][0]; J->jf = joff[n][1];
		at += k;
		for (int b = 0; b < 2; b++) {
			if (!isl[n][b]) continue;
			if (isl[n][b] < 0) out[at++] = (bpf_insn){ BPF_RET | BPF_K, 0, 0, isl[n][b] == -1 ? accept : 0 };
			else out[at++] = (bpf_insn){ BPF_JMP | BPF_JA, 0, 0, (u32)(isl[n][b] - 1) };
		}
	}
	if (useA) out[total - finA] = (bpf_insn){ BPF_RET | BPF_K, 0, 0, accept };
	if (useR) out[total - finR] = (bpf_insn){ BPF_RET | BPF_K, 0, 0, 0 };
	int bad = bpf_check(out, total, live);
	if (bad) {
		memcpy(e->msg, "internal error: the compiled program fails validation", 54);
		e->col = 0;
		return -1;
	}
	return total;
}

/* ---- validation ---- */
static int anc_ok(u32 k) { s32 o = (s32)k - SKF_AD_OFF; return (s32)k < 0 && o >= 0 && o < SKF_AD_MAX && !(o & 3); }
int bpf_check(const bpf_insn *p, int n, int anc)
{
	static u16 stored[BPF_MAXINSNS];
	if (n < 1 || n > BPF_MAXINSNS) return 1;
	for (int i = 0; i < n; i++) stored[i] = 0xffff;
	stored[0] = 0;
	for (int i = 0; i < n; i++) {
		u16 c = p[i].code;
		u32 k = p[i].k, left = (u32)(n - i - 1);
		u16 s = stored[i];
		switch (c) {
		case BPF_LD | BPF_W | BPF_ABS: case BPF_LD | BPF_H | BPF_ABS: case BPF_LD | BPF_B | BPF_ABS:
			if ((s32)k < 0 && !(anc && anc_ok(k))) return i + 1;
			break;
		case BPF_LD | BPF_W | BPF_IND: case BPF_LD | BPF_H | BPF_IND: case BPF_LD | BPF_B | BPF_IND:
		case BPF_LD | BPF_W | BPF_LEN: case BPF_LDX | BPF_W | BPF_LEN: case BPF_LD | BPF_IMM: case BPF_LDX | BPF_IMM:
		case BPF_LDX | BPF_B | BPF_MSH: case BPF_MISC | BPF_TAX: case BPF_MISC | BPF_TXA: case BPF_ALU | BPF_NEG:
			break;
		case BPF_LD | BPF_MEM: case BPF_LDX | BPF_MEM:
			if (k >= BPF_MEMWORDS || !(s >> k & 1)) return i + 1;
			break;
		case BPF_ST: case BPF_STX:
			if (k >= BPF_MEMWORDS) return i + 1;
			s |= (u16)(1u << k);
			break;
		case BPF_RET | BPF_K: case BPF_RET | BPF_A:
			continue;
		case BPF_JMP | BPF_JA:
			if (k >= left) return i + 1;
			stored[i + 1 + k] &= s;
			continue;
		default:
			if ((c & 7) == BPF_ALU) {
				u16 op = c & 0xf0;
				if (op > BPF_XOR || op == BPF_NEG) return i + 1;
				if ((c & BPF_X) == 0 && (op == BPF_DIV || op == BPF_MOD) && !k) return i + 1;
				if ((c & ~0xf8) != BPF_ALU) return i + 1;
				break;
			}
			if ((c & 7) == BPF_JMP) {
				u16 op = c & 0xf0;
				if (op < BPF_JEQ || op > BPF_JSET || (c & ~0xf8) != BPF_JMP) return i + 1;
				if (p[i].jt >= left || p[i].jf >= left) return i + 1;
				stored[i + 1 + p[i].jt] &= s;
				stored[i + 1 + p[i].jf] &= s;
				continue;
			}
			return i + 1;
		}
		if (i + 1 >= n) return i + 1;     /* falls off the end */
		stored[i + 1] &= s;
	}
	u16 last = p[n - 1].code;
	return last == (BPF_RET | BPF_K) || last == (BPF_RET | BPF_A) ? 0 : n;
}

/* ---- the interpreter ---- */
u32 bpf_run(const bpf_insn *pc, const u8 *pkt, u32 caplen, u32 wirelen)
{
	u32 A = 0, X = 0, M[BPF_MEMWORDS], k;
	for (;; pc++) {
		k = pc->k;
		switch (pc->code) {
		case BPF_RET | BPF_K: return k;
		case BPF_RET | BPF_A: return A;
		/* the offset is checked before it is added up, so it cannot wrap */
		case BPF_LD | BPF_W | BPF_IND: if (X > caplen) return 0; k += X; /* fall through */
		case BPF_LD | BPF_W | BPF_ABS:
			if (k < pc->k || k > caplen || caplen - k < 4) return 0;
			A = (u32)pkt[k] << 24 | (u32)pkt[k + 1] << 16 | (u32)pkt[k + 2] << 8 | pkt[k + 3];
			break;
		case BPF_LD | BPF_H | BPF_IND: if (X > caplen) return 0; k += X; /* fall through */
		case BPF_LD | BPF_H | BPF_ABS:
			if (k < pc->k || k > caplen || caplen - k < 2) return 0;
			A = (u32)pkt[k] << 8 | pkt[k + 1];
			break;
		case BPF_LD | BPF_B | BPF_IND: if (X > caplen) return 0; k += X; /* fall through */
		case BPF_LD | BPF_B | BPF_ABS:
			if (k < pc->k || k >= caplen) return 0;
			A = pkt[k];
			break;
		case BPF_LD | BPF_W | BPF_LEN: A = wirelen; break;
		case BPF_LDX | BPF_W | BPF_LEN: X = wirelen; break;
		case BPF_LD | BPF_IMM: A = k; break;
		case BPF_LDX | BPF_IMM: X = k; break;
		case BPF_LD | BPF_MEM: A = M[k]; break;
		case BPF_LDX | BPF_MEM: X = M[k]; break;
		case BPF_LDX | BPF_B | BPF_MSH:
			if (k >= caplen) return 0;
			X = (pkt[k] & 0xfu) << 2;
			break;
		case BPF_ST: M[k] = A; break;
		case BPF_STX: M[k] = X; break;
		case BPF_JMP | BPF_JA: pc += k; break;
		case BPF_JMP | BPF_JEQ | BPF_K: pc += A == k ? pc->jt : pc->jf; break;
		case BPF_JMP | BPF_JGT | BPF_K: pc += A > k ? pc->jt : pc->jf; break;
		case BPF_JMP | BPF_JGE | BPF_K: pc += A >= k ? pc->jt : pc->jf; break;
		case BPF_JMP | BPF_JSET | BPF_K: pc += A & k ? pc->jt : pc->jf; break;
		case BPF_JMP | BPF_JEQ | BPF_X: pc += A == X ? pc->jt : pc->jf; break;
		case BPF_JMP | BPF_JGT | BPF_X: pc += A > X ? pc->jt : pc->jf; break;
		case BPF_JMP | BPF_JGE | BPF_X: pc += A >= X ? pc->jt : pc->jf; break;
		case BPF_JMP | BPF_JSET | BPF_X: pc += A & X ? pc->jt : pc->jf; break;
		case BPF_MISC | BPF_TAX: X = A; break;
		case BPF_MISC | BPF_TXA: A = X; break;
		case BPF_ALU | BPF_NEG: A = -A; break;
		default: {
			u32 v = pc->code & BPF_X ? X : k;
			switch (pc->code & 0xf0) {
			case BPF_ADD: A += v; break;
			case BPF_SUB: A -= v; break;
			case BPF_MUL: A *= v; break;
			case BPF_DIV: if (!v) return 0; A /= v; break;
			case BPF_MOD: if (!v) return 0; A %= v; break;
			case BPF_AND: A &= v; break;
			case BPF_OR: A |= v; break;
			case BPF_XOR: A ^= v; break;
			case BPF_LSH: A = v < 32 ? A << v : 0; break;
			case BPF_RSH: A = v < 32 ? A >> v : 0; break;
			default: return 0;
			}
		}
		}
	}
}

/* ---- tcpdump -d's listing (libpcap's bpf_image) ---- */
static int put(char *o, const char *s) { size_t n = strlen(s); memcpy(o, s, n); return (int)n; }
static int hex(char *o, u32 v)
{
	static const char d[] = "0123456789abcdef";
	char t[8]; int n = 0, k = 0;
	o[k++] = '#'; o[k++] = '0'; o[k++] = 'x';
	do { t[n++] = d[v & 15]; v >>= 4; } while (v);
	while (n) o[k++] = t[--n];
	return k;
}
static int dec(char *o, u32 v, int neg) { int k = 0; if (neg && (s32)v < 0) { o[k++] = '-'; v = -v; } return k + fmt_u32(o + k, v); }
int bpf_image(char *o, const bpf_insn *p, int pc)
{
	static const char *const alu[] = { "add", "sub", "mul", "div", "or", "and", "lsh", "rsh", "neg", "mod", "xor" };
	static const char *const jmp[] = { "ja", "jeq", "jgt", "jge", "jset" };
	static const char *const anc[] = { "[proto]", "[type]", "[ifidx]", "[nla]", "[nlan]", "[mark]", "[queue]",
		"[hatype]", "[rxhash]", "[cpu]", "[xor_x]", "[vlan_tci]", "[vlanp]", "[poff]", "[random]", "[vlan_tpid]" };
	const bpf_insn *i = &p[pc];
	u16 c = i->code;
	u32 k = i->k;
	char arg[40];
	int a = 0, j = 0;
	const char *name = "unimp";
	switch (c & 7) {
	case BPF_RET: name = "ret"; if (c & BPF_A) a = put(arg, "a"); else { arg[0] = '#'; a = 1 + dec(arg + 1, k, 0); } break;
	case BPF_LD: case BPF_LDX: {
		int x = (c & 7) == BPF_LDX, mode = c & 0xe0, sz = c & 0x18;
		name = x ? (mode == BPF_MSH ? "ldxb" : "ldx") : sz == BPF_H ? "ldh" : sz == BPF_B ? "ldb" : "ld";
		if (mode == BPF_IMM) a = hex(arg, k);
		else if (mode == BPF_LEN) a = put(arg, "#pktlen");
		else if (mode == BPF_MEM) { a = put(arg, "M["); a += dec(arg + a, k, 0); arg[a++] = ']'; }
		else if (mode == BPF_MSH) { a = put(arg, "4*(["); a += dec(arg + a, k, 0); a += put(arg + a, "]&0xf)"); }
		else if (mode == BPF_ABS && (s32)k < 0 && anc_ok(k) && 1) a = put(arg, anc[((s32)k - SKF_AD_OFF) / 4]);
		else if (mode == BPF_ABS) { arg[0] = '['; a = 1 + dec(arg + 1, k, 1); arg[a++] = ']'; }
		else { a = put(arg, "[x + "); a += dec(arg + a, k, 1); arg[a++] = ']'; }
		break;
	}
	case BPF_ST: case BPF_STX: name = (c & 7) == BPF_ST ? "st" : "stx"; a = put(arg, "M["); a += dec(arg + a, k, 0); arg[a++] = ']'; break;
	case BPF_ALU: {
		int opn = (c & 0xf0) >> 4;
		name = opn <= 10 ? alu[opn] : "unimp";
		if ((c & 0xf0) == BPF_NEG) break;
		if (c & BPF_X) a = put(arg, "x");
		else if ((c & 0xf0) == BPF_AND || (c & 0xf0) == BPF_OR || (c & 0xf0) == BPF_XOR) a = hex(arg, k);
		else { arg[0] = '#'; a = 1 + dec(arg + 1, k, 0); }
		break;
	}
	case BPF_MISC: name = (c & 0xf8) == BPF_TXA ? "txa" : "tax"; break;
	case BPF_JMP: {
		int opn = (c & 0xf0) >> 4;
		name = opn <= 4 ? jmp[opn] : "unimp";
		if ((c & 0xf0) == BPF_JA) { a = dec(arg, (u32)pc + 1 + k, 0); break; }
		j = 1;
		if (c & BPF_X) a = put(arg, "x"); else a = hex(arg, k);
		break;
	}
	}
	int n = 0;
	o[n++] = '(';
	char num3[12]; int d = fmt_u32(num3, (u32)pc);
	for (int z = d; z < 3; z++) o[n++] = '0';
	memcpy(o + n, num3, (size_t)d); n += d;
	o[n++] = ')'; o[n++] = ' ';
	int l = put(o + n, name); n += l;
	for (; l < 8; l++) o[n++] = ' ';
	o[n++] = ' ';
	memcpy(o + n, arg, (size_t)a); n += a;
	if (j) {
		for (; a < 16; a++) o[n++] = ' ';
		n += put(o + n, " jt ");
		n += dec(o + n, (u32)pc + 1 + i->jt, 0);
		n += put(o + n, "\tjf ");
		n += dec(o + n, (u32)pc + 1 + i->jf, 0);
	}
	return n;
}
