/* ids.c - user and group names from /etc/passwd and /etc/group, each file
 * read once, the last answers cached (ls -l asks for the same few ids). */
#include "rt.h"
#include "sys.h"
#include "opt.h"

struct idfile { const char *path; char *buf; size_t len; int loaded; u32 cid[8]; char cname[8][33]; u8 cset, next; };
static struct idfile files[2] = { { "/etc/passwd", 0, 0, 0, {0}, {{0}}, 0, 0 }, { "/etc/group", 0, 0, 0, {0}, {{0}}, 0, 0 } };

static void load(struct idfile *f)
{
	f->loaded = 1;
	long fd = sys_open(f->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) return;
	struct k_stat64 st;
	if (sys_fstat((int)fd, &st) == 0 && st.st_size > 0 && st.st_size < (1 << 24)) {
		size_t cap = (size_t)st.st_size + 1;
		long p = sys_mmap(0, cap, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (mmap_error(p)) { sys_close((int)fd); return; }
		f->buf = (char *)p;
		while (f->len < cap) {
			long n = sys_read((int)fd, f->buf + f->len, cap - f->len);
			if (n == -EINTR) continue;
			if (n <= 0) break;
			f->len += (size_t)n;
		}
	}
	sys_close((int)fd);
}

/* the name for id (group = 0: user, 1: group), or 0 when the file has none */
const char *pk_id_name(int group, u32 id)
{
	struct idfile *f = &files[group != 0];
	for (int i = 0; i < 8; i++)
		if ((f->cset >> i & 1) && f->cid[i] == id) return f->cname[i];
	if (!f->loaded) load(f);
	size_t n;
	const char *name = f->buf ? id_lookup(f->buf, f->len, id, &n) : 0;
	if (!name || n > 32) return 0;               /* absurd names print as numbers */
	int slot = f->next++ & 7;
	memcpy(f->cname[slot], name, n); f->cname[slot][n] = 0;
	f->cid[slot] = id; f->cset |= (u8)(1 << slot);
	return f->cname[slot];
}

/* the number at the start of a passwd field (it ends at ':') */
static u32 field_num(const char *q)
{
	u32 v = 0;
	for (; *q >= '0' && *q <= '9'; q++) v = v * 10 + (u32)(*q - '0');
	return v;
}

/* the uid and gid of a user named NAME, or given as a number (the gid from
   its /etc/passwd line, else the same number); -1 if there is no such user */
int pk_user_ids(const char *name, u32 *uid, u32 *gid)
{
	struct idfile *f = &files[0];
	u64 v;
	int numeric = !opt_num(name, &v) && v < 1000000000;   /* a uid of up to 9 digits */
	size_t nl = strlen(name);
	if (!f->loaded) load(f);
	for (const char *l = f->buf, *end = f->buf + f->len; l && l < end; ) {   /* name:x:uid:gid:... */
		const char *e = l, *fld[4];
		int k = 0;
		while (e < end && *e != '\n') e++;
		for (const char *q = l; q < e && k < 4; q++) if (q == l || q[-1] == ':') fld[k++] = q;
		if (k == 4) {
			u32 u = field_num(fld[2]), g = field_num(fld[3]);
			if (numeric ? u == v : ((size_t)(fld[1] - l) == nl + 1 && !memcmp(l, name, nl))) { *uid = u; *gid = g; return 0; }
		}
		l = e + 1;
	}
	if (!numeric) return -1;
	*uid = *gid = (u32)v;
	return 0;
}
