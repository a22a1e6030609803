/* hexdump's formatter fed in pieces of every size, against the length
 * its output can take; and the input as a size argument (-n, -s) */
#ifndef PK_CORE_ONLY
#define PK_CORE_ONLY
#endif
#include "fuzz.h"
#include "../../cmds/hexdump.c"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	static int init;
	if (!init) { hd_init(); init = 1; }
	struct hd h;
	__builtin_memset(&h, 0, sizeof h);
	h.verbose = n && (d[0] & 1);
	u8 *b = fz_copy(d, n);
	size_t cap = (n / 16 + 2) * 80 + 16;
	char *o = malloc(cap);
	size_t at = 0, piece = n ? (size_t)d[0] % 37 + 1 : 1, out = 0;
	while (at < n) {
		size_t k = n - at < piece ? n - at : piece;
		out += hd_feed(&h, o + out, b + at, k);
		if (out > cap) __builtin_trap();
		at += k;
	}
	out += hd_finish(&h, o + out);
	if (out > cap) __builtin_trap();
	char *s = malloc(n + 1);
	__builtin_memcpy(s, d, n); s[n] = 0;
	u64 v;
	hd_parse_size(s, &v);
	free(s); free(o); free(b);
	return 0;
}
