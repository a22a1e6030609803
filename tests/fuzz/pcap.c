/* a pcap file, read as netmoon reads one: the header, then each record
 * checked against what is left, decoded, tracked, and written back */
#include "fuzz.h"
#include "net.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	static struct table T;
	static void *mem;
	if (!mem) mem = malloc(table_bytes(64));
	u8 key[8] = { 0 };
	table_init(&T, mem, 64, key, 60000000000ull);
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
	}
	table_flush(&T);
	free(b);
	return 0;
}
