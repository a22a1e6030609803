/* track.c - the connection table. Entries live in one preallocated array;
 * buckets chain them by a keyed HalfSipHash of the 4-tuple (key from
 * AT_RANDOM, so crafted traffic cannot aim at one bucket); a doubly linked
 * age list, least recently seen first, makes expiry and eviction O(1) per
 * entry, so a sweep never stalls a refresh. Pure: no syscalls. */
#include "net.h"

const char *const st_name[ST_N] = { "SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT",
	"CLOSING", "CLOSED", "RESET" };
const char *const end_name[4] = { "closed", "expired", "evicted", "stopped" };

/* HalfSipHash-1-3 with a 64-bit key and 32-bit output, as Linux's hsiphash */
#define ROTL(x, b) (u32)(((x) << (b)) | ((x) >> (32 - (b))))
#define ROUND do { v0 += v1; v1 = ROTL(v1, 5); v1 ^= v0; v0 = ROTL(v0, 16); \
	v2 += v3; v3 = ROTL(v3, 8); v3 ^= v2; v0 += v3; v3 = ROTL(v3, 7); v3 ^= v0; \
	v2 += v1; v1 = ROTL(v1, 13); v1 ^= v2; v2 = ROTL(v2, 16); } while (0)
u32 hsiphash(const u32 k[2], const u8 *m, size_t n)
{
	u32 v0 = k[0], v1 = k[1], v2 = 0x6c796765 ^ k[0], v3 = 0x74656462 ^ k[1], b = (u32)n << 24, w;
	size_t i = 0;
	for (; i + 4 <= n; i += 4) {
		memcpy(&w, m + i, 4);
		v3 ^= w; ROUND; v0 ^= w;
	}
	for (int s = 0; i < n; i++, s += 8) b |= (u32)m[i] << s;
	v3 ^= b; ROUND; v0 ^= b;
	v2 ^= 0xff; ROUND; ROUND; ROUND;
	return v1 ^ v3;
}

size_t table_bytes(u32 cap)
{
	u32 nb = 1;
	while (nb < cap) nb <<= 1;
	return (size_t)cap * sizeof(struct conn) + (size_t)nb * 4;
}

void table_init(struct table *t, void *mem, u32 cap, const u8 key[8], u64 idle_ns)
{
	void (*end)(void *, const struct conn *, int) = t->end;
	void *ctx = t->ctx;
	memset(t, 0, sizeof *t);
	t->end = end; t->ctx = ctx;
	u32 nb = 1;
	while (nb < cap) nb <<= 1;
	t->c = mem; t->bucket = (u32 *)(void *)((u8 *)mem + (size_t)cap * sizeof(struct conn));
	t->cap = cap; t->mask = nb - 1; t->idle = idle_ns;
	memcpy(t->k, key, 8);
	memset(t->bucket, 0xff, (size_t)nb * 4);
	for (u32 i = 0; i < cap; i++) { t->c[i].in_use = 0; t->c[i].next = i + 1 < cap ? i + 1 : NONE; }
	t->free_head = cap ? 0 : NONE;
	t->oldest = t->newest = NONE;
}

static void unlink_age(struct table *t, struct conn *c)
{
	if (c->older != NONE) t->c[c->older].newer = c->newer; else t->oldest = c->newer;
	if (c->newer != NONE) t->c[c->newer].older = c->older; else t->newest = c->older;
}

static void append_age(struct table *t, u32 i)
{
	struct conn *c = &t->c[i];
	c->older = t->newest; c->newer = NONE;
	if (t->newest != NONE) t->c[t->newest].newer = i; else t->oldest = i;
	t->newest = i;
}

/* take entry i out of the table, telling the owner why */
static void drop(struct table *t, u32 i, int reason)
{
	struct conn *c = &t->c[i];
	if (t->end) t->end(t->ctx, c, reason);
	u32 *pp = &t->bucket[c->hash & t->mask];
	while (*pp != i) pp = &t->c[*pp].next;
	*pp = c->next;
	unlink_age(t, c);
	c->in_use = 0;
	c->next = t->free_head; t->free_head = i;
	t->used--;
	if (reason == END_EVICTED) t->evictions++;
}

static int closed(const struct conn *c) { return c->state == ST_CLOSED || c->state == ST_RESET; }

/* both directions hash alike: the lower endpoint goes first */
static u32 tuple_hash(const struct table *t, const struct pkt *p)
{
	u8 key[37];
	size_t al = p->v6 ? 16 : 4;
	int c = memcmp(p->src, p->dst, al);
	int swap = c > 0 || (c == 0 && p->sport > p->dport);
	const u8 *x = swap ? p->dst : p->src, *y = swap ? p->src : p->dst;
	u16 xp = swap ? p->dport : p->sport, yp = swap ? p->sport : p->dport;
	memcpy(key, x, al); memcpy(key + al, y, al);
	key[2 * al] = (u8)(xp >> 8); key[2 * al + 1] = (u8)xp;
	key[2 * al + 2] = (u8)(yp >> 8); key[2 * al + 3] = (u8)yp;
	return hsiphash(t->k, key, 2 * al + 4);
}

static void track_state(struct conn *c, int dir, u8 fl, u64 ts)
{
	u8 sa = fl & (TH_SYN | TH_ACK);
	if (fl & TH_RST) { c->state = ST_RESET; return; }
	if (c->state == ST_RESET) return;
	if (sa == TH_SYN) {
		if (dir == 0 && !c->syn) c->syn = ts ? ts : 1;
		if (c->state <= ST_SYN_SENT) c->state = ST_SYN_SENT;
		return;
	}
	if (sa == (TH_SYN | TH_ACK)) {
		if (dir == 1 && c->syn && c->rtt_us == RTT_NONE) {
			u64 d = ts > c->syn ? (ts - c->syn) / 1000 : 0;
			c->rtt_us = d < RTT_NONE ? (u32)d : RTT_NONE - 1;
		}
		if (c->state <= ST_SYN_RECV) c->state = ST_SYN_RECV;
		return;
	}
	if (fl & TH_FIN) {
		c->fins |= (u8)(1 << dir);
		c->state = c->fins == 3 ? ST_CLOSING : ST_FIN_WAIT;
		return;
	}
	if (c->state == ST_CLOSING && (fl & TH_ACK)) c->state = ST_CLOSED;
	else if (c->state < ST_ESTABLISHED && (fl & TH_ACK)) c->state = ST_ESTABLISHED;
}

void table_add(struct table *t, const struct pkt *p)
{
	t->pkts++; t->bytes += p->len;
	t->kind_pkts[p->kind]++; t->kind_bytes[p->kind] += p->len;
	if (p->kind != NM_TCP || p->bad) return;
	size_t al = p->v6 ? 16 : 4;
	u32 h = tuple_hash(t, p), i = t->bucket[h & t->mask];
	int dir = 0;
	struct conn *c = 0;
	for (; i != NONE; i = t->c[i].next) {
		c = &t->c[i];
		if (c->hash != h || c->v6 != p->v6) continue;
		if (c->ap == p->sport && c->bp == p->dport
		    && !memcmp(c->a, p->src, al) && !memcmp(c->b, p->dst, al)) { dir = 0; break; }
		if (c->ap == p->dport && c->bp == p->sport
		    && !memcmp(c->a, p->dst, al) && !memcmp(c->b, p->src, al)) { dir = 1; break; }
	}
	/* a new SYN on a closed connection's 4-tuple starts a new one */
	if (i != NONE && closed(c) && (p->flags & (TH_SYN | TH_ACK)) == TH_SYN) {
		drop(t, i, END_CLOSED);
		i = NONE;
	}
	if (i == NONE) {
		if (!t->cap) return;
		if (t->free_head == NONE) drop(t, t->oldest, closed(&t->c[t->oldest]) ? END_CLOSED : END_EVICTED);
		i = t->free_head;
		c = &t->c[i];
		t->free_head = c->next;
		memset(c, 0, sizeof *c);
		/* the client sent the SYN; otherwise the lower port is the server */
		u8 sa = p->flags & (TH_SYN | TH_ACK);
		int src_is_client = sa == TH_SYN ? 1 : sa == (TH_SYN | TH_ACK) ? 0
			: p->sport != p->dport ? p->sport > p->dport : memcmp(p->src, p->dst, al) > 0;
		dir = !src_is_client;
		memcpy(c->a, src_is_client ? p->src : p->dst, al);
		memcpy(c->b, src_is_client ? p->dst : p->src, al);
		c->ap = src_is_client ? p->sport : p->dport;
		c->bp = src_is_client ? p->dport : p->sport;
		c->v6 = p->v6; c->hash = h; c->in_use = 1;
		c->state = sa == TH_SYN ? ST_SYN_SENT : sa ? ST_SYN_RECV : ST_ESTABLISHED;
		c->rtt_us = RTT_NONE;
		c->first = p->ts;
		c->next = t->bucket[h & t->mask];
		t->bucket[h & t->mask] = i;
		t->used++;
	} else {
		unlink_age(t, c);
	}
	append_age(t, i);
	c->last = p->ts;
	struct dir *d = &c->d[dir];
	d->pkts++; d->bytes += p->len; d->payload += p->payload;
	track_state(c, dir, p->flags, p->ts);
}

void table_expire(struct table *t, u64 now, u32 budget)
{
	while (budget-- && t->oldest != NONE && t->idle) {
		struct conn *c = &t->c[t->oldest];
		if (c->last > now || now - c->last < t->idle) break;
		drop(t, t->oldest, closed(c) ? END_CLOSED : END_EXPIRED);
	}
}

void table_tick(struct table *t, u64 interval_ns)
{
	u64 ms = interval_ns / 1000000;
	if (!ms) ms = 1;
	for (u32 i = t->oldest; i != NONE; i = t->c[i].newer)
		for (int k = 0; k < 2; k++) {
			struct dir *d = &t->c[i].d[k];
			u64 r = (d->bytes - d->mark) * 1000 / ms;
			t->c[i].rate[k] = r > 0xffffffffu ? 0xffffffffu : (u32)r;
			d->mark = d->bytes;
		}
}

void table_flush(struct table *t)
{
	while (t->oldest != NONE) drop(t, t->oldest, END_STOPPED);
}
