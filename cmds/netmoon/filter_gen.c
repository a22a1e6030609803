/* filter_gen.c - primitives to code (libpcap's gencode): each primitive
 * the parser reads becomes a boolean tree whose leaves are atoms, a load
 * sequence and one conditional jump, as libpcap's gen_* functions build
 * them ("tcp port 80": the ethertype, the protocol, no fragment offset,
 * then each port field). Equal trees, loads and atoms are made once, so
 * that the later stages can compare them by number. Service names are
 * looked up here too, as gencode asks libpcap's nametoaddr. */
#include "filter_int.h"

/* ---- trees, loads, atoms ---- */
int gen_tree(int op, int a, int b)
{
	if (op == T_AND) { if (a == T_FALSE || b == T_TRUE) return a; if (a == T_TRUE) return b; }
	if (op == T_OR) { if (a == T_TRUE || b == T_FALSE) return a; if (a == T_FALSE) return b; }
	if (op == T_NOT && (a == T_TRUE || a == T_FALSE)) return a == T_TRUE ? T_FALSE : T_TRUE;
	if (op == T_NOT && F.trees[a].op == T_NOT) return F.trees[a].left;
	u32 h = ((u32)op * 0x9e3779b1u ^ (u32)a * 40503u ^ (u32)b * 2246822519u) & (NTREE * 2 - 1);
	for (;; h = (h + 1) & (NTREE * 2 - 1)) {   /* equal subtrees are one tree */
		int i = F.tree_hash[h];
		if (!i) break;
		if (F.trees[i].op == op && F.trees[i].left == a && F.trees[i].right == b) return i;
	}
	if (F.ntrees >= NTREE) return filter_fail(F.cursor, "filter too complex", 0);
	F.trees[F.ntrees] = (struct tree){ (u8)op, (u16)a, (u16)b };
	F.tree_hash[h] = (u16)F.ntrees;
	return F.ntrees++;
}
int gen_and(int a, int b) { return gen_tree(T_AND, a, b); }
int gen_or(int a, int b) { return gen_tree(T_OR, a, b); }
int gen_not(int a) { return gen_tree(T_NOT, a, 0); }

void seq_emit(u16 code, u32 k)
{
	if (F.nseq < NSEQ) F.seq[F.nseq] = (bpf_insn){ code, 0, 0, k };
	F.nseq++;
}
/* a packet load (absolute, indexed, or the IPv4 header length into X) at
   k; at a VAR_ offset, indexed by the register holding the base: X for an
   indexed load (it holds it already), else ldx M[] first, and the IPv4
   header length adds to it */
static void seq_ld(u16 code, u32 k)
{
	u32 v = k & VAR_PL ? VAR_PL : k & VAR_HDR, mode = code & 0xe0;
	if (v && (F.off_nl & VAR_PL)) {
		F.need |= v; k -= v;
		if (mode != BPF_IND) seq_emit(BPF_LDX | BPF_MEM, v == VAR_PL ? M_PL : M_HDR);
		if (mode == BPF_MSH) {
			seq_emit(BPF_LD | BPF_B | BPF_IND, k); seq_emit(BPF_ALU | BPF_AND | BPF_K, 0xf);
			seq_emit(BPF_ALU | BPF_LSH | BPF_K, 2); seq_emit(BPF_ALU | BPF_ADD | BPF_X, 0);
			code = BPF_MISC | BPF_TAX; k = 0;
		} else code = (u16)((code & ~0xe0) | BPF_IND);
	}
	seq_emit(code, k);
}
/* intern F.seq as a load sequence; a leading "ldxb 4*([n]&0xf)" with no
   other use of X or scratch memory becomes ldx_msh, so that X can be reused */
static int mkload(void)
{
	if (F.nseq > NSEQ) { filter_fail(F.cursor, "expression too complex", 0); return 0; }
	bpf_insn *c = F.seq;
	int n = F.nseq, xw = 0;
	u32 msh = 0;
	for (int i = 0; i < n; i++) {
		u16 cl = c[i].code & 7;
		if (cl == BPF_LDX || cl == BPF_ST || cl == BPF_STX ||
		    (c[i].code & 0xe0) == BPF_MEM || c[i].code == (BPF_MISC | BPF_TAX))
			xw++;
	}
	if (n && c[0].code == (BPF_LDX | BPF_B | BPF_MSH) && xw == 1) {
		msh = c[0].k + 1; c++; n--; xw = 0;
	}
	for (int i = 0; i < F.nloads; i++) {
		struct load *l = &F.loads[i];
		if (l->count == n && l->ldx_msh == msh &&
		    !memcmp(&F.pool[l->pool_at], c, (size_t)n * sizeof *c))
			return i;
	}
	if (F.nloads >= NLOAD || F.npool + n > NPOOL) {
		filter_fail(F.cursor, "filter too complex", 0);
		return 0;
	}
	memcpy(&F.pool[F.npool], c, (size_t)n * sizeof *c);
	F.loads[F.nloads] = (struct load){ (u16)F.npool, (u16)n, msh, (u8)(xw != 0) };
	F.npool += n;
	return F.nloads++;
}
/* a leaf: the current load sequence, then "jcode k" */
int gen_atom(u16 jcode, u32 k)
{
	int l = mkload();
	F.nseq = 0;
	if (FAILED) return 0;
	for (int i = 0; i < F.natoms; i++)
		if (F.atoms[i].load == l && F.atoms[i].jcode == jcode && F.atoms[i].k == k)
			return gen_tree(T_ATOM, i, 0);
	if (F.natoms >= NATOM) return filter_fail(F.cursor, "filter too complex", 0);
	F.atoms[F.natoms] = (struct atom){ (u16)l, jcode, k };
	return gen_tree(T_ATOM, F.natoms++, 0);
}
/* ld{,h,b} [off] (& mask) compared with k */
int gen_cmp(u16 size, u32 off, u32 mask, u16 jop, u32 k)
{
	/* net 0/0 (libpcap loads it anyway where it does not optimize: 802.11) */
	if (!mask && jop == BPF_JEQ && !(off & (VAR_PL | VAR_HDR))) return k ? T_FALSE : T_TRUE;
	F.nseq = 0;
	seq_ld(BPF_LD | size | BPF_ABS, off);
	if (mask != NONE) seq_emit(BPF_ALU | BPF_AND | BPF_K, mask);
	return gen_atom(BPF_JMP | jop | BPF_K, k);
}
int gen_eq(u16 size, u32 off, u32 k) { return gen_cmp(size, off, NONE, BPF_JEQ, k); }

/* ---- the link layer ---- */
int filter_linktype_ok(u32 lt)
{
	return lt == LT_ETHERNET || lt == LT_LINUX_SLL || lt == LT_LINUX_SLL2 || lt == LT_RAW ||
		lt == LT_RAW_DLT || lt == LT_RAW_DLT_OPENBSD || lt == LT_IPV4 || lt == LT_IPV6 ||
		lt == LT_C_HDLC || lt == LT_ARCNET_LINUX || lt == LT_IEEE802_11 ||
		lt == LT_IEEE802_11_RADIO;
}
static int wlan(void) { return F.linktype == LT_IEEE802_11 || F.linktype == LT_IEEE802_11_RADIO; }
/* as libpcap: ARCNET's network layer at 8 whatever the type; 802.11's past
   its header, then LLC/SNAP (the ethertype in it, SNAP not checked) */
void link_init(u32 lt)
{
	F.linktype = lt; F.off_type = NONE; F.off_nl = 0; F.off_ll = 0;
	if (lt == LT_ETHERNET) { F.off_type = 12; F.off_nl = 14; }
	else if (lt == LT_LINUX_SLL) { F.off_type = 14; F.off_nl = 16; }
	else if (lt == LT_LINUX_SLL2) { F.off_type = 0; F.off_nl = 20; }
	else if (lt == LT_C_HDLC) { F.off_type = 2; F.off_nl = 4; }
	else if (lt == LT_ARCNET_LINUX) F.off_nl = 8;
	else if (wlan()) {
		F.off_type = VAR_PL + 6; F.off_nl = VAR_PL + WLAN_SNAP;
		if (lt == LT_IEEE802_11_RADIO) F.off_ll = VAR_HDR;
	}
}
static int jset(u32 off, u32 bits) { return gen_cmp(BPF_B, off, NONE, BPF_JSET, bits); }
/* "the frame carries ethertype t" (raw IP: the IP version says it; ARCNET:
   its protocol ids; 802.11: a data frame) */
int gen_ethertype(u32 t)
{
	static const u16 arc[][3] = { { ETHERTYPE_IP, ARC_IP, ARC_IP_RFC1051 },
		{ ETHERTYPE_IPV6, ARC_IPV6, ARC_IPV6 }, { ETHERTYPE_ARP, ARC_ARP, ARC_ARP_RFC1051 },
		{ ETHERTYPE_REVARP, ARC_RARP, ARC_RARP } };
	if (F.linktype == LT_ARCNET_LINUX) {
		for (int i = 0; i < 4; i++)
			if (arc[i][0] == t) return gen_or(gen_eq(BPF_B, 4, arc[i][1]), gen_eq(BPF_B, 4, arc[i][2]));
		return T_FALSE;
	}
	if (wlan())
		return gen_and(gen_and(gen_not(jset(F.off_ll, WLAN_FC_CTL)), jset(F.off_ll, WLAN_FC_DATA)),
			       gen_eq(BPF_H, F.off_type, t));
	if (F.off_type != NONE) return gen_eq(BPF_H, F.off_type, t);
	if (t != ETHERTYPE_IP && t != ETHERTYPE_IPV6) return T_FALSE;
	if (F.linktype == LT_IPV4) return t == ETHERTYPE_IP ? T_TRUE : T_FALSE;
	if (F.linktype == LT_IPV6) return t == ETHERTYPE_IPV6 ? T_TRUE : T_FALSE;
	return gen_cmp(BPF_B, F.off_nl, 0xf0, BPF_JEQ, t == ETHERTYPE_IP ? 0x40 : 0x60);
}

/* ---- protocols ---- */
const u8 proto_numbers[] = { 0, 0, 0, 0, 0, 0, IPPROTO_TCP, IPPROTO_UDP, IPPROTO_SCTP,
	IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_IGMP, 0 };   /* by P_* */

int gen_ip4proto(u32 p)
{
	return gen_and(gen_ethertype(ETHERTYPE_IP), gen_eq(BPF_B, F.off_nl + 9, p));
}
/* the IPv6 next header, or the one after a fragment header */
int gen_ip6proto(u32 p)
{
	int direct = gen_eq(BPF_B, F.off_nl + 6, p);
	int frag = gen_and(gen_eq(BPF_B, F.off_nl + 6, IPPROTO_FRAGMENT),
			   gen_eq(BPF_B, F.off_nl + 40, p));
	return gen_and(gen_ethertype(ETHERTYPE_IPV6), gen_or(direct, frag));
}
/* the protocol alone: "tcp" is IPv4 or IPv6 TCP (behind a fragment header too) */
int gen_proto(int pr)
{
	switch (pr) {
	case P_IP: return gen_ethertype(ETHERTYPE_IP);
	case P_IP6: return gen_ethertype(ETHERTYPE_IPV6);
	case P_ARP: return gen_ethertype(ETHERTYPE_ARP);
	case P_RARP: return gen_ethertype(ETHERTYPE_REVARP);
	case P_TCP: case P_UDP: case P_SCTP:
		return gen_or(gen_ip4proto(proto_numbers[pr]), gen_ip6proto(proto_numbers[pr]));
	case P_ICMP: case P_IGMP: return gen_ip4proto(proto_numbers[pr]);
	case P_ICMP6: return gen_ip6proto(IPPROTO_ICMPV6);
	}
	return T_FALSE;
}
/* the source test s, the destination test d, as the direction wants them */
static int dirt(int dir, int s, int d)
{
	if (dir == D_SRC) return s;
	if (dir == D_DST) return d;
	if (dir == D_AND) return gen_and(s, d);
	return gen_or(s, d);
}
/* an IPv4 fragment other than the first (its fragment offset is not 0) */
static int frag(void) { return gen_cmp(BPF_H, F.off_nl + 6, NONE, BPF_JSET, 0x1fff); }

/* where the packet field x (proto[index:size]) is: its base and, for the
   transport protocols, past the IPv4 header; and what it needs (returned:
   the protocol, and for tcp, udp ... an unfragmented IPv4 packet) */
int gen_field(int pr, struct arith *x)
{
	int c = T_TRUE;
	switch (pr) {
	case P_ETHER: x->base = F.off_ll; break;
	case P_IP: case P_IP6: case P_ARP: case P_RARP:
		c = gen_proto(pr); x->base = F.off_nl;
		break;
	case P_ICMP6:
		c = gen_and(gen_ethertype(ETHERTYPE_IPV6),
			    gen_eq(BPF_B, F.off_nl + 6, IPPROTO_ICMPV6));
		x->base = F.off_nl + 40;
		break;
	default:      /* tcp udp sctp icmp igmp */
		c = gen_and(gen_ethertype(ETHERTYPE_IP), gen_and(gen_proto(pr), gen_not(frag())));
		x->base = F.off_nl; x->ldx_msh = F.off_nl + 1;
	}
	return c;
}

/* ---- addresses ---- */

/* the sender and target protocol addresses of ARP and RARP */
static int arp_host(u32 type, int dir, u32 a, u32 m)
{
	u32 nl = F.off_nl;
	return gen_and(gen_ethertype(type), dirt(dir, gen_cmp(BPF_W, nl + 14, m, BPF_JEQ, a),
						 gen_cmp(BPF_W, nl + 24, m, BPF_JEQ, a)));
}
int gen_host4(int pr, int dir, u32 a, u32 m)
{
	u32 nl = F.off_nl;
	int ip = gen_and(gen_ethertype(ETHERTYPE_IP),
			 dirt(dir, gen_cmp(BPF_W, nl + 12, m, BPF_JEQ, a),
			      gen_cmp(BPF_W, nl + 16, m, BPF_JEQ, a)));
	if (pr == P_IP) return ip;
	int arp = arp_host(ETHERTYPE_ARP, dir, a, m);
	if (pr == P_ARP) return arp;
	int rarp = arp_host(ETHERTYPE_REVARP, dir, a, m);
	if (pr == P_RARP) return rarp;
	return gen_or(gen_or(ip, arp), rarp);
}
static int v6words(u32 off, const u8 a[16], const u8 m[16])
{
	int t = T_TRUE;
	for (int i = 0; i < 4; i++) {
		u32 mw = be32(m + 4 * i), aw = be32(a + 4 * i) & mw;
		if (mw) t = gen_and(t, gen_cmp(BPF_W, off + 4 * (u32)i, mw, BPF_JEQ, aw));
	}
	return t;
}
int gen_host6(int dir, const u8 a[16], const u8 m[16])
{
	return gen_and(gen_ethertype(ETHERTYPE_IPV6),
		       dirt(dir, v6words(F.off_nl + 8, a, m), v6words(F.off_nl + 24, a, m)));
}
/* the MAC address at link header offset o (0: its multicast bit) */
static int mac_at(u32 o, const u8 *mac)
{
	if (!mac) return jset(F.off_ll + o, 1);
	return gen_and(gen_eq(BPF_W, F.off_ll + o + 2, be32(mac + 2)),
		       gen_eq(BPF_H, F.off_ll + o, (u32)mac[0] << 8 | mac[1]));
}
static int ite(int c, int a, int b) { return gen_or(gen_and(c, a), gen_and(gen_not(c), b)); }
/* the source and destination addresses, as libpcap finds them: 802.11's
   depend on the frame (not control frames; a data frame's To DS and From
   DS flags say which address is which), decided first, so that the
   addresses are loaded in libpcap's order (a short frame fails alike) */
int gen_ether_addr(int ti, int dir, const u8 *mac)
{
	if (F.linktype == LT_ETHERNET) return dirt(dir, mac_at(6, mac), mac_at(0, mac));
	if (!wlan()) return filter_fail(ti, "ether addresses need Ethernet or 802.11 frames", 0);
	u32 h = F.off_ll;
	int tods = jset(h + 1, WLAN_FL_TODS), a4 = mac_at(4, mac), a10 = mac_at(10, mac);
	int a16 = mac_at(16, mac), plain = dirt(dir, a10, a4);
	int data = ite(jset(h + 1, WLAN_FL_FROMDS),
		       ite(tods, dirt(dir, mac_at(24, mac), a16), dirt(dir, a16, a4)),
		       ite(tods, dirt(dir, a10, a16), plain));
	return gen_and(gen_not(jset(h, WLAN_FC_CTL)), ite(jset(h, WLAN_FC_DATA), data, plain));
}

/* ---- ports ---- */
/* service names as Debian's /etc/services defines them; a name known for
   TCP only ("ssh") means a TCP port, as in libpcap */
static const struct { const char *name; u16 port; u8 proto; } services[] = {
	{ "ftp-data", 20, P_TCP }, { "ftp", 21, P_TCP }, { "ssh", 22, P_TCP },
	{ "telnet", 23, P_TCP }, { "smtp", 25, P_TCP }, { "domain", 53, P_NONE },
	{ "bootps", 67, P_UDP }, { "bootpc", 68, P_UDP }, { "tftp", 69, P_UDP },
	{ "http", 80, P_TCP }, { "www", 80, P_TCP }, { "kerberos", 88, P_NONE },
	{ "pop3", 110, P_TCP }, { "sunrpc", 111, P_NONE }, { "ntp", 123, P_UDP },
	{ "netbios-ns", 137, P_UDP }, { "netbios-dgm", 138, P_UDP }, { "netbios-ssn", 139, P_TCP },
	{ "imap", 143, P_TCP }, { "imap2", 143, P_TCP }, { "snmp", 161, P_NONE },
	{ "snmp-trap", 162, P_NONE }, { "bgp", 179, P_TCP }, { "ldap", 389, P_NONE },
	{ "https", 443, P_NONE }, { "microsoft-ds", 445, P_TCP }, { "isakmp", 500, P_UDP },
	{ "syslog", 514, P_NONE }, { "dhcpv6-client", 546, P_UDP }, { "dhcpv6-server", 547, P_UDP },
	{ "submission", 587, P_TCP }, { "ldaps", 636, P_NONE }, { "rsync", 873, P_TCP },
	{ "imaps", 993, P_TCP }, { "pop3s", 995, P_TCP }, { "openvpn", 1194, P_NONE },
	{ "radius", 1812, P_NONE }, { "nfs", 2049, P_NONE }, { "mysql", 3306, P_TCP },
	{ "ms-wbt-server", 3389, P_TCP }, { "sip", 5060, P_NONE }, { "mdns", 5353, P_UDP },
	{ "postgresql", 5432, P_TCP }, { "x11", 6000, P_TCP }, { "http-alt", 8080, P_TCP },
};
int service_port(const char *s, int n, u32 *port, int *pr)
{
	for (size_t i = 0; i < sizeof services / sizeof services[0]; i++) {
		const char *name = services[i].name;
		if (strlen(name) != (size_t)n || memcmp(name, s, (size_t)n)) continue;
		*port = services[i].port;
		if (*pr == P_NONE) *pr = services[i].proto;
		return 1;
	}
	return 0;
}
/* the 16-bit field at off, past the IPv4 options if x, as the load sequence */
static void port_load(int x, u32 off)
{
	F.nseq = 0;
	if (x) seq_ld(BPF_LDX | BPF_B | BPF_MSH, F.off_nl);
	seq_ld(BPF_LD | BPF_H | (x ? BPF_IND : BPF_ABS), off);
}
/* one direction's port test: lo..hi on the 16-bit field */
static int pcmp(int x, u32 off, u32 lo, u32 hi)
{
	port_load(x, off);
	if (lo == hi) return gen_atom(BPF_JMP | BPF_JEQ | BPF_K, lo);
	int ge = gen_atom(BPF_JMP | BPF_JGE | BPF_K, lo);
	port_load(x, off);
	return gen_and(ge, gen_not(gen_atom(BPF_JMP | BPF_JGT | BPF_K, hi)));
}
int gen_ports(int pr, int dir, u32 lo, u32 hi)
{
	static const u8 all[] = { IPPROTO_SCTP, IPPROTO_TCP, IPPROTO_UDP };
	u32 nl = F.off_nl;
	int p4 = T_FALSE, p6 = T_FALSE;
	for (int i = 0; i < 3; i++) {
		if (pr != P_NONE && proto_numbers[pr] != all[i]) continue;
		p4 = gen_or(p4, gen_eq(BPF_B, nl + 9, all[i]));
		p6 = gen_or(p6, gen_eq(BPF_B, nl + 6, all[i]));
	}
	int v6 = gen_and(gen_ethertype(ETHERTYPE_IPV6),
			 gen_and(p6, dirt(dir, pcmp(0, nl + 40, lo, hi),
					  pcmp(0, nl + 42, lo, hi))));
	int v4 = gen_and(gen_ethertype(ETHERTYPE_IP),
			 gen_and(p4, gen_and(gen_not(frag()),
					     dirt(dir, pcmp(1, nl, lo, hi),
						  pcmp(1, nl + 2, lo, hi)))));
	return gen_or(v6, v4);
}

/* ---- relations ---- */
static void arith_load(const struct arith *x, int d);
/* code for e into F.seq, result in A; d: scratch words in use */
static void arith_emit(int e, int d)
{
	struct arith *x = &F.arith[e];
	if (d >= M_HDR) { filter_fail(F.cursor, "expression too complex", 0); return; }
	switch (x->op) {
	case AX_NUM: seq_emit(BPF_LD | BPF_IMM, x->k); break;
	case AX_LEN: seq_emit(BPF_LD | BPF_W | BPF_LEN, 0); break;
	case AX_NEG: arith_emit(x->left, d); seq_emit(BPF_ALU | BPF_NEG, 0); break;
	case AX_LOAD: arith_load(x, d); break;
	case AX_BIN:
		if (F.arith[x->right].op == AX_NUM) {
			arith_emit(x->left, d);
			seq_emit((u16)(BPF_ALU | x->k | BPF_K), F.arith[x->right].k);
			break;
		}
		arith_emit(x->right, d);
		seq_emit(BPF_ST, (u32)d);
		arith_emit(x->left, d + 1);
		seq_emit(BPF_LDX | BPF_MEM, (u32)d);
		seq_emit((u16)(BPF_ALU | x->k | BPF_X), 0);
	}
}
/* a packet field, past the IPv4 header if it asks, at a constant or
   computed index */
static void arith_load(const struct arith *x, int d)
{
	u16 sz = x->size == 4 ? BPF_W : x->size == 2 ? BPF_H : BPF_B;
	struct arith *i = &F.arith[x->left];
	u32 v = x->base & (VAR_PL | VAR_HDR);
	if (i->op == AX_NUM) {
		if (x->ldx_msh) {
			seq_ld(BPF_LDX | BPF_B | BPF_MSH, x->ldx_msh - 1);
			seq_ld(BPF_LD | sz | BPF_IND, x->base + i->k);
		} else seq_ld(BPF_LD | sz | BPF_ABS, x->base + i->k);
		return;
	}
	arith_emit(x->left, d);
	if (x->ldx_msh) {
		seq_emit(BPF_ST, (u32)d); seq_ld(BPF_LDX | BPF_B | BPF_MSH, x->ldx_msh - 1);
		seq_emit(BPF_LD | BPF_MEM, (u32)d); seq_emit(BPF_ALU | BPF_ADD | BPF_X, 0);
	} else if (v) {                                  /* the index past the base */
		F.need |= v;
		seq_emit(BPF_LDX | BPF_MEM, v == VAR_PL ? M_PL : M_HDR);
		seq_emit(BPF_ALU | BPF_ADD | BPF_X, 0);
	}
	seq_emit(BPF_MISC | BPF_TAX, 0);
	seq_ld(BPF_LD | sz | BPF_IND, x->base);
}
/* a comparison token as a jump and whether its outcome is negated */
static void relop(int k, u16 *jop, int *neg)
{
	switch (k) {
	case TOK_EQ: *jop = BPF_JEQ; *neg = 0; break;
	case TOK_NE: *jop = BPF_JEQ; *neg = 1; break;
	case TOK_GT: *jop = BPF_JGT; *neg = 0; break;
	case TOK_GE: *jop = BPF_JGE; *neg = 0; break;
	case TOK_LT: *jop = BPF_JGE; *neg = 1; break;
	case TOK_LE: *jop = BPF_JGT; *neg = 1; break;
	}
}
/* arithmetic l compared with a constant r */
static int cmp_const(int l, struct arith *R, u16 jop, int *neg)
{
	struct arith *L = &F.arith[l];
	F.nseq = 0;
	/* e + c == k  <=>  e == k - c (mod 2^32); likewise for - and ^ */
	while (jop == BPF_JEQ && L->op == AX_BIN && F.arith[L->right].op == AX_NUM &&
	       (L->k == BPF_ADD || L->k == BPF_SUB || L->k == BPF_XOR)) {
		u32 c = F.arith[L->right].k;
		R->k = L->k == BPF_ADD ? R->k - c : L->k == BPF_SUB ? R->k + c : R->k ^ c;
		l = L->left; L = &F.arith[l];
	}
	if (jop == BPF_JEQ && !R->k && L->op == AX_BIN && L->k == BPF_AND &&
	    F.arith[L->right].op == AX_NUM) {
		arith_emit(L->left, 0);                     /* e & k == 0: jset */
		*neg = !*neg;
		return gen_atom(BPF_JMP | BPF_JSET | BPF_K, F.arith[L->right].k);
	}
	arith_emit(l, 0);
	return gen_atom(BPF_JMP | jop | BPF_K, R->k);
}
/* l op r, op a comparison token; the fields' guards are the parser's */
int gen_relation(int l, int r, int op)
{
	static const u8 mirror[TOK_KINDS] = { [TOK_EQ] = TOK_EQ, [TOK_NE] = TOK_NE,
		[TOK_GT] = TOK_LT, [TOK_LT] = TOK_GT, [TOK_GE] = TOK_LE, [TOK_LE] = TOK_GE };
	u16 jop; int neg, t;
	struct arith *L = &F.arith[l], *R = &F.arith[r];
	relop(op, &jop, &neg);
	if (L->op == AX_NUM && R->op != AX_NUM) {   /* k < e  ->  e > k */
		int tmp = l; l = r; r = tmp; L = &F.arith[l]; R = &F.arith[r];
		relop(mirror[op], &jop, &neg);
	}
	if (L->op == AX_NUM && R->op == AX_NUM) {
		u32 a = L->k, b = R->k;
		int v = jop == BPF_JEQ ? a == b : jop == BPF_JGT ? a > b : a >= b;
		t = v != neg ? T_TRUE : T_FALSE;
	} else if (R->op == AX_NUM) {
		t = cmp_const(l, R, jop, &neg);
	} else {
		F.nseq = 0;
		arith_emit(r, 0);
		seq_emit(BPF_ST, 0);
		arith_emit(l, 1);
		seq_emit(BPF_LDX | BPF_MEM, 0);
		t = gen_atom(BPF_JMP | jop | BPF_X, 0);
	}
	if (neg) t = gen_not(t);
	return t;
}

/* ---- vlan, broadcast, multicast, less, greater ---- */
/* "vlan [id]" (ti: the vlan keyword; id NONE if none): live, the kernel
   took the tag out of the frame and says what it was; else the tag is in
   the frame, and what follows it is tested inside */
int gen_vlan(int ti, u32 id)
{
	if (F.live && !F.nvlan++) {
		F.nseq = 0;
		seq_emit(BPF_LD | BPF_W | BPF_ABS, (u32)(SKF_AD_OFF + SKF_AD_VLAN_TAG_PRESENT));
		int t = gen_atom(BPF_JMP | BPF_JEQ | BPF_K, 1);
		if (id != NONE) {
			F.nseq = 0;
			seq_emit(BPF_LD | BPF_W | BPF_ABS, (u32)(SKF_AD_OFF + SKF_AD_VLAN_TAG));
			seq_emit(BPF_ALU | BPF_AND | BPF_K, 0xfff);
			t = gen_and(t, gen_atom(BPF_JMP | BPF_JEQ | BPF_K, id));
		}
		return t;
	}
	if (F.linktype != LT_ETHERNET && !wlan())
		return filter_fail(ti, "vlan needs Ethernet or 802.11 frames", 0);
	int t = gen_or(gen_or(gen_ethertype(ETHERTYPE_VLAN), gen_ethertype(ETHERTYPE_QINQ)),
		       gen_ethertype(ETHERTYPE_QINQ_OLD));
	if (id != NONE) t = gen_and(t, gen_cmp(BPF_H, F.off_type + 2, 0xfff, BPF_JEQ, id));
	F.off_type += 4; F.off_nl += 4;
	return t;
}
/* [ether|ip|ip6] broadcast or multicast */
int gen_cast(int ti, int pr, int mc)
{
	if (pr == P_IP && mc)    /* 224.0.0.0/4 and above */
		return gen_and(gen_ethertype(ETHERTYPE_IP),
			       gen_cmp(BPF_B, F.off_nl + 16, NONE, BPF_JGE, 224));
	if (pr == P_IP6 && mc)   /* ff00::/8 */
		return gen_and(gen_ethertype(ETHERTYPE_IPV6), gen_eq(BPF_B, F.off_nl + 24, 255));
	if (pr != P_NONE && pr != P_ETHER)
		return filter_fail(ti, "only ether broadcast, and ether, ip or ip6 multicast, are supported", 0);
	static const u8 all[6] = { 255, 255, 255, 255, 255, 255 };
	if (F.linktype == LT_ARCNET_LINUX) return gen_eq(BPF_B, 1, 0);   /* dhost 0 */
	return gen_ether_addr(ti, D_DST, mc ? 0 : all);
}
/* less v, greater v: the length on the wire */
int gen_len(int less, u32 v)
{
	F.nseq = 0; seq_emit(BPF_LD | BPF_W | BPF_LEN, 0);
	if (less) return gen_not(gen_atom(BPF_JMP | BPF_JGT | BPF_K, v));
	return gen_atom(BPF_JMP | BPF_JGE | BPF_K, v);
}
