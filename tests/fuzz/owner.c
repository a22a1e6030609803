/* the owner parsers and maps (cmds/netmoon/owner.c) on any bytes: the input
 * (after a first byte choosing TCP or UDP and a namespace) as /proc/net
 * lines, as a sock_diag reply, as a /proc/PID/fd link, comm and cgroup;
 * each socket read is then found again by both ends of its connection */
#include "fuzz.h"
#include "net.h"

static struct sock_map m;
static struct inode_map im;
static const u8 key[8] = { 3, 1, 4, 1, 5, 9, 2, 6 };

static int same(const struct sock_ent *a, const struct sock_ent *b)
{
	return a->proto == b->proto && a->v6 == b->v6 && a->lport == b->lport && a->rport == b->rport
	       && !memcmp(a->local, b->local, 16) && !memcmp(a->remote, b->remote, 16);
}
static void found_again(const struct sock_ent *e)
{
	static const u8 z[12];
	if (e->v6 > 1 || (!e->v6 && (memcmp(e->local + 4, z, 12) || memcmp(e->remote + 4, z, 12)))) __builtin_trap();
	if (!e->inode) return;
	struct conn c;
	memset(&c, 0, sizeof c);
	c.proto = e->proto; c.v6 = e->v6;
	memcpy(c.a, e->local, 16); memcpy(c.b, e->remote, 16); c.ap = e->lport; c.bp = e->rport;
	const struct sock_ent *f;
	if (sock_end(&m, &c, 0, &f) != OWN_EXACT || !same(e, f)) __builtin_trap();   /* as the client's end */
	memcpy(c.b, e->local, 16); memcpy(c.a, e->remote, 16); c.bp = e->lport; c.ap = e->rport;
	if (sock_end(&m, &c, 1, &f) != OWN_EXACT || !same(e, f)) __builtin_trap();   /* as the server's */
	const struct sock_ent *g = sock_by_inode(&m, e->inode);
	if (!g || g->inode != e->inode) __builtin_trap();
	u32 pid = 1 + (e->inode & 0xfffff);
	inode_put(&im, e->inode, pid, "fuzz");
	const struct inode_ent *p = inode_get(&im, e->inode);
	if (!p || p->pid > pid || p->comm[COMM_MAX - 1]) __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	if (!n) return 0;
	u8 proto = d[0] & 1 ? IPPROTO_UDP : IPPROTO_TCP;
	u32 netns = d[0] >> 1 & 3;
	u8 *c = fz_copy(d + 1, n - 1);
	u32 len = (u32)n - 1;
	sock_init(&m, key);
	inode_init(&im, key);
	/* lines */
	for (u32 i = 0; i < len; ) {
		u32 e = i;
		while (e < len && c[e] != '\n') e++;
		u8 *l = fz_copy(c + i, e - i);          /* each line exactly its bytes */
		struct sock_ent s;
		int r = procnet_line((const char *)l, e - i, proto, &s);
		free(l);
		if (r < -1 || r > 1) __builtin_trap();
		if (r == 1) {
			s.netns = netns;
			if (sock_put(&m, &s) == 1) found_again(&s);
		}
		i = e + 1;
	}
	/* a sock_diag reply */
	sock_init(&m, key);
	int r = diag_reply(c, len, 7, proto, &m, netns);
	if (r > DIAG_DONE || r < DIAG_BAD || m.n > len / 88) __builtin_trap();
	for (u32 i = 0; i < m.n && i < 64; i++) found_again(&m.e[i]);
	/* /proc/PID files */
	u32 ino = fd_socket_inode((const char *)c, len);
	if (ino && (len < 10 || c[len - 1] != ']')) __builtin_trap();
	u32 ns = ns_net_inode((const char *)c, len);
	if (ns && (len < 7 || memcmp(c, "net:[", 5) || c[len - 1] != ']')) __builtin_trap();
	char comm[COMM_MAX], cg[64];
	u32 cl = comm_parse((const char *)c, len, comm);
	if (cl > COMM_MAX - 1 || comm[cl]) __builtin_trap();
	int g = cgroup_parse((const char *)c, len, cg, sizeof cg);
	if (g < -1 || g >= (int)sizeof cg || (g >= 0 && cg[g]) || (g > 0 && cg[0] != '/')) __builtin_trap();
	char *z = malloc(len + 1);
	memcpy(z, c, len); z[len] = 0;
	u32 pid = proc_pid(z);
	if (pid > 4194304) __builtin_trap();
	free(z);
	free(c);
	return 0;
}
