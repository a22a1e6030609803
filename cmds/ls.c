/* ls - list directory contents as GNU ls does with LC_ALL=C TZ=UTC.
 * Directories are read with getdents64 into one large buffer; names go to
 * an mmap'd arena, are sorted by byte order with a merge sort, and are
 * printed one per line, in columns (GNU's column fitting, tabs and all), or
 * in the long format. */
#include "rt.h"
#include "sys.h"
#include "opt.h"
#include "sort.h"

PK_CMD("ls");

static const char help[] =
	"Usage: ls [OPTION]... [FILE]...\n"
	"List information about the FILEs (the current directory by default),\n"
	"sorted by name in byte order.\n\n"
	"  -a             do not ignore entries starting with .\n"
	"  -A             do not list implied . and ..\n"
	"  -C             list entries by columns\n"
	"  -d             list directories themselves, not their contents\n"
	"  -l             use a long listing format (times in UTC)\n"
	"  -n             like -l, but list numeric user and group IDs\n"
	"  -R             list subdirectories recursively\n"
	"  -w COLS        assume the screen is COLS wide\n"
	"  -1             list one file per line\n"
	"      --help     display this help and exit\n"
	"      --version  output version information and exit\n\n"
	"Exit status: 0 if OK, 1 for minor problems (e.g. a subdirectory that\n"
	"cannot be read), 2 for serious trouble (e.g. a missing operand).\n";

struct ent {
	const char *name;       /* as given or as read */
	const char *link;       /* symlink target with -l */
	u32 mode, nlink, uid, gid, rmaj, rmin;
	u64 size, blocks;
	s64 mtime;
	u8 have;                /* stat succeeded */
};

static int all, almost, dirself, longf, numeric, recursive, columns = -1, width = 80, status;
static s64 now;
static struct out *O = &pk_out;

/* ---- memory: a growing arena of mmap'd chunks ---- */
static char *arena; static size_t arena_left;
static void *alloc(size_t n)
{
	n = (n + 7) & ~(size_t)7;
	if (n > arena_left) {
		size_t sz = n > (4u << 20) ? n : (4u << 20);
		long p = sys_mmap(0, sz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (mmap_error(p)) { pk_err("memory", (int)p); out_flush(O); sys_exit_group(2); }
		arena = (char *)p; arena_left = sz;
	}
	void *r = arena;
	arena += n; arena_left -= n;
	return r;
}
static char *dup(const char *s, size_t n) { char *d = alloc(n + 1); memcpy(d, s, n); d[n] = 0; return d; }

/* ---- messages: ls: cannot access 'x': reason ---- */
static void fail(const char *what, const char *name, int e, int st)
{
	char t[24];
	out_flush(O);
	pk_msg_arg(what, name, 1, pk_strerror(e, t));   /* a path past PATH_MAX whole, as GNU */
	if (status < st) status = st;
}

/* ---- sorting: entry pointers by name bytes ---- */
static int name_after(const struct ent *x, const struct ent *y) { return strcmp(x->name, y->name) > 0; }
PK_MSORT(msort, struct ent *, name_after)

/* the status of path (in dfd) into e; 0 or -errno */
static int fill(struct ent *e, int dfd, const char *path, int follow)
{
	struct k_statx x;
	long r = pk_statx(dfd, path, follow ? 0 : AT_SYMLINK_NOFOLLOW, &x);
	if (r) { e->have = 0; return (int)r; }
	e->mode = x.stx_mode; e->nlink = x.stx_nlink; e->uid = x.stx_uid; e->gid = x.stx_gid;
	e->size = x.stx_size; e->blocks = x.stx_blocks; e->mtime = x.stx_mtime.tv_sec;
	e->rmaj = x.stx_rdev_major; e->rmin = x.stx_rdev_minor;
	e->have = 1;
	if (longf && (e->mode & S_IFMT) == S_IFLNK) {
		char t[4096];
		long n = sys_readlinkat(dfd, path, t, sizeof t - 1);
		e->link = n >= 0 ? dup(t, (size_t)n) : 0;
	}
	return 0;
}

/* ---- output ---- */
static const char *const months[12] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

static void spaces(int n) { while (n-- > 0) out_char(O, ' '); }
static void right(const char *s, int n, int w) { spaces(w - n); out_write(O, s, (size_t)n); }
static int idtext(char *o, int group, u32 id)
{
	const char *name = numeric ? 0 : pk_id_name(group, id);
	if (!name) return fmt_u32(o, id);
	int n = (int)strlen(name); memcpy(o, name, (size_t)n); return n;
}

static void long_list(struct ent **v, size_t n, int total)
{
	int wl = 0, wu = 0, wg = 0, ws = 0, wmaj = 0, wmin = 0;
	u64 blocks = 0;
	char t[40];
	for (size_t i = 0; i < n; i++) {
		struct ent *e = v[i];
		if (!e->have) continue;
		int k;
		blocks += e->blocks;
		if ((k = fmt_u32(t, e->nlink)) > wl) wl = k;
		if ((k = idtext(t, 0, e->uid)) > wu) wu = k;
		if ((k = idtext(t, 1, e->gid)) > wg) wg = k;
		u32 type = e->mode & S_IFMT;
		if (type == S_IFCHR || type == S_IFBLK) {
			if ((k = fmt_u32(t, e->rmaj)) > wmaj) wmaj = k;
			if ((k = fmt_u32(t, e->rmin)) > wmin) wmin = k;
		} else if ((k = fmt_u64(t, e->size)) > ws) ws = k;
	}
	if (wmaj && wmaj + 2 + wmin > ws) ws = wmaj + 2 + wmin;
	if (total) { out_str(O, "total "); out_u64(O, (blocks + 1) / 2); out_char(O, '\n'); }
	for (size_t i = 0; i < n; i++) {
		struct ent *e = v[i];
		if (!e->have) continue;
		fmt_mode(t, e->mode);
		out_write(O, t, 10); out_char(O, ' ');
		right(t, fmt_u32(t, e->nlink), wl); out_char(O, ' ');
		/* names are left-aligned, numbers right-aligned, as GNU does */
		for (int g = 0; g < 2; g++) {
			u32 id = g ? e->gid : e->uid;
			int w = g ? wg : wu, k = idtext(t, g, id);
			if (numeric || !pk_id_name(g, id)) { right(t, k, w); out_char(O, ' '); }
			else { out_write(O, t, (size_t)k); spaces(w - k + 1); }
		}
		u32 type = e->mode & S_IFMT;
		if (type == S_IFCHR || type == S_IFBLK) {
			spaces(ws - (wmaj + 2 + wmin));
			right(t, fmt_u32(t, e->rmaj), wmaj); out_str(O, ", ");
			right(t, fmt_u32(t, e->rmin), wmin);
		} else right(t, fmt_u64(t, e->size), ws);
		struct tm_utc tm;
		utc_time(e->mtime, &tm);
		out_char(O, ' '); out_str(O, months[tm.mon - 1]); out_char(O, ' ');
		right(t, fmt_u32(t, (u32)tm.mday), 2); out_char(O, ' ');
		/* recent: within the last six months (half of 365.2425 days), not in the future */
		if (e->mtime <= now && now - e->mtime < 31556952 / 2) {
			char hm[5] = { (char)('0' + tm.hour / 10), (char)('0' + tm.hour % 10), ':',
				       (char)('0' + tm.min / 10), (char)('0' + tm.min % 10) };
			out_write(O, hm, 5);
		} else {
			out_char(O, ' ');
			int k = tm.year < 0 ? 0 : fmt_u32(t, (u32)tm.year);
			out_write(O, t, (size_t)k);
		}
		out_char(O, ' ');
		out_str(O, e->name);
		if (e->link) { out_str(O, " -> "); out_str(O, e->link); }
		out_char(O, '\n');
	}
}

/* GNU's indent(): tabs to tab stops of 8, then spaces */
static void indent(size_t from, size_t to)
{
	while (from < to) {
		if (to / 8 > (from + 1) / 8) { out_char(O, '\t'); from += 8 - from % 8; }
		else { out_char(O, ' '); from++; }
	}
}

/* GNU's column fitting: the most columns whose widths fit the line */
static void column_list(struct ent **v, size_t n)
{
	if (!n) return;
	size_t maxc = (size_t)width / 3 ? (size_t)width / 3 : 1, cols;
	if (maxc > n) maxc = n;
	size_t *len = alloc(n * sizeof *len), *w = alloc(maxc * (maxc + 1) / 2 * sizeof *w), *line = alloc(maxc * sizeof *line);
	u8 *ok = alloc(maxc);
	memset(w, 0, maxc * (maxc + 1) / 2 * sizeof *w);
	for (size_t i = 0; i < maxc; i++) { line[i] = (i + 1) * 3; ok[i] = 1; }
	/* w for i+1 columns starts at index i*(i+1)/2; every column starts at 3 wide */
	for (size_t i = 0; i < maxc; i++) for (size_t c = 0; c <= i; c++) w[i * (i + 1) / 2 + c] = 3;
	for (size_t f = 0; f < n; f++) {
		len[f] = strlen(v[f]->name);
		for (size_t i = 0; i < maxc; i++) {
			if (!ok[i]) continue;
			size_t rows = (n + i) / (i + 1), idx = f / rows;
			size_t real = len[f] + (idx == i ? 0 : 2), *cw = &w[i * (i + 1) / 2 + idx];
			if (*cw < real) {
				line[i] += real - *cw;
				*cw = real;
				ok[i] = line[i] < (size_t)width;
			}
		}
	}
	for (cols = maxc; cols > 1 && !ok[cols - 1]; cols--) {}
	size_t rows = (n + cols - 1) / cols, *cw = &w[(cols - 1) * cols / 2];
	for (size_t r = 0; r < rows; r++) {
		size_t pos = 0;
		for (size_t c = 0, f = r;; c++) {
			out_str(O, v[f]->name);
			size_t mx = cw[c];
			f += rows;
			if (f >= n) break;
			indent(pos + len[f - rows], pos + mx);
			pos += mx;
		}
		out_char(O, '\n');
	}
}

static void show(struct ent **v, size_t n, int total)
{
	if (longf) long_list(v, n, total);
	else if (columns) column_list(v, n);
	else for (size_t i = 0; i < n; i++) { out_str(O, v[i]->name); out_char(O, '\n'); }
}

/* ---- directories ---- */
static int printed;
static void list_dir(const char *path, int header, int top)
{
	long fd = sys_open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) { fail("cannot open directory ", path, (int)fd, top ? 2 : 1); return; }
	static char *buf;
	enum { BUF = 256 * 1024 };
	if (!buf) buf = alloc(BUF);
	size_t cap = 1024, n = 0;
	struct ent **v = alloc(cap * sizeof *v);
	for (;;) {
		long got = sys_getdents64((int)fd, buf, BUF);
		if (got == -EINTR) continue;
		if (got < 0) { fail("reading directory ", path, (int)got, top ? 2 : 1); break; }
		if (!got) break;
		for (long off = 0; off < got;) {
			struct k_dirent64 *d = (void *)(buf + off);
			off += d->d_reclen;
			const char *nm = d->d_name;
			if (nm[0] == '.' && !all && (!almost || !nm[1] || (nm[1] == '.' && !nm[2]))) continue;
			if (n == cap) {                 /* grow: the old array stays in the arena */
				struct ent **nv = alloc(cap * 2 * sizeof *nv);
				memcpy(nv, v, n * sizeof *v);
				v = nv; cap *= 2;
			}
			struct ent *e = alloc(sizeof *e);
			memset(e, 0, sizeof *e);
			e->name = dup(nm, strlen(nm));
			e->mode = (u32)d->d_type << 12;  /* DT_* is the S_IF* type >> 12 */
			v[n++] = e;
		}
	}
	if (longf || recursive)
		for (size_t i = 0; i < n; i++)
			if (longf || v[i]->mode == S_IFDIR || !v[i]->mode) {
				u32 dt = v[i]->mode;
				int err = fill(v[i], (int)fd, v[i]->name, 0);
				if (err) {
					if (longf) fail("cannot access ", v[i]->name, err, 1);
					v[i]->mode = dt;
				}
			}
	sys_close((int)fd);
	msort(v, alloc(n * sizeof *v), n);
	if (header) {
		if (printed) out_char(O, '\n');
		out_str(O, path); out_str(O, ":\n");
	}
	printed = 1;
	show(v, n, 1);
	if (!recursive) return;
	size_t pl = strlen(path);
	for (size_t i = 0; i < n; i++) {
		const char *nm = v[i]->name;
		if ((v[i]->mode & S_IFMT) != S_IFDIR || (nm[0] == '.' && (!nm[1] || (nm[1] == '.' && !nm[2])))) continue;
		size_t l = strlen(nm);
		char *sub = alloc(pl + l + 2);
		memcpy(sub, path, pl);
		size_t k = pl;
		if (!pl || path[pl - 1] != '/') sub[k++] = '/';
		memcpy(sub + k, nm, l + 1);
		list_dir(sub, 1, 0);
	}
}

/* a width (-w, COLUMNS): digits, less than 10^6; -1 if not */
static int cols(const char *s)
{
	static u64 v;   /* static: a local whose address is taken costs a stack canary */
	return opt_num(s, &v) || v >= 1000000 ? -1 : (int)v;
}

int main(int argc, char **argv)
{
	static const struct longopt lo[] = { { "all", 0, 'a' }, { "almost-all", 0, 'A' }, { "directory", 0, 'd' },
		{ "recursive", 0, 'R' }, { "numeric-uid-gid", 0, 'n' }, { "width", 1, 'w' },
		{ "help", 0, OPT_HELP }, { "version", 0, OPT_VERSION }, { 0, 0, 0 } };
	struct opt o;
	int c;
	opt_init(&o, argc, argv, "aAdlnRw:1C", lo);
	struct k_winsize ws;
	int tty = sys_ioctl(1, TIOCGWINSZ, &ws) == 0;
	if (tty && ws.ws_col) width = ws.ws_col;
	else for (char **e = pk_envp; *e; e++)
		if (!memcmp(*e, "COLUMNS=", 8) && (c = cols(*e + 8)) > 0) width = c;
	while ((c = opt_get(&o)) != -1) {
		if (opt_std(c, help)) return 0;
		switch (c) {
		case 'a': all = 1; almost = 0; break;
		case 'A': almost = 1; all = 0; break;
		case 'd': dirself = 1; break;
		case 'l': longf = 1; columns = 0; break;
		case 'n': longf = numeric = 1; columns = 0; break;
		case 'R': recursive = 1; break;
		case '1': columns = 0; break;
		case 'C': columns = 1; longf = 0; break;
		case 'w':
			if ((c = cols(o.arg)) < 0) {
				pk_msg_arg("invalid line width: ", o.arg, 1, 0);
				return 2;
			}
			width = c ? c : 0x7fffffff;
			break;
		default: return opt_fail(&o, c, 2);
		}
	}
	if (columns < 0) columns = tty;
	now = (s64)(now_ns(CLOCK_REALTIME) / 1000000000u);
	if (!o.nop) o.av[o.nop++] = ".";
	/* operands: files (and with -d, directories) first, then each directory */
	struct ent **files = alloc((size_t)o.nop * sizeof *files), **dirs = alloc((size_t)o.nop * sizeof *dirs);
	size_t nf = 0, nd = 0;
	for (int i = 0; i < o.nop; i++) {
		struct ent *e = alloc(sizeof *e);
		memset(e, 0, sizeof *e);
		e->name = o.av[i];
		/* without -l, -d or -F, a symlink operand is followed, as GNU does */
		int err = fill(e, AT_FDCWD, e->name, !(longf || dirself));
		if (err == -ENOENT && !(longf || dirself)) err = fill(e, AT_FDCWD, e->name, 0); /* a dangling link (a loop is an error, as GNU's) */
		if (err) { fail("cannot access ", e->name, err, 2); continue; }
		if (!dirself && (e->mode & S_IFMT) == S_IFDIR) dirs[nd++] = e;
		else files[nf++] = e;
	}
	msort(files, alloc(nf * sizeof *files), nf);
	msort(dirs, alloc(nd * sizeof *dirs), nd);
	if (nf) { show(files, nf, 0); printed = 1; }
	for (size_t i = 0; i < nd; i++) list_dir(dirs[i]->name, o.nop > 1 || recursive, 1);
	int e = out_flush(O);
	if (e) {                                   /* GNU ls: status 2 */
		pk_write_error(e);
		O->err = 0;
		return 2;
	}
	return status;
}
