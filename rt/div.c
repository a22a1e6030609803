/* div.c - ARM EABI run-time division helpers (RTABI section 4.3.1).
 * ARMv6 has no divide instruction, so gcc calls these for '/' and '%' by a
 * non-constant. We write them instead of linking Debian's libgcc.a, which is
 * built for ARMv7-A Thumb-2 with hard-float and would not run on ARMv6.
 * Shift-and-subtract: at most 32 (or 64) steps, no tables. Division by zero
 * is a bug in the caller: trap (SIGILL) rather than return a wrong number. */
#include "rt.h"

static u32 udiv32(u32 n, u32 d, u32 *rem)
{
	u32 q = 0;
	if (!d) __builtin_trap();
	if (d <= n) {
		int s = __builtin_clz(d) - __builtin_clz(n);
		for (d <<= s; s >= 0; s--, d >>= 1) {
			q <<= 1;
			if (n >= d) { n -= d; q |= 1; }
		}
	}
	*rem = n;
	return q;
}

PK_KEEP u64 pk_udiv64(u64 n, u64 d, u64 *rem)
{
	u64 q = 0;
	if (!d) __builtin_trap();
	if (!(n >> 32) && !(d >> 32)) { /* the common case: stay in 32 bits */
		u32 r, q32 = udiv32((u32)n, (u32)d, &r);
		*rem = r;
		return q32;
	}
	if (d <= n) {
		int s = __builtin_clzll(d) - __builtin_clzll(n);
		for (d <<= s; s >= 0; s--, d >>= 1) {
			q <<= 1;
			if (n >= d) { n -= d; q |= 1; }
		}
	}
	*rem = n;
	return q;
}

PK_KEEP s64 pk_sdiv64(s64 n, s64 d, s64 *rem)
{
	u64 r, q = pk_udiv64(n < 0 ? -(u64)n : (u64)n, d < 0 ? -(u64)d : (u64)d, &r);
	*rem = n < 0 ? -(s64)r : (s64)r;       /* remainder takes the dividend's sign */
	return (n < 0) != (d < 0) ? -(s64)q : (s64)q;
}

/* the 32-bit pairs return quotient in r0 and remainder in r1: a u64 does that */
PK_KEEP u32 __aeabi_uidiv(u32 n, u32 d) { u32 r; return udiv32(n, d, &r); }
PK_KEEP u64 __aeabi_uidivmod(u32 n, u32 d) { u32 r, q = udiv32(n, d, &r); return (u64)r << 32 | q; }
PK_KEEP s32 __aeabi_idiv(s32 n, s32 d) { s64 r; return (s32)pk_sdiv64(n, d, &r); }
PK_KEEP u64 __aeabi_idivmod(s32 n, s32 d)
{
	s64 r, q = pk_sdiv64(n, d, &r);
	return (u64)(u32)r << 32 | (u32)q;
}

/* the 64-bit pairs return the quotient in r0:r1 and the remainder in r2:r3 */
#define DIVMOD64(name, fn)						\
	__asm__(".text\n.arm\n.global " name "\n.type " name ", %function\n"	\
		name ":\n"						\
		"	push	{r4, lr}\n"				\
		"	sub	sp, sp, #16\n"	/* [sp]: &rem, [sp+8]: rem */ \
		"	add	r12, sp, #8\n"				\
		"	str	r12, [sp]\n"				\
		"	bl	" fn "\n"				\
		"	ldr	r2, [sp, #8]\n"				\
		"	ldr	r3, [sp, #12]\n"			\
		"	add	sp, sp, #16\n"				\
		"	pop	{r4, pc}\n"				\
		".size " name ", . - " name "\n")
DIVMOD64("__aeabi_uldivmod", "pk_udiv64");
DIVMOD64("__aeabi_ldivmod", "pk_sdiv64");

/* Thumb-1, in which the initramfs's one binary is built for size (rt/multi.c),
 * has no 64-bit multiply, no shift by a register amount across 64 bits, no
 * clz and no barrier instruction, so gcc calls these. They are ARM code
 * (ARMv6 has all of those), reached by interworking calls; the ARM build of
 * the commands never calls them, and --gc-sections drops them there. */
#define ARMCODE PK_KEEP __attribute__((target("arm")))
ARMCODE u64 __aeabi_lmul(u64 a, u64 b) { return a * b; }
ARMCODE u64 __aeabi_llsl(u64 a, int n) { return a << n; }
ARMCODE u64 __aeabi_llsr(u64 a, int n) { return a >> n; }
ARMCODE s64 __aeabi_lasr(s64 a, int n) { return a >> n; }
ARMCODE int __clzsi2(u32 x) { return __builtin_clz(x); }
ARMCODE int __clzdi2(u64 x) { return __builtin_clzll(x); }
ARMCODE void __sync_synchronize(void) { __asm__ volatile("mcr p15, 0, %0, c7, c10, 5" :: "r"(0) : "memory"); }
