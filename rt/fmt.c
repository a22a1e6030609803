/* fmt.c - pure formatting: no syscalls, builds for the host too. */
#include "rt.h"

int fmt_u32(char *dst, u32 v)
{
	char t[10]; int n = 0, i = 0;
	do t[n++] = (char)('0' + v % 10); while ((v /= 10));
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
	{ E2BIG, "Argument list too long" }, { EBADF, "Bad file descriptor" },
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
	{ ENETDOWN, "Network is down" }, { ECONNRESET, "Connection reset by peer" },
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
