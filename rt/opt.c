/* opt.c - a small getopt, pure (no syscalls). Short options cluster (-uv),
 * take arguments joined or separate (-n8, -n 8), operands and options may be
 * mixed as GNU allows, "--" ends options, "-" is an operand. Long options
 * come from an optional table, also as --name=value. After the loop the
 * operands are av[0..nop-1], in order. */
#include "opt.h"
#include "rt.h"

void opt_init(struct opt *o, int argc, char **argv, const char *spec, const struct longopt *lo)
{
	memset(o, 0, sizeof *o);
	o->av = argv + 1; o->ac = argc > 0 ? argc - 1 : 0; o->spec = spec; o->lo = lo;
}

/* name starts with the len bytes at p (name may be shorter) */
static int starts(const char *name, const char *p, size_t len)
{
	for (; len; len--, name++, p++)
		if (*name != *p) return 0;
	return 1;
}

static const char *find(const char *spec, int c)
{
	for (; *spec; spec++)
		if (*spec == c && c != ':') return spec;
	return 0;
}

int opt_get(struct opt *o)
{
	o->arg = 0;
	while (!o->p || !*o->p) {              /* start the next argument */
		o->p = 0;
		if (o->i >= o->ac) return -1;
		char *a = o->av[o->i++];
		if (o->dashdash || a[0] != '-' || !a[1]) { o->av[o->nop++] = a; continue; }
		if (a[1] != '-') { o->p = a + 1; break; }
		if (!a[2]) {                    /* "--": the rest are operands */
			o->dashdash = 1;
			continue;
		}
		o->bad_long = a;
		const char *name = a + 2, *eq = name;
		while (*eq && *eq != '=') eq++;
		size_t len = (size_t)(eq - name);
		const struct longopt *l = o->lo, *hit = 0;
		for (; l && l->name; l++)       /* exact name, or a unique prefix */
			if (starts(l->name, name, len)) {
				if (!l->name[len]) { hit = l; break; }
				if (hit) return OPT_AMBIGUOUS;
				hit = l;
			}
		if (!hit) return OPT_UNKNOWN_LONG;
		o->bad_long = hit->name;
		if (hit->has_arg) {
			if (*eq) o->arg = eq + 1;
			else if (o->i < o->ac) o->arg = o->av[o->i++];
			else return OPT_LONG_NEEDS_ARG;
		} else if (*eq) return OPT_LONG_NO_ARG;
		return hit->val;
	}
	int c = (unsigned char)*o->p++;
	const char *s = find(o->spec, c);
	o->bad = c;
	if (!s) return OPT_UNKNOWN;
	if (s[1] == ':') {
		if (*o->p) o->arg = o->p;
		else if (o->i < o->ac) o->arg = o->av[o->i++];
		else return OPT_NEEDS_ARG;
		o->p = 0;
	}
	return c;
}

/* GNU getopt's wording; returns the text for the first line */
const char *opt_error(const struct opt *o, int code, char buf[80])
{
	const char *why = code == OPT_UNKNOWN ? "invalid option -- '"
		: code == OPT_NEEDS_ARG ? "option requires an argument -- '" : 0;
	size_t n = 0;
	if (why) {
		n = strlen(why); memcpy(buf, why, n);
		buf[n++] = (char)o->bad; buf[n++] = '\'';
	} else {
		const char *pre = code == OPT_UNKNOWN_LONG ? "unrecognized option '"
			: code == OPT_AMBIGUOUS ? "option '" : "option '--";
		const char *post = code == OPT_LONG_NEEDS_ARG ? "' requires an argument"
			: code == OPT_LONG_NO_ARG ? "' doesn't allow an argument"
			: code == OPT_AMBIGUOUS ? "' is ambiguous" : "'";
		const char *name = o->bad_long;
		size_t a = strlen(pre), b = strlen(name), c = strlen(post);
		if (a + b + c > 79) b = 79 - a - c;
		memcpy(buf, pre, a); memcpy(buf + a, name, b); memcpy(buf + a + b, post, c);
		n = a + b + c;
	}
	buf[n] = 0;
	return buf;
}

int opt_num(const char *s, u64 *v)
{
	u64 x = 0;
	if (!*s) return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || x > (~0ull - 9) / 10) return -1;
		x = x * 10 + (u64)(*s - '0');
	}
	*v = x;
	return 0;
}

int opt_seconds(const char *s, u64 *ns)
{
	u64 whole = 0, frac = 0, scale = 100000000;
	const char *p = s;
	int digits = 0;
	for (; *p >= '0' && *p <= '9'; p++, digits++)
		if ((whole = whole * 10 + (u64)(*p - '0')) > 1000000000ull) return -1;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++, digits++, scale /= 10) frac += (u64)(*p - '0') * scale;
	if (*p || !digits) return -1;   /* "." alone is no number, as for sleep(1) */
	*ns = whole * 1000000000ull + frac;
	return 0;
}
