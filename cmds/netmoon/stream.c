/* stream.c - each connection's names: the first bytes of each direction of
 * a TCP connection reassembled in a bounded pool (STREAMS streams of
 * STREAM_BYTES, as Zeek's initial window) and given to the parsers of name.c
 * until one finds its name or none can; the passive DNS cache filled from
 * responses on port 53 (UDP, and TCP through the same reassembly) and asked
 * for the server's name when a flow starts. A direction's bytes go to the
 * parsers its first bytes may be for (a connection's cand[]): the client's
 * to TLS, HTTP and SSH, the server's to SSH (and DNS from port 53); each
 * drops out when the bytes are not its protocol, and the stream goes back
 * to the pool when nothing is left to look for. Bytes are placed by sequence
 * number, the first copy of each byte kept (a retransmission or an overlap
 * adds only what is new); the parsers see the bytes known in order from the
 * stream's start, again each time that grows. Pure: no syscalls. */
#include "net.h"

enum { DNS_TCP_LEN = 2 };   /* DNS over TCP: a length before each message */

static struct stream *sget(const struct table *t, u16 sid) { return &t->strm[sid]; }

static void give_back(struct table *t, struct conn *c, int dir)
{
	if (c->sid[dir] == SID_NONE) return;
	sget(t, c->sid[dir])->next = t->strm_free;
	t->strm_free = c->sid[dir];
	c->sid[dir] = SID_NONE;
}

void stream_release(struct table *t, struct conn *c)
{
	give_back(t, c, 0);
	give_back(t, c, 1);
}

/* nothing more to look for in this direction */
static void done(struct table *t, struct conn *c, int dir)
{
	c->cand[dir] = 0;
	give_back(t, c, dir);
}

/* an address's name from the cache into entry i's names */
static void dns_name(struct table *t, u32 i)
{
	struct conn *c = &t->c[i];
	u32 len;
	const char *n = dns_cache_get(t->dns, c->b, c->v6, &len);
	if (!n) return;
	struct names *nm = &t->names[i];
	memcpy(nm->dns, n, len);
	nm->dns_len = (u16)len;
	c->named |= NAMED_DNS;
}

void names_open(struct table *t, u32 i)
{
	struct conn *c = &t->c[i];
	c->sid[0] = c->sid[1] = SID_NONE;
	if (c->proto == IPPROTO_TCP) {
		c->cand[0] = CAND_TLS | CAND_HTTP | CAND_SSH;
		c->cand[1] = CAND_SSH | (c->bp == PORT_DNS ? CAND_DNS : 0);
	}
	dns_name(t, i);
}

/* a DNS response: each address it gives goes into the cache under the
   question's name */
static void dns_message(struct table *t, const u8 *m, u32 n)
{
	struct dns_names *d = &t->scratch.dns;
	if (dns_response(m, n, d) != NAME_FOUND) return;
	for (u32 k = 0; k < d->naddr; k++)
		dns_cache_put(t->dns, d->addr[k].a, d->addr[k].v6, d->qname, d->qname_len);
}

void dns_datagram(struct table *t, const struct pkt *p)
{
	dns_message(t, p->data, p->datalen);
}

/* the parsers still waiting on this direction, on its bytes in order
   (b[0..got): the stream's, or the packet's when it starts the stream);
   *dnsat: where DNS over TCP's next message is */
static void parse(struct table *t, u32 i, int dir, const u8 *b, u32 got, u32 *dnsat)
{
	struct conn *c = &t->c[i];
	struct names *nm = &t->names[i];
	u8 cand = c->cand[dir];
	int r;
	if (cand & CAND_TLS) {
		r = tls_client_hello(b, got, &t->scratch.tls);
		if (r == NAME_FOUND) { nm->tls = t->scratch.tls; c->named |= NAMED_TLS; goto found; }
		if (r == NAME_NOT) cand &= (u8)~CAND_TLS;
	}
	if (cand & CAND_HTTP) {
		r = http_request(b, got, &t->scratch.http);
		if (r == NAME_FOUND) { nm->http = t->scratch.http; c->named |= NAMED_HTTP; goto found; }
		if (r == NAME_NOT) cand &= (u8)~CAND_HTTP;
	}
	if (cand & CAND_SSH) {
		r = ssh_ident(b, got, dir, nm->ssh[dir], &nm->ssh_len[dir]);
		if (r == NAME_FOUND) { c->named |= dir ? NAMED_SSH_S : NAMED_SSH_C; cand &= CAND_DNS; }
		else if (r == NAME_NOT) {
			cand &= (u8)~CAND_SSH;
			/* a client that does not begin with "SSH-" is not speaking SSH:
			   the server's lines are not looked at either */
			if (!dir && (c->cand[1] &= (u8)~CAND_SSH) == 0) done(t, c, 1);
		}
	}
	if (cand & CAND_DNS) {        /* length-prefixed messages, one after another */
		while (*dnsat + DNS_TCP_LEN <= got) {
			u32 len = be16(b + *dnsat), at = *dnsat + DNS_TCP_LEN;
			if (at + len > STREAM_BYTES) { cand &= (u8)~CAND_DNS; break; }
			if (at + len > got) break;
			dns_message(t, b + at, len);
			*dnsat = at + len;
		}
	}
	c->cand[dir] = cand;
	if (!cand) done(t, c, dir);
	return;
found:  /* the client's first bytes named it: nothing else to find in either direction */
	done(t, c, dir);
	if (!dir && (c->cand[1] &= (u8)~CAND_SSH) == 0) done(t, c, 1);
}

/* the bytes d[0..n) at a.. where s has none yet (the first copy of a byte
   stays); got grows over what is then in order. Past a hole, the ranges
   held are remembered (STREAM_RANGES of them: a segment that would make
   one more is not kept, and comes again as a retransmission) */
static void place(struct stream *s, u32 a, const u8 *d, u32 n)
{
	u32 e = a + n, x = a > s->got ? a : s->got, k = 0;
	if (x >= e) return;                     /* all in order already */
	for (; k < s->nr && s->r[k].a < e; k++) {       /* the parts not held yet */
		if (s->r[k].b <= x) continue;
		if (s->r[k].a > x) memcpy(s->buf + x, d + (x - a), s->r[k].a - x);
		x = s->r[k].b;
		if (x >= e) break;
	}
	if (x < e) memcpy(s->buf + x, d + (x - a), e - x);
	/* [lo, e) joins the ranges it touches */
	u32 lo = a > s->got ? a : s->got, i = 0, j;
	while (i < s->nr && s->r[i].b < lo) i++;        /* ranges wholly before it */
	for (j = i; j < s->nr && s->r[j].a <= e; j++) {  /* ranges it touches: merged */
		if (s->r[j].a < lo) lo = s->r[j].a;
		if (s->r[j].b > e) e = s->r[j].b;
	}
	if (j == i && s->nr == STREAM_RANGES) return;   /* one more than can be held */
	u32 keep = s->nr - j;                           /* the ranges after it move */
	memmove(&s->r[i + 1], &s->r[j], keep * sizeof s->r[0]);
	s->r[i].a = lo; s->r[i].b = e;
	s->nr = i + 1 + keep;
	if (s->r[0].a <= s->got) {              /* in order now */
		s->got = s->r[0].b;
		s->nr--;
		memmove(&s->r[0], &s->r[1], s->nr * sizeof s->r[0]);
	}
}

void stream_data(struct table *t, u32 i, int dir, const struct pkt *p)
{
	struct conn *c = &t->c[i];
	const u8 *d = p->data;
	u32 n = p->datalen;
	/* the stream starts at relative sequence number 1, as Wireshark
	   counts it: after the SYN, or where the first segment seen is */
	u32 start = c->d[dir].base + 1, seq = p->seq + ((p->flags & TH_SYN) != 0);
	u32 rel = seq - start;
	if ((s32)rel < 0) {                         /* before the start: only what is after it */
		u32 back = start - seq;
		if (back >= n) return;
		d += back; n -= back; rel = 0;
	}
	if (rel >= STREAM_BYTES) {
		/* past the window: a hole in it will not be filled now */
		if (rel >= STREAM_GIVEUP) done(t, c, dir);
		return;
	}
	if (n > STREAM_BYTES - rel) n = STREAM_BYTES - rel;
	struct stream *s;
	if (c->sid[dir] == SID_NONE) {
		u32 dnsat = 0;
		if (!rel) {         /* it starts the stream: the parsers read the packet, no copy */
			parse(t, i, dir, d, n, &dnsat);
			if (!c->cand[dir]) return;
			if (n == STREAM_BYTES) { done(t, c, dir); return; }   /* 16 KiB without a name */
		}
		u32 sid = t->strm_free;
		if (sid != NONE) t->strm_free = t->strm[sid].next;
		else if (t->strm_fresh < STREAMS) sid = t->strm_fresh++;
		else { t->unnamed++; done(t, c, dir); return; }   /* the pool is full: unnamed */
		s = &t->strm[sid];
		s->got = 0; s->dnsat = dnsat; s->nr = 0;
		c->sid[dir] = (u16)sid;
		place(s, rel, d, n);                /* got: n from the start (parsed above), else 0 */
		return;
	}
	s = sget(t, c->sid[dir]);
	u32 got = s->got;
	place(s, rel, d, n);
	if (got == s->got) return;
	parse(t, i, dir, s->buf, s->got, &s->dnsat);
	if (c->cand[dir] && s->got == STREAM_BYTES) done(t, c, dir);   /* 16 KiB without a name */
}

const struct names *conn_names(const struct table *t, const struct conn *c)
{
	return c->named ? &t->names[c - t->c] : 0;
}

const char *conn_name(const struct conn *c, const struct names *nm, u32 *len)
{
	if (!nm) return 0;
	if ((c->named & NAMED_TLS) && nm->tls.has_sni) { *len = nm->tls.sni_len; return nm->tls.sni; }
	if ((c->named & NAMED_HTTP) && nm->http.has_host) {
		/* less its :port (after an IPv6 literal's "]") */
		const char *h = nm->http.host;
		u32 n = nm->http.host_len, k = n;
		while (k && h[k - 1] >= '0' && h[k - 1] <= '9') k--;
		if (k && k < n && h[k - 1] == ':') {
			u32 colons = 0;
			for (u32 j = 0; j + 1 < k; j++) colons += h[j] == ':';
			if (!colons || h[k - 2] == ']') n = k - 1;
		}
		*len = n;
		return h;
	}
	if (c->named & NAMED_DNS) { *len = nm->dns_len; return nm->dns; }
	return 0;
}
