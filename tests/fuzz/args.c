/* the option parser (GNU getopt's rules, long options, permutation) on
 * argument vectors cut from the input at each NUL */
#include "fuzz.h"
#include "opt.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	static const struct longopt lo[] = { { "json", 0, 0x200 }, { "duration", 1, 0x201 }, { "count", 0, 0x202 },
		{ "no-sandbox", 0, 0x203 }, { "help", 0, OPT_HELP }, { "version", 0, OPT_VERSION }, { 0, 0, 0 } };
	char *buf = malloc(n + 1), *av[34];
	__builtin_memcpy(buf, d, n); buf[n] = 0;
	int ac = 0;
	av[ac++] = "netmoon";
	for (size_t i = 0; i <= n && ac < 33; ) { av[ac++] = buf + i; while (i < n && buf[i]) i++; i++; }
	av[ac] = 0;
	struct opt o;
	opt_init(&o, ac, av, "i:pr:w:s:c:bI:e:m:dZ:", lo);
	for (size_t guard = 0; opt_get(&o) != -1; guard++) if (guard > n + 40) __builtin_trap();   /* at most one option a byte */
	for (int i = 0; i < o.nop; i++) if (!o.av[i]) __builtin_trap();
	free(buf);
	return 0;
}
