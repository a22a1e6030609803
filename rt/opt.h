/* opt.h - option parsing shared by every command (see opt.c) */
#ifndef PK_OPT_H
#define PK_OPT_H
#include "rt.h"
struct longopt { const char *name; int has_arg; int val; };
struct opt {
	char **av; int ac, i, nop, dashdash;
	const char *p, *spec, *arg, *bad_long;
	const struct longopt *lo;
	int bad;
};
enum { OPT_UNKNOWN = -2, OPT_NEEDS_ARG = -3, OPT_UNKNOWN_LONG = -4,
       OPT_LONG_NEEDS_ARG = -5, OPT_LONG_NO_ARG = -6, OPT_AMBIGUOUS = -7,
       OPT_HELP = 0x100, OPT_VERSION = 0x101 };
void opt_init(struct opt *o, int argc, char **argv, const char *spec, const struct longopt *lo);
int opt_get(struct opt *o);     /* an option, -1 at the end, or OPT_* < -1 */
const char *opt_error(const struct opt *o, int code, char buf[80]);
/* prints the error and "Try 'cmd --help' ...", returns status */
int opt_fail(const struct opt *o, int code, int status);
/* c is OPT_HELP: prints help; OPT_VERSION: "cmd (peachykeen32) 0.1";
   then returns 1 (the command returns 0); anything else: 0, nothing printed.
   Both need { "help", 0, OPT_HELP }, { "version", 0, OPT_VERSION } in the
   long option table. (err.c: it writes to pk_out) */
int opt_std(int c, const char *help);
/* option values: 0, or -1 if s is not one */
int opt_num(const char *s, u64 *v);        /* decimal digits, no sign, no overflow */
int opt_seconds(const char *s, u64 *ns);   /* "2", "0.5", ".25": at most 10^9 s */
#endif
