/* name.c - names from the first bytes of a TCP stream: the TLS ClientHello's
 * server name and ALPN list, the first HTTP/1.x request's method and Host,
 * an SSH identification line. Each parser takes the stream's bytes from its
 * start (b[0..n), as far as they are known in order) and says whether it
 * found what it looks for (NAME_FOUND, the fields filled), needs more bytes
 * (NAME_MORE) or the stream is not of its protocol (NAME_NOT). Recognised by
 * content, not by port. Every length is checked against what is there and
 * against the enclosing structure; nothing is allocated. Pure: no syscalls. */
#include "net.h"

/* ---- TLS: a cursor over the handshake bytes, across TLS records ---- */
struct rc {
	const u8 *b;
	u32 n, at, left;    /* the next byte b[at]; bytes left in the current record */
	u32 used;           /* handshake bytes read */
	int more, bad;      /* the bytes ended; a record that is not a handshake one */
};
enum { TLS_HANDSHAKE = 22, TLS_CLIENT_HELLO = 1, TLS_REC_MAX = 16384 + 2048,
       EXT_SERVER_NAME = 0, EXT_ALPN = 16, SNI_HOST_NAME = 0 };

static int rc_byte(struct rc *r, u8 *v)
{
	while (!r->left) {
		if (r->at + 5 > r->n) { r->more = 1; return 0; }
		const u8 *h = r->b + r->at;
		u32 len = (u32)h[3] << 8 | h[4];
		if (h[0] != TLS_HANDSHAKE || h[1] != 3 || len > TLS_REC_MAX) { r->bad = 1; return 0; }
		/* as tshark: a record's bytes count once the whole record is here */
		if (r->at + 5 + len > r->n) { r->more = 1; return 0; }
		r->at += 5; r->left = len;
	}
	if (r->at >= r->n) { r->more = 1; return 0; }
	*v = r->b[r->at++];
	r->left--; r->used++;
	return 1;
}
static u32 rc_num(struct rc *r, int bytes)
{
	u32 v = 0;
	u8 c = 0;
	while (bytes--) { if (!rc_byte(r, &c)) return 0; v = v << 8 | c; }
	return v;
}
/* skip k bytes, or copy the first cap of them to o; a record's bytes at once */
static void rc_take(struct rc *r, u32 k, u8 *o, u32 cap)
{
	u8 c;
	for (u32 i = 0; i < k;) {
		if (!r->left || r->at >= r->n) {            /* the next record's header, or the end */
			if (!rc_byte(r, &c)) return;
			if (i < cap) o[i] = c;
			i++;
			continue;
		}
		u32 m = k - i;
		if (m > r->left) m = r->left;
		if (m > r->n - r->at) m = r->n - r->at;
		for (u32 j = 0; j < m && i + j < cap; j++) o[i + j] = r->b[r->at + j];
		r->at += m; r->left -= m; r->used += m; i += m;
	}
}

int tls_client_hello(const u8 *b, u32 n, struct tls_names *t)
{
	struct rc r = { b, n, 0, 0, 0, 0, 0 };
	t->has_sni = t->has_alpn = 0; t->sni_len = t->alpn_len = 0;
	if (n >= 1 && b[0] != TLS_HANDSHAKE) return NAME_NOT;
	if (n >= 2 && b[1] != 3) return NAME_NOT;
	u32 type = rc_num(&r, 1), len = rc_num(&r, 3);
	if (r.bad || (!r.more && type != TLS_CLIENT_HELLO)) return NAME_NOT;
	if (!r.more && n - r.at < len) return NAME_MORE;   /* not all here yet: no need to look */
	u32 start = r.used;                                /* the ClientHello's body */
	rc_take(&r, 2 + 32, 0, 0);                         /* version, random */
	rc_take(&r, rc_num(&r, 1), 0, 0);                  /* session id */
	rc_take(&r, rc_num(&r, 2), 0, 0);                  /* cipher suites */
	rc_take(&r, rc_num(&r, 1), 0, 0);                  /* compression methods */
	if (r.more || r.bad) return r.bad ? NAME_NOT : NAME_MORE;
	if (r.used - start >= len) return NAME_FOUND;      /* no extensions */
	u32 total = rc_num(&r, 2), end = r.used + total, hend = start + len;
	if (end > hend) return r.more ? NAME_MORE : NAME_FOUND;   /* a length that lies: nothing from them (as tshark) */
	while (!r.more && !r.bad && r.used + 4 <= end) {
		u32 et = rc_num(&r, 2), el = rc_num(&r, 2), eend = r.used + el;
		if (eend > end) break;                         /* overruns the extensions: stop there */
		if (et == EXT_SERVER_NAME && !t->has_sni) {
			u32 ll = rc_num(&r, 2), lend = r.used + ll;
			if (lend > eend) lend = eend;
			while (!r.more && r.used + 3 <= lend && !t->has_sni) {
				u32 nt = rc_num(&r, 1), nl = rc_num(&r, 2);
				if (r.used + nl > lend) break;
				if (nt == SNI_HOST_NAME) {
					rc_take(&r, nl, (u8 *)t->sni, NAME_SNI_MAX);
					t->has_sni = 1; t->sni_len = nl > NAME_SNI_MAX ? NAME_SNI_MAX : (u16)nl;
				} else rc_take(&r, nl, 0, 0);
			}
		} else if (et == EXT_ALPN && !t->has_alpn) {
			u32 ll = rc_num(&r, 2), lend = r.used + ll;
			if (lend > eend) lend = eend;
			t->has_alpn = 1;
			while (!r.more && r.used + 1 <= lend) {
				u32 pl = rc_num(&r, 1);
				if (!pl || r.used + pl > lend) break;
				if (t->alpn_len + 1 + pl <= NAME_ALPN_MAX) {  /* whole names only */
					t->alpn[t->alpn_len] = (u8)pl;
					rc_take(&r, pl, t->alpn + t->alpn_len + 1, pl);
					t->alpn_len = (u16)(t->alpn_len + 1 + pl);
				} else rc_take(&r, pl, 0, 0);
			}
		}
		if (r.used < eend) rc_take(&r, eend - r.used, 0, 0);   /* the rest of the extension */
	}
	if (r.more) return NAME_MORE;
	return NAME_FOUND;
}

/* ---- HTTP/1.x: the first request's method and Host ---- */
static int tchar(u8 c)             /* RFC 9110's token characters */
{
	static const char more[] = "!#$%&'*+-.^_`|~";
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return 1;
	for (u32 i = 0; i < sizeof more - 1; i++) if (c == (u8)more[i]) return 1;
	return 0;
}
static int lower(u8 c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

int http_request(const u8 *b, u32 n, struct http_names *h)
{
	u32 i = 0, m = 0;
	h->has_host = 0; h->host_len = 0; h->method_len = 0;
	while (i < n && tchar(b[i]) && m < NAME_METHOD_MAX) h->method[m++] = (char)b[i++];
	if (i < n && (!m || b[i] != ' ')) return NAME_NOT;          /* METHOD SP */
	u32 sp = i + 1;
	while (++i < n && b[i] != ' ' && b[i] != '\r' && b[i] != '\n') {}
	if (i < n && (b[i] != ' ' || i == sp)) return NAME_NOT;     /* target SP */
	static const char ver[] = "HTTP/1.";
	for (u32 k = 0; k < 7; k++) if (++i < n && b[i] != (u8)ver[k]) return NAME_NOT;
	if (++i < n && (b[i] < '0' || b[i] > '9')) return NAME_NOT;
	if (i >= n) return NAME_MORE;
	h->method_len = (u8)m;
	/* header lines up to the empty one */
	for (;;) {
		while (i < n && b[i] != '\n') i++;             /* the end of the line before */
		if (i >= n) return NAME_MORE;
		u32 s = ++i, e = s;
		while (e < n && b[e] != '\n') e++;
		if (e >= n) return NAME_MORE;
		u32 end = e > s && b[e - 1] == '\r' ? e - 1 : e;
		if (end == s) return NAME_FOUND;               /* the empty line: no Host */
		static const char host[] = "host:";
		u32 k = 0;
		while (k < 5 && s + k < end && lower(b[s + k]) == host[k]) k++;
		if (k == 5) {
			u32 v = s + 5;
			while (v < end && (b[v] == ' ' || b[v] == '\t')) v++;   /* trailing blanks stay (as tshark) */
			u32 l = end - v;
			for (u32 j = 0; j < l && j < NAME_HOST_MAX; j++) h->host[j] = (char)b[v + j];
			h->host_len = (u16)(l < NAME_HOST_MAX ? l : NAME_HOST_MAX);
			h->has_host = 1;
			return NAME_FOUND;
		}
		i = e;
	}
}

/* ---- SSH: the identification line (RFC 4253 section 4.2: a server may
   send other lines first; a client may not) ---- */
int ssh_ident(const u8 *b, u32 n, int server, char *line, u16 *len)
{
	u32 s = 0;
	for (;;) {
		u32 e = s;
		static const char id[] = "SSH-";
		for (u32 k = 0; k < 4 && s + k < n; k++)
			if (b[s + k] != (u8)id[k]) { if (!server) return NAME_NOT; goto other; }
		while (e < n && b[e] != '\n') e++;
		if (e >= n) return n - s > NAME_SSH_MAX + 2 ? NAME_NOT : NAME_MORE;
		u32 end = e > s && b[e - 1] == '\r' ? e - 1 : e;
		if (end - s < 4) return NAME_MORE;
		u32 l = end - s < NAME_SSH_MAX ? end - s : NAME_SSH_MAX;
		for (u32 j = 0; j < l; j++) line[j] = (char)b[s + j];
		*len = (u16)l;
		return NAME_FOUND;
	other:      /* text: a control byte says these are not such lines */
		for (; e < n && b[e] != '\n'; e++)
			if (b[e] < 0x20 && b[e] != '\t' && b[e] != '\r') return NAME_NOT;
		if (e >= n) return NAME_MORE;
		s = e + 1;
		if (s >= n) return NAME_MORE;
	}
}

/* ---- DNS: a response's question and the addresses its answers give it ---- */
enum { DNS_HDR = 12, DNS_PTR_MAX = 32, DNS_NAME_MAX = 255, DNS_CHAIN_MAX = 8,
       DNS_A = 1, DNS_CNAME = 5, DNS_AAAA = 28, DNS_IN = 1 };

/* the end of the name at off (past its labels or its first pointer), or 0
   when it is damaged; its uncompressed length checked */
static u32 dn_skip(const u8 *m, u32 n, u32 off)
{
	u32 len = 0, end = 0, jumps = 0;
	for (;;) {
		if (off >= n) return 0;
		u8 c = m[off];
		if (!c) return end ? end : off + 1;
		if ((c & 0xc0) == 0xc0) {
			if (off + 2 > n || ++jumps > DNS_PTR_MAX) return 0;
			u32 to = (u32)(c & 0x3f) << 8 | m[off + 1];
			if (!end) end = off + 2;
			if (to >= off) return 0;               /* only backwards: no loops */
			off = to;
			continue;
		}
		if (c & 0xc0) return 0;                    /* the reserved label types */
		len += c + 1u;
		if (len > DNS_NAME_MAX || off + 1 + c > n) return 0;
		off += 1 + c;
	}
}

/* the end of the name at off in place (its labels, then a 0 or a
   pointer), without following the pointer: a record's extent is known
   even when its name is damaged; 0 when it runs past n */
static u32 dn_extent(const u8 *m, u32 n, u32 off)
{
	while (off < n) {
		u8 c = m[off];
		if (!c) return off + 1;
		if ((c & 0xc0) == 0xc0) return off + 2 <= n ? off + 2 : 0;
		if (c & 0xc0) return 0;
		off += 1 + c;
	}
	return 0;
}

/* the next label of the name at *off: its offset (and length in *l), 0 at
   the name's end; follows pointers (dn_skip has checked the name) */
static u32 dn_label(const u8 *m, u32 *off, u32 *l)
{
	while ((m[*off] & 0xc0) == 0xc0) *off = (u32)(m[*off] & 0x3f) << 8 | m[*off + 1];
	*l = m[*off];
	if (!*l) return 0;
	u32 at = *off + 1;
	*off = at + *l;
	return at;
}

/* two checked names equal, letters in any case (as DNS compares them) */
static int dn_eq(const u8 *m, u32 a, u32 b)
{
	for (;;) {
		u32 la, lb, pa = dn_label(m, &a, &la), pb = dn_label(m, &b, &lb);
		if (la != lb) return 0;
		if (!pa) return 1;
		for (u32 i = 0; i < la; i++) if (lower(m[pa + i]) != lower(m[pb + i])) return 0;
	}
}

/* a checked name as text, dots between labels, at most cap bytes */
static u32 dn_text(const u8 *m, u32 off, char *o, u32 cap)
{
	u32 n = 0, l, p;
	while ((p = dn_label(m, &off, &l))) {
		if (n && n < cap) o[n++] = '.';
		for (u32 i = 0; i < l && n < cap; i++) o[n++] = (char)m[p + i];
	}
	return n;
}

int dns_response(const u8 *m, u32 n, struct dns_names *d)
{
	d->qname_len = 0; d->naddr = 0;
	if (n < DNS_HDR || !(m[2] & 0x80) || (m[2] & 0x78) || be16(m + 4) != 1) return NAME_NOT;  /* a standard query's response, one question */
	if ((m[3] & 0x0f) != 0) return NAME_FOUND;   /* an error (NXDOMAIN...): no name for anything */
	u32 q = DNS_HDR, at = dn_skip(m, n, q);
	if (!at || at + 4 > n) return NAME_NOT;
	at += 4;
	/* the answers: where each owner name, type and data are */
	struct { u32 owner, type, data, len; } rr[DNS_RR_MAX];
	u32 an = be16(m + 6), nrr = 0;
	for (u32 i = 0; i < an; i++) {
		u32 o = at, e = dn_skip(m, n, at), ok = e != 0;
		if (!ok) e = dn_extent(m, n, at);          /* a damaged owner (a pointer loop): skipped, as tshark */
		if (!e || e + 10 > n) break;
		u32 type = be16(m + e), cls = be16(m + e + 2), rl = be16(m + e + 8);
		if (e + 10 + rl > n) break;
		if (ok && cls == DNS_IN && nrr < DNS_RR_MAX
		    && ((type == DNS_A && rl == 4) || (type == DNS_AAAA && rl == 16)
			|| (type == DNS_CNAME && dn_skip(m, e + 10 + rl, e + 10))))
			rr[nrr].owner = o, rr[nrr].type = type, rr[nrr].data = e + 10, rr[nrr].len = rl, nrr++;
		at = e + 10 + rl;
	}
	/* the names the question leads to through CNAMEs, then their addresses */
	u32 chain[DNS_CHAIN_MAX], nc = 1;
	chain[0] = q;
	for (u32 k = 0; k < nc; k++)
		for (u32 i = 0; i < nrr && nc < DNS_CHAIN_MAX; i++)
			if (rr[i].type == DNS_CNAME && dn_eq(m, rr[i].owner, chain[k])) {
				u32 seen = 0;
				for (u32 j = 0; j < nc; j++) seen |= dn_eq(m, rr[i].data, chain[j]);
				if (!seen) chain[nc++] = rr[i].data;
			}
	for (u32 i = 0; i < nrr; i++) {
		if (rr[i].type == DNS_CNAME || d->naddr >= DNS_ADDR_MAX) continue;
		u32 hit = 0;
		for (u32 k = 0; k < nc && !hit; k++) hit = dn_eq(m, rr[i].owner, chain[k]);
		if (!hit) continue;
		struct dns_addr *a = &d->addr[d->naddr++];
		a->v6 = rr[i].type == DNS_AAAA;
		memcpy(a->a, m + rr[i].data, rr[i].len);
	}
	d->qname_len = (u16)dn_text(m, q, d->qname, DNS_NAME_MAX);
	return NAME_FOUND;
}

/* ---- passive DNS: address -> the name whose answer gave it ----
   4-way sets of a keyed hash of the address; a hit or an answer makes an
   entry the most recently used of its set, and a new address takes the
   least recently used one's place: names leave by disuse, not by TTL (TTLs
   of a few seconds are common, connections outlive them) */
void dns_cache_init(struct dns_cache *d, const u8 key[8])
{
	memset(d, 0, sizeof *d);
	memcpy(d->k, key, 8);
}

static struct dns_ent *dns_set(struct dns_cache *d, const u8 *a, int v6)
{
	u32 h = hsiphash(d->k, a, v6 ? 16 : 4) ^ (u32)v6;
	return &d->e[(h & (DNS_CACHE / DNS_WAYS - 1)) * DNS_WAYS];
}
static int dns_same(const struct dns_ent *e, const u8 *a, int v6)
{
	return e->len && e->v6 == v6 && !memcmp(e->a, a, v6 ? 16 : 4);
}

void dns_cache_put(struct dns_cache *d, const u8 *a, int v6, const char *name, u32 len)
{
	if (!len) return;                              /* the root names nothing */
	struct dns_ent *s = dns_set(d, a, v6), *e = s;
	for (int i = 0; i < DNS_WAYS; i++) {
		if (dns_same(&s[i], a, v6)) { e = &s[i]; break; }
		if (s[i].used < e->used) e = &s[i];        /* empty ones (used 0) first, then the oldest */
	}
	if (len > DNS_NAME_MAX) len = DNS_NAME_MAX;
	e->v6 = (u8)v6;
	memset(e->a, 0, 16); memcpy(e->a, a, v6 ? 16 : 4);
	memcpy(e->name, name, len); e->len = (u16)len;
	e->used = ++d->clock;
}

const char *dns_cache_get(struct dns_cache *d, const u8 *a, int v6, u32 *len)
{
	struct dns_ent *s = dns_set(d, a, v6);
	for (int i = 0; i < DNS_WAYS; i++)
		if (dns_same(&s[i], a, v6)) {
			s[i].used = ++d->clock;
			*len = s[i].len;
			return s[i].name;
		}
	return 0;
}
