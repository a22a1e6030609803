/* err.c - messages on stderr, each in a single write so lines from
 * several processes never interleave; and what every command's option
 * loop shares: the error messages, --help and --version. */
#include "rt.h"
#include "sys.h"
#include "opt.h"

static size_t put(char *b, size_t at, const char *s)
{
	size_t n = strlen(s);
	if (at + n > 8180) n = at < 8180 ? 8180 - at : 0; /* paths past PATH_MAX whole; clip absurd ones */
	memcpy(b + at, s, n);
	return at + n;
}

void pk_msg(const char *a, const char *b, const char *c)
{
	char m[8192];
	size_t n = put(m, 0, pk_cmd);
	const char *parts[3] = { a, b, c };
	for (int i = 0; i < 3 && parts[i]; i++) {
		n = put(m, n, ": ");
		n = put(m, n, parts[i]);
	}
	m[n++] = '\n';
	write_all(2, m, n);
}

void pk_err(const char *path, int e)
{
	char tmp[24];
	pk_msg(path, pk_strerror(e, tmp), 0);
}

/* standard output failed: "cmd: write error: reason" */
void pk_write_error(int e) { pk_err("write error", e); }

/* cmd: WHAT'ARG'[: REASON], the argument clipped to 6000 bytes; shellq
   quotes it as GNU's messages do (fmt_quote) instead of in plain quotes */
void pk_msg_arg(const char *what, const char *arg, int shellq, const char *reason)
{
	char m[26000], t[6001];   /* a path past PATH_MAX whole; quoting a byte takes at most 4 (on the stack: a static would grow .bss past the point where ld page-aligns the data segment, 2 KiB more file) */
	size_t n = strlen(what), a = strlen(arg);
	if (n > 64) n = 64;
	if (a > 6000) a = 6000;
	memcpy(m, what, n);
	memcpy(t, arg, a); t[a] = 0;
	if (shellq) n += (size_t)fmt_quote(m + n, t);
	else { m[n++] = '\''; memcpy(m + n, t, a); n += a; m[n++] = '\''; }
	m[n] = 0;
	pk_msg(m, reason, 0);
}

int pk_try(int status)
{
	char t[64];
	size_t n = strlen(pk_cmd);
	memcpy(t, "Try '", 5); memcpy(t + 5, pk_cmd, n);
	memcpy(t + 5 + n, " --help' for more information.\n", 31);
	write_all(2, t, 36 + n);
	return status;
}

/* --help and --version, the same in every command */
int opt_std(int c, const char *help)
{
	if (c == OPT_VERSION) { out_str(&pk_out, pk_cmd); help = " (peachykeen32) 0.1\n"; }
	else if (c != OPT_HELP) return 0;
	out_str(&pk_out, help);
	return 1;
}

int opt_fail(const struct opt *o, int code, int status)
{
	char b[80];
	pk_msg(opt_error(o, code, b), 0, 0);
	return pk_try(status);
}
