/* fmt.c - pure formatting: no syscalls, builds for the host too. */
#include "rt.h"

int fmt_u32(char *dst, u32 v)
{
	char t[10]; int n = 0, i = 0;
	do { u32 q = div10(v); t[n++] = (char)('0' + v - q * 10); v = q; } while (v);
	while (n) dst[i++] = t[--n];
	return i;
}

int fmt_u64(char *dst, u64 v)
{
	/* split into 32-bit pieces of nine digits, so the hot path never needs
	   a 64-bit division helper */
	u32 part[3]; int n = 0, len;
	while (v >> 32) {
		u64 q = v / 1000000000u;       /* constant divisor: rare, large values only */
		part[n++] = (u32)(v - q * 1000000000u);
		v = q;
	}
	len = fmt_u32(dst, (u32)v);
	while (n--) {                         /* zero-padded 9-digit groups */
		u32 p = part[n];
		for (int i = 8; i >= 0; i--) { dst[len + i] = (char)('0' + p % 10); p /= 10; }
		len += 9;
	}
	return len;
}

/* glibc's messages for the errno values a user meets */
static const struct { u8 e; const char *s; } errs[] = {
	{ EPERM, "Operation not permitted" }, { ENOENT, "No such file or directory" },
	{ ESRCH, "No such process" }, { EINTR, "Interrupted system call" },
	{ EIO, "Input/output error" }, { ENXIO, "No such device or address" },
	{ E2BIG, "Argument list too long" }, { ENOEXEC, "Exec format error" }, { EBADF, "Bad file descriptor" },
	{ ECHILD, "No child processes" }, { EAGAIN, "Resource temporarily unavailable" },
	{ ENOMEM, "Cannot allocate memory" }, { EACCES, "Permission denied" },
	{ EFAULT, "Bad address" }, { EBUSY, "Device or resource busy" },
	{ EEXIST, "File exists" }, { EXDEV, "Invalid cross-device link" },
	{ ENODEV, "No such device" }, { ENOTDIR, "Not a directory" },
	{ EISDIR, "Is a directory" }, { EINVAL, "Invalid argument" },
	{ ENFILE, "Too many open files in system" }, { EMFILE, "Too many open files" },
	{ ENOTTY, "Inappropriate ioctl for device" }, { ETXTBSY, "Text file busy" },
	{ EFBIG, "File too large" }, { ENOSPC, "No space left on device" },
	{ ESPIPE, "Illegal seek" }, { EROFS, "Read-only file system" },
	{ EMLINK, "Too many links" }, { EPIPE, "Broken pipe" },
	{ ERANGE, "Numerical result out of range" }, { ENAMETOOLONG, "File name too long" },
	{ ENOSYS, "Function not implemented" }, { ENOTEMPTY, "Directory not empty" },
	{ ELOOP, "Too many levels of symbolic links" }, { ENODATA, "No data available" },
	{ EOVERFLOW, "Value too large for defined data type" },
	{ ENOPROTOOPT, "Protocol not available" }, { ENOTSUP, "Operation not supported" },
	{ EAFNOSUPPORT, "Address family not supported by protocol" },
	{ ENETDOWN, "Network is down" }, { ENETUNREACH, "Network is unreachable" }, { ECONNRESET, "Connection reset by peer" },
	{ ENOBUFS, "No buffer space available" }, { ETIMEDOUT, "Connection timed out" },
	{ ECONNREFUSED, "Connection refused" }, { EDQUOT, "Disk quota exceeded" },
};

/* accepts errno or -errno; tmp holds "Unknown error N" when needed */
const char *pk_strerror(int e, char tmp[24])
{
	if (e < 0) e = -e;
	for (unsigned i = 0; i < sizeof errs / sizeof errs[0]; i++)
		if (errs[i].e == e) return errs[i].s;
	memcpy(tmp, "Unknown error ", 14);
	tmp[14 + fmt_u32(tmp + 14, (u32)e)] = 0;
	return tmp;
}

/* "23.5 GiB", "512 B": one decimal from KiB up, rounded half up */
int fmt_human(char *o, u64 v)
{
	static const char units[] = "KMGTPE";
	int n = 0;
	if (v < 1024) {
		n = fmt_u64(o, v);
		memcpy(o + n, " B", 2);
		return n + 2;
	}
	/* powers of 1024 as shifts: no 64-bit division helper (a table of
	   50,000 rows formats 150,000 of these) */
	int u = 0, sh = 10;
	while (u < 5 && v >> sh >= 1024) sh += 10, u++;
	u32 tenths = (u32)(((v >> (sh - 10)) * 10 + 512) >> 10);  /* v*10/1024^(u+1), rounded */
	if (tenths >= 10240 && u < 5) { tenths = (tenths + 512) >> 10; u++; }
	n = fmt_u32(o, tenths / 10);
	o[n++] = '.';
	o[n++] = (char)('0' + tenths % 10);
	o[n++] = ' ';
	o[n++] = units[u];
	o[n++] = 'i';
	o[n++] = 'B';
	return n;
}

/* Unix seconds to the civil date and time in UTC (proleptic Gregorian),
   after Howard Hinnant's civil_from_days. Valid for any s64 day count we meet. */
void utc_time(s64 t, struct tm_utc *tm)
{
	s64 days = t / 86400, rem = t % 86400;
	if (rem < 0) { rem += 86400; days--; }
	tm->hour = (int)(rem / 3600); tm->min = (int)(rem / 60 % 60); tm->sec = (int)(rem % 60);
	tm->wday = (int)((days % 7 + 11) % 7);       /* 1970-01-01 was a Thursday */
	s64 z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
	u32 doe = (u32)(z - era * 146097);
	u32 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	u32 doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
	tm->mday = (int)(doy - (153 * mp + 2) / 5 + 1);
	tm->mon = (int)(mp < 10 ? mp + 3 : mp - 9);   /* 1..12 */
	tm->year = (int)(yoe + era * 400 + (tm->mon <= 2));
	int leap = (tm->year % 4 == 0 && tm->year % 100 != 0) || tm->year % 400 == 0;
	static const u16 before[12] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
	tm->yday = before[tm->mon - 1] + tm->mday - 1 + (leap && tm->mon > 2);
}

/* "drwxr-xr-x" as ls -l and stat print it (10 characters, no NUL) */
void fmt_mode(char out[10], u32 mode)
{
	static const char types[16] = "?pc?d?b?-?l?s???";
	const char *rwx = "rwxrwxrwx";
	out[0] = types[(mode >> 12) & 15];
	for (int i = 0; i < 9; i++) out[1 + i] = (mode & (0400u >> i)) ? rwx[i] : '-';
	if (mode & 04000) out[3] = (mode & 0100) ? 's' : 'S';
	if (mode & 02000) out[6] = (mode & 0010) ? 's' : 'S';
	if (mode & 01000) out[9] = (mode & 0001) ? 't' : 'T';
}

/* find id in /etc/passwd or /etc/group text ("name:x:id:..."): the name, or 0 */
const char *id_lookup(const char *buf, size_t len, u32 id, size_t *nlen)
{
	const char *p = buf, *end = buf + len;
	while (p < end) {
		const char *line = p, *f[3] = { 0 };
		int nf = 0;
		while (p < end && *p != '\n') {
			if (*p == ':' && nf < 3) f[nf++] = p + 1;
			p++;
		}
		if (p < end) p++;
		if (nf < 3 || f[0] - 1 == line) continue;    /* malformed or empty name */
		u64 v = 0; const char *q = f[1];
		if (q == f[2] - 1) continue;                 /* empty id field */
		for (; q < f[2] - 1 && *q >= '0' && *q <= '9' && v <= 0xffffffffu; q++) v = v * 10 + (u32)(*q - '0');
		if (q == f[2] - 1 && v == id) { *nlen = (size_t)(f[0] - 1 - line); return line; }
	}
	return 0;
}

/* a name as GNU tools quote it in messages (shell-escape-always): in single
   quotes, or in double quotes when it holds a single quote and nothing a
   shell expands inside double quotes; o needs 4 * strlen(s) + 3 bytes */
int fmt_quote(char *o, const char *s)
{
	int n = 0, sq = 0, special = 0;
	for (const char *p = s; *p; p++) {
		if (*p == '\'') sq = 1;
		if (*p == '"' || *p == '$' || *p == '`' || *p == '\\' || *p == '!') special = 1;
	}
	if (sq && !special) {
		o[n++] = '"';
		for (; *s; s++) o[n++] = *s;
		o[n++] = '"';
		return n;
	}
	o[n++] = '\'';
	for (; *s; s++) {
		if (*s == '\'') { memcpy(o + n, "'\\''", 4); n += 4; }
		else o[n++] = *s;
	}
	o[n++] = '\'';
	return n;
}

int fmt_hex(char *o, u64 v)
{
	char t[16];
	int n = 0, i = 0;
	do t[n++] = "0123456789abcdef"[v & 15]; while ((v >>= 4));
	while (n) o[i++] = t[--n];
	return i;
}
