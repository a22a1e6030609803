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

static int knull(char *o, const char *k, int null, u64 v)
{
	int n = key(o, k, 0);
	return n + (null ? put(o + n, "null") : fmt_u64(o + n, v));
}

/* one direction's counters: name_out or name_in; rtt_out_*, rtt_in_* */
static int direction(char *o, const struct dir *d, int in)
{
	static const char *const names[2][15] = {
		{ "pkts_out", "bytes_out", "payload_out", "unique_out", "rtt_out_n", "rtt_out_min_us",
		  "rtt_out_avg_us", "rtt_out_max_us", "retrans_out", "ooo_out", "dupack_out",
		  "zerowin_out", "lost_out", "rst_out", 0 },
		{ "pkts_in", "bytes_in", "payload_in", "unique_in", "rtt_in_n", "rtt_in_min_us",
		  "rtt_in_avg_us", "rtt_in_max_us", "retrans_in", "ooo_in", "dupack_in",
		  "zerowin_in", "lost_in", "rst_in", 0 } };
	const char *const *k = names[in];
	u64 avg = d->rtt_n ? d->rtt_sum / d->rtt_n / 1000 : 0;
	int n = 0;
	n += knum(o + n, k[0], d->pkts); n += knum(o + n, k[1], d->bytes);
	n += knum(o + n, k[2], d->payload); n += knum(o + n, k[3], d->unique);
	n += knum(o + n, k[4], d->rtt_n);
	n += knull(o + n, k[5], !d->rtt_n, d->rtt_min);
	n += knull(o + n, k[6], !d->rtt_n, avg);
	n += knull(o + n, k[7], !d->rtt_n, d->rtt_max);
	n += knum(o + n, k[8], d->retrans); n += knum(o + n, k[9], d->ooo);
	n += knum(o + n, k[10], d->dupack); n += knum(o + n, k[11], d->zerowin);
	n += knum(o + n, k[12], d->lost); n += knum(o + n, k[13], d->rst);
	return n;
}

int fmt_json(char *o, const struct conn *c, const char *event, int reason)
{
	char a[48];
	int n = put(o, "{\"event\":\"");
	n += put(o + n, event); o[n++] = '"';
	a[fmt_addr(a, c->a, c->v6)] = 0; n += kstr(o + n, "src", a); n += knum(o + n, "sport", c->ap);
	a[fmt_addr(a, c->b, c->v6)] = 0; n += kstr(o + n, "dst", a); n += knum(o + n, "dport", c->bp);
	n += kstr(o + n, "state", st_name[c->state]);
	n += key(o + n, "continued", 0); n += put(o + n, c->continued ? "true" : "false");
	n += knull(o + n, "rtt_us", c->rtt_us == RTT_NONE, c->rtt_us);
	n += knull(o + n, "srtt_us", c->srtt_us == RTT_NONE, c->srtt_us);
	n += direction(o + n, &c->d[0], 0);
	n += direction(o + n, &c->d[1], 1);
	n += key(o + n, "first", 0); n += fmt_ts(o + n, c->first);
	n += key(o + n, "last", 0); n += fmt_ts(o + n, c->last);
	if (reason >= 0) n += kstr(o + n, "reason", end_name[reason]);
	else { n += knum(o + n, "rate_out", c->rate[0]); n += knum(o + n, "rate_in", c->rate[1]); }
	o[n++] = '}'; o[n++] = '\n';
	return n;
}
