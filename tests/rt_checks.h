/* rt_checks.h - the checks of rt/'s pure parts (formatting, messages, option
 * parsing) that hold everywhere: one source, included by tests/rt_test.c (the
 * static libc-free ARM binary, under qemu-arm and as a child of PID 1 in the
 * boot test) and by tests/host_test.c (the host, glibc, ASan+UBSan), as
 * Linux's nolibc-test.c is one program built both ways. The host adds its
 * comparisons against glibc (random values against printf, gmtime_r,
 * strerror); this file uses only rt/ itself.
 *
 * The includer defines, before including it:
 *   static void check(int ok, const char *what);  one "ok"/"FAIL" line, counted
 *   static void say(const char *s);                a detail line under a FAIL */
#include "opt.h"

static int rc_streq(const char *a, const char *b) { return strcmp(a, b) == 0; }
/* f(v) formats as want; names the difference if not */
static int rc_is(int (*f)(char *, u64), u64 v, const char *want)
{
	char t[64]; int n = f(t, v); t[n] = 0;
	if (n == (int)strlen(want) && rc_streq(t, want)) return 1;
	say(t); say("  wanted:"); say(want);
	return 0;
}
static int rc_u32(char *o, u64 v) { return fmt_u32(o, (u32)v); }

static void rc_fmt(void)
{
	check(rc_is(fmt_u64, 0, "0") && rc_is(fmt_u64, 9, "9") && rc_is(fmt_u64, 10, "10") && rc_is(fmt_u64, 4294967295u, "4294967295")
	      && rc_is(fmt_u64, 4294967296ull, "4294967296") && rc_is(fmt_u64, 1000000000000000000ull, "1000000000000000000")
	      && rc_is(fmt_u64, 18446744073709551615ull, "18446744073709551615") && rc_is(fmt_u64, 1000000007000ull, "1000000007000"),
	      "fmt_u64 edge values");
	check(rc_is(rc_u32, 0, "0") && rc_is(rc_u32, 99, "99") && rc_is(rc_u32, 100, "100") && rc_is(rc_u32, 4294967295u, "4294967295")
	      && rc_is(rc_u32, 1000000000, "1000000000"), "fmt_u32 edge values");
	check(rc_is(fmt_hex, 0, "0") && rc_is(fmt_hex, 255, "ff") && rc_is(fmt_hex, 0x1000, "1000") && rc_is(fmt_hex, 0xdeadbeefcafeull, "deadbeefcafe")
	      && rc_is(fmt_hex, ~0ull, "ffffffffffffffff"), "fmt_hex: lowercase, no leading zeros");
	check(rc_is(fmt_human, 0, "0 B") && rc_is(fmt_human, 1023, "1023 B") && rc_is(fmt_human, 1024, "1.0 KiB")
	      && rc_is(fmt_human, 1536, "1.5 KiB") && rc_is(fmt_human, 1048575, "1.0 MiB")
	      && rc_is(fmt_human, 25276514304ull, "23.5 GiB") && rc_is(fmt_human, 4294967296ull, "4.0 GiB")
	      && rc_is(fmt_human, 18446744073709551615ull, "16.0 EiB") && rc_is(fmt_human, 1099511627776ull * 3 / 2, "1.5 TiB"),
	      "fmt_human: bytes, then one decimal in KiB..EiB, rounding up a unit at 1024");
	char t[24];
	check(rc_streq(pk_strerror(-ENOENT, t), "No such file or directory") && rc_streq(pk_strerror(EISDIR, t), "Is a directory")
	      && rc_streq(pk_strerror(200, t), "Unknown error 200") && rc_streq(pk_strerror(999, t), "Unknown error 999"),
	      "pk_strerror takes -errno and errno, names unknown ones");
	static const struct { const char *in, *out; } q[] = { { "a b", "'a b'" }, { "it's", "\"it's\"" }, { "it's $x", "'it'\\''s $x'" }, { "", "''" } };
	int ok = 1;
	for (unsigned i = 0; i < sizeof q / sizeof q[0]; i++) {
		char o[64]; o[fmt_quote(o, q[i].in)] = 0;
		if (!rc_streq(o, q[i].out)) { say(o); ok = 0; }
	}
	check(ok, "fmt_quote: 'x', \"it's\", and '\\'' when both quotes are needed, as GNU quotes names");
}

static void rc_time_mode_ids(void)
{
	static const struct { s64 t; int y, mo, d, h, mi, s, wd, yd; } T[] = {
		{ 0, 1970, 1, 1, 0, 0, 0, 4, 0 }, { -1, 1969, 12, 31, 23, 59, 59, 3, 364 }, { 951782400, 2000, 2, 29, 0, 0, 0, 2, 59 },
		{ 2147483648ll, 2038, 1, 19, 3, 14, 8, 2, 18 }, { 4102444800ll, 2100, 1, 1, 0, 0, 0, 5, 0 },
		{ 253402300799ll, 9999, 12, 31, 23, 59, 59, 5, 364 }, { -11644473600ll, 1601, 1, 1, 0, 0, 0, 1, 0 } };
	int ok = 1;
	for (unsigned i = 0; i < sizeof T / sizeof T[0]; i++) {
		struct tm_utc u;
		utc_time(T[i].t, &u);
		if (u.year != T[i].y || u.mon != T[i].mo || u.mday != T[i].d || u.hour != T[i].h || u.min != T[i].mi || u.sec != T[i].s
		    || u.wday != T[i].wd || u.yday != T[i].yd) { char b[24]; b[fmt_u64(b, (u64)T[i].t)] = 0; say(b); ok = 0; }
	}
	check(ok, "utc_time: the epoch, a second before it, 2000-02-29, 2^31, 2100, 9999-12-31, 1601");
	static const struct { u32 mode; const char *s; } modes[] = {
		{ 0100644, "-rw-r--r--" }, { 040755, "drwxr-xr-x" }, { 0120777, "lrwxrwxrwx" }, { 041777, "drwxrwxrwt" },
		{ 041776, "drwxrwxrwT" }, { 0104755, "-rwsr-xr-x" }, { 0104644, "-rwSr--r--" }, { 0102755, "-rwxr-sr-x" },
		{ 0102745, "-rwxr-Sr-x" }, { 020620, "crw--w----" }, { 060660, "brw-rw----" }, { 010644, "prw-r--r--" },
		{ 0140755, "srwxr-xr-x" }, { 0100000, "----------" }, { 0107777, "-rwsrwsrwt" } };
	char m[11] = { 0 };
	ok = 1;
	for (unsigned i = 0; i < sizeof modes / sizeof modes[0]; i++) {
		fmt_mode(m, modes[i].mode);
		if (!rc_streq(m, modes[i].s)) { say(m); say(modes[i].s); ok = 0; }
	}
	check(ok, "fmt_mode: file types, permissions, setuid/setgid/sticky in both cases");
	static const char pw[] = "root:x:0:0:root:/root:/bin/bash\nbad line\n:x:5:5\nnoid:x::3\n"
		"daemon:x:1:1::/:/bin/sh\nbig:x:4294967295:1\nhuge:x:4294967296:1\nlast:x:77:77";
	size_t n = 0;
	const char *r0 = id_lookup(pw, sizeof pw - 1, 0, &n);
	ok = r0 && n == 4 && !memcmp(r0, "root", 4);
	const char *r1 = id_lookup(pw, sizeof pw - 1, 1, &n);
	ok = ok && r1 && n == 6 && !memcmp(r1, "daemon", 6);
	const char *r77 = id_lookup(pw, sizeof pw - 1, 77, &n);
	ok = ok && r77 && n == 4 && !memcmp(r77, "last", 4);
	const char *rbig = id_lookup(pw, sizeof pw - 1, 4294967295u, &n);
	ok = ok && rbig && n == 3 && !id_lookup(pw, sizeof pw - 1, 5, &n) && !id_lookup(pw, sizeof pw - 1, 3, &n)
		&& !id_lookup(pw, sizeof pw - 1, 2, &n);
	check(ok, "id_lookup: first match, last line without newline, skips malformed and overflowing ids");
}

/* parse argv (NULL-terminated) and render what came out: "c,c=arg,...[error]|operand;..." */
static void rc_app(char *res, size_t *n, const char *s) { size_t l = strlen(s); if (*n + l < 255) { memcpy(res + *n, s, l); *n += l; res[*n] = 0; } }
static const char *rc_parse(char **av, const char *spec)
{
	static char res[256];
	static const struct longopt lo[] = { { "help", 0, OPT_HELP }, { "bytes", 0, 'b' },
		{ "duration", 1, 'D' }, { "dump", 0, 'd' }, { 0, 0, 0 } };
	struct opt o; int ac = 0, c; size_t n = 0;
	res[0] = 0;
	while (av[ac]) ac++;
	opt_init(&o, ac, av, spec, lo);
	while ((c = opt_get(&o)) != -1) {
		char b[80], ch[2] = { (char)c, 0 };
		if (c < -1) { rc_app(res, &n, "["); rc_app(res, &n, opt_error(&o, c, b)); rc_app(res, &n, "]"); break; }
		rc_app(res, &n, c == OPT_HELP ? "H" : ch);
		if (o.arg) { rc_app(res, &n, "="); rc_app(res, &n, o.arg); }
		rc_app(res, &n, ",");
	}
	rc_app(res, &n, "|");
	for (int i = 0; i < o.nop; i++) { rc_app(res, &n, o.av[i]); rc_app(res, &n, ";"); }
	return res;
}
#define PARSE(spec, want, ...) do { char *av_[] = { "cmd", __VA_ARGS__, 0 }; \
	const char *got_ = rc_parse(av_, spec); int ok_ = rc_streq(got_, want); \
	check(ok_, "opt: " want); if (!ok_) say(got_); } while (0)

static void rc_opt(void)
{
	PARSE("u", "u,|a;b;", "-u", "a", "b");
	PARSE("u", "u,|a;b;", "a", "-u", "b");
	PARSE("u", "|a;-u;", "a", "--", "-u");
	PARSE("u", "u,|-;", "-u", "-");
	PARSE("uv", "u,v,u,|", "-uv", "-u");
	PARSE("n:s:", "n=8,s=16,|f;", "-n8", "-s", "16", "f");
	PARSE("n:", "[option requires an argument -- 'n']|", "-n");
	PARSE("u", "u,[invalid option -- 'x']|", "-ux");
	PARSE("u", "H,|", "--help");
	PARSE("u", "b,|", "--by");
	PARSE("u", "D=5,D=7,|", "--duration=5", "--duration", "7");
	PARSE("u", "[unrecognized option '--nope']|", "--nope");
	PARSE("u", "[option '--du' is ambiguous]|", "--du");
	PARSE("u", "[option '--duration' requires an argument]|", "--duration");
	PARSE("u", "[option '--bytes' doesn't allow an argument]|", "--bytes=3");
	u64 v = 1;
	check(!opt_num("0", &v) && v == 0 && !opt_num("18446744073709551609", &v) && v == 18446744073709551609ull
	      && opt_num("18446744073709551616", &v) == -1 && opt_num("", &v) == -1 && opt_num("-1", &v) == -1
	      && opt_num("1x", &v) == -1 && opt_num("+1", &v) == -1 && opt_num(" 1", &v) == -1,
	      "opt_num: decimal digits up to 2^64-7; empty, signs, spaces, overflow refused");
	check(!opt_seconds("2", &v) && v == 2000000000ull && !opt_seconds("0.5", &v) && v == 500000000 && !opt_seconds(".25", &v) && v == 250000000
	      && !opt_seconds("1.000000001", &v) && v == 1000000001 && !opt_seconds("3.", &v) && v == 3000000000ull
	      && !opt_seconds("1000000000", &v) && v == 1000000000000000000ull && opt_seconds("99999999999", &v) == -1
	      && opt_seconds("", &v) == -1 && opt_seconds("1e3", &v) == -1 && opt_seconds("-1", &v) == -1,
	      "opt_seconds: 2, 0.5, .25, nanoseconds, 10^9 s; no exponent, sign, or overflow");
	check(opt_seconds(".", &v) == -1, "opt_seconds: '.' alone has no digits: refused (as GNU sleep and timeout refuse it)");
}

static void rt_checks(void)
{
	rc_fmt();
	rc_time_mode_ids();
	rc_opt();
}
