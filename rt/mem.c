/* mem.c - the functions gcc may emit calls to, and two more. Built with
 * -fno-tree-loop-distribute-patterns so these loops never become calls to
 * themselves. Word-at-a-time when both pointers allow it. */
#define PK_MEM_IMPL
#include "rt.h"

void *memcpy(void *d, const void *s, size_t n)
{
	u8 *dp = d; const u8 *sp = s;
	if ((((size_t)dp | (size_t)sp) & 3) == 0) {
		for (; n >= 16; n -= 16, dp += 16, sp += 16) {
			u32 *dw = (u32 *)(void *)dp; const u32 *sw = (const u32 *)(const void *)sp;
			u32 a = sw[0], b = sw[1], c = sw[2], e = sw[3];
			dw[0] = a; dw[1] = b; dw[2] = c; dw[3] = e;
		}
	}
	while (n--) *dp++ = *sp++;
	return d;
}

void *memmove(void *d, const void *s, size_t n)
{
	u8 *dp = d; const u8 *sp = s;
	if (dp <= sp || dp >= sp + n) return memcpy(d, s, n);
	while (n--) dp[n] = sp[n];
	return d;
}

void *memset(void *d, int c, size_t n)
{
	u8 *dp = d;
	u32 w = (u8)c * 0x01010101u;
	while (n && ((size_t)dp & 3)) { *dp++ = (u8)c; n--; }
	for (; n >= 4; n -= 4, dp += 4) *(u32 *)(void *)dp = w;
	while (n--) *dp++ = (u8)c;
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const u8 *x = a, *y = b;
	for (; n; n--, x++, y++)
		if (*x != *y) return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	const char *p = s;
	while (*p) p++;
	return (size_t)(p - s);
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) a++, b++;
	return (u8)*a - (u8)*b;
}
