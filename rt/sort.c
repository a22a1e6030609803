/* sort.c - one stable merge sort for every command: of 32-bit words, which
 * are indexes (netmoon's connections) or, on this 32-bit target, pointers
 * (ls's entries). Pure: no syscalls, builds for the host too. */
#include "rt.h"

typedef u32 __attribute__((may_alias)) word;   /* the words may be pointers */

void pk_msort(void *a, void *tmp, u32 n, int (*after)(u32 x, u32 y, void *ctx), void *ctx)
{
	word *v = a, *t = tmp;
	if (n < 2) return;
	u32 h = n / 2, i = 0, j = h, k = 0;
	pk_msort(v, t, h, after, ctx);
	pk_msort(v + h, t, n - h, after, ctx);
	while (i < h && j < n) t[k++] = after(v[i], v[j], ctx) ? v[j++] : v[i++];
	while (i < h) t[k++] = v[i++];
	while (j < n) t[k++] = v[j++];
	memcpy(v, t, n * sizeof *v);
}
