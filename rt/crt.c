/* crt.c - the C side of start-up: read the initial stack, arm the stack
 * protector from AT_RANDOM, run main, flush stdout. */
#include "rt.h"
#include "sys.h"

int main(int argc, char **argv, char **envp);

char **pk_envp;
unsigned long pk_pagesz = 4096, pk_hwcap;
const u8 *pk_random;
unsigned long pk_sp0;
PK_KEEP unsigned long __stack_chk_guard;

__attribute__((used, no_stack_protector)) int pk_cstart(long *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1), **envp = argv + argc + 1, **p = envp;
	while (*p) p++;
	for (unsigned long *av = (unsigned long *)(p + 1); av[0] != AT_NULL; av += 2) {
		if (av[0] == AT_PAGESZ) pk_pagesz = av[1];
		else if (av[0] == AT_HWCAP) pk_hwcap = av[1];
		else if (av[0] == AT_RANDOM) pk_random = (const u8 *)av[1];
	}
	pk_envp = envp;
	pk_sp0 = (unsigned long)sp;
	if (pk_random) {
		unsigned long g;
		memcpy(&g, pk_random, sizeof g);
		__stack_chk_guard = g & ~0xfful; /* a zero byte stops string overflows reading it */
	}
	int r = main(argc, argv, envp);
	int e = out_flush(&pk_out);
	if (e) {
		pk_write_error(e);
		if (!r) r = 1;
	}
	return r;
}

PK_KEEP __attribute__((noreturn)) void __stack_chk_fail(void)
{
	static const struct k_sigaction dfl; /* SIG_DFL, nothing blocked */
	unsigned long set[2] = { 1ul << (SIGABRT - 1), 0 };
	pk_msg("stack smashing detected", 0, 0);
	sys_sigaction(SIGABRT, &dfl, 0);
	sys_sigprocmask(SIG_UNBLOCK, set, 0);
	sys_kill((int)sys_getpid(), SIGABRT);
	sys_exit_group(127);
}
