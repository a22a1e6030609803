/* name_test.c - the stream parsers of cmds/netmoon/name.c on hand-built
 * bytes: a TLS ClientHello whole, cut anywhere, split over records, with
 * lengths that lie; HTTP requests; SSH identification lines. Every input is
 * a heap copy of exactly its length (ASan sees a read past it). */
#include "netmoon_test.h"

struct buf { u8 b[20000]; u32 n; };
static void p8(struct buf *x, u32 v) { x->b[x->n++] = (u8)v; }
static void p16(struct buf *x, u32 v) { p8(x, v >> 8); p8(x, v); }
static void p24(struct buf *x, u32 v) { p8(x, v >> 16); p16(x, v); }
static void pstr(struct buf *x, const char *s) { while (*s) p8(x, (u8)*s++); }

/* a ClientHello handshake message: SNI (if sni), ALPN (if alpn: names
   separated by ','), a padding extension of pad bytes */
static struct buf hello(const char *sni, const char *alpn, u32 pad)
{
	struct buf e = { .n = 0 }, h = { .n = 0 };
	p16(&e, 0x000a); p16(&e, 4); p16(&e, 2); p16(&e, 0x001d);      /* supported groups */
	if (sni) {
		u32 l = (u32)strlen(sni);
		p16(&e, 0); p16(&e, l + 5); p16(&e, l + 3); p8(&e, 0); p16(&e, l); pstr(&e, sni);
	}
	if (alpn) {
		struct buf a = { .n = 0 };
		const char *s = alpn;
		while (*s) {
			u32 l = 0;
			while (s[l] && s[l] != ',') l++;
			p8(&a, l); for (u32 i = 0; i < l; i++) p8(&a, (u8)s[i]);
			s += l + (s[l] == ',');
		}
		p16(&e, 16); p16(&e, a.n + 2); p16(&e, a.n); memcpy(e.b + e.n, a.b, a.n); e.n += a.n;
	}
	if (pad) { p16(&e, 21); p16(&e, pad); for (u32 i = 0; i < pad; i++) p8(&e, 0); }
	p16(&h, 0x0303); for (int i = 0; i < 32; i++) p8(&h, (u32)i);   /* version, random */
	p8(&h, 32); for (int i = 0; i < 32; i++) p8(&h, 0xaa);          /* session id */
	p16(&h, 4); p16(&h, 0x1301); p16(&h, 0x1302);                   /* cipher suites */
	p8(&h, 1); p8(&h, 0);                                            /* compression */
	p16(&h, e.n); memcpy(h.b + h.n, e.b, e.n); h.n += e.n;
	struct buf m = { .n = 0 };
	p8(&m, 1); p24(&m, h.n); memcpy(m.b + 4, h.b, h.n); m.n += h.n;
	return m;
}
/* the handshake bytes in TLS records of at most rec bytes each */
static struct buf records(const struct buf *m, u32 rec)
{
	struct buf r = { .n = 0 };
	for (u32 at = 0; at < m->n; at += rec) {
		u32 l = m->n - at < rec ? m->n - at : rec;
		p8(&r, 22); p16(&r, 0x0301); p16(&r, l);
		memcpy(r.b + r.n, m->b + at, l); r.n += l;
	}
	return r;
}
static int tls(const struct buf *x, u32 n, struct tls_names *t)
{
	u8 *c = heap_copy(x->b, n);
	int k = tls_client_hello(c, n, t);
	free(c);
	return k;
}
static int is(const struct tls_names *t, const char *sni, const char *alpn_wire, u32 alen)
{
	if (!sni) { if (t->has_sni) return 0; }
	else if (!t->has_sni || t->sni_len != strlen(sni) || memcmp(t->sni, sni, t->sni_len)) return 0;
	if (!alpn_wire) return !t->has_alpn;
	return t->has_alpn && t->alpn_len == alen && !memcmp(t->alpn, alpn_wire, alen);
}

static void test_tls(void)
{
	struct tls_names t;
	struct buf m = hello("Example.COM", "h2,http/1.1", 0), r = records(&m, 16384);
	check(tls(&r, r.n, &t) == NAME_FOUND && is(&t, "Example.COM", "\x02h2\x08http/1.1", 12),
	      "tls: SNI as sent (case kept) and ALPN in order");
	int ok = 1;
	for (u32 cut = 0; cut < r.n; cut++) ok &= tls(&r, cut, &t) == NAME_MORE;
	check(ok, "tls: every cut before the ClientHello's end asks for more bytes");
	struct buf big = hello("pq.example.net", "h2", 1800);                 /* a post-quantum sized hello */
	ok = 1;
	for (u32 rec = 1; rec <= 1500; rec += rec < 8 ? 1 : 97) {
		struct buf s = records(&big, rec);
		ok &= tls(&s, s.n, &t) == NAME_FOUND && is(&t, "pq.example.net", "\x02h2", 3);
	}
	check(ok, "tls: a 2 KB ClientHello split over records of 1 to 1,500 bytes (record headers between any two bytes)");
	m = hello(0, 0, 0); r = records(&m, 16384);
	check(tls(&r, r.n, &t) == NAME_FOUND && is(&t, 0, 0, 0), "tls: no SNI, no ALPN: found, both absent");
	m = hello("a.example", 0, 0); r = records(&m, 16384);
	r.b[0] = 23;
	check(tls(&r, r.n, &t) == NAME_NOT, "tls: application data first: not TLS handshake");
	r.b[0] = 22; r.b[5] = 2;
	check(tls(&r, r.n, &t) == NAME_NOT, "tls: a ServerHello first: not a ClientHello");
	struct buf junk = { .n = 0 };
	for (u32 i = 0; i < 4096; i++) p8(&junk, (u32)(rnd() & 0xff) | 1);
	junk.b[0] = 'G';
	check(tls(&junk, junk.n, &t) == NAME_NOT, "tls: junk is not TLS");
	/* lengths that lie: the extensions' total past the hello, an extension past the total */
	m = hello("lie.example", "h2", 0);
	struct buf l = m;
	u32 ext_total_at = 4 + 2 + 32 + 1 + 32 + 2 + 4 + 2;              /* after compression */
	l.b[ext_total_at] = 0xff; l.b[ext_total_at + 1] = 0xff;
	r = records(&l, 16384);
	check(tls(&r, r.n, &t) == NAME_FOUND && is(&t, 0, 0, 0),
	      "tls: an extensions length past the hello: nothing taken from them (as tshark)");
	struct buf lr = records(&m, 16384);
	lr.b[3] = 0x3e; lr.b[4] = 0x80;                                 /* a record of 16,000 bytes, never complete */
	check(tls(&lr, lr.n, &t) == NAME_MORE, "tls: a record that says more than comes: not read until it is whole (as tshark)");
	l = m;
	l.b[ext_total_at + 2 + 8 + 2] = 0x7f;                            /* the SNI extension's length */
	r = records(&l, 16384);
	check(tls(&r, r.n, &t) == NAME_FOUND && !t.has_sni && !t.has_alpn,
	      "tls: an extension that overruns the others ends the walk (nothing read from it)");
	char name[300];
	for (int i = 0; i < 299; i++) name[i] = (char)('a' + i % 26);
	name[299] = 0;
	m = hello(name, 0, 0); r = records(&m, 16384);
	check(tls(&r, r.n, &t) == NAME_FOUND && t.has_sni && t.sni_len == NAME_SNI_MAX && !memcmp(t.sni, name, NAME_SNI_MAX),
	      "tls: a 299-byte server name is cut to 255");
	ok = 1;
	for (int k = 0; k < 3000; k++) {                                 /* random damage: never a read past the end */
		struct buf x = records(&big, 1 + (u32)(rnd() % 600));
		for (int j = 0; j < 4; j++) x.b[rnd() % x.n] = (u8)rnd();
		int v = tls(&x, (u32)(rnd() % (x.n + 1)), &t);
		ok &= v >= NAME_NOT && v <= NAME_FOUND && t.sni_len <= NAME_SNI_MAX && t.alpn_len <= NAME_ALPN_MAX;
	}
	check(ok, "tls: 3,000 damaged and cut hellos: an answer each, within bounds");
}

static int http(const char *s, u32 n, struct http_names *h)
{
	u8 *c = heap_copy(s, n);
	int k = http_request(c, n, h);
	free(c);
	return k;
}

static void test_http(void)
{
	struct http_names h;
	const char *req = "GET /index.html HTTP/1.1\r\nUser-Agent: x\r\nhOsT:  www.Example.org:8080 \r\nAccept: */*\r\n\r\n";
	u32 n = (u32)strlen(req);
	check(http(req, n, &h) == NAME_FOUND && h.has_host && h.host_len == 21 && !memcmp(h.host, "www.Example.org:8080 ", 21)
	      && h.method_len == 3 && !memcmp(h.method, "GET", 3),
	      "http: method, and Host as sent (any case of the name; blanks before it dropped, after it kept, as tshark)");
	int ok = 1;
	u32 host_end = (u32)(strstr(req, "8080 \r\n") - req) + 7;
	for (u32 cut = 0; cut < host_end; cut++) ok &= http(req, cut, &h) == NAME_MORE;
	check(ok, "http: every cut before the Host line's end asks for more bytes");
	const char *old = "PROPFIND / HTTP/1.0\nX-A: b\n\nbody";
	check(http(old, (u32)strlen(old), &h) == NAME_FOUND && !h.has_host && h.method_len == 8,
	      "http: HTTP/1.0 without Host (LF line ends, any method): found, no host");
	const char *nots[] = { "SSH-2.0-OpenSSH_9.2\r\n", "GET  / HTTP/1.1\r\n", "GET / HTTP/2.0\r\n", "\x16\x03\x01",
			       "G T / HTTP/1.1\r\n", " GET / HTTP/1.1\r\n" };
	ok = 1;
	for (size_t i = 0; i < sizeof nots / sizeof nots[0]; i++) ok &= http(nots[i], (u32)strlen(nots[i]), &h) == NAME_NOT;
	check(ok, "http: an SSH banner, two spaces, HTTP/2.0, TLS, a bad method, a leading blank: not HTTP/1.x");
}

static int ssh(const char *s, int server, char *line, u16 *len)
{
	u32 n = (u32)strlen(s);
	u8 *c = heap_copy(s, n);
	int k = ssh_ident(c, n, server, line, len);
	free(c);
	return k;
}

static void test_ssh(void)
{
	char line[NAME_SSH_MAX];
	u16 len = 0;
	check(ssh("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n", 0, line, &len) == NAME_FOUND && len == 30
	      && !memcmp(line, "SSH-2.0-OpenSSH_9.2p1 Debian-2", 30), "ssh: the client's line without CR LF");
	check(ssh("hello there\r\nmotd\nSSH-2.0-srv\r\n", 1, line, &len) == NAME_FOUND && len == 11 && !memcmp(line, "SSH-2.0-srv", 11),
	      "ssh: a server's other lines first (RFC 4253 4.2)");
	check(ssh("hello there\r\nSSH-2.0-x\r\n", 0, line, &len) == NAME_NOT, "ssh: a client's first line must be its identification");
	check(ssh("SSH-2.0-OpenSSH", 0, line, &len) == NAME_MORE && ssh("SS", 0, line, &len) == NAME_MORE
	      && ssh("hello\r\n", 1, line, &len) == NAME_MORE, "ssh: a line not yet ended asks for more");
	char lng[400];
	memcpy(lng, "SSH-2.0-", 8); memset(lng + 8, 'x', 380); lng[388] = 0;
	check(ssh(lng, 0, line, &len) == NAME_NOT, "ssh: no line end within 255 bytes: not SSH");
	check(ssh("GET / HTTP/1.1\r\n", 0, line, &len) == NAME_NOT, "ssh: HTTP is not SSH");
	check(ssh("\x16\x03\x03\x00\x7a\x02", 1, line, &len) == NAME_NOT && ssh("220 ok\r\n\x01", 1, line, &len) == NAME_NOT,
	      "ssh: a server's binary bytes (a TLS record, a control byte) are not text lines: not SSH");
}

/* DNS names in wire form: "www.example.com" -> 3www7example3com0 */
static void pname(struct buf *x, const char *s)
{
	while (*s) {
		u32 l = 0;
		while (s[l] && s[l] != '.') l++;
		p8(x, l); for (u32 i = 0; i < l; i++) p8(x, (u8)s[i]);
		s += l + (s[l] == '.');
	}
	p8(x, 0);
}
static int dns(const struct buf *x, u32 n, struct dns_names *d)
{
	u8 *c = heap_copy(x->b, n);
	int k = dns_response(c, n, d);
	free(c);
	return k;
}

static void test_dns(void)
{
	struct dns_names d;
	struct buf m = { .n = 0 };
	p16(&m, 0x1234); p16(&m, 0x8180); p16(&m, 1); p16(&m, 5); p16(&m, 0); p16(&m, 0);
	pname(&m, "Www.Example.com"); p16(&m, 1); p16(&m, 1);              /* the question at 12 */
	p16(&m, 0xc00c); p16(&m, 5); p16(&m, 1);                          /* Www.Example.com CNAME */
	p16(&m, 0); p16(&m, 300);                                          /* TTL */
	u32 at = m.n; p16(&m, 0);                                          /* rdlength, below */
	u32 cn = m.n; p8(&m, 3); pstr(&m, "web"); p16(&m, 0xc000 | (12 + 4));  /* web.example.com, compressed */
	m.b[at] = (u8)((m.n - cn) >> 8); m.b[at + 1] = (u8)(m.n - cn);
	p16(&m, 0xc000 | cn); p16(&m, 1); p16(&m, 1); p16(&m, 0); p16(&m, 60); p16(&m, 4);
	p8(&m, 192); p8(&m, 0); p8(&m, 2); p8(&m, 1);                      /* WEB.example.com A 192.0.2.1 */
	p16(&m, 0xc000 | cn); p16(&m, 1); p16(&m, 1); p16(&m, 0); p16(&m, 60); p16(&m, 4);
	p8(&m, 192); p8(&m, 0); p8(&m, 2); p8(&m, 2);
	pname(&m, "other.example"); p16(&m, 28); p16(&m, 1); p16(&m, 0); p16(&m, 60); p16(&m, 16);
	for (int i = 0; i < 16; i++) p8(&m, (u32)i);                       /* not in the chain */
	pname(&m, "WWW.EXAMPLE.COM"); p16(&m, 28); p16(&m, 1); p16(&m, 0); p16(&m, 60); p16(&m, 16);
	for (int i = 0; i < 16; i++) p8(&m, 0x20 + (u32)i);                /* the question's own AAAA, other case */
	int k = dns(&m, m.n, &d);
	check(k == NAME_FOUND && d.qname_len == 15 && !memcmp(d.qname, "Www.Example.com", 15) && d.naddr == 3
	      && !d.addr[0].v6 && d.addr[0].a[3] == 1 && d.addr[1].a[3] == 2 && d.addr[2].v6 && d.addr[2].a[0] == 0x20,
	      "dns: the question's name; its addresses through a compressed CNAME chain (any case), not another name's");
	int ok = 1;
	for (u32 cut = 0; cut < m.n; cut++) { int v = dns(&m, cut, &d); ok &= v >= NAME_NOT && v <= NAME_FOUND && d.naddr <= 3; }
	check(ok, "dns: cut anywhere: an answer, never more addresses than there are");
	struct buf x = m;
	x.b[3] = 0x83;
	check(dns(&x, x.n, &d) == NAME_FOUND && !d.naddr, "dns: NXDOMAIN names nothing");
	x = m; x.b[2] = 0x01;
	check(dns(&x, x.n, &d) == NAME_NOT, "dns: a query is not a response");
	x = m;                                                             /* the CNAME's target points at itself */
	x.b[cn + 4] = (u8)(0xc0 | cn >> 8); x.b[cn + 5] = (u8)(cn + 4);
	check(dns(&x, x.n, &d) == NAME_FOUND && d.naddr == 1 && d.addr[0].v6 && d.addr[0].a[0] == 0x20,
	      "dns: a compression loop: the records whose names loop are skipped, the next ones still count (as tshark)");
	x = m; x.b[12] = 0xc0; x.b[13] = 12;
	check(dns(&x, x.n, &d) == NAME_NOT, "dns: a question whose name points at itself: not DNS");
	ok = 1;
	for (int t = 0; t < 5000; t++) {
		x = m;
		for (int j = 0; j < 3; j++) x.b[12 + rnd() % (x.n - 12)] = (u8)rnd();
		int v = dns(&x, x.n, &d);
		ok &= v >= NAME_NOT && v <= NAME_FOUND && d.naddr <= DNS_ADDR_MAX && d.qname_len <= 255;
	}
	check(ok, "dns: 5,000 damaged responses: an answer each, within bounds");
}

static void test_dns_cache(void)
{
	static struct dns_cache c;
	static const u8 key[8] = { 9, 8, 7 };
	u32 len = 0;
	const char *n;
	dns_cache_init(&c, key);
	dns_cache_put(&c, A4, 0, "Www.Example.com", 15);
	dns_cache_put(&c, A6, 1, "six.example", 11);
	n = dns_cache_get(&c, A4, 0, &len);
	check(n && len == 15 && !memcmp(n, "Www.Example.com", 15) && (n = dns_cache_get(&c, A6, 1, &len)) && len == 11
	      && !dns_cache_get(&c, B4, 0, &len) && !dns_cache_get(&c, A6, 0, &len),
	      "dns cache: an address gives its name (case kept); IPv4 and IPv6 apart; unknown: none");
	dns_cache_put(&c, A4, 0, "cdn.example.net", 15);
	n = dns_cache_get(&c, A4, 0, &len);
	check(n && len == 15 && !memcmp(n, "cdn.example.net", 15), "dns cache: a later answer for the address names it");
	dns_cache_put(&c, B4, 0, "", 0);
	check(!dns_cache_get(&c, B4, 0, &len), "dns cache: an empty (root) name is not kept");
	/* one set: 4 ways; the least recently used leaves */
	u8 addr[64][4];
	u32 same[8], ns = 0;
	const struct dns_ent *set0 = 0;
	for (u32 i = 0; i < 64 * 1024 && ns < 6; i++) {          /* addresses that fall in one set */
		u8 a[4] = { 198, 51, (u8)(i >> 8), (u8)i };
		dns_cache_init(&c, key);
		dns_cache_put(&c, a, 0, "x", 1);
		const struct dns_ent *e = 0;
		for (u32 k = 0; k < DNS_CACHE; k++) if (c.e[k].len) e = &c.e[k];
		const struct dns_ent *set = &c.e[(u32)(e - c.e) / DNS_WAYS * DNS_WAYS];
		if (!set0) set0 = set;
		if (set == set0) { memcpy(addr[ns], a, 4); same[ns] = i; ns++; }
	}
	dns_cache_init(&c, key);
	char nm[8] = "name0";
	for (u32 i = 0; i < 4; i++) { nm[4] = (char)('0' + i); dns_cache_put(&c, addr[i], 0, nm, 5); }
	dns_cache_get(&c, addr[0], 0, &len);                        /* 0 used again: 1 is the oldest */
	dns_cache_put(&c, addr[4], 0, "name4", 5);
	check(ns == 6 && dns_cache_get(&c, addr[0], 0, &len) && !dns_cache_get(&c, addr[1], 0, &len)
	      && dns_cache_get(&c, addr[2], 0, &len) && dns_cache_get(&c, addr[3], 0, &len)
	      && (n = dns_cache_get(&c, addr[4], 0, &len)) && !memcmp(n, "name4", 5),
	      "dns cache: a full set gives the least recently used address's place (a lookup counts as use)");
	(void)same;
}

/* ---- stream.c: the reassembly and the names through the table ---- */
static struct table S;
static struct ended SE;
static void *smem;
enum { CPORT = 40000 };
/* a TCP segment on connection k (client 10.1.x.y:CPORT+k, server 10.2.0.1:port) */
static u8 sa[4] = { 10, 1 }, sb[4] = { 10, 2, 0, 1 };
static void seg(u32 k, u16 port, int from_server, u8 fl, u32 seq, u32 ack, const u8 *d, u32 n, u64 ts)
{
	struct pkt p;
	memset(&p, 0, sizeof p);
	sa[2] = (u8)(k >> 8); sa[3] = (u8)k;
	p.kind = NM_TCP; p.proto = IPPROTO_TCP; p.ts = ts; p.len = 54 + n; p.payload = n; p.flags = fl;
	memcpy(p.src, from_server ? sb : sa, 4); memcpy(p.dst, from_server ? sa : sb, 4);
	p.sport = from_server ? port : (u16)(CPORT + k); p.dport = from_server ? (u16)(CPORT + k) : port;
	p.seq = seq; p.ack = ack; p.win = 1000;
	u8 *c = n ? heap_copy(d, n) : 0;
	p.data = c; p.datalen = n;
	table_add(&S, &p);
	free(c);
}
/* the handshake of connection k: client ISN 1000, server 5000 */
static void hs(u32 k, u16 port, u64 ts)
{
	seg(k, port, 0, TH_SYN, 1000, 0, 0, 0, ts);
	seg(k, port, 1, TH_SYN | TH_ACK, 5000, 1001, 0, 0, ts + 1);
	seg(k, port, 0, TH_ACK, 1001, 5001, 0, 0, ts + 2);
}
static struct conn *conn_k(u32 k)
{
	for (u32 i = table_first(&S); i != NONE; i = table_next(&S, i))
		if (S.c[i].ap == CPORT + k) return &S.c[i];
	return 0;
}
static u32 streams_free(void)
{
	u32 n = 0;
	for (u32 i = S.strm_free; i != NONE; i = S.strm[i].next) n++;
	return n;
}
static int sni_is(u32 k, const char *s)
{
	struct conn *c = conn_k(k);
	const struct names *nm = c ? conn_names(&S, c) : 0;
	return nm && (c->named & NAMED_TLS) && nm->tls.has_sni && nm->tls.sni_len == strlen(s)
		&& !memcmp(nm->tls.sni, s, nm->tls.sni_len);
}
static void dns_answer(const char *name, const u8 a[4], u64 ts)
{
	struct buf m = { .n = 0 };
	p16(&m, 7); p16(&m, 0x8180); p16(&m, 1); p16(&m, 1); p16(&m, 0); p16(&m, 0);
	pname(&m, name); p16(&m, 1); p16(&m, 1);
	p16(&m, 0xc00c); p16(&m, 1); p16(&m, 1); p16(&m, 0); p16(&m, 60); p16(&m, 4);
	for (int i = 0; i < 4; i++) p8(&m, a[i]);
	struct pkt p;
	memset(&p, 0, sizeof p);
	static const u8 res[4] = { 10, 3, 0, 53 }, cl[4] = { 10, 1, 0, 99 };
	p.kind = NM_UDP; p.proto = IPPROTO_UDP; p.ts = ts; p.len = 42 + m.n; p.payload = m.n;
	memcpy(p.src, res, 4); memcpy(p.dst, cl, 4); p.sport = 53; p.dport = 33333;
	u8 *c = heap_copy(m.b, m.n);
	p.data = c; p.datalen = m.n;
	table_add(&S, &p);
	free(c);
}

static void test_streams(void)
{
	test_table(&S, &smem, &SE, 1024, 60000000000ull);
	/* a 1.8 KB ClientHello in three segments, the last first, then the first, then the middle */
	struct buf h = hello("Www.Example.ORG", "h2,http/1.1", 1500), r = records(&h, 16384);
	u32 a = 600, b = 1200;
	hs(1, 443, 1000);
	seg(1, 443, 0, TH_ACK | TH_PSH, 1001 + b, 5001, r.b + b, r.n - b, 2000);
	seg(1, 443, 0, TH_ACK, 1001, 5001, r.b, a, 2001);
	check(!conn_k(1)->named && conn_k(1)->sid[0] != SID_NONE, "streams: a ClientHello with a hole: no name yet, its stream kept");
	seg(1, 443, 0, TH_ACK, 1001 + a, 5001, r.b + a, b - a, 2002);
	check(sni_is(1, "Www.Example.ORG") && conn_k(1)->sid[0] == SID_NONE && conn_k(1)->sid[1] == SID_NONE && !conn_k(1)->cand[1],
	      "streams: three segments out of order: named when the hole is filled; both streams back in the pool");
	/* retransmitted and overlapping, with other bytes: the first copy counts */
	hs(2, 8443, 3000);
	struct buf h2 = hello("first.example", 0, 0), r2 = records(&h2, 100);
	seg(2, 8443, 0, TH_ACK, 1001, 5001, r2.b, 60, 4000);
	struct buf bad = r2;
	memset(bad.b, 'x', 80);
	seg(2, 8443, 0, TH_ACK, 1001, 5001, bad.b, 80, 4001);              /* 60 old bytes (damaged) and 20 new */
	memcpy(bad.b + 60, r2.b + 60, 20);
	seg(2, 8443, 0, TH_ACK, 1001 + 80, 5001, r2.b + 80, r2.n - 80, 4002);
	check(!conn_k(2)->named, "streams: an overlap whose new bytes are damaged: the damage stays (not named, as the bytes say)");
	hs(3, 8443, 5000);
	seg(3, 8443, 0, TH_ACK, 1001, 5001, r2.b, 60, 6000);
	memcpy(bad.b + 60, r2.b + 60, 20);
	seg(3, 8443, 0, TH_ACK, 1001, 5001, bad.b, 80, 6001);              /* damaged where it overlaps only */
	seg(3, 8443, 0, TH_ACK, 1001 + 80, 5001, r2.b + 80, r2.n - 80, 6002);
	check(sni_is(3, "first.example"), "streams: an overlap with other bytes: the first copy is kept (a handshake split over 100-byte records, any port)");
	/* HTTP: Host in the third segment */
	static const char req[] = "PUT /x HTTP/1.1\r\nUser-Agent: t\r\nAccept: */*\r\nHost: web.example:8080\r\n\r\n";
	hs(4, 80, 7000);
	seg(4, 80, 0, TH_ACK, 1001, 5001, (const u8 *)req, 20, 8000);
	seg(4, 80, 0, TH_ACK, 1021, 5001, (const u8 *)req + 20, 20, 8001);
	check(!conn_k(4)->named, "streams: HTTP, no Host yet");
	seg(4, 80, 0, TH_ACK, 1041, 5001, (const u8 *)req + 40, sizeof req - 41, 8002);
	const struct names *nm = conn_names(&S, conn_k(4));
	u32 len = 0;
	const char *name = conn_name(conn_k(4), nm, &len);
	check(nm && nm->http.host_len == 16 && !memcmp(nm->http.host, "web.example:8080", 16) && nm->http.method_len == 3
	      && name && len == 11 && !memcmp(name, "web.example", 11),
	      "streams: HTTP, the Host in the third segment; the name without its :port");
	/* SSH: the server's text lines first; the client's line */
	static const char srv[] = "hello\r\nwelcome\r\nSSH-2.0-OpenSSH_9.2p1 Debian-2\r\n", cli[] = "SSH-2.0-OpenSSH_9.6\r\n";
	hs(5, 2222, 9000);
	seg(5, 2222, 1, TH_ACK, 5001, 1001, (const u8 *)srv, 10, 10000);
	seg(5, 2222, 1, TH_ACK, 5011, 1001, (const u8 *)srv + 10, sizeof srv - 11, 10001);
	seg(5, 2222, 0, TH_ACK, 1001, 5001 + sizeof srv - 1, (const u8 *)cli, sizeof cli - 1, 10002);
	nm = conn_names(&S, conn_k(5));
	check(nm && (conn_k(5)->named & (NAMED_SSH_C | NAMED_SSH_S)) == (NAMED_SSH_C | NAMED_SSH_S)
	      && nm->ssh_len[1] == 30 && !memcmp(nm->ssh[1], "SSH-2.0-OpenSSH_9.2p1 Debian-2", 30) && nm->ssh_len[0] == 19,
	      "streams: SSH on port 2222: the server's line after two others, the client's");
	/* a server that speaks first in text, then a client that is not SSH: the server's stream goes */
	hs(6, 25, 11000);
	seg(6, 25, 1, TH_ACK, 5001, 1001, (const u8 *)"220 mail ESMTP\r\n", 16, 12000);
	check(conn_k(6)->sid[1] != SID_NONE, "streams: a server's text line: kept while it may be SSH");
	seg(6, 25, 0, TH_ACK, 1001, 5017, (const u8 *)"EHLO x\r\n", 8, 12001);
	check(conn_k(6)->sid[0] == SID_NONE && conn_k(6)->sid[1] == SID_NONE && !conn_k(6)->cand[0] && !conn_k(6)->cand[1],
	      "streams: ... and released when the client's first bytes are not SSH, TLS or HTTP");
	/* 16 KiB that never complete a request: released at the window's end */
	hs(7, 80, 13000);
	static u8 junk[STREAM_BYTES + 100];
	memset(junk, 'a', sizeof junk); memcpy(junk, "GET /", 5);
	for (u32 at = 0; at < sizeof junk; at += 1000)
		seg(7, 80, 0, TH_ACK, 1001 + at, 5001, junk + at, sizeof junk - at < 1000 ? (u32)sizeof junk - at : 1000, 14000 + at);
	check(!conn_k(7)->named && !conn_k(7)->cand[0] && conn_k(7)->sid[0] == SID_NONE,
	      "streams: 16 KiB without the request line's end: given up, released");
	/* a hole never filled, the sender far past the window: given up */
	hs(8, 443, 15000);
	seg(8, 443, 0, TH_ACK, 1001 + 100, 5001, r.b + 100, 100, 16000);
	check(conn_k(8)->sid[0] != SID_NONE, "streams: a hole at the start: kept");
	seg(8, 443, 0, TH_ACK, 1001 + STREAM_GIVEUP, 5001, r.b, 100, 16001);
	check(conn_k(8)->sid[0] == SID_NONE && !conn_k(8)->cand[0], "streams: ... given up when the sender is 64 KiB past its start");
	/* the pool: STREAMS undecided streams at once; one more goes unnamed, counted */
	test_table(&S, &smem, &SE, 1024, 60000000000ull);
	static const u8 hdr[] = { 22, 3, 1, 0x40, 0 };   /* a record of 16 KiB: more to come */
	for (u32 k = 0; k <= STREAMS; k++) { hs(k, 443, 20000 + k * 10); seg(k, 443, 0, TH_ACK, 1001, 5001, hdr, 5, 20005 + k * 10); }
	check(S.unnamed == 1 && !conn_k(STREAMS)->cand[0] && conn_k(STREAMS - 1)->sid[0] != SID_NONE,
	      "streams: 256 at once; the 257th connection goes unnamed and is counted");
	table_flush(&S);
	check(streams_free() == STREAMS, "streams: every stream back in the pool when the connections end");
	/* DNS: an answer names connections that start after it, not one before */
	test_table(&S, &smem, &SE, 1024, 60000000000ull);
	hs(1, 443, 1000);                                   /* to 10.2.0.1, before the answer */
	dns_answer("Api.Example.NET", sb, 2000);
	hs(2, 443, 3000);
	nm = conn_names(&S, conn_k(2));
	check(!conn_names(&S, conn_k(1)) && nm && (conn_k(2)->named & NAMED_DNS) && nm->dns_len == 15
	      && !memcmp(nm->dns, "Api.Example.NET", 15) && (name = conn_name(conn_k(2), nm, &len)) && len == 15,
	      "streams: a DNS answer names the connections to its address that start after it, not before");
	/* DNS over TCP: two length-prefixed responses, the second split */
	struct buf m = { .n = 0 }, q = { .n = 0 };
	p16(&q, 7); p16(&q, 0x8180); p16(&q, 1); p16(&q, 1); p16(&q, 0); p16(&q, 0);
	pname(&q, "tcp.example"); p16(&q, 1); p16(&q, 1);
	p16(&q, 0xc00c); p16(&q, 1); p16(&q, 1); p16(&q, 0); p16(&q, 60); p16(&q, 4);
	p8(&q, 10); p8(&q, 9); p8(&q, 9); p8(&q, 9);
	p16(&m, q.n); memcpy(m.b + m.n, q.b, q.n); m.n += q.n;
	q.b[q.n - 1] = 10;                                  /* the second: 10.9.9.10 */
	p16(&m, q.n); memcpy(m.b + m.n, q.b, q.n); m.n += q.n;
	hs(9, 53, 4000);
	seg(9, 53, 1, TH_ACK, 5001, 1001, m.b, m.n - 7, 5000);
	seg(9, 53, 1, TH_ACK, 5001 + m.n - 7, 1001, m.b + m.n - 7, 7, 5001);
	static const u8 t9[4] = { 10, 9, 9, 9 }, t10[4] = { 10, 9, 9, 10 };
	check(dns_cache_get(S.dns, t9, 0, &len) && dns_cache_get(S.dns, t10, 0, &len) && len == 11,
	      "streams: DNS over TCP: two responses on one connection, the second split: both in the cache");
	table_flush(&S);
}

void test_names(void)
{
	test_dns_cache();
	test_tls();
	test_http();
	test_ssh();
	test_dns();
	test_streams();
}
