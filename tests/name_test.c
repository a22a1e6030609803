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
	check(tls(&r, r.n, &t) == NAME_FOUND && is(&t, "lie.example", "\x02h2", 3),
	      "tls: an extensions length past the hello is bounded by the hello");
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
	check(http(req, n, &h) == NAME_FOUND && h.has_host && h.host_len == 20 && !memcmp(h.host, "www.Example.org:8080", 20)
	      && h.method_len == 3 && !memcmp(h.method, "GET", 3), "http: method, and Host as sent (any case of the name, blanks trimmed)");
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
	check(dns(&x, x.n, &d) == NAME_FOUND && !d.naddr,
	      "dns: a compression loop is damage: the answers stop there (the next ones' names point into it)");
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

void test_names(void)
{
	test_dns_cache();
	test_tls();
	test_http();
	test_ssh();
	test_dns();
}
