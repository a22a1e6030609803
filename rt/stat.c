/* stat.c - statx(2) for every command: 64-bit times (a 32-bit stat64's
 * end in 2106) and the birth time; on kernels without statx (before 4.11)
 * the same struct, filled from fstatat64. */
#include "rt.h"
#include "sys.h"

/* the kernel's new_encode_dev (minor low byte, major, then minor high
   bits) to statx's major and minor */
static __attribute__((noinline)) void devno(u32 d, u32 *major, u32 *minor)
{
	*major = (d >> 8) & 0xfff;
	*minor = (d & 0xff) | ((d >> 12) & 0xfff00);
}

long pk_statx(int dfd, const char *path, int flags, struct k_statx *x)
{
	static int no_statx = -1;
	if (no_statx < 0) {                 /* PK_NO_STATX=1 forces the old path, for tests */
		no_statx = 0;
		for (char **e = pk_envp; *e; e++) if (!strcmp(*e, "PK_NO_STATX=1")) no_statx = 1;
	}
	if (!no_statx) {
		long e = sys_statx(dfd, path, flags, STATX_BASIC_STATS | STATX_BTIME, x);
		if (e != -ENOSYS) return e;
		no_statx = 1;
	}
	struct k_stat64 b;
	long e = sys_fstatat(dfd, path, &b, flags);
	if (e) return e;
	memset(x, 0, sizeof *x);
	x->stx_mask = STATX_BASIC_STATS;    /* no birth time */
	x->stx_mode = (u16)b.st_mode; x->stx_nlink = b.st_nlink; x->stx_uid = b.st_uid; x->stx_gid = b.st_gid;
	x->stx_blksize = b.st_blksize; x->stx_ino = b.st_ino; x->stx_size = (u64)b.st_size; x->stx_blocks = b.st_blocks;
	devno((u32)b.st_dev, &x->stx_dev_major, &x->stx_dev_minor);
	devno((u32)b.st_rdev, &x->stx_rdev_major, &x->stx_rdev_minor);
	/* 32-bit seconds, signed as glibc reads them (1901..2038) */
	x->stx_atime.tv_sec = (s32)b.st_atime; x->stx_atime.tv_nsec = b.st_atime_nsec;
	x->stx_mtime.tv_sec = (s32)b.st_mtime; x->stx_mtime.tv_nsec = b.st_mtime_nsec;
	x->stx_ctime.tv_sec = (s32)b.st_ctime; x->stx_ctime.tv_nsec = b.st_ctime_nsec;
	return 0;
}
