/* a pcap or pcapng file, read as netmoon reads one: the header, then each record
 * checked against what is left, decoded, tracked and analysed, and written
 * back; every connection that ends is written as JSON (into a heap buffer of
 * exactly JSON_MAX) and its analysis checked against its invariants */
#include "fuzz.h"
#include "net.h"

static void ended(void *ctx, const struct conn *c, int reason)
{
	const struct table *t = ctx;
	char *o = malloc(JSON_MAX);
	int n = fmt_json(o, c, conn_names(t, c), 0, "end", reason, 0);
	if (n > JSON_MAX || o[n - 1] != '\n') __builtin_trap();
	free(o);
	for (int k = 0; k < 2; k++) {
		const struct dir *d = &c->d[k];
		/* each sequence byte once: never more than the payload; counters
		   of segments never more than the segments */
		if (d->unique > d->payload || d->nsegs > SEGS_PER_DIR || d->nholes > NHOLE) __builtin_trap();
		if (d->retrans + d->ooo > d->pkts || d->dupack > d->pkts || d->lost > d->pkts
		    || d->zerowin > d->pkts || d->rst > d->pkts) __builtin_trap();
		if (d->rtt_n && (d->rtt_min > d->rtt_max)) __builtin_trap();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	static struct table T;
	static void *mem;
	if (!mem) mem = malloc(table_bytes(64));
	u8 key[8] = { 0 };
	T.end = ended; T.ctx = &T;
	table_init(&T, mem, 64, key, 60000000000ull, 30000000000ull);
	u8 *b = fz_copy(d, n);
	struct pcap_info pi;
	if (pcap_header(b, n, &pi) == 0 && pcap_linktype_ok(pi.linktype)) {
		for (size_t at = 24; n - at >= 16; ) {
			struct pcap_rec r;
			if (pcap_record(&pi, b + at, &r)) break;
			if (n - at - 16 < r.caplen) break;
			u8 *f = fz_copy(b + at + 16, r.caplen);
			struct pkt p;
			p.ts = r.ts; p.len = r.wirelen < r.caplen ? r.caplen : r.wirelen;
			decode(&p, f, r.caplen, pi.linktype);
			table_add(&T, &p);
			table_expire(&T, r.ts, 4);
			u8 h[16];
			pcap_put_record(h, r.ts, r.caplen, r.wirelen);
			free(f);
			at += 16 + r.caplen;
		}
	} else if (pcap_header(b, n, &pi) == PCAP_NG) {      /* pcapng: block after block */
		static struct ng g;
		memset(&g, 0, sizeof g);
		struct ng_pkt k;
		for (size_t at = 0; at < n; at += k.len) {
			int e = ng_block(&g, b + at, n - at, &k);
			if (e < 0) break;
			if (k.len < 12 || k.len > n - at) __builtin_trap();   /* a block within the input */
			if (e != NG_PACKET) continue;
			if (k.data + k.rec.caplen > k.len) __builtin_trap();  /* a packet within its block */
			u8 *f = fz_copy(b + at + k.data, k.rec.caplen);
			struct pkt p;
			p.ts = k.rec.ts; p.len = k.rec.wirelen < k.rec.caplen ? k.rec.caplen : k.rec.wirelen;
			decode(&p, f, k.rec.caplen, k.linktype);
			table_add(&T, &p);
			free(f);
		}
	}
	table_tick(&T, 1000000000ull);
	table_flush(&T);
	/* every pool segment taken is back on the free list */
	u32 free_segs = 0;
	for (u32 i = T.seg_free; i != NONE && free_segs <= T.nseg; i = T.seg[i].next) free_segs++;
	if (free_segs != T.seg_fresh || T.used) __builtin_trap();
	free(b);
	return 0;
}
