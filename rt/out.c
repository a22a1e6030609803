/* out.c - buffered output: one write per buffer, never per line. Errors are
 * sticky: the first one is kept, later output is dropped, out_flush reports. */
#include "rt.h"
#include "sys.h"

static char outbuf[65536];
struct out pk_out = { 1, 0, 0, sizeof outbuf, outbuf };

long write_all(int fd, const void *b, size_t n)
{
	const char *p = b;
	while (n) {
		long w = sys_write(fd, p, n);
		if (w == -EINTR) continue;
		if (w < 0) return w;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int out_flush(struct out *o)
{
	if (o->len && !o->err) o->err = (int)write_all(o->fd, o->buf, o->len);
	o->len = 0;
	return o->err;
}

void out_write(struct out *o, const void *b, size_t n)
{
	if (o->len + n > o->cap) {
		out_flush(o);
		if (n >= o->cap) { /* too big to buffer: straight through */
			if (!o->err) o->err = (int)write_all(o->fd, b, n);
			return;
		}
	}
	memcpy(o->buf + o->len, b, n);
	o->len += (u32)n;
}

void out_str(struct out *o, const char *s) { out_write(o, s, strlen(s)); }

void out_char(struct out *o, char c)
{
	if (o->len == o->cap) out_flush(o);
	o->buf[o->len++] = c;
}

void out_u64(struct out *o, u64 v)
{
	char t[20];
	out_write(o, t, (size_t)fmt_u64(t, v));
}
