/* multi.c - every command in one binary, for the initramfs: the runtime and
 * the netmoon core once instead of in each file (no compressor has to find
 * each copy again). The name it is run by picks the command, as in
 * busybox: /init is init, /bin/cat -> /init is cat. Built from the same
 * sources with -DPK_MULTI and -Dmain=main_NAME (Makefile). */
#include "rt.h"

const char *pk_cmd = "pk";
#define C(n) int main_##n(int, char **);
PK_MULTI_CMDS
#undef C
static const struct { const char *name; int (*fn)(int, char **); } cmds[] = {
#define C(n) { #n, main_##n },
PK_MULTI_CMDS
#undef C
};

int main(int argc, char **argv, char **envp)
{
	(void)envp;
	const char *n = argc > 0 ? argv[0] : "";
	for (const char *p = n; *p; p++) if (*p == '/') n = p + 1;
	if (!strcmp(n, "init") || !*n) n = "init";
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		if (!strcmp(n, cmds[i].name)) { pk_cmd = cmds[i].name; return cmds[i].fn(argc, argv); }
	pk_msg(n, "not a command of this binary", 0);
	return 127;
}
