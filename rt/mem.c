/* mem.c - the functions gcc may emit calls to, and two more. Built with
 * -fno-tree-loop-distribute-patterns so these loops never become calls to
 * themselves. Word-at-a-time when both pointers allow it. */
#define PK_MEM_IMPL
#include "rt.h"

/* ARM code even in the Thumb build of the initramfs binary (rt/multi.c):
   Thumb-1 gcc would turn the word copies below into calls to memcpy */
#pragma GCC target("arm")

/* ARMv6 and later load and store words at any alignment (Linux sets
   SCTLR.U), so copy a word at a time whatever the pointers */
PK_KEEP void *memcpy(void *d, const void *s, size_t n)
{
	u8 *dp = d; const u8 *sp = s;
	for (; n >= 16; n -= 16, dp += 16, sp += 16) {
		u32 a, b, c, e;
		__builtin_memcpy(&a, sp, 4); __builtin_memcpy(&b, sp + 4, 4);
		__builtin_memcpy(&c, sp + 8, 4); __builtin_memcpy(&e, sp + 12, 4);
		__builtin_memcpy(dp, &a, 4); __builtin_memcpy(dp + 4, &b, 4);
		__builtin_memcpy(dp + 8, &c, 4); __builtin_memcpy(dp + 12, &e, 4);
	}
	for (; n >= 4; n -= 4, dp += 4, sp += 4) { u32 w; __builtin_memcpy(&w, sp, 4); __builtin_memcpy(dp, &w, 4); }
	while (n--) *dp++ = *sp++;
	return d;
}

PK_KEEP void *memmove(void *d, const void *s, size_t n)
{
	u8 *dp = d; const u8 *sp = s;
	if (dp <= sp || dp >= sp + n) return memcpy(d, s, n);
	while (n--) dp[n] = sp[n];
	return d;
}

PK_KEEP void *memset(void *d, int c, size_t n)
{
	u8 *dp = d;
	u32 w = (u8)c * 0x01010101u;
	while (n && ((size_t)dp & 3)) { *dp++ = (u8)c; n--; }
	for (; n >= 32; n -= 32, dp += 32) {      /* 8 words a turn (a new flow's 504 bytes: 16 turns) */
		u32 *p = (u32 *)(void *)dp;
		p[0] = w; p[1] = w; p[2] = w; p[3] = w; p[4] = w; p[5] = w; p[6] = w; p[7] = w;
	}
	for (; n >= 4; n -= 4, dp += 4) *(u32 *)(void *)dp = w;
	while (n--) *dp++ = (u8)c;
	return d;
}

PK_KEEP int memcmp(const void *a, const void *b, size_t n)
{
	const u8 *x = a, *y = b;
	for (; n; n--, x++, y++)
		if (*x != *y) return *x - *y;
	return 0;
}

PK_KEEP size_t strlen(const char *s)
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
