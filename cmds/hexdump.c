/* hexdump - the canonical "hexdump -C" layout, byte-identical to util-linux.
 *
 *   00000000  48 65 6c 6c 6f 0a 41 42  43 44 45 46 47 48 49 4a  |Hello.ABCDEFGHIJ|
 *
 * The core (size parsing, line formatting) is pure and also builds for the
 * host (-DPK_CORE_ONLY, tests/host_test.c). Lines are formatted straight into
 * a large output buffer: a 4-byte table entry per hex byte, stored whole
 * (ARMv6 allows unaligned word stores), a 256-byte table for the text column.
 * Runs of identical 16-byte lines collapse to "*" unless -v. */
#include "rt.h"

/* ---- core: no syscalls ---- */

/* util-linux's parse_size(): a base-0 number (0x.., 0..), an optional
   fraction, and K M G T P E Z Y (either case) alone or followed by "iB"
   (powers of 1024, also the default) or "B" (powers of 1000). The fraction
   is added digit by digit exactly as util-linux does (so 1.3K is 1365).
   0, -EINVAL or -ERANGE. */
int hd_parse_size(const char *s, u64 *res)
{
	const char *p = s;
	u64 x = 0, frac = 0;
	int zeros = 0, pwr = 0, base = 1024, digits = 0, radix = 10;
	while (*p == ' ' || (*p >= '\t' && *p <= '\r')) p++;
	if (*p == '-' || !*p) return -EINVAL;
	if (*p == '+') p++;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
	    ((p[2] >= '0' && p[2] <= '9') || ((p[2] | 32) >= 'a' && (p[2] | 32) <= 'f'))) radix = 16, p += 2;
	else if (p[0] == '0') radix = 8;
	for (;; p++, digits++) {
		int d = *p >= '0' && *p <= '9' ? *p - '0' : radix == 16 && (*p | 32) >= 'a' && (*p | 32) <= 'f' ? (*p | 32) - 'a' + 10 : 99;
		if (d >= radix) break;
		if (x > (~0ull - (u64)d) / (u64)radix) return -ERANGE;
		x = x * (u64)radix + (u64)d;
	}
	if (!digits) return -EINVAL;
	if (!*p) goto done;
	if (*p == '.') {                        /* a fraction, then a suffix is required */
		for (p++; *p == '0'; p++) zeros++;
		for (; *p >= '0' && *p <= '9'; p++) {
			if (frac > (~0ull - 9) / 10) return -ERANGE;
			frac = frac * 10 + (u64)(*p - '0');
		}
		if (!*p) return -EINVAL;
	}
	if (p[1] == 'i' && (p[2] == 'B' || p[2] == 'b') && !p[3]) base = 1024;
	else if ((p[1] == 'B' || p[1] == 'b') && !p[2]) base = 1000;
	else if (p[1]) return -EINVAL;
	static const char suf[] = "KMGTPEZY", suf2[] = "kmgtpezy";
	for (int i = 0; i < 8; i++)
		if (*p == suf[i] || *p == suf2[i]) pwr = i + 1;
	if (!pwr) return -EINVAL;
	u64 scale = 1;
	for (int i = 0; i < pwr; i++) {
		if (scale > ~0ull / (u64)base) return -ERANGE;
		scale *= (u64)base;
	}
	if (x && x > ~0ull / scale) return -ERANGE;
	u64 whole = x * scale;
	if (frac) {
		u64 div = 10, poz = 1;
		for (int i = 0; i < zeros; i++) div *= 10, poz *= 10;
		while (div && div < frac) div *= 10;   /* past 10^19 these wrap: as util-linux, */
		while (frac) {                            /* a zero divisor adds nothing (found by fuzzing) */
			u64 seg = frac % 10, seg_div = poz ? div / poz : 0;
			frac /= 10;
			poz *= 10;
			if (seg && seg_div / seg) whole += scale / (seg_div / seg);
		}
	}
	x = whole;
done:
	*res = x;
	return 0;
}

static u32 hex3[256];   /* "xx  " as one little-endian word */
static char text[256];  /* the character column: printable ASCII or '.' */
static const char digits[] = "0123456789abcdef";

void hd_init(void)
{
	for (int i = 0; i < 256; i++) {
		hex3[i] = (u32)(u8)digits[i >> 4] | (u32)(u8)digits[i & 15] << 8 | 0x20200000u;
		text[i] = i >= 0x20 && i < 0x7f ? (char)i : '.';
	}
}

/* the offset column: at least 8 hex digits; returns the length */
static int hd_offset(char *o, u64 off)
{
	int n = 8;
	while (n < 16 && (off >> (4 * n))) n++;
	for (int i = n - 1; i >= 0; i--, off >>= 4) o[i] = digits[off & 15];
	return n;
}

/* one line of n (1..16) bytes; o needs 96 bytes of room; returns the length */
int hd_line(char *o, u64 off, const u8 *p, int n)
{
	int w = off >> 32 ? hd_offset(o, off) : 8;
	if (w == 8)
		for (int i = 7; i >= 0; i--, off >>= 4) o[i] = digits[off & 15];
	o += w;
	if (n == 16) {
		/* overlapping word stores: each writes "xx  ", the next overwrites
		   the last two; the fourth byte of the last one is a needed space */
		for (int i = 0; i < 8; i++) memcpy(o + 2 + 3 * i, &hex3[p[i]], 4);
		for (int i = 8; i < 16; i++) memcpy(o + 3 + 3 * i, &hex3[p[i]], 4);
		o[0] = o[1] = ' ';
		o[52] = '|';
		for (int i = 0; i < 16; i++) o[53 + i] = text[p[i]];
		o[69] = '|'; o[70] = '\n';
		return w + 71;
	}
	memset(o, ' ', 52);
	for (int i = 0; i < n; i++) {
		char *h = o + 2 + 3 * i + (i >= 8);
		h[0] = digits[p[i] >> 4]; h[1] = digits[p[i] & 15];
	}
	o[52] = '|';
	for (int i = 0; i < n; i++) o[53 + i] = text[p[i]];
	o[53 + n] = '|'; o[54 + n] = '\n';
	return w + 55 + n;
}

/* the stream state: display offset, a partial line, the previous line */
struct hd {
	u64 off;
	u8 part[16], prev[16];
	int npart, have_prev, starred, verbose;
};

static int same16(const u8 *a, const u8 *b)
{
	u32 x[4], y[4];
	memcpy(x, a, 16); memcpy(y, b, 16);
	return !((x[0] ^ y[0]) | (x[1] ^ y[1]) | (x[2] ^ y[2]) | (x[3] ^ y[3]));
}

/* format len bytes; o needs 96 * (len / 16 + 2) bytes of room */
size_t hd_feed(struct hd *h, char *o, const u8 *p, size_t len)
{
	char *start = o;
	while (len) {
		const u8 *line = p;
		if (h->npart || len < 16) {     /* gather a line across reads */
			size_t take = 16 - (size_t)h->npart;
			if (take > len) take = len;
			memcpy(h->part + h->npart, p, take);
			h->npart += (int)take; p += take; len -= take;
			if (h->npart < 16) break;
			line = h->part;
			h->npart = 0;
		} else {
			p += 16; len -= 16;
		}
		if (!h->verbose && h->have_prev && same16(line, h->prev)) {
			if (!h->starred) { *o++ = '*'; *o++ = '\n'; h->starred = 1; }
		} else {
			o += hd_line(o, h->off, line, 16);
			memcpy(h->prev, line, 16);
			h->have_prev = 1; h->starred = 0;
		}
		h->off += 16;
	}
	return (size_t)(o - start);
}

/* the last partial line and the final offset (nothing at all for no input) */
size_t hd_finish(struct hd *h, char *o)
{
	char *start = o;
	if (h->npart) {
		o += hd_line(o, h->off, h->part, h->npart);
		h->off += (u64)h->npart;
		h->npart = 0;
	}
	if (h->off) { o += hd_offset(o, h->off); *o++ = '\n'; }
	return (size_t)(o - start);
}

#ifndef PK_CORE_ONLY
/* ---- shell: files, options, output ---- */
#include "sys.h"
#include "opt.h"

PK_CMD("hexdump");

static const char help[] =
	"\nUsage:\n hexdump [options] <file>...\n\n"
	"Display file contents in hexadecimal and ASCII (the canonical -C layout).\n\n"
	"Options:\n"
	" -C, --canonical           canonical hex+ASCII display (the default)\n"
	" -n, --length <length>     interpret only length bytes of input\n"
	" -s, --skip <offset>       skip offset bytes from the beginning\n"
	" -v, --no-squeezing        output identical lines\n"
	"     --help                display this help\n"
	"     --version             display version\n\n"
	"Arguments:\n"
	" <length> and <offset> arguments may be followed by the suffixes for\n"
	"   GiB, TiB, PiB, EiB, ZiB, and YiB (the \"iB\" is optional)\n";

enum { IN = 256 * 1024, OUTCAP = IN / 16 * 80 + 4096 };
static u8 in[IN];
static char out[OUTCAP];

static void put(const char *b, size_t n)
{
	long e = write_all(1, b, n);
	if (e) {
		pk_write_error((int)e);
		sys_exit_group(1);
	}
}

int main(int argc, char **argv)
{
	static const struct longopt lo[] = { { "canonical", 0, 'C' }, { "length", 1, 'n' },
		{ "skip", 1, 's' }, { "no-squeezing", 0, 'v' }, { "help", 0, OPT_HELP },
		{ "version", 0, OPT_VERSION }, { 0, 0, 0 } };
	static struct hd h;
	struct opt o;
	u64 length = ~0ull, skip = 0;
	int c, e;
	opt_init(&o, argc, argv, "Cn:s:v", lo);
	while ((c = opt_get(&o)) != -1) {
		if (opt_std(c, help)) return 0;
		if (c < -1) return opt_fail(&o, c, 1);
		if (c == 'v') h.verbose = 1;
		if ((c == 'n' || c == 's') && (e = hd_parse_size(o.arg, c == 'n' ? &length : &skip))) {
			char t[24];
			pk_msg_arg(c == 'n' ? "failed to parse length: " : "failed to parse offset: ", o.arg, 0, pk_strerror(e, t));
			return 1;
		}
	}
	hd_init();
	int status = 0, failed = 0;
	if (!o.nop) o.av[o.nop++] = "-";
	for (int i = 0; i < o.nop && length; i++) {
		const char *name = o.av[i];
		int fd = 0;
		if (name[0] == '-' && !name[1]) name = "stdin";
		else {
			long r = sys_open(name, O_RDONLY);
			if (r < 0) { pk_err(name, (int)r); status = 1; failed++; continue; }
			fd = (int)r;
		}
		struct k_stat64 st;
		long long pos;
		if (skip && sys_fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
			if (skip >= (u64)st.st_size) {  /* the whole file is skipped */
				skip -= (u64)st.st_size; h.off += (u64)st.st_size;
				if (fd) sys_close(fd);
				continue;
			}
			if (sys_lseek(fd, (long long)skip, SEEK_CUR, &pos) == 0) { h.off += skip; skip = 0; }
		}
		for (;;) {
			long n = sys_read(fd, in, IN);
			if (n == -EINTR) continue;
			if (n < 0) { pk_err(name, (int)n); status = 1; break; }
			if (n == 0) break;
			const u8 *p = in;
			if (skip) {                     /* a pipe: skip by reading */
				u64 k = skip < (u64)n ? skip : (u64)n;
				p += k; n -= (long)k; skip -= k; h.off += k;
			}
			if ((u64)n > length) n = (long)length;
			length -= (u64)n;
			put(out, hd_feed(&h, out, p, (size_t)n));
			if (!length) break;
		}
		if (fd) sys_close(fd);
	}
	put(out, hd_finish(&h, out));
	if (failed == o.nop) { pk_msg("all input file arguments failed", 0, 0); return 1; }
	return status;
}
#endif
