/* owner.c - which process owns each end of a connection, the pure part:
 * the lines of /proc/net/{tcp,udp}{,6}, the sock_diag request and its
 * replies, the /proc/PID files a walk reads, and two bounded maps (sockets
 * by tuple and inode; inodes to processes) with the lookup a connection
 * needs. No syscalls, no allocation: the caller owns the maps. */
#include "net.h"

static const u8 zero16[16];

/* ---------------------------------------------------------------- helpers */
static int hexval(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	return -1;
}
/* exactly n (1 to 8) hex digits */
static int hexn(const char *s, u32 n, u32 *v)
{
	u32 x = 0;
	if (!n || n > 8) return -1;
	for (u32 i = 0; i < n; i++) {
		int d = hexval(s[i]);
		if (d < 0) return -1;
		x = x << 4 | (u32)d;
	}
	*v = x;
	return 0;
}
/* decimal, 1 to 10 digits, at most 2^32-1 */
static int decn(const char *s, u32 n, u32 *v)
{
	u64 x = 0;
	if (!n || n > 10) return -1;
	for (u32 i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9') return -1;
		x = x * 10 + (u32)(s[i] - '0');
	}
	if (x > 0xffffffffu) return -1;
	*v = (u32)x;
	return 0;
}
/* ::ffff:a.b.c.d as IPv4 */
static void unmap(u8 *a, u8 *v6)
{
	static const u8 pre[12] = { [10] = 0xff, [11] = 0xff };
	if (!*v6 || memcmp(a, pre, 12)) return;
	a[0] = a[12]; a[1] = a[13]; a[2] = a[14]; a[3] = a[15];
	memset(a + 4, 0, 12);
	*v6 = 0;
}

/* both addresses of e, read as IPv6 or not: mapped ones as IPv4; a socket
   whose one address is mapped and the other unspecified is IPv4; -1: one
   mapped, the other a true IPv6 address (no such socket) */
static int family(struct sock_ent *e, u8 v6)
{
	u8 lv6 = v6, rv6 = v6;
	unmap(e->local, &lv6);
	unmap(e->remote, &rv6);
	if (lv6 == rv6 || !memcmp(e->remote, zero16, 16)) e->v6 = lv6;
	else if (!memcmp(e->local, zero16, 16)) e->v6 = rv6;
	else return -1;
	return 0;
}
static int ishex(const char *s, u32 n)
{
	if (!n || n > 16) return 0;
	for (u32 i = 0; i < n; i++) if (hexval(s[i]) < 0) return 0;
	return 1;
}

/* ---------------------------------------------------------------- /proc/net */
/* "HEX:PORT": 8 or 32 hex digits, the kernel's 32-bit words each as it
   holds them (so this machine's byte order: a word's bytes in memory are
   the address's bytes in network order), then 4 hex digits of port */
static int addr_tok(const char *s, u32 n, u8 a[16], u16 *port)
{
	u32 al = n >= 5 ? n - 5 : 0, w;
	if ((al != 8 && al != 32) || s[al] != ':') return -1;
	memset(a, 0, 16);
	for (u32 i = 0; i < al / 8; i++) {
		if (hexn(s + 8 * i, 8, &w)) return -1;
		memcpy(a + 4 * i, &w, 4);
	}
	if (hexn(s + al + 1, 4, &w)) return -1;
	*port = (u16)w;
	return (int)al;
}

/* sl local rem st tx:rx tr:when retrnsmt uid timeout inode ref pointer
   [more]: the kernel prints ref and pointer after the inode on every line
   (TIME_WAIT too), so a line cut inside the inode is not taken for one */
int procnet_line(const char *s, u32 n, u8 proto, struct sock_ent *e)
{
	enum { NTOK = 12 };
	const char *t[NTOK];
	u32 tl[NTOK], nt = 0, i = 0;
	while (nt < NTOK) {
		while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++;
		if (i >= n) break;
		t[nt] = s + i;
		while (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r') i++;
		tl[nt] = (u32)(s + i - t[nt]);
		nt++;
	}
	if (nt >= 1 && tl[0] == 2 && t[0][0] == 's' && t[0][1] == 'l') return 0;   /* the header */
	if (nt < NTOK) return -1;
	u32 v;
	if (tl[0] < 2 || t[0][tl[0] - 1] != ':' || decn(t[0], tl[0] - 1, &v)) return -1;
	memset(e, 0, sizeof *e);
	int l1 = addr_tok(t[1], tl[1], e->local, &e->lport), l2 = addr_tok(t[2], tl[2], e->remote, &e->rport);
	if (l1 < 0 || l1 != l2) return -1;
	if (tl[3] != 2 || hexn(t[3], 2, &v) || !v) return -1;
	e->state = (u8)v;
	/* tx_queue:rx_queue, tr:tm->when, retrnsmt: hex, not kept */
	for (int k = 4; k <= 6; k++) {
		u32 a = 0;
		while (a < tl[k] && t[k][a] != ':') a++;
		if (k == 6 ? a != tl[k] || !ishex(t[k], a) : a == tl[k] || !ishex(t[k], a) || !ishex(t[k] + a + 1, tl[k] - a - 1))
			return -1;
	}
	if (decn(t[7], tl[7], &e->uid)) return -1;
	if (decn(t[8][0] == '-' ? t[8] + 1 : t[8], t[8][0] == '-' ? tl[8] - 1 : tl[8], &v)) return -1;
	if (decn(t[9], tl[9], &e->inode) || decn(t[10], tl[10], &v) || !ishex(t[11], tl[11])) return -1;
	e->proto = proto;
	if (family(e, l1 == 32)) return -1;
	e->next = e->inext = NONE;
	return 1;
}

/* ---------------------------------------------------------------- sock_diag */
static void put32(u8 *p, u32 v) { memcpy(p, &v, 4); }
static void put16(u8 *p, u16 v) { memcpy(p, &v, 2); }
static u32 get32(const u8 *p) { u32 v; memcpy(&v, p, 4); return v; }
static u16 get16(const u8 *p) { u16 v; memcpy(&v, p, 2); return v; }

u32 diag_request(u8 *out, u8 family, u8 proto, u32 seq)
{
	memset(out, 0, DIAG_REQ_LEN);
	put32(out + OFF(k_nlmsghdr, nlmsg_len), DIAG_REQ_LEN);
	put16(out + OFF(k_nlmsghdr, nlmsg_type), SOCK_DIAG_BY_FAMILY);
	put16(out + OFF(k_nlmsghdr, nlmsg_flags), NLM_F_REQUEST | NLM_F_DUMP);
	put32(out + OFF(k_nlmsghdr, nlmsg_seq), seq);
	u8 *r = out + sizeof(struct k_nlmsghdr);
	r[OFF(k_inet_diag_req_v2, sdiag_family)] = family;
	r[OFF(k_inet_diag_req_v2, sdiag_protocol)] = proto;
	put32(r + OFF(k_inet_diag_req_v2, idiag_states), 0xffffffffu);   /* every state */
	return DIAG_REQ_LEN;
}
_Static_assert(DIAG_REQ_LEN == sizeof(struct k_nlmsghdr) + sizeof(struct k_inet_diag_req_v2), "DIAG_REQ_LEN");

/* one struct inet_diag_msg (len bytes there, at least its size) */
static int diag_sock(const u8 *p, u8 proto, struct sock_ent *e)
{
	u8 fam = p[OFF(k_inet_diag_msg, idiag_family)];
	if (fam != AF_INET && fam != AF_INET6) return -1;
	const u8 *id = p + OFF(k_inet_diag_msg, id);
	memset(e, 0, sizeof *e);
	e->v6 = fam == AF_INET6;
	u32 al = e->v6 ? 16 : 4;
	memcpy(e->local, id + OFF(k_inet_diag_sockid, idiag_src), al);
	memcpy(e->remote, id + OFF(k_inet_diag_sockid, idiag_dst), al);
	e->lport = be16(id);                             /* network order */
	e->rport = be16(id + 2);
	e->state = p[OFF(k_inet_diag_msg, idiag_state)];
	e->uid = get32(p + OFF(k_inet_diag_msg, idiag_uid));
	e->inode = get32(p + OFF(k_inet_diag_msg, idiag_inode));
	e->proto = proto;
	if (family(e, e->v6)) return -1;
	e->next = e->inext = NONE;
	return 0;
}

int diag_reply(const u8 *b, u32 n, u32 seq, u8 proto, struct sock_map *m, u32 netns)
{
	const u32 H = sizeof(struct k_nlmsghdr);
	u32 at = 0;
	while (n - at >= H) {
		const u8 *h = b + at;
		u32 len = get32(h + OFF(k_nlmsghdr, nlmsg_len));
		u16 type = get16(h + OFF(k_nlmsghdr, nlmsg_type));
		if (len < H || len > n - at) return DIAG_BAD;
		const u8 *p = h + H;
		u32 plen = len - H;
		if (get32(h + OFF(k_nlmsghdr, nlmsg_seq)) == seq) {
			if (type == NLMSG_DONE) {
				s32 err = plen >= 4 ? (s32)get32(p) : 0;
				return err < 0 ? (err > DIAG_BAD ? err : DIAG_BAD) : DIAG_DONE;
			}
			if (type == NLMSG_ERROR) {
				if (plen < 4) return DIAG_BAD;
				s32 err = (s32)get32(p);
				if (err > 0 || err <= DIAG_BAD) return DIAG_BAD;
				return err ? err : DIAG_DONE;          /* 0: an acknowledgement */
			}
			if (type == SOCK_DIAG_BY_FAMILY) {
				struct sock_ent e;
				if (plen < sizeof(struct k_inet_diag_msg) || diag_sock(p, proto, &e)) return DIAG_BAD;
				e.netns = netns;
				sock_put(m, &e);
			} else if (type != NLMSG_NOOP) return DIAG_BAD;
		}
		u32 step = (len + 3) & ~3u;
		at = step < n - at ? at + step : n;             /* the last one may be unpadded */
	}
	return at == n ? DIAG_MORE : DIAG_BAD;              /* a piece of a header left: cut short */
}

/* ---------------------------------------------------------------- /proc/PID */
u32 fd_socket_inode(const char *s, u32 n)
{
	u32 v;
	if (n < 10 || memcmp(s, "socket:[", 8) || s[n - 1] != ']' || decn(s + 8, n - 9, &v)) return 0;
	return v;
}
u32 ns_net_inode(const char *s, u32 n)
{
	u32 v;
	if (n < 7 || memcmp(s, "net:[", 5) || s[n - 1] != ']' || decn(s + 5, n - 6, &v)) return 0;
	return v;
}
u32 proc_pid(const char *name)
{
	u32 n = 0, v;
	while (name[n] && n < 11) n++;
	if (name[0] == '0' || decn(name, n, &v) || name[n] || v > 4194304) return 0;   /* PID_MAX_LIMIT */
	return v;
}
u32 comm_parse(const char *s, u32 n, char out[COMM_MAX])
{
	u32 i = 0;
	while (i < n && i < COMM_MAX - 1 && s[i] != '\n') out[i] = s[i], i++;
	out[i] = 0;
	return i;
}
/* the path ("/...") of the v2 line ("0::PATH") or of v1's systemd
   hierarchy ("N:name=systemd:PATH"); 0 for none or the root */
static const char *cg_path(const char *s, u32 n, int v2, u32 *len)
{
	for (u32 i = 0; i < n; ) {
		u32 e = i, at = i;
		while (e < n && s[e] != '\n') e++;
		if (v2) at = e - i >= 3 && !memcmp(s + i, "0::", 3) ? i + 3 : e;
		else {
			while (at < e && s[at] >= '0' && s[at] <= '9') at++;
			at = at > i && e - at >= 14 && !memcmp(s + at, ":name=systemd:", 14) ? at + 14 : e;
		}
		if (at < e && s[at] == '/') { *len = e - at; return *len > 1 ? s + at : 0; }
		i = e + 1;
	}
	return 0;
}
int cgroup_parse(const char *s, u32 n, char *out, u32 cap)
{
	u32 l = 0;
	const char *p = cg_path(s, n, 1, &l);
	if (!p) p = cg_path(s, n, 0, &l);
	if (!p) { if (cap) out[0] = 0; return 0; }
	if (l >= cap) return -1;
	memcpy(out, p, l);
	out[l] = 0;
	return (int)l;
}

/* ---------------------------------------------------------------- the socket map */
void sock_init(struct sock_map *m, const u8 key[8])
{
	memcpy(m->k, key, 8);
	m->n = m->full = m->nlocal = 0;
	memset(m->bucket, 0xff, sizeof m->bucket);
	memset(m->ibucket, 0xff, sizeof m->ibucket);
}
_Static_assert((SOCK_MAX & (SOCK_MAX - 1)) == 0 && (INODE_MAX & (INODE_MAX - 1)) == 0, "powers of two");

static u32 tuple_hash(const struct sock_map *m, u8 proto, int v6, const u8 *l, u16 lp, const u8 *r, u16 rp)
{
	u8 k[38];
	u32 al = v6 ? 16 : 4;
	k[0] = proto; k[1] = (u8)v6;
	k[2] = (u8)(lp >> 8); k[3] = (u8)lp; k[4] = (u8)(rp >> 8); k[5] = (u8)rp;
	memcpy(k + 6, l, al);
	memcpy(k + 6 + al, r, al);
	return hsiphash(m->k, k, 6 + 2 * al) & (SOCK_MAX - 1);
}
static u32 inode_hash(const u32 k[2], u32 inode, u32 mask)
{
	u8 b[4];
	memcpy(b, &inode, 4);
	return hsiphash(k, b, 4) & mask;
}

static int is_loopback(const u8 *a, int v6)
{
	static const u8 one[16] = { [15] = 1 };
	return v6 ? !memcmp(a, one, 16) : a[0] == 127;
}
void sock_local(struct sock_map *m, const u8 *a, int v6, u32 netns)
{
	u32 al = v6 ? 16 : 4;
	for (u32 i = m->nlocal; i-- > 0; )       /* newest first: a table's sockets share few addresses */
		if (m->local[i].v6 == v6 && m->local[i].netns == netns && !memcmp(m->local[i].a, a, al)) return;
	if (m->nlocal >= LOCAL_MAX) return;
	memset(m->local[m->nlocal].a, 0, 16);
	memcpy(m->local[m->nlocal].a, a, al);
	m->local[m->nlocal].v6 = (u8)v6;
	m->local[m->nlocal].netns = netns;
	m->nlocal++;
}
static int is_local(const struct sock_map *m, const u8 *a, int v6, u32 netns)
{
	if (is_loopback(a, v6)) return netns == 0;
	u32 al = v6 ? 16 : 4;
	for (u32 i = 0; i < m->nlocal; i++)
		if (m->local[i].v6 == v6 && m->local[i].netns == netns && !memcmp(m->local[i].a, a, al)) return 1;
	return 0;
}

int sock_put(struct sock_map *m, const struct sock_ent *e)
{
	if (!e->inode) return 0;
	if (m->n >= SOCK_MAX) { m->full++; return -1; }
	struct sock_ent *d = &m->e[m->n];
	*d = *e;
	if (!d->v6) { memset(d->local + 4, 0, 12); memset(d->remote + 4, 0, 12); }
	u32 h = tuple_hash(m, d->proto, d->v6, d->local, d->lport, d->remote, d->rport);
	d->next = m->bucket[h]; m->bucket[h] = m->n;
	h = inode_hash(m->k, d->inode, SOCK_MAX - 1);
	d->inext = m->ibucket[h]; m->ibucket[h] = m->n;
	m->n++;
	if (memcmp(d->local, zero16, d->v6 ? 16 : 4) && !is_loopback(d->local, d->v6))
		sock_local(m, d->local, d->v6, d->netns);
	return 1;
}

const struct sock_ent *sock_by_inode(const struct sock_map *m, u32 inode)
{
	for (u32 i = m->ibucket[inode_hash(m->k, inode, SOCK_MAX - 1)]; i != NONE; i = m->e[i].inext)
		if (m->e[i].inode == inode) return &m->e[i];
	return 0;
}

/* the entry for the tuple that passes the test, netns 0 first, then the
   lowest; test: 0 any, 1 a TCP listener or a UDP socket, 2 the same whose
   namespace has addr as an address */
static const struct sock_ent *find(const struct sock_map *m, u8 proto, int v6, const u8 *l, u16 lp,
				   const u8 *r, u16 rp, int test, const u8 *addr, int addr_v6)
{
	u32 al = v6 ? 16 : 4;
	const struct sock_ent *best = 0;
	for (u32 i = m->bucket[tuple_hash(m, proto, v6, l, lp, r, rp)]; i != NONE; i = m->e[i].next) {
		const struct sock_ent *e = &m->e[i];
		if (e->proto != proto || e->v6 != v6 || e->lport != lp || e->rport != rp
		    || memcmp(e->local, l, al) || memcmp(e->remote, r, al)) continue;
		if (test && proto == IPPROTO_TCP && e->state != SK_LISTEN) continue;
		if (test == 2 && !is_local(m, addr, addr_v6, e->netns)) continue;
		if (!best || e->netns < best->netns) best = e;
		if (!e->netns) break;
	}
	return best;
}

int sock_end(const struct sock_map *m, const struct conn *c, int end, const struct sock_ent **e)
{
	*e = 0;
	if (c->proto != IPPROTO_TCP && c->proto != IPPROTO_UDP) return OWN_NONE;
	const u8 *l = end ? c->b : c->a, *r = end ? c->a : c->b;
	u16 lp = end ? c->bp : c->ap, rp = end ? c->ap : c->bp;
	int v6 = c->v6;
	if ((*e = find(m, c->proto, v6, l, lp, r, rp, 0, 0, 0))) return OWN_EXACT;
	if (c->proto == IPPROTO_TCP && !end) return OWN_NONE;    /* a client's socket is never a listener */
	if ((*e = find(m, c->proto, v6, l, lp, zero16, 0, 1, 0, 0))) return OWN_BOUND;
	if ((*e = find(m, c->proto, v6, zero16, lp, zero16, 0, 2, l, v6))) return OWN_ANY;
	if (!v6 && (*e = find(m, c->proto, 1, zero16, lp, zero16, 0, 2, l, v6))) return OWN_ANY;
	return OWN_NONE;
}

/* ---------------------------------------------------------------- inode -> process */
void inode_init(struct inode_map *m, const u8 key[8])
{
	memcpy(m->k, key, 8);
	m->n = m->full = 0;
	memset(m->bucket, 0xff, sizeof m->bucket);
}
int inode_put(struct inode_map *m, u32 inode, u32 pid, const char *comm)
{
	u32 h = inode_hash(m->k, inode, INODE_MAX - 1), i;
	for (i = m->bucket[h]; i != NONE; i = m->e[i].next)
		if (m->e[i].inode == inode) break;
	struct inode_ent *e;
	if (i != NONE) {
		e = &m->e[i];
		if (e->nfd < 0xffff) e->nfd++;
		if (pid >= e->pid) return 0;
	} else {
		if (m->n >= INODE_MAX) { m->full++; return -1; }
		e = &m->e[m->n];
		e->inode = inode; e->nfd = 1;
		e->next = m->bucket[h]; m->bucket[h] = m->n++;
	}
	e->pid = pid;
	u32 k = 0;
	for (; comm && k < COMM_MAX - 1 && comm[k]; k++) e->comm[k] = comm[k];
	memset(e->comm + k, 0, COMM_MAX - k);
	return 0;
}
const struct inode_ent *inode_get(const struct inode_map *m, u32 inode)
{
	for (u32 i = m->bucket[inode_hash(m->k, inode, INODE_MAX - 1)]; i != NONE; i = m->e[i].next)
		if (m->e[i].inode == inode) return &m->e[i];
	return 0;
}
