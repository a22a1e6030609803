/* export.c - addresses, timestamps and JSON flow records as text (the
 * --json log: the README describes its fields). Pure: no syscalls. */
#include "net.h"

static int put(char *o, const char *s)
{
	int n = (int)strlen(s);
	memcpy(o, s, (size_t)n);
	return n;
}

static int v4(char *o, const u8 *a)
{
	int n = 0;
	for (int i = 0; i < 4; i++) {
		if (i) o[n++] = '.';
		n += fmt_u32(o + n, a[i]);
	}
	return n;
}

/* RFC 5952: lowercase, no leading zeros, the longest run of two or more
   zero groups (the first of equal runs) as "::", and ::ffff:a.b.c.d and
   ::a.b.c.d with the IPv4 part dotted, as inet_ntop prints them */
int fmt_addr(char *o, const u8 *a, int is6)
{
	if (!is6) return v4(o, a);
	u16 w[8];
	int best = -1, bestlen = 1, n = 0;
	for (int i = 0; i < 8; i++) w[i] = (u16)(a[2 * i] << 8 | a[2 * i + 1]);
	for (int i = 0; i < 8;) {
		int j = i;
		while (j < 8 && !w[j]) j++;
		if (j - i > bestlen) { best = i; bestlen = j - i; }
		i = j > i ? j : i + 1;
	}
	int dotted = best == 0 && (bestlen == 6 || (bestlen == 5 && w[5] == 0xffff));
	for (int i = 0; i < (dotted ? 6 : 8); i++) {
		if (i == best) {
			o[n++] = ':';
			if (i == 0) o[n++] = ':';
			i += bestlen - 1;
			continue;
		}
		n += fmt_hex(o + n, w[i]);
		if (i < 7) o[n++] = ':';
	}
	if (dotted) n += v4(o + n, a + 12);
	return n;
}

/* v / 1000 by long division in 16-bit steps: every step is a 32-bit
   division by a constant (a multiplication), never the 64-bit helper */
static u64 div1000_64(u64 v, u32 *rem)
{
	u32 hi = (u32)(v >> 32), lo = (u32)v;
	u32 qh = div1000(hi), r = hi - qh * 1000;
	u32 a = r << 16 | lo >> 16, q1 = div1000(a);
	u32 b = (a - q1 * 1000) << 16 | (lo & 0xffff), q0 = div1000(b);
	*rem = b - q0 * 1000;
	return (u64)qh << 32 | (u64)q1 << 16 | q0;
}

int fmt_ts(char *o, u64 ns)
{
	u32 r1, r2, r3;
	u64 s = div1000_64(div1000_64(div1000_64(ns, &r1), &r2), &r3);  /* ns -> us -> ms -> s */
	u32 frac = r3 * 1000 + r2;                              /* microseconds */
	int n = fmt_u64(o, s);
	o[n++] = '.';
	for (int i = 5; i >= 0; i--) {
		u32 q = div10(frac);
		o[n + i] = (char)('0' + frac - q * 10);
		frac = q;
	}
	return n + 6;
}

static int key(char *o, const char *k, int first)
{
	int n = 0;
	if (!first) o[n++] = ',';
	o[n++] = '"'; n += put(o + n, k); o[n++] = '"'; o[n++] = ':';
	return n;
}
static int kstr(char *o, const char *k, const char *v)
{
	int n = key(o, k, 0);
	o[n++] = '"'; n += put(o + n, v); o[n++] = '"';
	return n;
}
static int knum(char *o, const char *k, u64 v)
{
	int n = key(o, k, 0);
	return n + fmt_u64(o + n, v);
}

/* a key with its comma, quotes and colon, its length known when compiled:
   a record has 30 numbers per direction, so no strlen for them */
struct lit { union { char c[20]; u32 w[5]; } t; u32 n; };  /* copied as five words */
#define LIT(k) { { ",\"" k "\":" }, sizeof(",\"" k "\":") - 1 }
static int lnum(char *o, const struct lit *k, u64 v)
{
	/* 20 bytes always (the buffer has room past any record's end) */
	for (int i = 0; i < 5; i++) memcpy(o + 4 * i, &k->t.w[i], 4);
	if (v < 10) { o[k->n] = (char)('0' + v); return (int)k->n + 1; }
	return (int)k->n + fmt_u64(o + k->n, v);
}
static int lnull(char *o, const struct lit *k, int null, u64 v)
{
	if (!null) return lnum(o, k, v);
	for (int i = 0; i < 5; i++) memcpy(o + 4 * i, &k->t.w[i], 4);
	memcpy(o + k->n, "null", 4);
	return (int)k->n + 4;
}

/* one direction's counters: name_out or name_in; rtt_out_*, rtt_in_* */
#define DIR_KEYS(x) { LIT("pkts_" x), LIT("bytes_" x), LIT("payload_" x), LIT("unique_" x), \
	LIT("rtt_" x "_n"), LIT("rtt_" x "_min_us"), LIT("rtt_" x "_avg_us"), LIT("rtt_" x "_max_us"), \
	LIT("retrans_" x), LIT("ooo_" x), LIT("dupack_" x), LIT("zerowin_" x), LIT("lost_" x), \
	LIT("rst_" x) }
static int direction(char *o, const struct dir *d, int in)
{
	static const struct lit names[2][14] = { DIR_KEYS("out"), DIR_KEYS("in") };
	const struct lit *k = names[in];
	u64 avg = d->rtt_n ? d->rtt_sum / d->rtt_n / 1000 : 0;
	int n = 0;
	n += lnum(o + n, &k[0], d->pkts); n += lnum(o + n, &k[1], d->bytes);
	n += lnum(o + n, &k[2], d->payload); n += lnum(o + n, &k[3], d->unique);
	n += lnum(o + n, &k[4], d->rtt_n);
	n += lnull(o + n, &k[5], !d->rtt_n, d->rtt_min);
	n += lnull(o + n, &k[6], !d->rtt_n, avg);
	n += lnull(o + n, &k[7], !d->rtt_n, d->rtt_max);
	n += lnum(o + n, &k[8], d->retrans); n += lnum(o + n, &k[9], d->ooo);
	n += lnum(o + n, &k[10], d->dupack); n += lnum(o + n, &k[11], d->zerowin);
	n += lnum(o + n, &k[12], d->lost); n += lnum(o + n, &k[13], d->rst);
	return n;
}

/* "tcp", "udp", "icmp", "icmp6", or 0 for a protocol shown by its number */
const char *proto_name(u8 proto)
{
	return proto == IPPROTO_TCP ? "tcp" : proto == IPPROTO_UDP ? "udp"
		: proto == IPPROTO_ICMP ? "icmp" : proto == IPPROTO_ICMPV6 ? "icmp6" : 0;
}

/* a JSON string: quote and backslash escaped, control bytes and every byte
   past ASCII as \u00XX (the bytes are not known to be UTF-8) */
static int jstr(char *o, const char *s, u32 len)
{
	int n = 0;
	o[n++] = '"';
	for (u32 i = 0; i < len; i++) {
		u8 b = (u8)s[i];
		if (b < 0x20 || b >= 0x7f) {
			memcpy(o + n, "\\u00", 4);
			o[n + 4] = "0123456789abcdef"[b >> 4]; o[n + 5] = "0123456789abcdef"[b & 15];
			n += 6;
			continue;
		}
		if (b == '"' || b == '\\') o[n++] = '\\';
		o[n++] = (char)b;
	}
	o[n++] = '"';
	return n;
}
static int knstr(char *o, const char *k, int has, const char *s, u32 len)
{
	int n = key(o, k, 0);
	if (!has) { memcpy(o + n, "null", 4); return n + 4; }
	return n + jstr(o + n, s, len);
}

/* the names: for every flow its display name and DNS name, for TCP what
   its first bytes said */
static int names(char *o, const struct conn *c, const struct names *nm)
{
	u32 len = 0;
	const char *name = conn_name(c, nm, &len);
	int n = knstr(o, "name", name != 0, name, len), named = nm ? c->named : 0;
	n += knstr(o + n, "dns_name", named & NAMED_DNS, nm ? nm->dns : 0, nm ? nm->dns_len : 0);
	if (c->proto != IPPROTO_TCP) return n;
	const struct tls_names *tls = nm ? &nm->tls : 0;
	const struct http_names *http = nm ? &nm->http : 0;
	int t_ = named & NAMED_TLS, h = named & NAMED_HTTP;
	n += knstr(o + n, "sni", t_ && tls->has_sni, t_ ? tls->sni : 0, t_ ? tls->sni_len : 0);
	n += key(o + n, "alpn", 0);
	if (!t_ || !tls->has_alpn) { memcpy(o + n, "null", 4); n += 4; }
	else {
		o[n++] = '[';
		for (u32 at = 0; at < tls->alpn_len; at += 1u + tls->alpn[at]) {
			if (at) o[n++] = ',';
			n += jstr(o + n, (const char *)tls->alpn + at + 1, tls->alpn[at]);
		}
		o[n++] = ']';
	}
	n += knstr(o + n, "http_host", h && http->has_host, h ? http->host : 0, h ? http->host_len : 0);
	n += knstr(o + n, "http_method", h, h ? http->method : 0, h ? http->method_len : 0);
	n += knstr(o + n, "ssh_client", named & NAMED_SSH_C, nm ? nm->ssh[0] : 0, nm ? nm->ssh_len[0] : 0);
	n += knstr(o + n, "ssh_server", named & NAMED_SSH_S, nm ? nm->ssh[1] : 0, nm ? nm->ssh_len[1] : 0);
	return n;
}

/* the owners of both ends (attribution on): pid, comm, uid, cgroup of the
   client's (src_) and the server's (dst_); null for an end not found */
static int owners(char *o, const struct own_json *ow)
{
	static const char *const k[2][4] = { { "src_pid", "src_comm", "src_uid", "src_cgroup" },
					     { "dst_pid", "dst_comm", "dst_uid", "dst_cgroup" } };
	int n = 0;
	for (int i = 0; i < 2; i++) {
		const struct own_end *e = &ow->e[i];
		int f = e->found;
		n += key(o + n, k[i][0], 0);
		if (f) n += fmt_u32(o + n, e->pid); else { memcpy(o + n, "null", 4); n += 4; }
		n += knstr(o + n, k[i][1], f, e->comm, (u32)strlen(e->comm));
		n += key(o + n, k[i][2], 0);
		if (f) n += fmt_u32(o + n, e->uid); else { memcpy(o + n, "null", 4); n += 4; }
		const char *cg = ow->cg[i];
		n += knstr(o + n, k[i][3], f && cg && *cg, cg, cg ? (u32)strlen(cg) : 0);
	}
	return n;
}

u16 json_cid_seed;

int fmt_json(char *o, const struct conn *c, const struct names *nm, const struct own_json *ow, const char *event, int reason,
	     const char *iface)
{
	char a[48];
	int tcp = c->proto == IPPROTO_TCP, n = put(o, "{\"event\":\"");
	n += put(o + n, event); o[n++] = '"';
	const char *pn = proto_name(c->proto);
	n += pn ? kstr(o + n, "proto", pn) : knum(o + n, "proto", c->proto);
	a[fmt_addr(a, c->a, c->v6)] = 0; n += kstr(o + n, "src", a); n += knum(o + n, "sport", c->ap);
	a[fmt_addr(a, c->b, c->v6)] = 0; n += kstr(o + n, "dst", a); n += knum(o + n, "dport", c->bp);
	if (iface) n += kstr(o + n, "iface", iface);    /* live only */
	n += kstr(o + n, "state", st_name[c->state]);
	n += key(o + n, "continued", 0); n += put(o + n, c->continued ? "true" : "false");
	if (tcp) {
		static const struct lit rtt = LIT("rtt_us"), srtt = LIT("srtt_us");
		n += lnull(o + n, &rtt, c->rtt_us == RTT_NONE, c->rtt_us);
		n += lnull(o + n, &srtt, c->srtt_us == RTT_NONE, c->srtt_us);
		n += direction(o + n, &c->d[0], 0);
		n += direction(o + n, &c->d[1], 1);
	} else {            /* no sequence numbers: the counts of each direction only */
		static const struct lit k[2][3] = { { LIT("pkts_out"), LIT("bytes_out"), LIT("payload_out") },
			{ LIT("pkts_in"), LIT("bytes_in"), LIT("payload_in") } };
		for (int i = 0; i < 2; i++) {
			n += lnum(o + n, &k[i][0], c->d[i].pkts); n += lnum(o + n, &k[i][1], c->d[i].bytes);
			n += lnum(o + n, &k[i][2], c->d[i].payload);
		}
	}
	n += key(o + n, "first", 0); n += fmt_ts(o + n, c->first);
	n += key(o + n, "last", 0); n += fmt_ts(o + n, c->last);
	if (reason >= 0) n += kstr(o + n, "reason", end_name[reason]);
	else { n += knum(o + n, "rate_out", c->rate[0]); n += knum(o + n, "rate_in", c->rate[1]); }
	/* SCTP flows are kept without their ports (Every flow): no ID the spec's */
	n += key(o + n, "community_id", 0);
	if (c->proto == IPPROTO_SCTP) { memcpy(o + n, "null", 4); n += 4; }
	else {
		o[n++] = '"';
		n += community_id(o + n, json_cid_seed, c->v6, c->proto, c->a, c->b, c->ap, c->bp);
		o[n++] = '"';
	}
	if (ow) n += owners(o + n, ow);
	n += names(o + n, c, nm);     /* last: the only keys whose values are any bytes */
	o[n++] = '}'; o[n++] = '\n';
	return n;
}
