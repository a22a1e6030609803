/* sysinfo - the system at a glance: kernel, uptime, load, memory, processes,
 * from sysinfo(2) and uname(2).
 *
 * Memory figures are totalram etc. times mem_unit: a 32-bit kernel with more
 * than 4 GiB sets mem_unit to the page size so the product stays right.
 * qemu-user on a 64-bit host copies the host's 64-bit counts into the 32-bit
 * fields and keeps mem_unit = 1, so they wrap at 4 GiB; when /proc/meminfo
 * shows more memory than 32 bits can hold at mem_unit 1, we take the memory
 * figures from there instead and say so once on stderr. */
#include "rt.h"

/* ---- core: no syscalls ---- */

/* the value of "Key:   123 kB" in /proc/meminfo text, in bytes; ~0 if absent */
u64 meminfo_get(const char *buf, size_t len, const char *key)
{
	size_t k = strlen(key);
	for (const char *p = buf, *end = buf + len; p < end;) {
		if ((size_t)(end - p) > k && !memcmp(p, key, k) && p[k] == ':') {
			u64 v = 0;
			for (p += k + 1; p < end && *p == ' '; p++) {}
			for (; p < end && *p >= '0' && *p <= '9'; p++) v = v * 10 + (u64)(*p - '0');
			return v * 1024;                /* the kernel prints kB */
		}
		while (p < end && *p++ != '\n') {}
	}
	return ~0ull;
}

/* "3 days, 04:05:06" */
int fmt_uptime(char *o, u32 up)
{
	u32 days = up / 86400, hms[3] = { up / 3600 % 24, up / 60 % 60, up % 60 };
	int n = fmt_u32(o, days);
	const char *d = days == 1 ? " day, " : " days, ";
	memcpy(o + n, d, strlen(d));
	n += (int)strlen(d);
	for (int i = 0; i < 3; i++) {
		if (i) o[n++] = ':';
		o[n++] = (char)('0' + hms[i] / 10); o[n++] = (char)('0' + hms[i] % 10);
	}
	return n;
}

/* a load average from sysinfo's fixed point (16 fraction bits), with two
   decimals exactly as /proc/loadavg prints them: the kernel adds 1/200
   (FIXED_1/200 = 10 in its 11-bit fixed point, 320 in ours), then truncates */
int fmt_load(char *o, u32 l)
{
	l += 10u << (SI_LOAD_SHIFT - 11);
	int n = fmt_u32(o, l >> SI_LOAD_SHIFT);
	u32 frac = (u32)(((u64)(l & 0xffff) * 100) >> SI_LOAD_SHIFT);
	o[n++] = '.';
	o[n++] = (char)('0' + frac / 10);
	o[n++] = (char)('0' + frac % 10);
	return n;
}

#ifndef PK_CORE_ONLY
/* ---- shell ---- */
#include "sys.h"
#include "opt.h"

PK_CMD("sysinfo");

static const char help[] =
	"Usage: sysinfo [-b]\n"
	"Show the kernel, uptime, load averages, memory and process count.\n\n"
	"  -b, --bytes    one \"key value\" line per figure, memory in bytes (for scripts)\n"
	"      --help     display this help and exit\n"
	"      --version  output version information and exit\n";

static struct out *O = &pk_out;
static void num(u64 v) { out_u64(O, v); }
static void str(const char *s) { out_str(O, s); }
static void kv(const char *k, u64 v) { str(k); out_char(O, ' '); num(v); out_char(O, '\n'); }
static void human(const char *label, u64 v)
{
	char t[32];
	str(label);
	out_write(O, t, (size_t)fmt_human(t, v));
}

int main(int argc, char **argv)
{
	static const struct longopt lo[] = { { "bytes", 0, 'b' }, { "help", 0, OPT_HELP },
		{ "version", 0, OPT_VERSION }, { 0, 0, 0 } };
	struct opt o;
	int c, bytes = 0;
	opt_init(&o, argc, argv, "b", lo);
	while ((c = opt_get(&o)) != -1) {
		if (opt_std(c, help)) return 0;
		if (c < -1) return opt_fail(&o, c, 1);
		bytes = 1;
	}
	if (o.nop) {
		pk_msg_arg("extra operand ", o.av[0], 0, 0);
		return pk_try(1);
	}
	struct k_sysinfo si;
	struct k_utsname un;
	long e = sys_sysinfo(&si);
	if (e) { pk_err("sysinfo", (int)e); return 1; }
	e = sys_uname(&un);
	if (e) { pk_err("uname", (int)e); return 1; }

	u64 unit = si.mem_unit ? si.mem_unit : 1;
	u64 mem[6] = { si.totalram * unit, si.freeram * unit, si.sharedram * unit,
		       si.bufferram * unit, si.totalswap * unit, si.freeswap * unit };
	static char mi[8192];
	long fd = sys_open("/proc/meminfo", O_RDONLY | O_CLOEXEC), n = 0;
	if (fd >= 0) {
		for (long r; n < (long)sizeof mi && (r = sys_read((int)fd, mi + n, sizeof mi - (size_t)n)) > 0;) n += r;
		sys_close((int)fd);
	}
	u64 total = n > 0 ? meminfo_get(mi, (size_t)n, "MemTotal") : ~0ull;
	if (unit == 1 && total != ~0ull && total > 0xffffffffull) {
		static const char *const keys[6] = { "MemTotal", "MemFree", "Shmem", "Buffers", "SwapTotal", "SwapFree" };
		for (int i = 0; i < 6; i++) {
			u64 v = meminfo_get(mi, (size_t)n, keys[i]);
			if (v != ~0ull) mem[i] = v;
		}
		pk_msg("note: sysinfo(2) memory figures wrap at 4 GiB here (qemu-user on a 64-bit host?); using /proc/meminfo", 0, 0);
	}
	char t[32];
	if (bytes) {
		str("release "); str(un.release); str("\nmachine "); str(un.machine); out_char(O, '\n');
		kv("uptime", (u64)(u32)si.uptime);
		static const char *const ln[3] = { "load1 ", "load5 ", "load15 " };
		for (int i = 0; i < 3; i++) { str(ln[i]); out_write(O, t, (size_t)fmt_load(t, si.loads[i])); out_char(O, '\n'); }
		kv("procs", si.procs);
		static const char *const mk[6] = { "ram_total", "ram_free", "ram_shared", "ram_buffers", "swap_total", "swap_free" };
		for (int i = 0; i < 6; i++) kv(mk[i], mem[i]);
		return 0;
	}
	str(un.sysname); out_char(O, ' '); str(un.release); str(" ("); str(un.machine); str("), host ");
	str(un.nodename);
	str("\nUptime     "); out_write(O, t, (size_t)fmt_uptime(t, (u32)si.uptime));
	str("\nLoad       ");
	for (int i = 0; i < 3; i++) { out_write(O, t, (size_t)fmt_load(t, si.loads[i])); out_char(O, ' '); }
	str(" (1, 5, 15 min)\nProcesses  "); num(si.procs);
	human("\nRAM        total ", mem[0]); human(", free ", mem[1]);
	human(", shared ", mem[2]); human(", buffers ", mem[3]);
	human("\nSwap       total ", mem[4]); human(", free ", mem[5]);
	out_char(O, '\n');
	return 0;
}
#endif
