/* resolver.c - which process owns each end of a connection, the shell.
 *
 * Naming other users' processes needs privileges the monitor must not keep
 * (it parses hostile bytes): reading /proc/PID/fd takes CAP_DAC_READ_SEARCH
 * (the directory is its owner's) and CAP_SYS_PTRACE (each link's ptrace
 * access check). So live netmoon forks a resolver before it drops its own:
 * the resolver keeps only those two capabilities (as -Z's user), sets
 * no_new_privs and installs a seccomp filter of its own (sandbox.c), and
 * answers questions over a socketpair: the monitor asks once per new TCP or
 * UDP flow (nothing per packet) and takes the answers when they come.
 *
 * The resolver, for the questions due (each waits SETTLE_NS after it is
 * asked, so the handshake and the server's accept have happened; a batch
 * is answered together): one snapshot of the sockets (sock_diag netlink
 * dumps, or /proc/net/{tcp,udp}{,6} where netlink is refused, as under
 * qemu-user; other network namespaces through /proc/PID/net/tcp and the others of one of
 * their processes), then each end's socket (owner.c's rule) and its inode's
 * process from a map built by walking /proc/PID/fd. The walk is what costs:
 * it is done again only when an inode is not in the map, at most once every
 * WALK_NS (4 a second), and to find new namespaces for a flow with no socket
 * at all at most once every NS_STALE_NS; a question waits for the next walk
 * rather than cause one sooner. A socket gone by then is answered "none".
 *
 * The monitor's half (owner_*) is at the end of this file. */
#include "rt.h"
#include "sys.h"
#include "netmoon.h"
#if NM_OWNERS

/* one question, one answer; SOCK_SEQPACKET keeps them whole */
struct own_req { u32 idx, pad; u64 first; u8 proto, v6, pad2[2]; u16 ap, bp; u8 a[16], b[16]; };
struct own_rep_end { u32 pid, uid; u8 found, pad[3]; char comm[COMM_MAX]; char cg[CGROUP_MAX]; };
struct own_rep { u32 idx, walks; u64 first; u32 diag, pad; struct own_rep_end e[2]; };   /* diag: sockets from sock_diag */

enum { PEND_MAX = 4096, NS_MAX = 64, RBUF = 65536, QBATCH = 64 };
#define SETTLE_NS   100000000ull    /* a question waits 100 ms: the handshake, the accept */
#define SNAP_NS     250000000ull    /* the sockets read at most 4 times a second */
#define WALK_NS     250000000ull    /* /proc/PID/fd walked at most 4 times a second */
#define NS_STALE_NS 1000000000ull   /* namespaces looked for again at most once a second */

struct resolver {
	int fd, diag;                   /* the socketpair; the sock_diag socket (-1: /proc/net) */
	u32 seq, own_ns, nns;
	struct { u32 ino, pid; } ns[NS_MAX];   /* other network namespaces: one process in each */
	u64 last_walk, last_snap;       /* when the map was last built, the sockets last read (0: never) */
	u32 walks;                      /* how many times */
	u32 cg_pid;                     /* this pass's last cgroup read: its process (0: none) */
	char cg[CGROUP_MAX];
	u32 npend;
	struct { struct own_req q; u64 asked, due; } pend[PEND_MAX];
	u8 key[8];
	struct sock_map sm;
	struct inode_map im;
	char buf[RBUF], dbuf[4096], fdbuf[4096];
};
static struct resolver *R;

/* ---------------------------------------------------------------- reading /proc */
static int read_small(const char *path, char *b, u32 cap)
{
	long fd = sys_open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) return -1;
	long n = sys_read((int)fd, b, cap);
	sys_close((int)fd);
	return n < 0 ? -1 : (int)n;
}
static int pid_path(char *p, u32 pid, const char *rest)
{
	memcpy(p, "/proc/", 6);
	int n = 6 + fmt_u32(p + 6, pid);
	size_t l = strlen(rest);
	memcpy(p + n, rest, l + 1);
	return n + (int)l;
}

/* one /proc/net table, whole lines at a time, into the socket map */
static void procnet_file(const char *path, u8 proto, u32 netns)
{
	long fd = sys_open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) return;
	u32 have = 0;
	for (;;) {
		long n = sys_read((int)fd, R->buf + have, RBUF - have);
		if (n <= 0) break;
		have += (u32)n;
		u32 at = 0;
		for (u32 i = 0; i < have; i++) {
			if (R->buf[i] != '\n') continue;
			struct sock_ent e;
			if (procnet_line(R->buf + at, i - at, proto, &e) == 1) { e.netns = netns; sock_put(&R->sm, &e); }
			at = i + 1;
		}
		if (at == 0 && have == RBUF) have = 0;          /* a line longer than the buffer: not the kernel's */
		else { memmove(R->buf, R->buf + at, have - at); have -= at; }
	}
	sys_close((int)fd);
}

static int diag_dump(u8 family, u8 proto)
{
	u8 req[DIAG_REQ_LEN];
	u32 seq = ++R->seq;
	diag_request(req, family, proto, seq);
	if (sys_write(R->diag, req, sizeof req) != (long)sizeof req) return -1;
	for (;;) {
		long n = sys_read(R->diag, R->buf, RBUF);
		if (n <= 0) return -1;
		int r = diag_reply((const u8 *)R->buf, (u32)n, seq, proto, &R->sm, 0);
		if (r == DIAG_DONE) return 0;
		if (r != DIAG_MORE) return -1;
	}
}

/* the TCP sockets (want bit 0), the UDP ones (bit 1) of this namespace
   and of the others known: only the kinds the questions are about (a
   table read as text costs the kernel about 10 us a socket) */
static void snapshot(u32 want)
{
	static const char *const tab[4] = { "tcp", "tcp6", "udp", "udp6" };
	static const u8 proto[4] = { IPPROTO_TCP, IPPROTO_TCP, IPPROTO_UDP, IPPROTO_UDP };
	char p[48];
	sock_init(&R->sm, R->key);
	for (int k = 0; k < 4; k++)
		if (!(want >> (k / 2) & 1)) continue;
		else if (R->diag < 0 || diag_dump(k & 1 ? AF_INET6 : AF_INET, proto[k])) {
			if (R->diag >= 0) { sys_close(R->diag); R->diag = -1; sock_init(&R->sm, R->key); k = -1; continue; }
			memcpy(p, "/proc/net/", 10); memcpy(p + 10, tab[k], strlen(tab[k]) + 1);
			procnet_file(p, proto[k], 0);
		}
	for (u32 i = 0; i < R->nns; i++)
		for (int k = 0; k < 4; k++) {
			if (!(want >> (k / 2) & 1)) continue;
			int n = pid_path(p, R->ns[i].pid, "/net/");
			memcpy(p + n, tab[k], strlen(tab[k]) + 1);
			procnet_file(p, proto[k], i + 1);
		}
}

/* a directory's entries, a getdents64 buffer at a time; 0 at the end */
struct dir_it { int fd; long n, at; char *buf; u32 cap; };
static const struct k_dirent64 *dir_next(struct dir_it *it)
{
	while (it->at >= it->n) {
		it->n = sys_getdents64(it->fd, it->buf, it->cap);
		it->at = 0;
		if (it->n <= 0) return 0;
	}
	const struct k_dirent64 *d = (const void *)(it->buf + it->at);
	it->at += d->d_reclen;
	return d;
}

/* a process with a socket: its comm, and its network namespace when not
   ours and not yet known (the first such process is the one read) */
static void proc_seen(u32 pid, char comm[COMM_MAX])
{
	char p[48], l[64];
	pid_path(p, pid, "/comm");
	int cn = read_small(p, l, sizeof l);
	comm_parse(l, cn > 0 ? (u32)cn : 0, comm);
	pid_path(p, pid, "/ns/net");
	long nl = sys_readlinkat(AT_FDCWD, p, l, sizeof l);
	u32 ns = nl > 0 ? ns_net_inode(l, (u32)nl) : 0, k = 0;
	if (!ns || ns == R->own_ns) return;
	while (k < R->nns && R->ns[k].ino != ns) k++;
	if (k == R->nns && k < NS_MAX) { R->ns[k].ino = ns; R->ns[k].pid = pid; R->nns++; }
}

/* every process's socket descriptors into the inode map; one process of
   each network namespace */
static void walk(u64 now)
{
	inode_init(&R->im, R->key);
	R->nns = 0;
	R->last_walk = now;
	R->walks++;
	long pfd = sys_open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (pfd < 0) return;
	struct dir_it pd = { (int)pfd, 0, 0, R->dbuf, sizeof R->dbuf };
	for (const struct k_dirent64 *d; (d = dir_next(&pd)); ) {
		u32 pid = proc_pid(d->d_name);
		if (!pid) continue;
		char p[48], l[64], comm[COMM_MAX];
		int seen = 0;
		pid_path(p, pid, "/fd");
		long ffd = sys_open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (ffd < 0) continue;
		struct dir_it fd = { (int)ffd, 0, 0, R->fdbuf, sizeof R->fdbuf };
		for (const struct k_dirent64 *f; (f = dir_next(&fd)); ) {
			if (f->d_name[0] == '.') continue;
			long ll = sys_readlinkat((int)ffd, f->d_name, l, sizeof l);
			u32 ino = ll > 0 ? fd_socket_inode(l, (u32)ll) : 0;
			if (!ino) continue;
			if (!seen++) proc_seen(pid, comm);
			inode_put(&R->im, ino, pid, comm);
		}
		sys_close((int)ffd);
	}
	sys_close((int)pfd);
}

/* one question against the snapshot and the map: 0 answered in r; 1 an
   inode not in the map; 2 no socket for either end */
static int resolve(const struct own_req *q, struct own_rep *r)
{
	struct conn c;
	memset(&c, 0, sizeof c);
	c.proto = q->proto; c.v6 = q->v6; c.ap = q->ap; c.bp = q->bp;
	memcpy(c.a, q->a, 16); memcpy(c.b, q->b, 16);
	memset(r, 0, sizeof *r);
	r->idx = q->idx; r->first = q->first; r->walks = R->walks; r->diag = R->diag >= 0;
	int unknown = 0, any = 0;
	for (int end = 0; end < 2; end++) {
		const struct sock_ent *s;
		if (sock_end(&R->sm, &c, end, &s) == OWN_NONE) continue;
		any = 1;
		const struct inode_ent *ie = inode_get(&R->im, s->inode);
		if (!ie) { unknown = 1; continue; }
		struct own_rep_end *e = &r->e[end];
		e->found = 1; e->pid = ie->pid; e->uid = s->uid;
		memcpy(e->comm, ie->comm, COMM_MAX);
		if (ie->pid != R->cg_pid) {           /* read once a pass per process (a flood's are few) */
			char p[48];
			pid_path(p, ie->pid, "/cgroup");
			int n = read_small(p, R->buf, RBUF);
			if (n <= 0 || cgroup_parse(R->buf, (u32)n, R->cg, CGROUP_MAX) < 0) R->cg[0] = 0;
			R->cg_pid = ie->pid;
		}
		memcpy(e->cg, R->cg, CGROUP_MAX);
	}
	return unknown ? 1 : any ? 0 : 2;
}

/* an answer (the socket is non-blocking for reading: wait to write) */
static void send(const struct own_rep *r)
{
	long e;
	while ((e = sys_write(R->fd, r, sizeof *r)) == -EAGAIN) {
		struct k_pollfd pf = { R->fd, POLLOUT, 0 };
		sys_ppoll(&pf, 1, -1);
	}
	if (e < 0) sys_exit_group(0);      /* the monitor has ended */
}

/* when the next questions are due: the earliest's time, but the sockets
   are not read again within SNAP_NS; ~0 for none */
static u64 next_due(void)
{
	u64 due = ~0ull;
	for (u32 i = 0; i < R->npend; i++) if (R->pend[i].due < due) due = R->pend[i].due;
	if (due != ~0ull && R->last_snap && due < R->last_snap + SNAP_NS) due = R->last_snap + SNAP_NS;
	return due;
}

/* the questions due: answered, or kept for the next walk */
static void answer(u64 now)
{
	if (next_due() > now) return;
	u32 want = 0;
	for (u32 i = 0; i < R->npend; i++)
		if (R->pend[i].due <= now) want |= R->pend[i].q.proto == IPPROTO_TCP ? 1 : 2;
	snapshot(want);
	R->last_snap = now;
	R->cg_pid = 0;
	u32 keep = 0;
	for (u32 i = 0; i < R->npend; i++) {
		struct own_req *q = &R->pend[i].q;
		if (R->pend[i].due > now) { R->pend[keep++] = R->pend[i]; continue; }
		struct own_rep r;
		int st = resolve(q, &r);
		int stale = R->last_walk < R->pend[i].asked;       /* the map is older than the question */
		if (st && stale && (st == 1 ? now - R->last_walk >= WALK_NS : now - R->last_walk >= NS_STALE_NS)) {
			walk(now);
			snapshot(want);
			R->cg_pid = 0;
			st = resolve(q, &r);
		} else if (st == 1 && stale) {                      /* the next walk is not yet allowed */
			R->pend[i].due = R->last_walk + WALK_NS;
			R->pend[keep++] = R->pend[i];
			continue;
		}
		send(&r);
	}
	R->npend = keep;
}

static u64 mono(void) { return now_ns(CLOCK_MONOTONIC); }

static __attribute__((noreturn)) void serve(void)
{
	static struct own_req qb[QBATCH];
	for (;;) {
		u64 now = mono(), due = next_due();
		/* no room for another message: only the time, until questions are answered */
		struct k_pollfd pf = { R->fd, R->npend + QBATCH <= PEND_MAX ? POLLIN : 0, 0 };
		long e = sys_ppoll(&pf, 1, due == ~0ull ? -1 : due > now ? (s64)(due - now) : 0);
		if (e < 0 && e != -EINTR) sys_exit_group(1);
		now = mono();
		if (e > 0 && (pf.revents & (POLLIN | POLLHUP))) {
			while (R->npend + QBATCH <= PEND_MAX) {     /* a message: up to QBATCH questions */
				long n = sys_read(R->fd, qb, sizeof qb);
				if (n == 0) sys_exit_group(0);           /* the monitor has ended */
				if (n < (long)sizeof qb[0]) break;
				for (u32 k = 0; k < (u32)n / sizeof qb[0]; k++) {
					R->pend[R->npend].q = qb[k];
					R->pend[R->npend].asked = now;
					R->pend[R->npend].due = now + SETTLE_NS;
					R->npend++;
				}
			}
		}
		answer(now);
	}
}

/* ---------------------------------------------------------------- the monitor's half */
/* fork the resolver: before capture_open's socket is used and before the
   monitor drops its privileges (main.c's live()); its own sandbox first */
void owner_start(void)
{
	struct owners *o = &nm.own;
	int sv[2];
	long e = sys_socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv);
	if (e) { nm_note("socketpair: no process names", e); o->on = 0; return; }
	long pid = sys_fork();
	if (pid < 0) { nm_note("fork: no process names", pid); o->on = 0; return; }
	if (pid == 0) {
		long mem = sys_mmap(0, sizeof *R, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (mmap_error(mem)) sys_exit_group(1);      /* the monitor says the resolver ended */
		R = (struct resolver *)mem;
		sys_close(sv[0]);
		/* nothing of the monitor's: the capture socket, the terminal (or
		   whatever stdin is), stdout (a pipe's reader sees its end when the
		   monitor's comes) */
		sys_close(nm.cap.sock);
		sys_close(0);
		sys_close(1);
		R->fd = sv[1];
		sys_fcntl(sv[1], F_SETFL, O_NONBLOCK);
		if (pk_random) memcpy(R->key, pk_random, 8);
		inode_init(&R->im, R->key);
		sock_init(&R->sm, R->key);
		char l[64];
		long nl = sys_readlinkat(AT_FDCWD, "/proc/self/ns/net", l, sizeof l);
		R->own_ns = nl > 0 ? ns_net_inode(l, (u32)nl) : 0;
		e = sys_socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
		R->diag = e < 0 ? -1 : (int)e;
		resolver_sandbox();
		serve();
	}
	sys_close(sv[1]);
	sys_fcntl(sv[0], F_SETFL, O_NONBLOCK);
	int sb = 1 << 20;          /* room for 1 s of a 1,000-a-second flood's messages */
	if (sys_setsockopt(sv[0], SOL_SOCKET, SO_SNDBUFFORCE, &sb, sizeof sb)) sys_setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &sb, sizeof sb);
	o->fd = sv[0];
	o->pid = (int)pid;
}

/* the questions not yet sent: a ring (QMAX), sent QBATCH to a message
   after each batch of packets; when the resolver falls behind and its
   socket is full they wait here (MSG_NOSIGNAL: a resolver gone is an EPIPE,
   which owner_read then says, not a SIGPIPE); the ring full: not asked */
enum { QMAX = 4096 };
static struct own_req qring[QMAX];
static u32 qhead, nq;
void owner_flush(void)
{
	struct owners *o = &nm.own;
	while (nq && o->fd >= 0) {
		u32 k = nq < QBATCH ? nq : QBATCH;
		if (k > QMAX - qhead) k = QMAX - qhead;           /* not past the ring's end */
		long e = sys_sendto(o->fd, &qring[qhead], k * sizeof qring[0], MSG_NOSIGNAL);
		if (e != (long)(k * sizeof qring[0])) break;    /* full: the next flush; gone: owner_read */
		o->asked += k;
		qhead = (qhead + k) % QMAX;
		nq -= k;
	}
}

/* a new flow: ask who owns its ends (TCP and UDP only), with the others
   of this batch of packets (main.c's loop flushes after each) */
void owner_new(void *ctx, u32 i)
{
	(void)ctx;
	struct owners *o = &nm.own;
	const struct conn *c = &nm.table.c[i];
	memset(o->e[i], 0, sizeof o->e[i]);
	if (o->fd < 0 || (c->proto != IPPROTO_TCP && c->proto != IPPROTO_UDP)) return;
	if (nq == QMAX) { o->unsent++; return; }
	struct own_req *q = &qring[(qhead + nq++) % QMAX];
	memset(q, 0, sizeof *q);
	q->idx = i; q->first = c->first; q->proto = c->proto; q->v6 = c->v6; q->ap = c->ap; q->bp = c->bp;
	memcpy(q->a, c->a, 16); memcpy(q->b, c->b, 16);
}

/* a cgroup path's index in the monitor's table (0: none, or the table full) */
static u16 cg_index(const char *s)
{
	struct owners *o = &nm.own;
	if (!*s) return 0;
	for (u32 i = 1; i <= o->ncg; i++) if (!strcmp(o->cg[i], s)) return (u16)i;
	if (o->ncg + 1 >= CG_SLOTS) { o->cgfull++; return 0; }
	o->ncg++;
	memcpy(o->cg[o->ncg], s, strlen(s) + 1);
	return (u16)o->ncg;
}
const char *owner_cgroup(u16 cg) { return cg && cg <= nm.own.ncg ? nm.own.cg[cg] : 0; }

static void gone(void)
{
	struct owners *o = &nm.own;
	sys_close(o->fd);
	o->fd = -1;
	pk_msg("note", "the process resolver has ended: no process names from now on", 0);
}

/* the answers waiting; those for an entry since reused are dropped */
void owner_read(void)
{
	struct owners *o = &nm.own;
	struct own_rep r;
	long n;
	while (o->fd >= 0 && (n = sys_read(o->fd, &r, sizeof r)) != -EAGAIN) {
		if (n != (long)sizeof r) { gone(); return; }
		o->answered++;
		o->walks = r.walks; o->diag = (int)r.diag;
		if (r.idx >= nm.table.cap) continue;
		const struct conn *c = &nm.table.c[r.idx];
		if (!c->in_use || c->first != r.first) continue;
		for (int k = 0; k < 2; k++) {
			struct own_end *e = &o->e[r.idx][k];
			e->found = r.e[k].found; e->pid = r.e[k].pid; e->uid = r.e[k].uid;
			memcpy(e->comm, r.e[k].comm, COMM_MAX);
			e->comm[COMM_MAX - 1] = 0;
			r.e[k].cg[CGROUP_MAX - 1] = 0;
			e->cg = e->found ? cg_index(r.e[k].cg) : 0;
		}
	}
}

/* at the end: the answers still to come, for at most 500 ms */
void owner_wait(void)
{
	struct owners *o = &nm.own;
	owner_flush();
	u64 end = mono() + 500000000ull;
	while (o->fd >= 0 && o->answered < o->asked) {
		u64 now = mono();
		if (now >= end) break;
		struct k_pollfd pf = { o->fd, POLLIN, 0 };
		if (sys_ppoll(&pf, 1, (s64)(end - now)) > 0) owner_read();
	}
}

/* entry i's owners for fmt_json (0: attribution off) */
const struct own_json *owner_json(u32 i, struct own_json *j)
{
	if (!nm.own.on) return 0;
	j->e = nm.own.e[i];
	j->cg[0] = owner_cgroup(j->e[0].cg);
	j->cg[1] = owner_cgroup(j->e[1].cg);
	return j;
}

/* the end on this machine that the view shows: the client's if found,
   else the server's; 0 for none */
const struct own_end *owner_local(u32 i)
{
	if (!nm.own.on) return 0;
	const struct own_end *e = nm.own.e[i];
	return e[0].found ? &e[0] : e[1].found ? &e[1] : 0;
}
#endif
