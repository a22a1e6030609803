/* cat - concatenate files to standard output.
 * Zero-copy first: copy_file_range (file to file), sendfile (file to
 * anything), splice (pipe to anything); read/write through an mmap'd buffer
 * when the kernel says no. A fast path that fails or ends early falls back
 * to read/write, which finds EOF (or the error) itself and so attributes it
 * to the right side: "cat: f: Is a directory" vs "cat: write error: ...". */
#include "rt.h"
#include "sys.h"
#include "opt.h"

PK_CMD("cat");

static const char help[] =
	"Usage: cat [OPTION]... [FILE]...\n"
	"Concatenate FILE(s) to standard output.\n\n"
	"With no FILE, or when FILE is -, read standard input.\n\n"
	"  -u         (ignored: output is never buffered)\n"
	"      --help     display this help and exit\n"
	"      --version  output version information and exit\n";

enum { BUFSZ = 128 * 1024, CHUNK = 1 << 30 };
static char *buf;

static __attribute__((noreturn)) void write_error(long e)
{
	pk_write_error((int)e);
	sys_exit_group(1);
}

/* read/write until EOF: 0, or 1 after reporting a read error */
static int plain(int in, const char *name)
{
	if (!buf) {
		long p = sys_mmap(0, BUFSZ, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (mmap_error(p)) { pk_err(name, (int)p); return 1; }
		buf = (char *)p;
	}
	for (;;) {
		long n = sys_read(in, buf, BUFSZ);
		if (n == -EINTR) continue;
		if (n < 0) { pk_err(name, (int)n); return 1; }
		if (n == 0) return 0;
		long e = write_all(1, buf, (size_t)n);
		if (e) write_error(e);
	}
}

/* one zero-copy method until it ends: 1 = moved everything (EOF seen),
   0 = stopped early or refused (fall back) */
static int fast(int how, int in)
{
	for (int moved = 0;; moved = 1) {
		long n = how == 0 ? sys_copy_file_range(in, 1, CHUNK)
		       : how == 1 ? sys_sendfile(1, in, CHUNK)
		       : sys_splice(in, 1, CHUNK, 0);
		if (n == -EINTR) continue;
		if (n == -EPIPE) write_error(n);  /* SIGPIPE ignored: the reader is gone */
		if (n < 0) return 0;
		if (n == 0) return moved || how == 2;
	}
}

static int cat(int in, const char *name, const struct k_stat64 *out)
{
	struct k_stat64 st;
	long e = sys_fstat(in, &st);
	if (e) { pk_err(name, (int)e); return 1; }
	if (S_ISREG(out->st_mode) && st.st_dev == out->st_dev && st.st_ino == out->st_ino) {
		long long pos = 0;
		if (sys_lseek(in, 0, SEEK_CUR, &pos) == 0 && pos < st.st_size) {
			pk_msg(name, "input file is output file", 0);
			return 1;
		}
	}
	if (S_ISFIFO(st.st_mode)) {
		if (fast(2, in)) return 0;      /* a pipe's EOF is final: no second look */
	} else if (S_ISREG(st.st_mode)) {
		if (!(S_ISREG(out->st_mode) && fast(0, in)))
			fast(1, in);
		/* some filesystems (procfs, sysfs) report EOF early to these
		   calls: read/write confirms the end, at the cost of one read */
	}
	return plain(in, name);
}

int main(int argc, char **argv)
{
	struct opt o;
	static const struct longopt lo[] = { { "help", 0, OPT_HELP }, { "version", 0, OPT_VERSION }, { 0, 0, 0 } };
	int c, status = 0, used_stdin = 0;
	opt_init(&o, argc, argv, "u", lo);
	while ((c = opt_get(&o)) != -1) {
		if (opt_std(c, help)) return 0;
		if (c < -1) return opt_fail(&o, c, 1);
	}
	struct k_stat64 out;
	long e = sys_fstat(1, &out);
	if (e) { pk_err("standard output", (int)e); return 1; }
	/* a pipe moves 64 KiB per call by default; at 1 MiB (the default
	   pipe-max-size) a syscall moves 16 times as much. Best effort. */
	if (S_ISFIFO(out.st_mode)) sys_fcntl(1, F_SETPIPE_SZ, 1 << 20);
	if (!o.nop) o.av[o.nop++] = "-";
	for (int i = 0; i < o.nop; i++) {
		const char *name = o.av[i];
		int fd = 0;
		if (name[0] == '-' && !name[1]) used_stdin = 1;
		else {
			long r = sys_open(name, O_RDONLY);
			if (r < 0) { pk_err(name, (int)r); status = 1; continue; }
			fd = (int)r;
		}
		status |= cat(fd, name, &out);
		if (fd) sys_close(fd);
	}
	long e2 = used_stdin ? sys_close(0) : 0;
	if (e2 < 0) {                           /* as GNU: a closed stdin is reported again */
		pk_err("closing standard input", (int)e2);
		status = 1;
	}
	return status;
}
