/* rt.h - what every command includes: the runtime's helpers. */
#ifndef PK_RT_H
#define PK_RT_H
#include "kabi.h"

/* what code generation may call (mem*, division, the stack protector)
   must outlive -flto, used only for the initramfs binary; elsewhere
   --gc-sections may drop what a command does not call */
#ifdef PK_MULTI
#define PK_KEEP __attribute__((used))
#else
#define PK_KEEP
#endif
/* each command names itself once: PK_CMD("cat"); messages and --version
   use it. In the one binary for every command (the initramfs, PK_MULTI)
   rt/multi.c sets pk_cmd to the command it runs */
#ifdef PK_MULTI
#define PK_CMD(name)
extern const char *pk_cmd;
#else
#define PK_CMD(name) const char pk_cmd[] = name
extern const char pk_cmd[];
#endif

/* set by the C entry from the initial stack */
extern char **pk_envp;
extern unsigned long pk_pagesz, pk_hwcap;
extern const u8 *pk_random;             /* AT_RANDOM: 16 random bytes */
extern unsigned long pk_sp0;            /* sp at _start, for the tests */
extern unsigned long __stack_chk_guard; /* the stack protector canary */

/* mem.c (gcc may also emit calls to the first four on its own) */
void *memcpy(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
#ifndef PK_MEM_IMPL
/* -ffreestanding turns builtins off; ask for them back so that small and
   constant-size copies become inline loads and stores, not calls */
#define memcpy(d, s, n) __builtin_memcpy(d, s, n)
#define memset(d, c, n) __builtin_memset(d, c, n)
#define memcmp(a, b, n) __builtin_memcmp(a, b, n)
#define strlen(s) __builtin_strlen(s)
#endif

/* division by 10 and 1000 as a multiply-high (exact for every u32): at -Os
   gcc would otherwise call the shift-and-subtract division helper */
static inline u32 div10(u32 v) { return (u32)(((u64)v * 0xcccccccdu) >> 35); }
static inline u32 div1000(u32 v) { return (u32)(((u64)v * 0x10624dd3u) >> 38); }

/* fmt.c: pure formatting, no syscalls (also built for the host) */
int fmt_u64(char *dst, u64 v);          /* decimal, returns length (<= 20) */
int fmt_u32(char *dst, u32 v);
const char *pk_strerror(int e, char tmp[24]); /* glibc's wording; e or -e */
int fmt_human(char *o, u64 v);            /* "23.5 GiB", "512 B" */
int fmt_hex(char *o, u64 v);              /* lowercase, no leading zeros, no 0x */
struct tm_utc { int year, mon, mday, hour, min, sec, wday, yday; }; /* mon 1..12 */
void utc_time(s64 t, struct tm_utc *tm);   /* Unix seconds to UTC civil time */
void fmt_mode(char out[10], u32 mode);     /* "drwxr-xr-x", no NUL */
int fmt_quote(char *o, const char *s);     /* 'name' as GNU messages quote it */
/* the name (nlen bytes, not NUL-terminated) of id in /etc/passwd or
   /etc/group text, or 0 */
const char *id_lookup(const char *buf, size_t len, u32 id, size_t *nlen);


/* ids.c: names from /etc/passwd (group 0) and /etc/group (group 1), or 0 */
const char *pk_id_name(int group, u32 id);
/* a user by name or number (up to 9 digits): uid and gid, 0; or -1 */
int pk_user_ids(const char *name, u32 *uid, u32 *gid);

/* stat.c: statx(dfd, path, flags, STATX_BASIC_STATS | STATX_BTIME, x), or
   where the kernel has no statx the same fields from fstatat64 (no birth
   time: STATX_BTIME not in stx_mask); PK_NO_STATX=1 in the environment
   forces that, for the tests. flags: 0 or AT_SYMLINK_NOFOLLOW. 0 or -errno */
long pk_statx(int dfd, const char *path, int flags, struct k_statx *x);

/* out.c: buffered output */
struct out { int fd; int err; u32 len, cap; char *buf; };
extern struct out pk_out;               /* standard output, 64 KiB buffer */
long write_all(int fd, const void *b, size_t n); /* 0 or -errno */
void out_write(struct out *o, const void *b, size_t n);
void out_str(struct out *o, const char *s);
void out_char(struct out *o, char c);
void out_u64(struct out *o, u64 v);
int out_flush(struct out *o);           /* 0 or the first -errno seen */

/* err.c: "cmd: path: message" on stderr, one write each (opt_fail and
   opt_std, declared in opt.h, are there too) */
void pk_msg(const char *a, const char *b, const char *c); /* cmd: a[: b][: c] */
void pk_err(const char *path, int neg_errno);             /* cmd: path: strerror */
void pk_write_error(int neg_errno);                       /* cmd: write error: strerror */
int pk_try(int status);  /* "Try 'cmd --help' for more information.", returns status */
/* cmd: what'arg'[: reason], arg clipped; shellq: quoted as GNU does (fmt_quote) */
void pk_msg_arg(const char *what, const char *arg, int shellq, const char *reason);

#endif
