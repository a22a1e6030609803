/* boothelp - what the boot test needs inside the guest, where there is no
 * shell: built like a command (static, libc-free), in the test initramfs only.
 *   boothelp tcp PORT BYTES   one TCP connection over 127.0.0.1 moving BYTES
 *   boothelp get ADDR PORT    connect to an IPv4 ADDR, read until the server
 *                             closes, say how many bytes (the network boot test)
 *                             tcp and get say their pid, and close their sockets
 *                             0.5 s after the transfer: netmoon's process resolver
 *                             looks 0.1 s after a flow's first packet, and must
 *                             find them (the test checks it named that pid)
 *   boothelp orphans N        N grandchildren left to init, exiting 0.2 s later
 *   boothelp zombies          count the processes in state Z (from /proc)
 *   boothelp kill PID SIG     send a signal (the test's SIGTERM to init)
 *   boothelp crash            exit with status 3 at once (respawn back-off)
 *   boothelp status NAME      Pid, PPid, Uid, CapEff, NoNewPrivs, Seccomp of each
 *                             process called NAME (a monitor and its resolver) */
#include "rt.h"
#include "sys.h"

PK_CMD("boothelp");

static u32 num(const char *s) { u32 v = 0; while (*s >= '0' && *s <= '9') v = v * 10 + (u32)(*s++ - '0'); return v; }
static void line(const char *a, u32 n, const char *b)
{
	out_str(&pk_out, a); out_u64(&pk_out, n); out_str(&pk_out, b); out_char(&pk_out, '\n');
}
static void hold(void) { sys_ppoll(0, 0, 500000000); }   /* the sockets open 0.5 s more */
static void by_pid(void) { out_str(&pk_out, " by pid "); out_u64(&pk_out, (u64)sys_getpid()); out_char(&pk_out, '\n'); }
static int tcp(u32 port, u32 bytes)
{
	static u8 buf[16384];
	struct k_sockaddr_in a = { AF_INET, (u16)(port >> 8 | (port & 0xff) << 8), 0x0100007f, { 0 } };
	long s = sys_socket(AF_INET, SOCK_STREAM, 0), c = sys_socket(AF_INET, SOCK_STREAM, 0), one = 1, e;
	if (s < 0 || c < 0) { pk_err("socket", (int)(s < 0 ? s : c)); return 1; }
	sys_setsockopt((int)s, SOL_SOCKET, 2 /* SO_REUSEADDR */, &one, sizeof one);
	if ((e = sys_bind((int)s, &a, sizeof a)) || (e = sys_listen((int)s, 1)) || (e = sys_connect((int)c, &a, sizeof a))) { pk_err("tcp", (int)e); return 1; }
	long x = sys_accept((int)s);
	if (x < 0) { pk_err("accept", (int)x); return 1; }
	u32 sent = 0, got = 0;
	while (got < bytes) {
		u32 n = bytes - sent < sizeof buf ? bytes - sent : sizeof buf;
		if (n && (e = sys_write((int)c, buf, n)) > 0) sent += (u32)e;
		while (got < sent && (e = sys_read((int)x, buf, sizeof buf)) > 0) got += (u32)e;
		if (e < 0) { pk_err("tcp", (int)e); return 1; }
	}
	hold();
	sys_close((int)c);
	while (sys_read((int)x, buf, sizeof buf) > 0) ;
	sys_close((int)x); sys_close((int)s);
	out_str(&pk_out, "tcp: "); out_u64(&pk_out, got); out_str(&pk_out, " bytes over 127.0.0.1"); by_pid();
	return 0;
}
static int get(const char *addr, u32 port)
{
	static u8 buf[16384];
	u32 ip = 0, part = 0;
	for (const char *p = addr; ; p++) {
		if (*p >= '0' && *p <= '9') { part = part * 10 + (u32)(*p - '0'); continue; }
		ip = ip << 8 | part; part = 0;
		if (*p != '.') break;
	}
	/* network order in memory: the first byte of the address first */
	u32 be = (ip >> 24) | (ip >> 8 & 0xff00) | (ip << 8 & 0xff0000) | ip << 24;
	struct k_sockaddr_in a = { AF_INET, (u16)(port >> 8 | (port & 0xff) << 8), be, { 0 } };
	long s = sys_socket(AF_INET, SOCK_STREAM, 0), e, got = 0;
	if (s < 0) { pk_err("socket", (int)s); return 1; }
	if ((e = sys_connect((int)s, &a, sizeof a))) { pk_err("get", (int)e); return 1; }
	while ((e = sys_read((int)s, buf, sizeof buf)) > 0) got += e;
	if (e < 0) { pk_err("get", (int)e); return 1; }
	hold();
	sys_close((int)s);
	out_str(&pk_out, "get: "); out_u64(&pk_out, (u64)got); out_str(&pk_out, " bytes from "); out_str(&pk_out, addr);
	by_pid();
	return 0;
}

static int orphans(u32 n)
{
	for (u32 i = 0; i < n; i++) {
		long p = sys_fork();
		if (p == 0) {
			if (sys_fork() == 0) { sys_ppoll(0, 0, 200000000); sys_exit_group(0); }
			sys_exit_group(0);
		}
		int st;
		if (p > 0) sys_wait4((int)p, &st, 0);
	}
	line("orphans: ", n, " left to init");
	return 0;
}
/* each process: /proc/PID/FILE read into buf (0-terminated), handed to fn
   until it returns nonzero; returns that, or 0, or -1 without /proc */
static int each_proc(const char *file, char *buf, size_t cap, int (*fn)(char *, long))
{
	static u8 d[8192];
	long fd = sys_open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC), n;
	if (fd < 0) { pk_err("/proc", (int)fd); return -1; }
	int r = 0;
	size_t fl = strlen(file);
	while (!r && (n = sys_getdents64((int)fd, d, sizeof d)) > 0)
		for (long o = 0; !r && o < n; o += ((struct k_dirent64 *)(d + o))->d_reclen) {
			const char *name = ((struct k_dirent64 *)(d + o))->d_name;
			if (*name < '1' || *name > '9') continue;
			char p[64];
			size_t l = strlen(name);
			memcpy(p, "/proc/", 6); memcpy(p + 6, name, l); p[6 + l] = '/'; memcpy(p + 7 + l, file, fl + 1);
			long f = sys_open(p, O_RDONLY | O_CLOEXEC);
			if (f < 0) continue;
			long k = sys_read((int)f, buf, cap - 1);
			sys_close((int)f);
			if (k <= 0) continue;
			buf[k] = 0;
			r = fn(buf, k);
		}
	sys_close((int)fd);
	return r;
}
static u32 nz, nprocs;
static int count_zombie(char *st, long k)
{
	nprocs++;
	while (k > 0 && st[k - 1] != ')') k--;   /* the state follows the last ')' */
	if (k > 0 && st[k + 1] == 'Z') nz++;
	return 0;
}
static int zombies(void)
{
	static char st[512];
	if (each_proc("stat", st, sizeof st, count_zombie) < 0) return 1;
	line("zombies: ", nz, "");
	line("processes: ", nprocs, "");
	return 0;
}
static const char *wanted;
static u32 nfound;
static int show_status(char *st, long k)
{
	(void)k;
	size_t wl = strlen(wanted);   /* "Name:\tNAME\n" comes first */
	if (memcmp(st, "Name:\t", 6) || memcmp(st + 6, wanted, wl) || st[6 + wl] != '\n') return 0;
	static const char *const keys[] = { "Pid:", "PPid:", "Uid:", "CapEff:", "NoNewPrivs:", "Seccomp:" };
	for (char *q = st; *q; ) {
		char *e = q; while (*e && *e != '\n') e++;
		for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
			if (!memcmp(q, keys[i], strlen(keys[i]))) { out_write(&pk_out, q, (size_t)(e - q)); out_char(&pk_out, '\n'); }
		q = *e ? e + 1 : e;
	}
	nfound++;
	return 0;                     /* every process of that name */
}
static int status(const char *want)
{
	static char st[4096];
	wanted = want;
	if (each_proc("status", st, sizeof st, show_status) < 0) return 1;
	if (!nfound) { pk_msg(want, "no such process", 0); return 1; }
	return 0;
}
int main(int argc, char **argv)
{
	const char *c = argc > 1 ? argv[1] : "";
	if (!strcmp(c, "tcp") && argc == 4) return tcp(num(argv[2]), num(argv[3]));
	if (!strcmp(c, "orphans") && argc == 3) return orphans(num(argv[2]));
	if (!strcmp(c, "get") && argc == 4) return get(argv[2], num(argv[3]));
	if (!strcmp(c, "zombies")) return zombies();
	if (!strcmp(c, "kill") && argc == 4) { long e = sys_kill((int)num(argv[2]), (int)num(argv[3])); if (e) pk_err("kill", (int)e); return e != 0; }
	if (!strcmp(c, "crash")) return 3;
	if (!strcmp(c, "status") && argc == 3) return status(argv[2]);
	pk_msg("usage: boothelp tcp PORT BYTES | get ADDR PORT | orphans N | zombies | kill PID SIG | crash | status NAME", 0, 0);
	return 2;
}
