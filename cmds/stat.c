/* stat - file status through statx(2), with the birth time, in GNU
 * coreutils' layout; fstatat64 where the kernel has no statx (rt/stat.c). Times are
 * printed in UTC. The default and terse layouts are format strings run
 * through the same directive engine as -c and --printf. */
#include "rt.h"
#include "sys.h"
#include "opt.h"

PK_CMD("stat");

static const char help[] =
	"Usage: stat [OPTION]... FILE...\n"
	"Display file status (statx, with the birth time; times in UTC).\n\n"
	"  -L, --dereference     follow links\n"
	"  -c  --format=FORMAT   use FORMAT instead of the default; a newline follows\n"
	"      --printf=FORMAT   like --format, but interpret backslash escapes,\n"
	"                        and do not add a newline\n"
	"  -t, --terse           print the information in terse form\n"
	"      --help            display this help and exit\n"
	"      --version         output version information and exit\n\n"
	"Directives: %a %A %b %B %d %D %f %F %g %G %h %i %n %N %o %s %t %T %u %U\n"
	"%w %W %x %X %y %Y %z %Z %%, with GNU stat's meanings.\n";

static struct out *O = &pk_out;
static int follow;

static const char *strchr_(const char *s, int c) { for (; *s; s++) if (*s == c) return s; return 0; }

/* one field, padded as printf would: width, '-' to left-align, '0' to zero-fill */
static void field(const char *v, int n, int width, int left, int zero)
{
	if (!left) for (int i = n; i < width; i++) out_char(O, zero ? '0' : ' ');
	out_write(O, v, (size_t)n);
	if (left) for (int i = n; i < width; i++) out_char(O, ' ');
}

static int stime(char *o, s64 sec, u32 nsec)
{
	struct tm_utc t;
	utc_time(sec, &t);
	int n = 0;
	u32 parts[6] = { (u32)t.year, (u32)t.mon, (u32)t.mday, (u32)t.hour, (u32)t.min, (u32)t.sec };
	static const char sep[6] = { '-', '-', ' ', ':', ':', '.' };
	for (int i = 0; i < 6; i++) {
		if (i && parts[i] < 10) o[n++] = '0';
		n += fmt_u32(o + n, parts[i]);
		o[n++] = sep[i];
	}
	for (int i = 8; i >= 0; i--, nsec /= 10) o[n + i] = (char)('0' + nsec % 10);
	n += 9;
	memcpy(o + n, " +0000", 6);
	return n + 6;
}

static int sdec(char *o, s64 v) { if (v < 0) { o[0] = '-'; return 1 + fmt_u64(o + 1, (u64)-v); } return fmt_u64(o, (u64)v); }

static const char *ftype(u32 m, u64 size)
{
	switch (m & S_IFMT) {
	case S_IFREG: return size ? "regular file" : "regular empty file";
	case S_IFDIR: return "directory";
	case S_IFLNK: return "symbolic link";
	case S_IFCHR: return "character special file";
	case S_IFBLK: return "block special file";
	case S_IFIFO: return "fifo";
	case S_IFSOCK: return "socket";
	}
	return "weird file";
}

/* the default layout prints names as they are; -c and messages quote them */
static int quoting;
static int quote(char *o, const char *s)
{
	if (quoting) return fmt_quote(o, s);
	int n = (int)strlen(s);
	memcpy(o, s, (size_t)n);
	return n;
}

static int devno(char *o, u32 ma, u32 mi, int hexa)
{
	u64 d = ((u64)(ma & 0xfffff000) << 32) | ((u64)(ma & 0xfff) << 8) | ((u64)(mi & 0xffffff00) << 12) | (mi & 0xff);
	return hexa ? fmt_hex(o, d) : fmt_u64(o, d);
}

static void directive(char c, char hl, const char *name, const struct k_statx *s, int width, int left, int zero)
{
	char v[4200];
	int n = 0;
	const char *str = 0;
	switch (c) {
	case 'n': str = name; break;
	case 'N':
		n = quote(v, name);
		if ((s->stx_mode & S_IFMT) == S_IFLNK) {
			char t[4096];
			long r = sys_readlinkat(AT_FDCWD, name, t, sizeof t - 1);
			if (r >= 0) { t[r] = 0; memcpy(v + n, " -> ", 4); n += 4; n += quote(v + n, t); }
		}
		break;
	case 's': n = fmt_u64(v, s->stx_size); break;
	case 'b': n = fmt_u64(v, s->stx_blocks); break;
	case 'B': n = fmt_u32(v, 512); break;
	case 'o': n = fmt_u32(v, s->stx_blksize); break;
	case 'f': n = fmt_hex(v, s->stx_mode); break;
	case 'F': str = ftype(s->stx_mode, s->stx_size); break;
	case 'a': { u32 m = s->stx_mode & 07777; char t[8]; int k = 0; do t[k++] = (char)('0' + (m & 7)); while ((m >>= 3)); while (k) v[n++] = t[--k]; } break;
	case 'A': fmt_mode(v, s->stx_mode); n = 10; break;
	case 'u': n = fmt_u32(v, s->stx_uid); break;
	case 'g': n = fmt_u32(v, s->stx_gid); break;
	case 'U': case 'G': str = pk_id_name(c == 'G', c == 'U' ? s->stx_uid : s->stx_gid); if (!str) str = "UNKNOWN"; break;
	case 'i': n = fmt_u64(v, s->stx_ino); break;
	case 'h': n = fmt_u32(v, s->stx_nlink); break;
	case 'd':
		if (hl) n = fmt_u32(v, hl == 'H' ? s->stx_dev_major : s->stx_dev_minor);
		else n = devno(v, s->stx_dev_major, s->stx_dev_minor, 0);
		break;
	case 'D': n = devno(v, s->stx_dev_major, s->stx_dev_minor, 1); break;
	case 'r':
		if (hl) n = fmt_u32(v, hl == 'H' ? s->stx_rdev_major : s->stx_rdev_minor);
		else n = devno(v, s->stx_rdev_major, s->stx_rdev_minor, 0);
		break;
	case 't': n = fmt_hex(v, s->stx_rdev_major); break;
	case 'T': n = fmt_hex(v, s->stx_rdev_minor); break;
	case 'x': case 'y': case 'z': case 'w': case 'X': case 'Y': case 'Z': case 'W': {
		char lc = c | 32;
		const struct k_statx_ts *t = lc == 'x' ? &s->stx_atime : lc == 'y' ? &s->stx_mtime
			: lc == 'z' ? &s->stx_ctime : &s->stx_btime;
		int none = lc == 'w' && !(s->stx_mask & STATX_BTIME);
		if (c == lc) { if (none) str = "-"; else n = stime(v, t->tv_sec, t->tv_nsec); }
		else n = none ? fmt_u32(v, 0) : sdec(v, t->tv_sec);
		break;
	}
	default: v[0] = '%'; v[1] = c; n = 2; if (hl) { v[1] = hl; v[2] = c; n = 3; } break;
	}
	if (str) field(str, (int)strlen(str), width, left, 0);
	else field(v, n, width, left, zero && !left);
}

static int octal(const char *p, int max, int *used)
{
	int v = 0, i = 0;
	for (; i < max && p[i] >= '0' && p[i] <= '7'; i++) v = v * 8 + (p[i] - '0');
	*used = i;
	return v;
}

static void run(const char *fmt, const char *name, const struct k_statx *s, int escapes)
{
	for (const char *p = fmt; *p; p++) {
		if (*p == '\\' && escapes && p[1]) {
			static const char from[] = "abefnrtv\\\"", to[] = "\a\b\033\f\n\r\t\v\\\"";
			const char *k = strchr_(from, p[1]);
			int used;
			if (k) { out_char(O, to[k - from]); p++; }
			else if (p[1] >= '0' && p[1] <= '7') { out_char(O, (char)octal(p + 1, 3, &used)); p += used; }
			else out_char(O, *p);
			continue;
		}
		if (*p != '%') { out_char(O, *p); continue; }
		if (p[1] == '%') { out_char(O, '%'); p++; continue; }
		int left = 0, zero = 0, width = 0;
		const char *q = p + 1;
		for (; *q == '-' || *q == '0' || *q == '#' || *q == '+' || *q == ' ' || *q == '\''; q++) {
			if (*q == '-') left = 1;
			if (*q == '0') zero = 1;
		}
		for (; *q >= '0' && *q <= '9'; q++) width = width * 10 + (*q - '0');
		if (*q == '.') for (q++; *q >= '0' && *q <= '9'; q++) {}
		char hl = 0;
		if ((*q == 'H' || *q == 'L') && (q[1] == 'd' || q[1] == 'r')) hl = *q++;
		if (!*q) { out_write(O, p, (size_t)(q - p)); break; }
		directive(*q, hl, name, s, width, left, zero);
		p = q;
	}
}

int main(int argc, char **argv)
{
	enum { O_PRINTF = 0x200 };
	static const struct longopt lo[] = { { "dereference", 0, 'L' }, { "format", 1, 'c' }, { "printf", 1, O_PRINTF },
		{ "terse", 0, 't' }, { "help", 0, OPT_HELP }, { "version", 0, OPT_VERSION }, { 0, 0, 0 } };
	struct opt o;
	const char *fmt = 0;
	int c, terse = 0, printf_mode = 0, status = 0;
	opt_init(&o, argc, argv, "Lc:t", lo);
	while ((c = opt_get(&o)) != -1) {
		if (opt_std(c, help)) return 0;
		if (c < -1) return opt_fail(&o, c, 1);
		if (c == 'L') follow = 1;
		else if (c == 't') terse = 1;
		else if (c == 'c') { fmt = o.arg; printf_mode = 0; }
		else if (c == O_PRINTF) { fmt = o.arg; printf_mode = 1; }
	}
	if (!o.nop) { pk_msg("missing operand", 0, 0); return pk_try(1); }
	for (int i = 0; i < o.nop; i++) {
		const char *name = o.av[i];
		struct k_statx s;
		long e = pk_statx(AT_FDCWD, name, follow ? 0 : AT_SYMLINK_NOFOLLOW, &s);
		if (e) {
			static char m[20000];
			int n = 0;
			memcpy(m, "cannot statx ", 13); n = 13;
			quoting = 1;
			if (strlen(name) < 4800) n += quote(m + n, name);   /* GNU names paths past PATH_MAX whole */
			m[n] = 0;
			pk_err(m, (int)e);
			status = 1;
			continue;
		}
		quoting = fmt != 0;
		if (fmt) {
			run(fmt, name, &s, printf_mode);
			if (!printf_mode) out_char(O, '\n');
		} else if (terse) {
			run("%n %s %b %f %u %g %D %i %h %t %T %X %Y %Z %W %o\n", name, &s, 0);
		} else {
			u32 t = s.stx_mode & S_IFMT;
			run("  File: %N\n  Size: %-10s\tBlocks: %-10b IO Block: %-6o %F\n", name, &s, 0);
			run(t == S_IFCHR || t == S_IFBLK
			    ? "Device: %Hd,%Ld\tInode: %-11i Links: %-5h Device type: %Hr,%Lr\n"
			    : "Device: %Hd,%Ld\tInode: %-11i Links: %h\n", name, &s, 0);
			run("Access: (%04a/%10.10A)  Uid: (%5u/%8U)   Gid: (%5g/%8G)\n"
			    "Access: %x\nModify: %y\nChange: %z\n Birth: %w\n", name, &s, 0);
		}
	}
	return status;
}
