/* host_test - the pure code (no syscalls), built for the host with ASan and
 * UBSan (-DPK_CORE_ONLY), checked against glibc where glibc does the same:
 * rt/fmt.c (numbers, times, modes, id_lookup, strerror's wording, sizes),
 * rt/sort.h (PK_MSORT); the cores of hexdump (hd_parse_size) and sysinfo
 * (meminfo, uptime, load); the BPF validator and interpreter and the filter
 * compiler. The checks that need no glibc (formatting, option parsing,
 * opt_num, opt_seconds) are in rt_checks.h, which rt_test runs on ARM as
 * well; netmoon's decoder, table and JSON are tests/netmoon_test.c's. */
#include "rt.h"
#include "opt.h"
#include "sort.h"

int printf(const char *, ...);
int snprintf(char *, size_t, const char *, ...);
char *strerror(int);

static int passed, failed;
static void check(int ok, const char *what)
{
	printf("%s %s\n", ok ? "ok  " : "FAIL", what);
	if (ok) passed++; else failed++;
}

static void say(const char *s) { printf("     %s\n", s); }
int strcmp(const char *, const char *);
/* the checks rt_test runs on ARM too */
#include "rt_checks.h"

static u64 rng = 88172645463325252ull;
static u64 rnd(void) { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return rng; }

int strncmp(const char *, const char *, size_t);
/* glibc's struct tm and gmtime_r, declared by hand (time.h clashes with kabi.h) */
struct tm { int tm_sec, tm_min, tm_hour, tm_mday, tm_mon, tm_year, tm_wday, tm_yday, tm_isdst; long gmtoff; const char *zone; };
struct tm *gmtime_r(const long *t, struct tm *tm);

static void test_utc_time(void)
{
	int ok = 1;
	for (int i = 0; i < 300000 && ok; i++) {
		long t = (long)(rnd() % 20000000000ull) - 5000000000l;   /* years 1811..2603 */
		if (i < 3) t = i == 0 ? 0 : i == 1 ? -1 : 951782400;      /* epoch, before it, 2000-02-29 */
		struct tm g; struct tm_utc u;
		gmtime_r(&t, &g); utc_time(t, &u);
		ok = u.year == g.tm_year + 1900 && u.mon == g.tm_mon + 1 && u.mday == g.tm_mday && u.hour == g.tm_hour
			&& u.min == g.tm_min && u.sec == g.tm_sec && u.wday == g.tm_wday && u.yday == g.tm_yday;
		if (!ok) printf("     t=%ld: %d-%d-%d %d:%d:%d wd %d yd %d\n", t, u.year, u.mon, u.mday, u.hour, u.min, u.sec, u.wday, u.yday);
	}
	check(ok, "utc_time agrees with gmtime_r on 300000 times from 1811 to 2603");
}

/* the pure cores of the commands (built with -DPK_CORE_ONLY) */
int hd_parse_size(const char *s, u64 *res);
u64 meminfo_get(const char *buf, size_t len, const char *key);
int fmt_uptime(char *o, u32 up);
int fmt_load(char *o, u32 l);

static int up_is(u32 v, const char *want) { char t[64]; int n = fmt_uptime(t, v); t[n] = 0; return !strcmp(t, want); }
static int load_is(u32 v, const char *want) { char t[64]; int n = fmt_load(t, v); t[n] = 0; return !strcmp(t, want); }

int fmt_ts(char *o, u64 ns);

static void test_cores(void)
{
	{
		int ok = 1;
		for (int i = 0; i < 100000 && ok; i++) {
			u64 ns = rnd() >> (rnd() % 64);
			char a[40], b[40];
			a[fmt_ts(a, ns)] = 0;
			snprintf(b, sizeof b, "%llu.%06llu", ns / 1000000000ull, ns / 1000 % 1000000ull);
			ok = !strcmp(a, b);
			if (!ok) printf("     %llu: %s, want %s\n", ns, a, b);
		}
		check(ok, "fmt_ts: seconds.microseconds, truncated, for 100000 random times");
	}
	check(up_is(0, "0 days, 00:00:00") && up_is(86399, "0 days, 23:59:59") && up_is(86400, "1 day, 00:00:00")
	      && up_is(3 * 86400 + 4 * 3600 + 5 * 60 + 6, "3 days, 04:05:06") && up_is(4294967295u, "49710 days, 06:28:15"),
	      "fmt_uptime");
	check(load_is(0, "0.00") && load_is(65536, "1.00") && load_is(66528, "1.02") && load_is(32768, "0.50")
	      && load_is(65535, "1.00") && load_is(65000, "0.99") && load_is(100 << 16 | 0x8000, "100.50"), "fmt_load rounds to two decimals as /proc/loadavg");
	static const char mi[] = "MemTotal:       24684096 kB\nMemFree:        24408264 kB\nShmem:  8788 kB\nSwapTotal: 0 kB";
	check(meminfo_get(mi, sizeof mi - 1, "MemTotal") == 24684096ull * 1024 && meminfo_get(mi, sizeof mi - 1, "Shmem") == 8788 * 1024
	      && meminfo_get(mi, sizeof mi - 1, "SwapTotal") == 0 && meminfo_get(mi, sizeof mi - 1, "Mem") == ~0ull
	      && meminfo_get(mi, sizeof mi - 1, "Buffers") == ~0ull, "meminfo_get: exact keys only, kB to bytes");
	u64 v;
	check(!hd_parse_size("1.3K", &v) && v == 1365 && !hd_parse_size("0x10", &v) && v == 16 && !hd_parse_size("010", &v) && v == 8
	      && !hd_parse_size("1kb", &v) && v == 1000 && hd_parse_size("1B", &v) == -EINVAL && hd_parse_size("-1", &v) == -EINVAL
	      && hd_parse_size("20E", &v) == -ERANGE && hd_parse_size("16E", &v) == -ERANGE && !hd_parse_size("15EiB", &v) && v == 15ull << 60,
	      "hd_parse_size: util-linux's suffixes, fractions and range errors");
}

/* ---- the BPF validator and interpreter (cmds/netmoon/bpf.c) ---- */
#include "filter.h"
#include "net.h"
#include <stdio.h>
#define I(c, t, f, k) ((bpf_insn){ (u16)(c), t, f, (u32)(k) })
/* the interpreter: every load past the end of the packet returns 0 (drop),
   never reads it */
static void test_bpf_run(void)
{
	static u8 pkt[64];
	for (int i = 0; i < 64; i++) pkt[i] = (u8)i;
	static const struct { u16 code; u32 k; u32 x; u32 len; u32 want; } L[] = {
		{ BPF_LD | BPF_W | BPF_ABS, 60, 0, 64, 0x3c3d3e3f }, { BPF_LD | BPF_W | BPF_ABS, 61, 0, 64, 0 },
		{ BPF_LD | BPF_H | BPF_ABS, 62, 0, 64, 0x3e3f }, { BPF_LD | BPF_H | BPF_ABS, 63, 0, 64, 0 },
		{ BPF_LD | BPF_B | BPF_ABS, 63, 0, 64, 0x3f }, { BPF_LD | BPF_B | BPF_ABS, 64, 0, 64, 0 },
		{ BPF_LD | BPF_W | BPF_ABS, 0x7ffffffe, 0, 64, 0 }, { BPF_LD | BPF_B | BPF_ABS, 0, 0, 0, 0 },
		{ BPF_LD | BPF_W | BPF_IND, 4, 56, 64, 0x3c3d3e3f }, { BPF_LD | BPF_W | BPF_IND, 4, 57, 64, 0 },
		{ BPF_LD | BPF_H | BPF_IND, 0xfffffff0, 0x20, 64, 0 }, { BPF_LD | BPF_B | BPF_IND, 1, 0xffffffff, 64, 0 },
		{ BPF_LD | BPF_B | BPF_IND, 10, 53, 64, 0x3f }, { BPF_LD | BPF_B | BPF_IND, 10, 54, 64, 0 },
		{ BPF_LDX | BPF_B | BPF_MSH, 63, 0, 64, 60 }, { BPF_LDX | BPF_B | BPF_MSH, 64, 0, 64, 0 },
	};
	int ok = 1;
	for (size_t i = 0; i < sizeof L / sizeof L[0]; i++) {
		int msh = L[i].code == (BPF_LDX | BPF_B | BPF_MSH);
		bpf_insn p[5] = { I(BPF_LD | BPF_IMM, 0, 0, L[i].x), I(BPF_MISC | BPF_TAX, 0, 0, 0), I(L[i].code, 0, 0, L[i].k),
				  I(BPF_MISC | BPF_TXA, 0, 0, 0), I(BPF_RET | BPF_A, 0, 0, 0) };
		if (!msh) p[3] = I(BPF_ALU | BPF_ADD | BPF_K, 0, 0, 0);
		u32 r = bpf_check(p, 5, 0) ? 0xdead : bpf_run(p, pkt, L[i].len, 64);
		if (r != L[i].want) { printf("     load %#x k=%u x=%u len=%u: %#x, want %#x\n", L[i].code, L[i].k, L[i].x, L[i].len, r, L[i].want); ok = 0; }
	}
	check(ok, "bpf_run: loads at and past the end of the packet, wrapping offsets");
	bpf_insn dz[4] = { I(BPF_LD | BPF_IMM, 0, 0, 7), I(BPF_LDX | BPF_IMM, 0, 0, 0), I(BPF_ALU | BPF_DIV | BPF_X, 0, 0, 0), I(BPF_RET | BPF_K, 0, 0, 1) };
	check(!bpf_check(dz, 4, 0) && bpf_run(dz, pkt, 64, 64) == 0, "bpf_run: division by X = 0 drops the packet");
	bpf_insn ln[2] = { I(BPF_LD | BPF_W | BPF_LEN, 0, 0, 0), I(BPF_RET | BPF_A, 0, 0, 0) };
	check(bpf_run(ln, pkt, 10, 1500) == 1500, "bpf_run: len is the length on the wire, not the captured length");
}

/* what the validator refuses */
static void test_bpf_check(void)
{
	bpf_insn b1[2] = { I(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 0), I(BPF_RET | BPF_K, 0, 0, 0) };
	bpf_insn b2[2] = { I(BPF_LD | BPF_IMM, 0, 0, 0), I(BPF_LD | BPF_IMM, 0, 0, 0) };
	bpf_insn b3[2] = { I(BPF_LD | BPF_MEM, 0, 0, 3), I(BPF_RET | BPF_A, 0, 0, 0) };
	bpf_insn b4[3] = { I(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0), I(BPF_ST, 0, 0, 2), I(BPF_LD | BPF_MEM, 0, 0, 2) };
	bpf_insn b5[2] = { I(BPF_ALU | BPF_MOD | BPF_K, 0, 0, 0), I(BPF_RET | BPF_A, 0, 0, 0) };
	bpf_insn b6[2] = { I(BPF_LD | BPF_W | BPF_ABS, 0, 0, SKF_AD_OFF + SKF_AD_VLAN_TAG), I(BPF_RET | BPF_A, 0, 0, 0) };
	bpf_insn b7[2] = { I(BPF_JMP | BPF_JA, 0, 0, 1), I(BPF_RET | BPF_A, 0, 0, 0) };
	bpf_insn b8[2] = { I(0xff, 0, 0, 0), I(BPF_RET | BPF_A, 0, 0, 0) };
	bpf_insn b9[2] = { I(BPF_ST, 0, 0, 16), I(BPF_RET | BPF_A, 0, 0, 0) };
	bpf_insn g1[4] = { I(BPF_ST, 0, 0, 2), I(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 0), I(BPF_LD | BPF_MEM, 0, 0, 2), I(BPF_RET | BPF_A, 0, 0, 0) };
	check(bpf_check(b1, 2, 0) == 1 && bpf_check(b2, 2, 0) == 2 && bpf_check(b3, 2, 0) == 1 && bpf_check(b4, 3, 0) == 3 &&
	      bpf_check(b5, 2, 0) == 1 && bpf_check(b6, 2, 0) == 1 && !bpf_check(b6, 2, 1) && bpf_check(b7, 2, 0) == 1 &&
	      bpf_check(b8, 2, 0) == 1 && bpf_check(b9, 2, 0) == 1 && !bpf_check(g1, 4, 0) && bpf_check(b1, 0, 0) &&
	      bpf_check(b1, 4097, 0), "bpf_check: jumps out, falling off the end, memory read before written, x%0, ancillary, bad opcodes");
}

/* compiled programs: truncated packets, a long expression (long jumps), errors */
static bpf_insn prog[BPF_MAXINSNS];
static void test_filter(void)
{
	bpf_insn *p = prog;
	struct filter_err e;
	int ok = 1;
	u8 f[80] = { 0 };
	f[12] = 0x08; f[14] = 0x45; f[23] = 6; f[34] = 0; f[35] = 80;      /* IPv4 TCP, source port 80 */
	int n = filter_compile("tcp port 80", LT_ETHERNET, 0, 65535, p, BPF_MAXINSNS, &e);
	check(n > 0 && bpf_run(p, f, 80, 80) == 65535 && bpf_run(p, f, 36, 80) == 65535 && bpf_run(p, f, 35, 80) == 0 &&
	      bpf_run(p, f, 20, 80) == 0 && bpf_run(p, f, 0, 80) == 0, "filter: tcp port 80 on whole and truncated frames");
	n = filter_compile("ip[100] = 0 or tcp", LT_ETHERNET, 0, 1, p, BPF_MAXINSNS, &e);
	check(n > 0 && bpf_run(p, f, 80, 80) == 0, "filter: a load past the end rejects the packet even under or, as in the kernel");
	char big[20000]; size_t at = 0;
	for (int i = 0; i < 300; i++) at += (size_t)sprintf(big + at, "%shost 10.%d.%d.1", i ? " or " : "", i / 200, i % 200);
	n = filter_compile(big, LT_ETHERNET, 0, 1, p, BPF_MAXINSNS, &e);
	int longj = 0;
	for (int i = 0; i < n; i++) longj += p[i].code == (BPF_JMP | BPF_JA);
	f[26] = 10; f[27] = 1; f[28] = 99; f[29] = 1;
	int hit = n > 0 && bpf_run(p, f, 80, 80) == 1;
	f[28] = 100;
	check(n > 255 && longj > 0 && !bpf_check(p, n, 0) && hit && bpf_run(p, f, 80, 80) == 0,
	      "filter: 300 hosts or-ed: a long program with long jumps, validated, correct");
	static const struct { const char *src; const char *msg; int col; } E[] = {
		{ "tcp port", "expression ends too early", 9 },
		{ "tcp port 80 or port foo", "expected a port number or a known service name, not 'foo'", 21 },
		{ "tcp port 70000", "port numbers end at 65535: '70000'", 10 },
		{ "host 10.0.0", "expected a whole IPv4 address, not '10.0.0'", 6 },
		{ "vlan and mpls 100", "tcpdump's primitive, not supported by netmoon: 'mpls'", 10 },
		{ "pppoes", "tcpdump's primitive, not supported by netmoon: 'pppoes'", 1 },
		{ "net 10.1.0.0/8", "the network has host bits set: '10.1.0.0'", 5 },
		{ "(tcp", "unbalanced '('", 1 },
		{ "tcp)", "unbalanced ')'", 4 },
		{ "tcp and", "expression ends too early", 8 },
		{ "ip[0:3] = 1", "a field is 1, 2 or 4 bytes wide, not '3'", 6 },
		{ "ip[0] / 0 = 1", "division by zero", 9 },
		{ "host example.com", "host names are not looked up; give an address, not 'example.com'", 6 },
		{ "10.0.0.1", "a value needs a qualifier (host, net, port ...) before it: '10.0.0.1'", 1 },
		{ "tcp and ip6 and ip", "expression rejects all packets", 0 },
		{ "vlan 5000", "VLAN ids end at 4095: '5000'", 6 },
		{ "tcp # x", "unexpected character '#'", 5 },
		{ "ip[0] ? 1", "unexpected character '?'", 7 },
	};
	ok = 1;
	for (size_t i = 0; i < sizeof E / sizeof E[0]; i++) {
		n = filter_compile(E[i].src, LT_ETHERNET, 0, 1, p, BPF_MAXINSNS, &e);
		if (n >= 0 || strcmp(e.msg, E[i].msg) || e.col != E[i].col) {
			printf("     '%s': %d '%s' at %d, want '%s' at %d\n", E[i].src, n, e.msg, e.col, E[i].msg, E[i].col);
			ok = 0;
		}
	}
	check(ok, "filter: errors name the reason and the column");
}

/* random expressions over random frames: never a crash, always a valid program */
static void test_filter_random(void)
{
	bpf_insn *p = prog;
	struct filter_err e;
	int ok, n;
	static const char *const words[] = { "tcp", "udp", "ip", "ip6", "arp", "vlan", "port 80", "host 1.2.3.4",
		"net 10.0.0.0/8", "ip[0]", "tcp[13]", "len", "&", "|", "+", "=", ">", "<", "(", ")", "[", "]", ":",
		"and", "or", "not", "1", "2", "0x45", "src", "dst", "portrange 1-9", "icmp[icmptype]", "ether host 1:2:3:4:5:6",
		"-", "*", "/", "%", "<<", ">>", "!", "!=", "icmp6", "proto", "\\tcp", "less 9", "greater 9", "ether[0:2]" };
	int valid = 0, nran = 0;
	ok = 1;
	for (int i = 0; i < 20000; i++) {
		char src[256]; size_t k = 0;
		int w = 1 + (int)(rnd() % 10);
		static const char *const prims[] = { "tcp", "udp", "ip", "ip6", "arp", "icmp", "port 80", "src host 1.2.3.4",
			"net 10.0.0.0/8", "ip[0] & 0xf > 5", "tcp[13] & 2 != 0", "len < 100", "vlan", "vlan 7", "ether host 1:2:3:4:5:6",
			"portrange 1-9", "icmp[icmptype] = icmp-echo", "ip6 host ::1", "ip proto 47", "greater 60", "udp[2:2] > len - 40" };
		static const char *const joins[] = { " and ", " or ", " and not ", " or not (", " && ! " };
		if (i & 4)                      /* token soup */
			for (int j = 0; j < w; j++) k += (size_t)sprintf(src + k, "%s ", words[rnd() % (sizeof words / sizeof words[0])]);
		else {                          /* well formed */
			int open = 0;
			for (int j = 0; j < w; j++) {
				const char *jn = joins[rnd() % 5];
				if (j) { k += (size_t)sprintf(src + k, "%s", jn); open += jn[strlen(jn) - 1] == '('; }
				k += (size_t)sprintf(src + k, "%s", prims[rnd() % (sizeof prims / sizeof prims[0])]);
			}
			while (open--) src[k++] = ')';
			src[k] = 0;
		}
		n = filter_compile(src, i & 1 ? LT_ETHERNET : LT_RAW, (int)(i & 2), 1, p, BPF_MAXINSNS, &e);
		if (n < 0) { if (!e.msg[0]) { printf("     no message for %s\n", src); ok = 0; } continue; }
		valid++;
		if (bpf_check(p, n, 1)) { printf("     invalid program for '%s'\n", src); ok = 0; }
		if (i & 2) continue;
		for (int r = 0; r < 4; r++) {
			u8 fr[96]; u32 len = (u32)(rnd() % 97);
			for (u32 b = 0; b < len; b++) fr[b] = (u8)rnd();
			if (len > 13 && (rnd() & 1)) { fr[12] = 8; fr[13] = 0; }
			bpf_run(p, fr, len, len);
			nran++;
		}
	}
	if (valid <= 5000) printf("     only %d valid\n", valid);
	check(ok && valid > 5000, "filter: 20000 random expressions: errors or valid programs, run over random frames");
}

/* PK_MSORT against an insertion sort (stable): 5000 indexes with many equal
   keys, biggest first or smallest first, as netmoon sorts its connections */
static int sort_key[5000], sort_up;
static int key_after(u32 x, u32 y) { return (sort_up ? -1 : 1) * (sort_key[x] - sort_key[y]) < 0; }
PK_MSORT(sort_idx, u32, key_after)
static void test_sort(void)
{
	static u32 a[5000], ref[5000], tmp[5000];
	int ok = 1;
	for (sort_up = 0; sort_up < 2; sort_up++)
		for (u32 n = 0; n <= 5000 && ok; n = n ? n * 3 : 1) {
			if (n > 5000) n = 5000;
			for (u32 i = 0; i < n; i++) { sort_key[i] = (int)(rnd() % 50); a[i] = ref[i] = i; }
			for (u32 i = 1; i < n; i++)
				for (u32 j = i; j && key_after(ref[j - 1], ref[j]); j--) { u32 t = ref[j]; ref[j] = ref[j - 1]; ref[j - 1] = t; }
			sort_idx(a, tmp, n);
			ok = !memcmp(a, ref, n * sizeof *a);
			if (n == 5000) break;
		}
	check(ok, "PK_MSORT: stable, either direction, matches an insertion sort");
}

int main(void)
{
	test_sort();
	test_bpf_run();
	test_bpf_check();
	test_filter();
	test_filter_random();
	test_utc_time();
	test_cores();
	int ok = 1;
	char a[32], b[32];
	for (int i = 0; i < 200000 && ok; i++) {
		u64 v = rnd() >> (rnd() % 64);
		int n = fmt_u64(a, v); a[n] = 0;
		snprintf(b, sizeof b, "%llu", v);
		ok = strcmp(a, b) == 0;
		u32 w = (u32)rnd() >> (rnd() % 32);
		n = fmt_u32(a, w); a[n] = 0;
		snprintf(b, sizeof b, "%u", w);
		ok = ok && strcmp(a, b) == 0;
	}
	check(ok, "fmt_u64/fmt_u32 agree with printf on 200000 random values");
	ok = 1;
	int known = 0;
	for (int e = 1; e < 134; e++) {
		char t[24];
		const char *s = pk_strerror(e, t);
		if (strncmp(s, "Unknown error", 13) == 0) continue;
		known++;
		if (strcmp(s, strerror(e)) != 0) { printf("     errno %d: '%s' vs glibc '%s'\n", e, s, strerror(e)); ok = 0; }
	}
	check(ok && known >= 40, "pk_strerror matches glibc's wording for every errno it knows");
	rt_checks();
	printf("host_test: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
