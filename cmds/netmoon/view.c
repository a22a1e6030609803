/* view.c - what the user sees: the live full-screen table (alternate
 * screen, raw keys, rows clipped to the terminal), the batch text tables
 * of -b and -r, and the periodic "update" records of --json -I. Every
 * writer takes the buffer it writes to: the screen is built line by line
 * in nm.view.line, then copied out clipped. */
#include "rt.h"
#include "sys.h"
#include "sort.h"
#include "netmoon.h"

static const char *const sort_name[SORT_N] = { "rate", "total", "age", "rtt", "loss", "name", "process" };
static const char *const kind_name[NM_KINDS] = { "non-IP", "TCP", "UDP", "ICMP", "other IP" };

/* ---- the order of the rows ---- */
/* the RTT a row shows: the latest smoothed ACK RTT, else the handshake's */
static u32 conn_rtt(const struct conn *c) { return c->srtt_us != RTT_NONE ? c->srtt_us : c->rtt_us; }

/* connection i's name (its server's: README, "Names"), 0 without one */
static const char *name_of(u32 i, u32 *len)
{
	if (i == NONE) return 0;
	const struct conn *c = &nm.table.c[i];
	return conn_name(c, conn_names(&nm.table, c), len);
}
/* the connection whose name row c shows: itself, or a server's row's
   (grouped) first named connection, which row_conn keeps in its next */
static u32 name_src(const struct conn *c)
{
	u32 len;
	return nm.view.group ? c->next : name_of((u32)(c - nm.table.c), &len) ? (u32)(c - nm.table.c) : NONE;
}

/* the connection whose process row c shows: itself; a group's first
   (row_conn: its newer) when the group is one process's (a process's
   row, or a host's whose connections are all one process's: its older,
   how many processes, is 1); NONE when it is several's */
static u32 own_src(const struct conn *c)
{
	const struct view *v = &nm.view;
	if (!v->group) return (u32)(c - nm.table.c);
	return v->group == GROUP_PROC || c->older == 1 ? c->newer : NONE;
}
/* connection i's process (its local end's), 0 for none known */
static const struct own_end *own_of(u32 i) { return i == NONE ? 0 : owner_local(i); }

static u64 sortkey(const struct conn *c)
{
	const struct view *v = &nm.view;
	switch (v->sort_by) {
	case SORT_RATE: return (u64)c->rate[0] + c->rate[1];
	case SORT_TOTAL: return c->d[0].bytes + c->d[1].bytes;
	case SORT_RTT: return conn_rtt(c) == RTT_NONE ? 0 : (u64)conn_rtt(c) + 1;
	case SORT_LOSS: return conn_loss_permille(c);
	case SORT_NAME:     /* a process's row by address: its one host's connection, NONE for several */
		if (NM_OWNERS && v->group == GROUP_PROC && !v->names) return c->older > 1 ? NONE : c->newer;
		return name_src(c);
	case SORT_PROC: return NM_OWNERS ? own_src(c) : 0;
	default: return ~c->first;
	}
}

/* grouped rows: connections to one server host */
static int host_cmp(u32 x, u32 y)
{
	const struct conn *a = &nm.table.c[x], *b = &nm.table.c[y];
	return a->v6 != b->v6 ? a->v6 - b->v6 : memcmp(a->b, b->b, 16);
}
/* or of one process (its pid; none known: one group, last) */
static int proc_cmp(u32 x, u32 y)
{
	const struct own_end *a = own_of(x), *b = own_of(y);
	u32 p = a ? a->pid : NONE, q = b ? b->pid : NONE;
	return (p > q) - (p < q);
}
/* the order that makes groups: by host, then process; or by process, then
   host (the second key's changes within a group count its processes or
   hosts, row_conn) */
static int group_cmp(u32 x, u32 y)
{
	int h = host_cmp(x, y), p = proc_cmp(x, y);
	return nm.view.group == GROUP_PROC ? (p ? p : h) : h ? h : p;
}
/* are connections x and y in one group (the group's key), or of one
   process (or host) within it (the second key)? */
static int same_key(u32 x, u32 y, int second)
{
	return !((nm.view.group == GROUP_PROC) != second ? proc_cmp(x, y) : host_cmp(x, y));
}

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }
/* two names' bytes in any case */
static int text_cmp(const char *a, u32 la, const char *b, u32 lb)
{
	for (u32 i = 0; i < la && i < lb; i++) {
		int p = lower((u8)a[i]), q = lower((u8)b[i]);
		if (p != q) return p - q;
	}
	return (int)la - (int)lb;
}
/* by name: named rows first, by their names' bytes in any case; the
   names of the rows' key (name_src) */
static int name_cmp(u32 x, u32 y)
{
	u32 lx = 0, ly = 0;
	const char *a = name_of((u32)nm.view.key[x], &lx), *b = name_of((u32)nm.view.key[y], &ly);
	if (!a || !b) return !a - !b;
	return text_cmp(a, lx, b, ly);
}
/* by process: the keys' (own_src) comm in any case, then pid; rows of
   no one process known (un: which) last */
static int own_cmp(u64 x, u64 y, int *un)
{
	const struct own_end *a = own_of((u32)x), *b = own_of((u32)y);
	if (!a || !b) { *un = !a - !b; return 0; }
	int d = text_cmp(a->comm, (u32)strlen(a->comm), b->comm, (u32)strlen(b->comm));
	return d ? d : (a->pid > b->pid) - (a->pid < b->pid);
}

/* does connection x come after y? into groups while grouping; else the
   biggest key first, or smallest (r); by name (the SERVER column as
   shown: the name, else the address) or process (comm, pid) A to Z, or
   Z to A, rows without one last, ties kept in order (a group's rows
   together by their key) */
static int row_after(u32 x, u32 y)
{
	struct view *v = &nm.view;
	if (v->grouping) return group_cmp(x, y) > 0;
	u64 a = v->key[x], b = v->key[y];
	if (v->sort_by == SORT_NAME || v->sort_by == SORT_PROC) {
		int un = 0, d;
		int bykey = NM_OWNERS && v->group == GROUP_PROC;    /* a process's row: its host's connection, the key */
		if (NM_OWNERS && v->sort_by == SORT_PROC) d = own_cmp(a, b, &un);
		else {
			if (v->names || bykey) un = (a == NONE) - (b == NONE);      /* unnamed last, either way */
			d = v->names ? name_cmp(x, y) : !bykey ? host_cmp(x, y) : un || a == NONE ? 0 : host_cmp((u32)a, (u32)b);
		}
		if (un || d) return un ? un > 0 : v->reverse ? d < 0 : d > 0;
		return v->group && a > b;
	}
	return v->reverse ? a > b : a < b;
}
PK_MSORT(sort_rows, u32, row_after)

/* row i: a connection, or a group's connections summed in s (its hash: how
   many; its first: the oldest's; its next: the first named one, NONE, and
   for a process's row NONE when it talks to several hosts; its newer: the
   first connection; its older: how many processes, for a process's row
   hosts, it has, a process unknown counted as one) */
static const struct conn *row_conn(u32 i, u32 rows, struct conn *s)
{
	struct view *v = &nm.view;
	if (!v->group) return &nm.table.c[v->order[i]];
	u32 from = v->tmp[i], to = i + 1 < rows ? v->tmp[i + 1] : v->members;
	u32 len;
	*s = nm.table.c[v->order[from]];
	s->hash = to - from;
	s->rtt_us = s->srtt_us = RTT_NONE;
	s->next = NONE;
	s->newer = v->order[from];
	s->older = 1;
	for (u32 j = from; j < to; j++) if (name_of(v->order[j], &len)) { s->next = v->order[j]; break; }
	while (++from < to) {
		const struct conn *c = &nm.table.c[v->order[from]];
		if (c->first < s->first) s->first = c->first;
		for (int k = 0; k < 2; k++) {
			s->rate[k] += c->rate[k]; s->d[k].bytes += c->d[k].bytes;
			s->d[k].pkts += c->d[k].pkts; s->d[k].retrans += c->d[k].retrans;
		}
		if (NM_OWNERS) s->older += !same_key(v->order[from - 1], v->order[from], 1);
	}
	if (NM_OWNERS && v->group == GROUP_PROC && s->older > 1) s->next = NONE;
	return s;
}

/* grouped: where each group's connections start in order (tmp); how many groups */
static u32 groups(void)
{
	struct view *v = &nm.view;
	u32 g = 0;
	for (u32 j = 0; j < v->members; j++) if (!j || !same_key(v->order[j - 1], v->order[j], 0)) v->tmp[g++] = j;
	return g;
}

/* the rows, in order: the connections the display filter takes, or one
   row per group (each group's connections sorted by the key of their sums,
   then kept together by the stable sort); how many */
static u32 collect(void)
{
	struct view *v = &nm.view;
	struct conn s;
	u32 n = 0, *order = v->order;
	for (u32 i = table_first(&nm.table); i != NONE; i = table_next(&nm.table, i))
		if (!v->nfprog || conn_match(&nm.table.c[i], nm.fprog)) { order[n++] = i; v->key[i] = sortkey(&nm.table.c[i]); }
	v->members = n;
	for (u32 j = 0; NM_OWNERS && !v->owned && j < n; j++) v->owned = owner_local(order[j]) != 0;
	if (v->group) {
		v->grouping = 1; sort_rows(order, v->tmp, n); v->grouping = 0;
		u32 g = groups();
		for (u32 i = 0; i < g; i++) {
			u64 k = sortkey(row_conn(i, g, &s));
			for (u32 j = v->tmp[i]; j < v->tmp[i] + s.hash; j++) v->key[order[j]] = k;
		}
	}
	sort_rows(order, v->tmp, n);
	return v->group ? groups() : n;
}

/* ---- the parts of a row ---- */
/* what a shortened name or process ends with: one cell */
static const char *ell(void) { return nm.view.tty_out && nm.view.utf8 ? "\xe2\x80\xa6" : "~"; }

/* n and what it counts: "1 conn", "3 conns" */
static int count_text(char *o, u32 n, const char *what)
{
	int k = fmt_u32(o, n), w = (int)strlen(what);
	o[k++] = ' ';
	memcpy(o + k, what, (size_t)w);
	return k + w - (n == 1);
}

/* a row's client (server 0) or server: address, and the port for TCP and
   UDP (ICMP and others: none); the server's name in place of its address
   when it has one and names are shown, in at most ncap cells; grouped,
   how many connections, and the server's host (or name) alone, or for a
   process's row of several hosts how many */
static int endpoint(char *o, const struct conn *c, int server)
{
	struct view *v = &nm.view;
	int n = 0, g = v->group, v6 = c->v6, ports = c->proto == IPPROTO_TCP || c->proto == IPPROTO_UDP;
	u32 len;
	const char *name = server && v->names ? name_of(name_src(c), &len) : 0;
	if (g && !server) return count_text(o, c->hash, "conns");
	if (NM_OWNERS && g == GROUP_PROC && c->older > 1) return count_text(o, c->older, "hosts");
	if (name) n = (int)name_fit(o, name, len, (u32)v->ncap, ell());
	else {
		if (g) return fmt_addr(o, c->b, v6);
		if (v6 && ports) o[n++] = '[';
		n += fmt_addr(o + n, server ? c->b : c->a, v6);
		if (v6 && ports) o[n++] = ']';
	}
	if (g || !ports) return n;
	o[n++] = ':';
	return n + fmt_u32(o + n, server ? c->bp : c->ap);
}

/* the STATE column: TCP's state; for other flows the protocol (as
   --json's "proto", upper case) */
static int state_text(char *o, const struct conn *c)
{
	const char *pn = proto_name(c->proto), *s = c->proto == IPPROTO_TCP ? st_name[c->state] : pn ? pn : "IP ";
	int n = (int)strlen(s);
	memcpy(o, s, (size_t)n);
	if (c->proto == IPPROTO_TCP) return n;
	if (!pn) return n + fmt_u32(o + n, c->proto);
	for (int i = 0; i < n; i++) if (o[i] >= 'a') o[i] = (char)(o[i] - 32);   /* upper case */
	return n;
}

static int rtt_text(char *o, u32 us)
{
	if (us == RTT_NONE) { o[0] = '-'; return 1; }
	int n;
	if (us < 1000) { n = fmt_u32(o, us); memcpy(o + n, "us", 2); return n + 2; }
	u32 t = us < 10000000 ? us / 100 : us / 100000;   /* tenths of ms, or of s */
	n = fmt_u32(o, t / 10); o[n++] = '.'; o[n++] = (char)('0' + t % 10);
	memcpy(o + n, us < 10000000 ? "ms" : "s ", 2);
	return n + 2;
}

static void human(struct out *o, u64 v, const char *suffix)
{
	char t[40];
	out_write(o, t, (size_t)fmt_human(t, v));
	if (suffix) out_str(o, suffix);
}

static void spaces(struct out *o, int n)
{
	static const char sp[] = "                                ";   /* 32 */
	for (; n > 0; n -= 32) out_write(o, sp, (size_t)(n < 32 ? n : 32));
}
/* the cells of len bytes of text: UTF-8 continuation bytes take none */
static int cells(const char *s, int len)
{
	int n = 0;
	for (int i = 0; i < len; i++) n += (s[i] & 0xc0) != 0x80;
	return n;
}
static void pad(struct out *o, const char *s, int len, int width, int right)
{
	width -= cells(s, len);
	if (right) spaces(o, width);
	out_write(o, s, (size_t)len);
	if (!right) spaces(o, width);
}

/* loss as a percentage with one decimal */
static int loss_text(char *o, u32 permille)
{
	int n = fmt_u32(o, permille / 10);
	o[n++] = '.'; o[n++] = (char)('0' + permille % 10); o[n++] = '%';
	return n;
}

/* the PROCESS column: a row's process, comm/pid in at most PROC_CELLS
   cells (comm cut at its end); a host's row of several processes, how
   many; the row of connections of no process known, "unknown" (a
   connection's: nothing) */
enum { PROC_CELLS = 20 };
static int proc_text(char *o, const struct conn *c)
{
	const struct own_end *e = own_of(own_src(c));
	if (e) return (int)own_fit(o, e->comm, e->pid, PROC_CELLS, ell());
	if (nm.view.group == GROUP_HOST && c->older > 1) return count_text(o, c->older, "procs");
	if (nm.view.group != GROUP_PROC) return 0;
	memcpy(o, "unknown", 7);
	return 7;
}

/* the columns after CLIENT > SERVER. IFACE only once more than one
   interface was seen, as wide as the longest name; PROCESS once a row of a
   known process was shown (or the rows are processes'), as wide as its
   widest: a capture of others' traffic (a router's) is not narrowed by a
   column of nothing. On a narrow screen they go in the order of drop_order
   (the README's "Live view"): PROCESS last, as it is what the view is
   watched for once processes are named, and never while the rows are
   processes (it names them) */
enum { COL_IFACE, COL_STATE, COL_RTT, COL_LOSS, COL_OUT, COL_IN, COL_TOTAL, COL_PROC, NCOL };
static const struct { const char *title; u8 width, right; } col[NCOL] = {
	{ "IFACE", 5, 0 }, { "STATE", 11, 0 }, { "RTT", 7, 1 }, { "LOSS", 6, 1 }, { "RATE OUT", 12, 1 },
	{ "RATE IN", 12, 1 }, { "TOTAL", 10, 1 }, { "PROCESS", 7, 0 } };
static const u8 drop_order[] = { COL_IFACE, COL_STATE, COL_TOTAL, COL_LOSS, COL_IN, COL_RTT, COL_PROC };

/* a table's layout, worked out once for its rows: the widest client,
   server and interface of rows [from, to), and which columns fit in width
   (0: all); all: the columns there are. Names take up to NAME_CELLS cells;
   on a screen too narrow for all, they shrink first (to NAME_MIN: a
   shortened name keeps its ends, a hidden column shows nothing), then
   columns go */
enum { NAME_CELLS = 32, NAME_MIN = 16 };
struct layout { int wsrc, wdst, width, used, wif, wproc; u32 shown, all; };
static int cwidth(const struct layout *L, int k) { return k == COL_IFACE ? L->wif : k == COL_PROC ? L->wproc : col[k].width; }
static struct layout layout(u32 from, u32 to, u32 rows, int width)
{
	char t[64];
	struct conn s;
	struct view *v = &nm.view;
	u32 all = ((1u << NCOL) - 1) & ~(nm.cap.nseen > 1 ? 0 : 1u << COL_IFACE), len;
	struct layout L;
	int w;
	if (!NM_OWNERS || !(v->owned || v->group == GROUP_PROC)) all &= ~(1u << COL_PROC);
	v->ncap = NAME_CELLS;
	for (;;) {
		int wname = 0;
		L = (struct layout){ 6, v->tty_out && v->sort_by == SORT_NAME ? 8 : 6, width, 0, 5,
				     v->tty_out && v->sort_by == SORT_PROC ? 9 : 7, all, all };
		for (u32 i = from; i < to; i++) {
			const struct conn *c = row_conn(i, rows, &s);
			int a = endpoint(t, c, 0), b = endpoint(t, c, 1);
			int f = all >> COL_IFACE & 1 ? (int)strlen(capture_ifname((int)c->ifindex)) : 0;
			b = cells(t, b);
			int p = NM_OWNERS && all >> COL_PROC & 1 ? proc_text(t, c) : 0;
			p = cells(t, p);
			if (p > L.wproc) L.wproc = p;
			if (a > L.wsrc) L.wsrc = a;
			if (b > L.wdst) L.wdst = b;
			if (f > L.wif) L.wif = f;
			if (v->names && name_of(name_src(c), &len) && (int)len > wname) wname = (int)len;
		}
		w = L.wsrc + 3 + L.wdst;
		for (int k = 0; k < NCOL; k++) if (all >> k & 1) w += 1 + cwidth(&L, k);
		if (!width || w <= width || v->ncap <= NAME_MIN || !wname) break;
		v->ncap = (wname < v->ncap ? wname : v->ncap) - (w - width);    /* smaller each time */
		if (v->ncap < NAME_MIN) v->ncap = NAME_MIN;
	}
	for (u32 i = 0; width && w > width && i < sizeof drop_order; i++) {
		if (!(L.shown >> drop_order[i] & 1) || (drop_order[i] == COL_PROC && v->group == GROUP_PROC)) continue;
		L.shown &= ~(1u << drop_order[i]);
		w -= 1 + cwidth(&L, drop_order[i]);
	}
	L.used = w;
	return L;
}

/* is column k the last shown and left-aligned (PROCESS)? it is not
   padded (no blanks at the end of -b's lines), but before a bar */
static int last_col(const struct layout *L, int k) { return !col[k].right && !(L->shown >> k >> 1); }

/* one row; bar > 0 draws a bandwidth bar of that many cells */
static void row(struct out *o, const struct conn *c, const struct layout *L, int bar, u64 maxrate)
{
	char s[64], d[64], t[40];
	int ns = endpoint(s, c, 0), nd = endpoint(d, c, 1);
	int width = L->width, used = L->used;
	pad(o, s, ns, L->wsrc, 0); out_str(o, bar && nm.view.utf8 ? " \xe2\x86\x92 " : " > "); pad(o, d, nd, L->wdst, 0);
	for (int k = 0; k < NCOL; k++) {
		if (!(L->shown & (1u << k))) continue;
		int n = 0, w = cwidth(L, k);
		switch (k) {
		case COL_IFACE: { const char *f = capture_ifname((int)c->ifindex); n = (int)strlen(f); memcpy(t, f, (size_t)n); break; }
		case COL_STATE: if (!nm.view.group) n = state_text(t, c); break;   /* a host's: none */
		case COL_RTT: n = rtt_text(t, conn_rtt(c)); break;
		case COL_LOSS:          /* TCP's: other flows have no sequence to lose */
			if (c->proto == IPPROTO_TCP || nm.view.group) n = loss_text(t, conn_loss_permille(c));
			else t[n++] = '-';
			break;
		case COL_OUT: case COL_IN:
			n = fmt_human(t, c->rate[k == COL_IN]); memcpy(t + n, "/s", 2); n += 2; break;
		case COL_TOTAL: n = fmt_human(t, c->d[0].bytes + c->d[1].bytes); break;
		case COL_PROC: if (NM_OWNERS) n = proc_text(t, c); break;
		}
		int trail = NM_OWNERS && !bar && last_col(L, k);    /* nothing after it: no blanks */
		if (trail && !n) break;
		out_char(o, ' '); pad(o, t, n, trail ? 0 : w, col[k].right);
	}
	if (bar > 0 && width - used > 4) {
		int cells = width - used - 2 < bar ? width - used - 2 : bar;
		u64 rate = (u64)c->rate[0] + c->rate[1];
		int full = maxrate ? (int)((rate * (u64)cells + maxrate - 1) / maxrate) : 0;
		out_str(o, "  ");
		for (int i = 0; i < cells; i++)
			out_str(o, nm.view.utf8 ? (i < full ? "\xe2\x96\x88" : "\xe2\x96\x91") : (i < full ? "#" : "."));
	}
}

/* the titles; live, the sorted columns marked v, or ^ reversed (ahead of
   a right-aligned title's padding; a left-aligned one's, PROCESS's, leads) */
static void titles(struct out *o, const struct layout *L)
{
	static const u8 sorted[SORT_N] = { 1 << COL_OUT | 1 << COL_IN, 1 << COL_TOTAL, 0, 1 << COL_RTT, 1 << COL_LOSS, 0,
					   1 << COL_PROC };
	struct view *v = &nm.view;
	int byname = v->tty_out && v->sort_by == SORT_NAME;      /* SERVER marked */
	pad(o, "CLIENT", 6, L->wsrc, 0); out_str(o, "   ");
	pad(o, byname ? (v->reverse ? "^ SERVER" : "v SERVER") : "SERVER", 6 + 2 * byname, L->wdst, 0);
	for (int k = 0; k < NCOL; k++)
		if (L->shown & (1u << k)) {
			int n = (int)strlen(col[k].title), w = cwidth(L, k);
			out_char(o, ' ');
			if (v->tty_out && sorted[v->sort_by] >> k & 1) {       /* the mark next to the title */
				const char *m = v->reverse ? "^ " : "v ";
				int right = !NM_OWNERS || col[k].right;     /* left-aligned: PROCESS */
				if (right) pad(o, m, 2, w - n, 1);
				else out_str(o, m);
				w = right ? n : w - 2;
			}
			pad(o, col[k].title, n, NM_OWNERS && last_col(L, k) ? 0 : w, col[k].right);
		}
}

/* packets and bytes of each kind of traffic, not only TCP */
static void kinds_line(struct out *o)
{
	for (int k = 1; k <= NM_KINDS; k++) {
		int kk = k % NM_KINDS;                  /* non-IP last */
		out_str(o, k == 1 ? "" : "  "); out_str(o, kind_name[kk]); out_char(o, ' ');
		out_u64(o, nm.table.kind_pkts[kk]); out_str(o, " pkts "); human(o, nm.table.kind_bytes[kk], 0);
	}
}

/* what is read: the file, the interface, or several */
static const char *where(void)
{
	const struct options *o = &nm.opt;
	return o->rfile ? o->rfile : o->niface == 1 ? o->iface[0] : o->niface ? "several interfaces" : "all interfaces";
}

/* ---- batch: -b, -r ---- */
void view_batch(void)
{
	struct out *o = &pk_out;
	struct table *t = &nm.table;
	struct conn s;
	u32 n = collect();
	struct layout L = layout(0, n, n, 0);
	out_str(o, "netmoon  "); out_str(o, where());
	out_str(o, "  flows "); out_u64(o, t->used);
	out_str(o, "  packets "); out_u64(o, t->pkts);
	out_str(o, "  bytes "); human(o, t->bytes, 0);
	if (t->evictions) { out_str(o, "  evicted "); out_u64(o, t->evictions); }
	if (t->unnamed) { out_str(o, "  unnamed "); out_u64(o, t->unnamed); }   /* the stream pool was full */
	out_char(o, '\n');
	kinds_line(o);
	out_char(o, '\n');
	titles(o, &L);
	out_char(o, '\n');
	for (u32 i = 0; i < n; i++) {
		row(o, row_conn(i, n, &s), &L, 0, 0);
		out_char(o, '\n');
	}
	out_char(o, '\n');
}

/* every -I: a batch table, or an "update" record per connection */
void view_tick(u64 now)
{
	table_tick(&nm.table, nm.opt.interval);
	if (nm.opt.json) {
		char b[JSON_MAX];
		struct own_json oj;
		for (u32 i = table_first(&nm.table); i != NONE; i = table_next(&nm.table, i))
			out_write(&pk_out, b, (size_t)fmt_json(b, &nm.table.c[i], conn_names(&nm.table, &nm.table.c[i]),
							       owner_json(i, &oj), "update", -1,
							       capture_ifname((int)nm.table.c[i].ifindex)));
	} else view_batch();
	nm.next_tick = now + nm.opt.interval;
}

/* ---- the live screen ---- */
/* is the locale's character set UTF-8? The first of LC_ALL, LC_CTYPE and
   LANG that is set and not empty says (as setlocale reads them) */
static int locale_utf8(void)
{
	static const char *const vars[] = { "LC_ALL=", "LC_CTYPE=", "LANG=" };
	for (u32 k = 0; k < 3; k++) {
		size_t n = strlen(vars[k]);
		for (char **e = pk_envp; e && *e; e++) {
			if (memcmp(*e, vars[k], n) || !(*e)[n]) continue;
			for (const char *s = *e + n; *s; s++) {      /* "UTF-8", "utf8", any case */
				if ((s[0] | 32) != 'u' || (s[1] | 32) != 't' || (s[2] | 32) != 'f') continue;
				if (s[3] == '8' || (s[3] == '-' && s[4] == '8')) return 1;
			}
			return 0;
		}
	}
	return 0;
}

void view_tty_open(void)
{
	static char lbuf[4096];             /* the storage of nm.view.line */
	struct view *v = &nm.view;
	struct k_termios tio;
	v->rows = 24; v->cols = 80;
	v->utf8 = locale_utf8();
	v->line = (struct out){ -1, 0, 0, sizeof lbuf, lbuf };
	v->tty_out = !nm.opt.batch && !nm.opt.json && !nm.opt.count_only
		     && sys_ioctl(1, TCGETS, &tio) == 0;
	if (!v->tty_out) return;
	view_winsize();
	if (sys_ioctl(0, TCGETS, &v->saved_tio) == 0) {
		tio = v->saved_tio;
		tio.c_lflag &= ~(u32)(ICANON | ECHO);
		tio.c_cc[VMIN] = 1; tio.c_cc[VTIME] = 0;
		if (sys_ioctl(0, TCSETS, &tio) == 0) v->raw_on = v->tty_in = 1;
	}
	write_all(1, "\033[?1049h\033[?25l\033[H\033[2J", 21);
	v->alt_on = 1;
}

void view_tty_restore(void)
{
	struct view *v = &nm.view;
	if (v->alt_on) { write_all(1, "\033[?25h\033[?1049l", 14); v->alt_on = 0; }
	if (v->raw_on) { sys_ioctl(0, TCSETS, &v->saved_tio); v->raw_on = 0; }
}

void view_winsize(void)
{
	struct k_winsize w;
	if (sys_ioctl(1, TIOCGWINSZ, &w) == 0 && w.ws_row && w.ws_col) {
		nm.view.rows = w.ws_row;
		nm.view.cols = w.ws_col;
	}
}

/* copy the line buffer to the screen, clipped to the terminal's width
   (UTF-8 lead bytes count as columns); in inverse video the rest of the
   row is filled */
static void line_copy(int inverse)
{
	struct out *l = &nm.view.line;
	u32 n = 0, col = 0, cols = nm.view.cols;
	while (n < l->len && col < cols) {
		n++;
		while (n < l->len && (l->buf[n] & 0xc0) == 0x80) n++;
		col++;
	}
	if (inverse) out_str(&pk_out, "\033[7m");
	out_write(&pk_out, l->buf, n);
	if (inverse) { for (; col < cols; col++) out_char(&pk_out, ' '); out_str(&pk_out, "\033[m"); }
	l->len = 0;
}
static void line_out(int inverse)
{
	line_copy(inverse);
	out_str(&pk_out, "\033[K\r\n");
}

static void status_line(struct out *o)
{
	struct view *v = &nm.view;
	out_str(o, "netmoon  "); out_str(o, where());
	out_str(o, "  flows "); out_u64(o, nm.table.used);
	out_str(o, "  "); out_u64(o, v->pps); out_str(o, " pkt/s  "); human(o, v->bps, "/s");
	out_str(o, "  drops "); if (!nm.cap.stats_off) out_u64(o, nm.cap.drops); else out_str(o, "n/a");
	out_str(o, "  evicted "); out_u64(o, nm.table.evictions);
	if (nm.table.unnamed) { out_str(o, "  unnamed "); out_u64(o, nm.table.unnamed); }
	if (v->paused) out_str(o, "  [PAUSED]");
}

/* all traffic over each window (the one shown in brackets), and its peak */
static void totals_line(struct out *o)
{
	static const char *const name[NWIN] = { "2s ", "10s ", "40s " };
	out_str(o, " all traffic");
	for (int w = 0; w < NWIN; w++) {
		int c = w == nm.view.win;
		out_str(o, c ? "  [" : "  "); out_str(o, name[w]);
		human(o, nm.table.trate[w], c ? "/s]" : "/s");
	}
	out_str(o, "  peak "); human(o, nm.table.peak, "/s");
}

/* the rows of the body: the screen less the three lines above and two below */
static u32 body_rows(void) { return nm.view.rows > 5 ? nm.view.rows - 5u : 1u; }

/* '?': every key, in place of the rows */
static void keys_help(struct out *l)
{
	static const char *const lines[] = {
#if NM_OWNERS
		" q quit   p, space pause   s sort: rate, total, age, rtt, loss, name, process   r reverse",
#else
		" q quit   p, space pause   s sort: rate, total, age, rtt, loss, name   r reverse",
#endif
		" j, k, arrows: a row   PgDn, PgUp: a page   Home, g: the first   End, G: the last page",
		" w, B rates over 2, 10, 40 s   h a row per server host   /, l filter the rows (host, port...)",
#if NM_OWNERS
		" o a row per process   n names or addresses   ? these keys (any key closes them)",
#else
		" n names or addresses   ? these keys (any key closes them)",
#endif
	};
	for (u32 i = 0; i < sizeof lines / sizeof lines[0] && i < body_rows(); i++) {
		out_str(l, lines[i]);
		line_out(0);
	}
}

void view_draw(void)
{
	struct view *v = &nm.view;
	struct out *l = &v->line;
	u32 n = collect(), body = body_rows();
	int last = n > body ? (int)(n - body) : 0;        /* the last page: no blank rows below */
	if (v->scroll > last) v->scroll = last;
	if (v->scroll < 0) v->scroll = 0;
	u32 from = (u32)v->scroll, to = n - from < body ? n : from + body;
	struct conn s;
	struct layout L = layout(from, to, n, v->cols);
	u64 maxrate = 1;                    /* the bars: against the fastest row shown */
	for (u32 i = from; i < to; i++) {
		const struct conn *c = row_conn(i, n, &s);
		if ((u64)c->rate[0] + c->rate[1] > maxrate) maxrate = (u64)c->rate[0] + c->rate[1];
	}
	out_str(&pk_out, "\033[H");
	status_line(l); line_out(0);
	kinds_line(l); line_out(0);
	titles(l, &L); line_out(1);
	if (v->help) keys_help(l);
	else for (u32 i = from; i < to; i++) {
		row(l, row_conn(i, n, &s), &L, 24, maxrate);
		line_out(0);
	}
	out_str(&pk_out, "\033[J\033[");
	out_u64(&pk_out, v->rows - 1u); out_str(&pk_out, ";1H");
	totals_line(l); line_out(0);
	if (v->prompt) {                    /* the filter being typed */
		out_str(l, " filter: "); out_write(l, nm.fsrc, (size_t)v->plen); out_char(l, '_');
		goto done;
	}
	out_str(l, " rows "); out_u64(l, n ? from + 1 : 0); out_char(l, '-'); out_u64(l, to);
	out_str(l, " of "); out_u64(l, n);
	if (v->group) out_str(l, v->group == GROUP_PROC ? " processes" : " servers");
	const char *f = nm.verr[0] ? nm.verr : nm.vsrc;    /* why one was refused, or the one in force */
	if (*f) { out_str(l, "  filter: "); out_str(l, f); }
	if (L.shown != L.all) {                     /* a narrow screen: say what it hides */
		out_str(l, "  hidden:");
		for (int k = 0; k < NCOL; k++)
			if ((L.all & ~L.shown) >> k & 1) { out_char(l, ' '); out_str(l, col[k].title); }
	}
	out_str(l, "  q quit  p pause  s sort: "); out_str(l, sort_name[v->sort_by]);
	out_str(l, v->reverse ? " (reversed)" : ""); out_str(l, "  r reverse  j/k scroll  ? keys ");
done:
	line_copy(1);
	out_flush(&pk_out);
}

/* every -I, live */
void view_refresh(u64 now)
{
	struct view *v = &nm.view;
	v->pps = (nm.table.pkts - v->last_pkts) * 1000000000ull / nm.opt.interval;
	v->bps = (nm.table.bytes - v->last_bytes) * 1000000000ull / nm.opt.interval;
	v->last_pkts = nm.table.pkts; v->last_bytes = nm.table.bytes;
	if (v->tty_out) {
		table_tick(&nm.table, nm.opt.interval);
		table_rates(&nm.table, v->win);
		if (!v->paused) view_draw();
	}
	else if ((!nm.opt.json || nm.opt.interval_set) && !nm.opt.count_only) view_tick(now);
}

/* keys as terminals send them: ESC [ A/B (arrows), ESC [ H/F or ESC O H/F
   (Home, End), ESC [ N ~ (1 or 7 Home, 4 or 8 End, 5 PgUp, 6 PgDn) */
enum { K_PGUP = 0x80, K_PGDN, K_HOME, K_END };
static int escape(struct view *v, u8 *c)
{
	if (v->esc == 1) { v->esc = *c == '[' || *c == 'O' ? 2 : 0; v->esc_num = 0; return 1; }
	if (v->esc == 2 && *c >= '0' && *c <= '9') { v->esc_num = (u8)(v->esc_num * 10 + *c - '0'); return 1; }
	if (v->esc != 2) return 0;
	v->esc = 0;
	static const u8 tilde[9] = { 0, K_HOME, 0, 0, K_END, K_PGUP, K_PGDN, K_HOME, K_END };
	*c = *c == 'A' ? 'k' : *c == 'B' ? 'j' : *c == 'H' ? K_HOME : *c == 'F' ? K_END
	   : *c == '~' && v->esc_num < 9 ? tilde[v->esc_num] : 0;
	return 0;
}

/* the filter prompt: text, Backspace; Enter applies it (empty: no filter;
   a bad one is said, and the one before stays), Esc cancels */
static void prompt_key(struct view *v, u8 c)
{
	if (c == '\n' || c == '\r') {
		v->prompt = 0;
		nm.fsrc[v->plen] = 0;
		int k = v->plen ? nm_filter(LT_RAW, 0, nm.verr) : 0;
		if (k < 0) return;
		v->nfprog = k; v->scroll = 0;
		memcpy(nm.fprog, nm.prog, (size_t)k * sizeof *nm.prog);
		memcpy(nm.vsrc, nm.fsrc, (size_t)v->plen + 1);
	} else if (c == 27) v->prompt = 0, v->esc = 1;          /* an arrow after it is an arrow */
	else if (c == 127 || c == 8) v->plen -= v->plen > 0;
	else if (c >= ' ' && c < 127 && v->plen < (int)sizeof nm.vsrc - 1) nm.fsrc[v->plen++] = (char)c;
}

void view_key(u8 c)
{
	struct view *v = &nm.view;
	nm.verr[0] = 0;                     /* a refused filter is said until the next key */
	if (v->prompt) { prompt_key(v, c); return; }
	if (escape(v, &c)) return;
	if (v->help && c != 27) { v->help = 0; return; }     /* any key closes the help */
	int page = (int)body_rows();
	switch (c) {
	case 27: v->esc = 1; break;
	case 'q': case 'Q': nm.stopping = 1; break;
	case 'p': case ' ': v->paused = !v->paused; break;
	case 's': v->sort_by = (v->sort_by + 1) % (NM_OWNERS && nm.own.on ? SORT_N : SORT_PROC); v->scroll = 0; break;
	case 'r': v->reverse = !v->reverse; break;
	case 'w': case 'B': v->win = (v->win + 1) % NWIN; table_rates(&nm.table, v->win); break;
	case 'h': v->group = v->group == GROUP_HOST ? GROUP_NONE : GROUP_HOST; v->scroll = 0; break;
#if NM_OWNERS
	case 'o':                                   /* h's, by process: with process names only */
		if (nm.own.on) { v->group = v->group == GROUP_PROC ? GROUP_NONE : GROUP_PROC; v->scroll = 0; }
		break;
#endif
	case 'n': v->names = !v->names; break;
	case '/': case 'l': v->prompt = 1; v->plen = 0; break;
	case 'j': v->scroll++; break;               /* view_draw keeps it on the last page */
	case 'k': if (v->scroll) v->scroll--; break;
	case K_PGDN: v->scroll += page; break;
	case K_PGUP: v->scroll = v->scroll > page ? v->scroll - page : 0; break;
	case 'g': case K_HOME: v->scroll = 0; break;
	case 'G': case K_END: v->scroll = 1 << 30; break;
	case '?': v->help = 1; break;
	}
}
