/* frames (each a 2-byte length and its bytes, the link type from the first
 * input byte) through the decoder, the copies check of several interfaces
 * (the length's top bit picks the interface), the connection table and the
 * JSON form */
#include "fuzz.h"
#include "net.h"

static char jb[JSON_MAX];
static struct table T;
/* owners as the live resolver answers them: one end found (a comm and a
   cgroup path of the connection's own bytes), the other not */
static struct own_end oe[2];
static char cg[CGROUP_MAX];
static const struct own_json *owners(const struct conn *c)
{
	static struct own_json j = { oe, { cg, 0 } };
	int k = c->ap & 1;
	memset(oe, 0, sizeof oe);
	oe[k].found = 1; oe[k].pid = c->hash; oe[k].uid = c->bp;
	memcpy(oe[k].comm, c->a, COMM_MAX - 1);
	memset(cg, 0, sizeof cg);
	cg[0] = '/';
	memcpy(cg + 1, c->b, 16);
	return &j;
}
static void on_end(void *ctx, const struct conn *c, int reason)
{
	(void)ctx;
	if (fmt_json(jb, c, conn_names(&T, c), owners(c), "end", reason, "eth0") > JSON_MAX) __builtin_trap();
}
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	static const u32 lts[] = { LT_ETHERNET, LT_RAW, LT_LINUX_SLL, LT_LINUX_SLL2, LT_PPP, LT_PPP_HDLC,
				   LT_NULL, LT_ARCNET_LINUX, LT_IPV4, LT_IPV6, LT_C_HDLC, LT_IEEE802_11,
				   LT_IEEE802_11_RADIO };
	static struct dup_slot dups[DUP_SLOTS];
	static void *mem;
	if (!mem) mem = malloc(table_bytes(16));
	u8 key[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	table_init(&T, mem, 16, key, 3000000000ull, 3000000000ull);
	T.end = on_end;
	if (!n) return 0;
	u32 lt = lts[d[0] % (sizeof lts / sizeof lts[0])];
	d++; n--;
	for (u64 ts = 1000000000ull; n >= 2; ts += 700000000ull) {
		size_t len = (size_t)(d[0] | (d[1] & 0x7f) << 8);
		u32 ifindex = 1 + (d[1] >> 7);
		d += 2; n -= 2;
		if (len > n) len = n;
		u8 *f = fz_copy(d, len);
		struct pkt p;
		p.ts = ts; p.len = (u32)len; p.ifindex = ifindex;
		decode(&p, f, (u32)len, lt);
		if (!dup_seen(dups, T.k, &p, f, (u32)len)) table_add(&T, &p);
		table_expire(&T, ts, 4);
		free(f);
		d += len; n -= len;
	}
	table_tick(&T, 1000000000ull);
	for (u32 i = table_first(&T); i != NONE; i = table_next(&T, i))
		if (fmt_json(jb, &T.c[i], conn_names(&T, &T.c[i]), 0, "update", -1, 0) > JSON_MAX) __builtin_trap();
	table_flush(&T);
	return 0;
}
