/* sort.h - one stable merge sort for every command, specialized where it
 * is used: PK_MSORT(name, T, after) defines
 *     static void name(T *a, T *tmp, u32 n)
 * which sorts a[0..n) using tmp (n elements), where after(x, y) is true
 * when y must come before x; equal elements keep their order. A function
 * with a function-pointer comparison costs an indirect call per comparison
 * (ls was 14% slower on 100,000 names under qemu); this way the comparison
 * is inlined. ls sorts entry pointers by name, netmoon connection indexes by
 * rate, total or age. */
#ifndef PK_SORT_H
#define PK_SORT_H
#include "rt.h"

#define PK_MSORT(name, T, after)                                                \
static void name(T *a, T *t, u32 n)                                             \
{                                                                               \
	if (n < 2) return;                                                      \
	u32 h = n / 2, i = 0, j = h, k = 0;                                     \
	name(a, t, h);                                                          \
	name(a + h, t, n - h);                                                  \
	while (i < h && j < n) t[k++] = after(a[i], a[j]) ? a[j++] : a[i++];    \
	while (i < h) t[k++] = a[i++];                                          \
	while (j < n) t[k++] = a[j++];                                          \
	memcpy(a, t, n * sizeof *a);                                            \
}
#endif
