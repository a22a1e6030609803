/* rt_test - unit tests of rt/, built and run exactly like a command (static,
 * libc-free, under qemu-arm or on the board, and as PID 1 in the boot test).
 * Self-contained: prints "ok"/"FAIL" lines and "rt_test: N passed, N failed".
 * rt_checks.h, shared with host_test, holds the checks of rt/'s pure parts.
 * rt_test --smash overflows a stack buffer on purpose: the stack protector
 * must print "rt_test: stack smashing detected" and die by SIGABRT. */
#include "rt.h"
#include "sys.h"
#include "opt.h"

PK_CMD("rt_test");

static int passed, failed;
static u32 bss_probe[16384];
static volatile u32 data_probe = 0x5eed;
static void check(int ok, const char *what)
{
	out_str(&pk_out, ok ? "ok   " : "FAIL ");
	out_str(&pk_out, what);
	out_char(&pk_out, '\n');
	if (ok) passed++; else failed++;
}

static void say(const char *s)
{
	out_str(&pk_out, "     "); out_str(&pk_out, s); out_char(&pk_out, '\n');
}
/* the checks host_test runs on the host too (formatting, messages, options) */
#include "rt_checks.h"

static u64 rng;
static u64 rnd(void) { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return rng; }

static int streq(const char *a, const char *b) { return strcmp(a, b) == 0; }
__attribute__((noinline)) static unsigned long sp_now(void)
{
	unsigned long sp;
	__asm__ volatile("mov %0, sp" : "=r"(sp));
	return sp;
}

__attribute__((noinline)) static void smash(const char *s)
{
	char b[8];
	size_t n = strlen(s);
	__asm__ volatile("" : "+r"(n));        /* hide the length from the compiler */
	memcpy(b, s, n);
	__asm__ volatile("" : : "r"(b) : "memory");
}

/* naive references for the mem* tests */
static void ref_copy(u8 *d, const u8 *s, size_t n) { for (size_t i = 0; i < n; i++) ((volatile u8 *)d)[i] = s[i]; }

static void test_mem(void)
{
	static u8 a[300], b[300], c[300];
	int ok = 1;
	for (int t = 0; t < 2000 && ok; t++) {
		size_t off1 = rnd() % 8, off2 = rnd() % 8, n = rnd() % 280;
		for (int i = 0; i < 300; i++) a[i] = (u8)rnd(), b[i] = c[i] = (u8)rnd();
		memcpy(b + off1, a + off2, n);
		ref_copy(c + off1, a + off2, n);
		ok = memcmp(b, c, 300) == 0;
		memset(b + off2, (int)t, n);
		for (size_t i = 0; i < n; i++) c[off2 + i] = (u8)t;
		ok = ok && memcmp(b, c, 300) == 0;
	}
	check(ok, "memcpy/memset match byte loops at every alignment and length");
	for (int i = 0; i < 300; i++) a[i] = (u8)i, c[i] = (u8)i;
	memmove(a + 3, a, 200);                 /* overlapping, forwards */
	ref_copy(b, c, 200); ref_copy(c + 3, b, 200);
	ok = memcmp(a, c, 300) == 0;
	memmove(a, a + 5, 200);                 /* overlapping, backwards */
	ref_copy(b, c + 5, 200); ref_copy(c, b, 200);
	check(ok && memcmp(a, c, 300) == 0, "memmove handles overlap both ways");
	check(memcmp("abc", "abd", 3) < 0 && memcmp("b", "a", 1) > 0 && memcmp("x", "y", 0) == 0
	      && memcmp("\xff", "\x01", 1) > 0, "memcmp orders bytes as unsigned");
	check(strlen("") == 0 && strlen("hello") == 5 && strcmp("a", "a") == 0 && strcmp("a", "b") < 0,
	      "strlen/strcmp");
}

static void test_div(void)
{
	volatile u32 x = 0xffffffffu, three = 3;
	volatile u64 X = 0xffffffffffffffffull, ten = 10;
	volatile s32 m7 = -7, two = 2;
	volatile s64 M = -1000000000000ll, seven = 7;
	check(x / three == 0x55555555u && x % three == 0, "u32 division");
	check(X / ten == 1844674407370955161ull && X % ten == 5, "u64 division");
	check(m7 / two == -3 && m7 % two == -1, "s32 division truncates toward zero");
	check(M / seven == -142857142857ll && M % seven == -1, "s64 division truncates toward zero");
	int ok = 1;
	for (int i = 0; i < 20000 && ok; i++) {
		u32 n = (u32)rnd(), d = (u32)rnd() >> (rnd() % 32);
		u64 N = rnd() >> (rnd() % 64), D = rnd() >> (rnd() % 64);
		if (!d) d = 1;
		if (!D) D = 1;
		volatile u32 vn = n, vd = d;
		volatile u64 vN = N, vD = D;
		u32 q = vn / vd, r = vn % vd;
		u64 Q = vN / vD, R = vN % vD;
		ok = (u64)q * d + r == n && r < d && Q * D + R == N && R < D
			&& (D > N || Q >= 1);
		volatile s32 sn = (s32)n, sd = (s32)d | 1;
		s32 sq = sn / sd, sr = sn % sd;
		ok = ok && (s64)sq * sd + sr == sn && (sr == 0 || (sr < 0) == (sn < 0));
	}
	check(ok, "20000 random divisions: q*d + r == n and 0 <= |r| < |d|");
}

static void test_kernel(int argc, char **argv, char **envp)
{
	check(argc == 3 && streq(argv[1], "a") && streq(argv[2], "b c") && argv[3] == 0,
	      "argc/argv from the initial stack (run as: rt_test a 'b c')");
	int env = 0;
	for (char **e = envp; *e; e++) env |= streq(*e, "PK_TEST=1");
	check(env && envp == pk_envp, "envp follows argv (PK_TEST=1 present)");
	check(pk_pagesz >= 4096 && (pk_pagesz & (pk_pagesz - 1)) == 0, "AT_PAGESZ is a power of two >= 4096");
	int nz = 0;
	for (int i = 0; pk_random && i < 16; i++) nz |= pk_random[i];
	check(pk_random && nz, "AT_RANDOM points at 16 bytes, not all zero");
	check(__stack_chk_guard && !(__stack_chk_guard & 0xff), "stack guard seeded from AT_RANDOM, low byte zero");
	check((pk_sp0 & 15) == 0, "the kernel enters _start with sp 16-byte aligned");
	check((sp_now() & 7) == 0, "sp is 8-byte aligned at calls (AAPCS)");
	check(pk_sp0 == (unsigned long)(argv - 1), "sp at _start points at argc, argv follows");
	int zero = 1;
	for (unsigned i = 0; i < sizeof bss_probe / sizeof bss_probe[0]; i++) zero &= bss_probe[i] == 0;
	check(zero && data_probe == 0x5eed, ".data is loaded and 64 KiB of .bss is zero (the kernel's job)");
	check(sys_getpid() > 0, "getpid");
	check(sys_open("/nonexistent/pk", O_RDONLY) == -ENOENT, "open of a missing file returns -ENOENT");
	char c;
	check(sys_read(-1, &c, 1) == -EBADF, "read(-1) returns -EBADF");
	long d = sys_open("/", O_RDONLY | O_DIRECTORY);
	check(d >= 0 && sys_read((int)d, &c, 1) == -EISDIR, "O_DIRECTORY open of / and read gives -EISDIR");
	if (d >= 0) sys_close((int)d);
	check(sys_open("/proc/self/cmdline/x", O_RDONLY) == -ENOTDIR, "-ENOTDIR");

	/* the buffered writer, through a pipe with a 7-byte buffer */
	int p[2];
	char small[7], back[64];
	check(sys_pipe2(p, 0) == 0, "pipe2");
	struct out o = { p[1], 0, 0, sizeof small, small };
	out_str(&o, "hello, "); out_u64(&o, 18446744073709551615ull); out_char(&o, '\n');
	out_write(&o, "0123456789abcdef", 16);
	check(out_flush(&o) == 0, "out_flush succeeds");
	sys_close(p[1]);
	long n = 0, r;
	while ((r = sys_read(p[0], back + n, sizeof back - (size_t)n)) > 0) n += r;
	check(n == 44 && memcmp(back, "hello, 18446744073709551615\n0123456789abcdef", 44) == 0,
	      "buffered writer keeps order across flushes and oversize writes");
	o.fd = p[1];                             /* now closed: the error sticks */
	out_str(&o, "x"); out_flush(&o); out_str(&o, "y");
	check(out_flush(&o) == -EBADF, "write errors are sticky and reported by out_flush");
	sys_close(p[0]);
}

int main(int argc, char **argv, char **envp)
{
	if (argc == 2 && streq(argv[1], "--smash")) {
		smash("this string is far longer than eight bytes");
		return 0;                       /* not reached when the protector works */
	}
	if (pk_random) memcpy(&rng, pk_random + 8, 8);
	rng |= 1;
	test_kernel(argc, argv, envp);
	test_mem();
	test_div();
	rt_checks();
	out_str(&pk_out, "rt_test: "); out_u64(&pk_out, (u64)passed);
	out_str(&pk_out, " passed, "); out_u64(&pk_out, (u64)failed); out_str(&pk_out, " failed\n");
	return failed != 0;
}
