/* owner_test - which process owns each end of a connection
 * (cmds/netmoon/owner.c): /proc/net lines, the sock_diag request and
 * replies, the /proc/PID readers, the socket and inode maps and the
 * lookup, against captures of this machine with `ss -tunapeH` as the
 * reference (tests/owner_fixtures.h). */
#include "netmoon_test.h"
#include "owner_fixtures.h"

static const u8 key1[8] = { 9, 8, 7, 6, 5, 4, 3, 2 }, key2[8] = { 1, 1, 2, 3, 5, 8, 13, 21 };
static struct sock_map SM, SM2;
static struct inode_map IM;
static const u8 LO4[4] = { 127, 0, 0, 1 }, LO6[16] = { [15] = 1 };

static int line(const char *s, u8 proto, struct sock_ent *e)
{
	u32 n = (u32)strlen(s);
	char *c = (char *)heap_copy(s, n);   /* exactly n bytes: a read past the line is an ASan report */
	int r = procnet_line(c, n, proto, e);
	free(c);
	return r;
}
static int is_addr(const u8 *a, const u8 *want, u32 n)
{
	static const u8 z[16];
	return !memcmp(a, want, n) && !memcmp(a + n, z, 16 - n);
}

static void test_procnet(void)
{
	struct sock_ent e;
	int ok = 1, n = 0;
	const char *const *f[4] = { fx_proc_tcp, fx_proc_tcp6, fx_proc_udp, fx_proc_udp6 };
	for (int k = 0; k < 4; k++)
		for (int i = 0; f[k][i]; i++) {
			int r = line(f[k][i], k < 2 ? IPPROTO_TCP : IPPROTO_UDP, &e);
			ok &= r == (i ? 1 : 0); n += r == 1;
		}
	check(ok && n == 14, "procnet: every captured line of tcp, tcp6, udp, udp6 parses; the header lines are 0");
	line(fx_proc_tcp[1], IPPROTO_TCP, &e);
	check(!e.v6 && is_addr(e.local, (const u8[4]){ 0 }, 4) && e.lport == 2024 && e.rport == 0 && e.state == SK_LISTEN
	      && e.inode == 1662 && e.uid == 0 && e.proto == IPPROTO_TCP, "procnet: 0.0.0.0:2024 LISTEN, inode 1662");
	line(fx_proc_tcp[4], IPPROTO_TCP, &e);
	check(!e.v6 && is_addr(e.local, LO4, 4) && is_addr(e.remote, LO4, 4) && e.lport == 40123 && e.rport == 49208
	      && e.state == SK_ESTABLISHED && e.inode == 3155655,
	      "procnet: 0100007F:9CBB is 127.0.0.1:40123 (the kernel's word in this machine's order, the port as a number)");
	line(fx_proc_tcp6[3], IPPROTO_TCP, &e);
	check(e.v6 && is_addr(e.local, LO6, 16) && e.lport == 49626 && is_addr(e.remote, LO6, 16) && e.rport == 40124
	      && e.inode == 3156330, "procnet: tcp6 00000000000000000000000001000000 is ::1");
	line(fx_proc_tcp6[4], IPPROTO_TCP, &e);
	check(!e.v6 && is_addr(e.local, LO4, 4) && e.lport == 40127 && is_addr(e.remote, LO4, 4) && e.rport == 42834
	      && e.inode == 3155662, "procnet: a dual-stack socket's ::ffff:127.0.0.1 is stored as IPv4 127.0.0.1");
	line(fx_proc_tcp6[1], IPPROTO_TCP, &e);
	check(e.v6 && is_addr(e.local, (const u8[16]){ 0 }, 16) && e.lport == 40127 && e.state == SK_LISTEN,
	      "procnet: the [::] listener stays IPv6");
	line(fx_proc_udp[2], IPPROTO_UDP, &e);
	check(!e.v6 && e.lport == 40125 && e.rport == 0 && e.state == SK_CLOSE && e.inode == 3119610 && e.proto == IPPROTO_UDP,
	      "procnet: an unconnected UDP socket: state 07, no remote");
	/* a TIME_WAIT line (another capture): inode 0, fewer fields after it */
	const char *tw = "   3: 020200C0:9006 507100CB:0050 06 00000000:00000000 03:00000782 00000000     0        0 0 3 00000000f4e9762f";
	check(line(tw, IPPROTO_TCP, &e) == 1 && e.state == SK_TIME_WAIT && e.inode == 0 && e.lport == 36870 && e.rport == 80
	      && is_addr(e.local, (const u8[4]){ 192, 0, 2, 2 }, 4) && is_addr(e.remote, (const u8[4]){ 203, 0, 113, 80 }, 4),
	      "procnet: TIME_WAIT 192.0.2.2:36870 203.0.113.80:80, inode 0");
	sock_init(&SM, key1);
	check(sock_put(&SM, &e) == 0 && SM.n == 0, "sock_put: an inode-0 socket (TIME_WAIT, not yet accepted) is not kept");
	/* damage */
	static const char *const bad[] = {
		"   0: 0000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1662 1 0 100",  /* 7 digits */
		"   0: 00000000:07E8 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1662 1 0",
		"   0: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1662",     /* cut after inode */
		"   0: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000 4294967296 0 1662 1 0",   /* uid */
		"   0: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 4294967296 1 0",      /* inode */
		"   0: 00000000:07G8 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1662 1 0",
		"   0: 00000000:07E8 00000000:0000 00 00000000:00000000 00:00000000 00000000 0 0 1662 1 0",            /* state 0 */
		"   0: 00000000:07E8 00000000:0000 0A 00000000 00:00000000 00000000 0 0 1662 1 0",                     /* no rx_queue */
		"   x: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1662 1 0",
		/* a mapped local with a true IPv6 remote */
		"   0: 0000000000000000FFFF00000100007F:9CBF 00000000000000000000000001000000:A752 01 0:0 0:0 0 0 0 5 1 0",
		"", "   ", "sl", };
	ok = 1;
	for (u32 i = 0; i < sizeof bad / sizeof bad[0]; i++) ok &= line(bad[i], IPPROTO_TCP, &e) == (i == 12 ? 0 : -1);
	check(ok, "procnet: damaged lines (short words, a cut line, numbers past 32 bits, a bad digit, state 0, fields missing) are -1");
	check(line("   0: 00000000:07e8 00000000:0000 0a 0:0 0:0 0 0 -1 1662 1 0", IPPROTO_TCP, &e) == 1 && e.lport == 2024 && e.inode == 1662,
	      "procnet: lowercase hex, short hex fields, a negative timeout");
	/* every prefix of every line: not a socket, or the very socket (the
	   inode is whole: a line must go on past the inode, ref and pointer) */
	ok = 1;
	for (int k = 0; k < 4; k++)
		for (int i = 1; f[k][i]; i++) {
			struct sock_ent full, p;
			line(f[k][i], k < 2 ? IPPROTO_TCP : IPPROTO_UDP, &full);
			u32 n2 = (u32)strlen(f[k][i]);
			for (u32 m = 0; m < n2; m++) {
				char *c = (char *)heap_copy(f[k][i], m);
				int r = procnet_line(c, m, IPPROTO_TCP, &p);
				free(c);
				if (r == 1 && (p.inode != full.inode || p.lport != full.lport || p.rport != full.rport)) ok = 0;
				if (r < -1 || r > 1) ok = 0;
			}
		}
	check(ok, "procnet: every prefix of every captured line is no socket or the whole one");
	ok = 1;
	for (int it = 0; it < 20000; it++) {
		char b[200];
		const char *s = f[it & 3][1 + (it >> 2) % 2];
		u32 m = (u32)strlen(s);
		if (m > sizeof b) m = sizeof b;
		memcpy(b, s, m);
		for (int j = 0; j < 3; j++) b[rnd() % m] = (char)(rnd() % 4 ? "0123456789ABCDEF: -\n"[rnd() % 20] : (char)rnd());
		char *c = (char *)heap_copy(b, m);
		int r = procnet_line(c, m, IPPROTO_UDP, &e);
		free(c);
		if (r < -1 || r > 1 || (r == 1 && e.v6 > 1)) ok = 0;
	}
	check(ok, "procnet: 20,000 lines with bytes changed: an answer each, within bounds");
}

static void test_diag(void)
{
	u8 req[DIAG_REQ_LEN], want[DIAG_REQ_LEN] = { 72, 0, 0, 0, 20, 0, 0x01, 0x03, 7, 0, 0, 0, 0, 0, 0, 0,
		AF_INET6, IPPROTO_UDP, 0, 0, 0xff, 0xff, 0xff, 0xff };
	check(diag_request(req, AF_INET6, IPPROTO_UDP, 7) == 72 && !memcmp(req, want, sizeof want),
	      "diag_request: nlmsghdr (72, SOCK_DIAG_BY_FAMILY, REQUEST|DUMP, seq) and inet_diag_req_v2 (family, protocol, every state)");
	struct { const u8 *b; u32 n; u8 proto; int socks; } fx[4] = {
		{ fx_diag_tcp4, sizeof fx_diag_tcp4, IPPROTO_TCP, 5 }, { fx_diag_tcp6, sizeof fx_diag_tcp6, IPPROTO_TCP, 5 },
		{ fx_diag_udp4, sizeof fx_diag_udp4, IPPROTO_UDP, 2 }, { fx_diag_udp6, sizeof fx_diag_udp6, IPPROTO_UDP, 2 } };
	sock_init(&SM2, key2);
	int ok = 1;
	for (int k = 0; k < 4; k++) {
		u32 before = SM2.n;
		u8 *c = heap_copy(fx[k].b, fx[k].n);
		ok &= diag_reply(c, fx[k].n, 7, fx[k].proto, &SM2, 0) == DIAG_DONE && SM2.n - before == (u32)fx[k].socks;
		free(c);
	}
	check(ok, "diag_reply: the four captured dumps end in NLMSG_DONE, 5 + 5 + 2 + 2 sockets (messages with attributes too)");
	/* the same sockets as /proc/net said at the same moment */
	sock_init(&SM, key1);
	const char *const *f[4] = { fx_proc_tcp, fx_proc_tcp6, fx_proc_udp, fx_proc_udp6 };
	struct sock_ent e;
	for (int k = 0; k < 4; k++)
		for (int i = 1; f[k][i]; i++) { line(f[k][i], k < 2 ? IPPROTO_TCP : IPPROTO_UDP, &e); sock_put(&SM, &e); }
	ok = SM.n == 14 && SM2.n == 14;
	for (u32 i = 0; i < SM.n; i++) {
		const struct sock_ent *a = &SM.e[i], *b = sock_by_inode(&SM2, a->inode);
		ok &= b && !memcmp(a->local, b->local, 16) && !memcmp(a->remote, b->remote, 16) && a->lport == b->lport
		      && a->rport == b->rport && a->v6 == b->v6 && a->state == b->state && a->uid == b->uid && a->proto == b->proto;
	}
	check(ok, "diag_reply: each socket as /proc/net/{tcp,udp}{,6} gives it (addresses, ports, family, state, uid, inode)");
	/* the dump in two reads, another request's messages, cut short */
	sock_init(&SM2, key2);
	u8 *c = heap_copy(fx_diag_tcp4, 248);
	int r1 = diag_reply(c, 248, 7, IPPROTO_TCP, &SM2, 0);
	free(c);
	c = heap_copy(fx_diag_tcp4 + 248, sizeof fx_diag_tcp4 - 248);
	int r2 = diag_reply(c, sizeof fx_diag_tcp4 - 248, 7, IPPROTO_TCP, &SM2, 0);
	free(c);
	check(r1 == DIAG_MORE && r2 == DIAG_DONE && SM2.n == 5, "diag_reply: a dump over two reads: MORE, then DONE");
	sock_init(&SM2, key2);
	check(diag_reply(fx_diag_tcp4, sizeof fx_diag_tcp4, 8, IPPROTO_TCP, &SM2, 0) == DIAG_MORE && SM2.n == 0,
	      "diag_reply: another request's messages (seq) are skipped, its DONE too");
	ok = 1;
	for (u32 m = 0; m < sizeof fx_diag_tcp4; m++) {
		sock_init(&SM2, key2);
		c = heap_copy(fx_diag_tcp4, m);
		int r = diag_reply(c, m, 7, IPPROTO_TCP, &SM2, 0);
		free(c);
		ok &= m % 124 == 0 ? r == DIAG_MORE && SM2.n == m / 124 : r == DIAG_BAD;
	}
	check(ok, "diag_reply: every prefix of a dump: MORE at each message's end, BAD inside one");
	/* built by hand: one IPv4 socket, network order, then an error */
	u8 b[124 + 36];
	memset(b, 0, sizeof b);
	b[0] = 88; b[4] = SOCK_DIAG_BY_FAMILY; b[8] = 7;
	u8 *m = b + 16;
	m[0] = AF_INET; m[1] = SK_ESTABLISHED;
	m[4] = 0x1f; m[5] = 0x90; m[6] = 0xc3; m[7] = 0x50;                 /* 8080 -> 50000 */
	m[8] = 192; m[9] = 0; m[10] = 2; m[11] = 1; m[24] = 198; m[25] = 51; m[26] = 100; m[27] = 7;
	m[64] = 0xe8; m[65] = 0x03;                                           /* uid 1000 */
	m[68] = 0x39; m[69] = 0x30;                                           /* inode 12345 */
	u8 *er = b + 88;
	er[0] = 36; er[4] = NLMSG_ERROR; er[8] = 7;
	er[16] = 0xff; er[17] = 0xff; er[18] = 0xff; er[19] = 0xff;           /* -1: EPERM */
	sock_init(&SM2, key2);
	int r = diag_reply(b, 88 + 36, 7, IPPROTO_TCP, &SM2, 3);
	const struct sock_ent *s = sock_by_inode(&SM2, 12345);
	check(r == -EPERM && s && !s->v6 && is_addr(s->local, (const u8[4]){ 192, 0, 2, 1 }, 4)
	      && is_addr(s->remote, (const u8[4]){ 198, 51, 100, 7 }, 4) && s->lport == 8080 && s->rport == 50000
	      && s->uid == 1000 && s->netns == 3 && s->state == SK_ESTABLISHED,
	      "diag_reply: a hand-built message (ports and addresses in network order, uid, inode, the namespace given), then NLMSG_ERROR -EPERM");
	b[0] = 15;
	check(diag_reply(b, 88, 7, IPPROTO_TCP, &SM2, 0) == DIAG_BAD, "diag_reply: nlmsg_len under a header: BAD");
	b[0] = 87;
	check(diag_reply(b, 88, 7, IPPROTO_TCP, &SM2, 0) == DIAG_BAD, "diag_reply: an inet_diag_msg one byte short: BAD");
	b[0] = 88; m[0] = 99;
	check(diag_reply(b, 88, 7, IPPROTO_TCP, &SM2, 0) == DIAG_BAD, "diag_reply: a family not IPv4 or IPv6: BAD");
	memset(b, 0, 20); b[0] = 20; b[4] = NLMSG_DONE; b[8] = 7; b[16] = 0x97; b[17] = 0xff; b[18] = 0xff; b[19] = 0xff;
	check(diag_reply(b, 20, 7, IPPROTO_TCP, &SM2, 0) == -105, "diag_reply: NLMSG_DONE carrying an error (-ENOBUFS) gives it");
	b[4] = 77;
	check(diag_reply(b, 20, 7, IPPROTO_TCP, &SM2, 0) == DIAG_BAD, "diag_reply: an unknown message type: BAD");
	ok = 1;
	for (int it = 0; it < 20000; it++) {
		u8 x[sizeof fx_diag_tcp6];
		memcpy(x, fx_diag_tcp6, sizeof x);
		for (int j = 0; j < 4; j++) x[rnd() % sizeof x] = (u8)rnd();
		u32 n = (u32)(rnd() % (sizeof x + 1));
		sock_init(&SM2, key2);
		c = heap_copy(x, n);
		r = diag_reply(c, n, 7, IPPROTO_TCP, &SM2, 0);
		free(c);
		if ((r != DIAG_MORE && r != DIAG_DONE && r < DIAG_BAD) || r > DIAG_DONE || SM2.n > 5) ok = 0;
	}
	check(ok, "diag_reply: 20,000 dumps with bytes changed and cut: an answer each, at most the sockets there");
}

static void test_proc_files(void)
{
	check(fd_socket_inode("socket:[3155655]", 16) == 3155655 && fd_socket_inode("socket:[1]", 10) == 1,
	      "fd_socket_inode: socket:[3155655]");
	check(!fd_socket_inode("pipe:[3152825]", 14) && !fd_socket_inode("socket:[]", 9) && !fd_socket_inode("socket:[0]", 10)
	      && !fd_socket_inode("socket:[4294967296]", 19) && !fd_socket_inode("socket:[12", 10)
	      && !fd_socket_inode("socket:[1x]", 11) && !fd_socket_inode("anon_inode:[eventpoll]", 22)
	      && !fd_socket_inode("/dev/null", 9) && !fd_socket_inode("", 0),
	      "fd_socket_inode: pipes, anon inodes, files, an empty or overlong number, a cut link: 0");
	check(proc_pid("6152") == 6152 && proc_pid("4194304") == 4194304 && !proc_pid("4194305") && !proc_pid("self")
	      && !proc_pid("0") && !proc_pid("01") && !proc_pid("") && !proc_pid("12a") && !proc_pid("99999999999999"),
	      "proc_pid: /proc's numeric entries up to PID_MAX_LIMIT; self, 0, leading zeros, others: 0");
	char comm[COMM_MAX];
	check(comm_parse("socat\n", 6, comm) == 5 && !strcmp(comm, "socat"), "comm_parse: the newline goes");
	check(comm_parse("a-very-long-command-name\n", 25, comm) == 15 && !strcmp(comm, "a-very-long-com")
	      && comm_parse("", 0, comm) == 0 && !comm[0] && comm_parse("x y", 3, comm) == 3,
	      "comm_parse: at most 15 bytes, NUL ended; empty; spaces kept");
	/* this machine's: cgroup v1 hierarchies, and the v2 line at the root */
	const char *here = "9:name=systemd:/\n8:pids:/\n4:memory:/process_api/f409017310cc6e8d4b11d5774f2484f7\n0::/\n";
	char cg[64];
	check(cgroup_parse(here, (u32)strlen(here), cg, sizeof cg) == 0 && !cg[0], "cgroup_parse: 0::/ is the root, and v1 systemd hierarchy too: none (other v1 lines ignored)");
	const char *dk = "0::/system.slice/docker-4f1c.scope\n";
	check(cgroup_parse(dk, (u32)strlen(dk), cg, sizeof cg) == 31 && !strcmp(cg, "/system.slice/docker-4f1c.scope"),
	      "cgroup_parse: a container's v2 path");
	check(cgroup_parse(dk, (u32)strlen(dk) - 1, cg, sizeof cg) == 31 && cgroup_parse(dk, (u32)strlen(dk), cg, 31) == -1
	      && cgroup_parse(dk, (u32)strlen(dk), cg, 32) == 31 && cgroup_parse("1:cpu:/a\n", 9, cg, sizeof cg) == 0
	      && cgroup_parse("0::", 3, cg, sizeof cg) == 0 && cgroup_parse("10::/x\n", 7, cg, sizeof cg) == 0,
	      "cgroup_parse: no final newline; too long for cap: -1; v1 only, 0:: without a path, 10::: none");
	const char *hy = "12:name=systemd:/docker/9e1\n4:memory:/docker/9e1\n0::/\n";
	const char *both = "1:name=systemd:/a\n0::/b.slice\n";
	check(cgroup_parse(hy, (u32)strlen(hy), cg, sizeof cg) == 11 && !strcmp(cg, "/docker/9e1")
	      && cgroup_parse(both, (u32)strlen(both), cg, sizeof cg) == 8 && !strcmp(cg, "/b.slice")
	      && cgroup_parse("1:name=systemdX:/a\n", 19, cg, sizeof cg) == 0 && cgroup_parse(":name=systemd:/a\n", 17, cg, sizeof cg) == 0,
	      "cgroup_parse: v2 at the root on a hybrid system: the v1 systemd hierarchy's path; a v2 path first; other v1 lines, no number: none");
	check(ns_net_inode("net:[4026531840]", 16) == 4026531840u && !ns_net_inode("net:[]", 6) && !ns_net_inode("mnt:[4026531840]", 16)
	      && !ns_net_inode("net:[4026531840", 15) && !ns_net_inode("net:[99999999999]", 17),
	      "ns_net_inode: /proc/PID/ns/net's link; empty, another namespace's kind, unclosed, past 2^32: 0");
}

/* a conn for the lookup */
static struct conn mkconn(u8 proto, int v6, const u8 *a, u16 ap, const u8 *b, u16 bp)
{
	struct conn c;
	memset(&c, 0, sizeof c);
	c.proto = proto; c.v6 = (u8)v6; c.ap = ap; c.bp = bp;
	memcpy(c.a, a, v6 ? 16 : 4); memcpy(c.b, b, v6 ? 16 : 4);
	return c;
}
/* the end's match, inode and process (pid 0: none known) */
static int end_is(const struct sock_map *m, const struct conn *c, int end, int how, u32 inode, u32 pid, u16 nfd)
{
	const struct sock_ent *e;
	int h = sock_end(m, c, end, &e);
	if (h != how) return 0;
	if (how == OWN_NONE) return !e;
	if (!e || e->inode != inode) return 0;
	const struct inode_ent *p = inode_get(&IM, inode);
	if (!pid) return !p;
	return p && p->pid == pid && p->nfd == nfd && !strcmp(p->comm, "socat");
}
/* the fd walk: each socket link of a process, kept when the map has it */
static void walk(const struct sock_map *m)
{
	inode_init(&IM, key2);
	for (int i = 0; fx_fds[i]; i++) {
		const char *s = fx_fds[i], *sp = strstr(s, " ");
		char pid[12];
		memcpy(pid, s, (size_t)(sp - s)); pid[sp - s] = 0;
		u32 ino = fd_socket_inode(sp + 1, (u32)strlen(sp + 1));
		if (ino && sock_by_inode(m, ino)) inode_put(&IM, ino, proc_pid(pid), "socat");
	}
}
/* ss -tunapeH at the capture: each connection, both ends */
static int against_ss(const struct sock_map *m)
{
	walk(m);
	struct conn t1 = mkconn(IPPROTO_TCP, 0, LO4, 49208, LO4, 40123), t2 = mkconn(IPPROTO_TCP, 1, LO6, 49626, LO6, 40124),
		t3 = mkconn(IPPROTO_TCP, 0, LO4, 42834, LO4, 40127), u1 = mkconn(IPPROTO_UDP, 0, LO4, 56288, LO4, 40125),
		u2 = mkconn(IPPROTO_UDP, 1, LO6, 35105, LO6, 40126);
	return IM.n == 14 - 1                       /* 0.0.0.0:2024 is no socat's */
	/* tcp ESTAB 127.0.0.1:49208 127.0.0.1:40123 users:(("socat",pid=6261,fd=5)) ino:3155644
	   tcp ESTAB 127.0.0.1:40123 127.0.0.1:49208 users:(("socat",pid=6283,fd=6),("socat",pid=6282,fd=6)) ino:3155655 */
		&& end_is(m, &t1, 0, OWN_EXACT, 3155644, 6261, 1) && end_is(m, &t1, 1, OWN_EXACT, 3155655, 6282, 2)
	/* tcp ESTAB [::1]:49626 [::1]:40124 users:(("socat",pid=6264,fd=5)) ino:3156330
	   tcp ESTAB [::1]:40124 [::1]:49626 users:(("socat",pid=6273,fd=6),("socat",pid=6272,fd=6)) ino:3156331 */
		&& end_is(m, &t2, 0, OWN_EXACT, 3156330, 6264, 1) && end_is(m, &t2, 1, OWN_EXACT, 3156331, 6272, 2)
	/* tcp ESTAB 127.0.0.1:42834 127.0.0.1:40127 users:(("socat",pid=6276,fd=5)) ino:3155654
	   tcp ESTAB [::ffff:127.0.0.1]:40127 [::ffff:127.0.0.1]:42834 users:(("socat",pid=6287,fd=6),("socat",pid=6284,fd=6)) ino:3155662 */
		&& end_is(m, &t3, 0, OWN_EXACT, 3155654, 6276, 1) && end_is(m, &t3, 1, OWN_EXACT, 3155662, 6284, 2)
	/* udp ESTAB 127.0.0.1:56288 127.0.0.1:40125 users:(("socat",pid=6269,fd=5)) ino:3155648
	   udp UNCONN 127.0.0.1:40125 0.0.0.0:* users:(("socat",pid=10341,fd=5)) ino:3119610 */
		&& end_is(m, &u1, 0, OWN_EXACT, 3155648, 6269, 1) && end_is(m, &u1, 1, OWN_BOUND, 3119610, 10341, 1)
	/* udp ESTAB [::1]:35105 [::1]:40126 users:(("socat",pid=6271,fd=5)) ino:3155651
	   udp UNCONN [::1]:40126 [::]:* users:(("socat",pid=6149,fd=5)) ino:3155555 */
		&& end_is(m, &u2, 0, OWN_EXACT, 3155651, 6271, 1) && end_is(m, &u2, 1, OWN_BOUND, 3155555, 6149, 1);
}

static void load_proc(struct sock_map *m, const u8 *key)
{
	const char *const *f[4] = { fx_proc_tcp, fx_proc_tcp6, fx_proc_udp, fx_proc_udp6 };
	struct sock_ent e;
	sock_init(m, key);
	for (int k = 0; k < 4; k++)
		for (int i = 1; f[k][i]; i++) { line(f[k][i], k < 2 ? IPPROTO_TCP : IPPROTO_UDP, &e); sock_put(m, &e); }
}

static void test_lookup(void)
{
	load_proc(&SM, key1);
	check(against_ss(&SM), "sock_end: /proc/net's sockets and the fd links give ss -tunapeH's process for both ends of "
	      "each connection (TCP v4, v6, v4 to a dual-stack socket; UDP to an unconnected receiver); several holders: the lowest pid");
	sock_init(&SM2, key2);
	diag_reply(fx_diag_tcp4, sizeof fx_diag_tcp4, 7, IPPROTO_TCP, &SM2, 0);
	diag_reply(fx_diag_tcp6, sizeof fx_diag_tcp6, 7, IPPROTO_TCP, &SM2, 0);
	diag_reply(fx_diag_udp4, sizeof fx_diag_udp4, 7, IPPROTO_UDP, &SM2, 0);
	diag_reply(fx_diag_udp6, sizeof fx_diag_udp6, 7, IPPROTO_UDP, &SM2, 0);
	check(against_ss(&SM2), "sock_end: the same from the sock_diag dumps (another hash key)");
	walk(&SM);
	const u8 r1[4] = { 10, 0, 0, 1 }, r2[4] = { 10, 0, 0, 2 }, far[4] = { 10, 9, 9, 9 };
	struct conn c = mkconn(IPPROTO_TCP, 0, r1, 1234, r2, 40123);
	check(end_is(&SM, &c, 0, OWN_NONE, 0, 0, 0) && end_is(&SM, &c, 1, OWN_NONE, 0, 0, 0),
	      "sock_end: a flow between two other hosts: no end here");
	c = mkconn(IPPROTO_TCP, 0, LO4, 50000, LO4, 40123);
	check(end_is(&SM, &c, 0, OWN_NONE, 0, 0, 0) && end_is(&SM, &c, 1, OWN_BOUND, 3156262, 6152, 1),
	      "sock_end: a TCP connection not in the table (not yet accepted): the server's end is its listener's; the client's none");
	c = mkconn(IPPROTO_TCP, 0, LO4, 50001, LO4, 40127);
	check(end_is(&SM, &c, 1, OWN_ANY, 3155558, 6150, 1), "sock_end: to 127.0.0.1:40127: the dual-stack [::]:40127 listener");
	c = mkconn(IPPROTO_TCP, 0, LO4, 50002, LO4, 2024);
	check(end_is(&SM, &c, 1, OWN_ANY, 1662, 0, 0), "sock_end: to 127.0.0.1:2024: the 0.0.0.0:2024 listener (no process known for it)");
	c = mkconn(IPPROTO_TCP, 0, r1, 50002, far, 2024);
	check(end_is(&SM, &c, 1, OWN_NONE, 0, 0, 0), "sock_end: to a wildcard listener's port on an address not known local: none");
	sock_local(&SM, far, 0, 0);
	check(end_is(&SM, &c, 1, OWN_ANY, 1662, 0, 0), "sock_end: ... once sock_local says the address is ours");
	c = mkconn(IPPROTO_ICMP, 0, LO4, 8, LO4, 0);
	check(end_is(&SM, &c, 0, OWN_NONE, 0, 0, 0), "sock_end: ICMP: none");
	/* namespaces: a container's wildcard listener and its address */
	struct sock_ent e;
	memset(&e, 0, sizeof e);
	e.proto = IPPROTO_TCP; e.lport = 8080; e.state = SK_LISTEN; e.inode = 900; e.netns = 1;
	sock_put(&SM, &e);                                   /* 0.0.0.0:8080 in namespace 1 */
	const u8 ct[4] = { 172, 17, 0, 2 }, peer[4] = { 172, 17, 0, 1 };
	memcpy(e.local, ct, 4); e.lport = 8081; e.inode = 901;
	sock_put(&SM, &e);                                   /* 172.17.0.2:8081: the address is namespace 1's */
	c = mkconn(IPPROTO_TCP, 0, peer, 40000, ct, 8080);
	struct conn lo = mkconn(IPPROTO_TCP, 0, LO4, 40000, LO4, 8080);
	const struct sock_ent *s;
	check(sock_end(&SM, &c, 1, &s) == OWN_ANY && s->inode == 900 && sock_end(&SM, &lo, 1, &s) == OWN_NONE,
	      "sock_end: a container's 0.0.0.0:8080 takes its own address (known from its sockets), not netmoon's loopback");
	/* the same tuple in several namespaces: netmoon's own, else the lowest */
	memset(&e, 0, sizeof e);
	e.proto = IPPROTO_UDP; memcpy(e.local, ct, 4); memcpy(e.remote, peer, 4); e.lport = 53; e.rport = 5353; e.state = 1;
	e.inode = 1003; e.netns = 3; sock_put(&SM, &e);
	e.inode = 1002; e.netns = 2; sock_put(&SM, &e);
	c = mkconn(IPPROTO_UDP, 0, peer, 5353, ct, 53);
	int h1 = sock_end(&SM, &c, 1, &s);
	u32 i1 = s ? s->inode : 0;
	e.inode = 1000; e.netns = 0; sock_put(&SM, &e);
	int h2 = sock_end(&SM, &c, 1, &s);
	check(h1 == OWN_EXACT && i1 == 1002 && h2 == OWN_EXACT && s->inode == 1000, "sock_end: one tuple in several namespaces: the lowest, netmoon's own first");
	/* a UDP client on an unconnected wildcard socket (sendto) */
	memset(&e, 0, sizeof e);
	e.proto = IPPROTO_UDP; e.lport = 5353; e.state = SK_CLOSE; e.inode = 77;
	sock_put(&SM, &e);
	const u8 dns[4] = { 192, 0, 2, 53 };
	c = mkconn(IPPROTO_UDP, 0, LO4, 5353, dns, 53);
	check(sock_end(&SM, &c, 0, &s) == OWN_ANY && s->inode == 77, "sock_end: UDP: the client's end may be an unconnected socket too");
}

static void test_bounds(void)
{
	struct sock_ent e;
	memset(&e, 0, sizeof e);
	e.proto = IPPROTO_TCP; e.state = SK_ESTABLISHED; e.local[0] = 10; e.remote[0] = 10; e.remote[3] = 1; e.rport = 80;
	sock_init(&SM, key1);
	int ok = 1;
	for (u32 i = 0; i < SOCK_MAX + 5; i++) {
		e.local[1] = (u8)(i >> 8); e.local[2] = (u8)i; e.lport = (u16)(1024 + i); e.inode = 100 + i;
		ok &= sock_put(&SM, &e) == (i < SOCK_MAX ? 1 : -1);
	}
	check(ok && SM.n == SOCK_MAX && SM.full == 5 && SM.nlocal == LOCAL_MAX, "sock_map: SOCK_MAX sockets kept, more counted in full; LOCAL_MAX addresses");
	ok = 1;
	for (u32 i = 0; i < SOCK_MAX + 5; i++) {
		const struct sock_ent *s = sock_by_inode(&SM, 100 + i);
		u8 a[4] = { 10, (u8)(i >> 8), (u8)i, 0 }, b[4] = { 10, 0, 0, 1 };
		struct conn c = mkconn(IPPROTO_TCP, 0, a, (u16)(1024 + i), b, 80);
		const struct sock_ent *t;
		int h = sock_end(&SM, &c, 0, &t);
		ok &= i < SOCK_MAX ? s && s->lport == 1024 + i && h == OWN_EXACT && t == s : !s && h == OWN_NONE;
	}
	check(ok, "sock_map: each kept socket found by inode and by tuple, the others not");
	inode_init(&IM, key1);
	ok = 1;
	for (u32 i = 0; i < INODE_MAX + 3; i++) ok &= inode_put(&IM, 5000 + i, 1 + i, "x") == (i < INODE_MAX ? 0 : -1);
	const struct inode_ent *p = inode_get(&IM, 5000 + INODE_MAX - 1);
	check(ok && IM.n == INODE_MAX && IM.full == 3 && p && p->pid == INODE_MAX && !inode_get(&IM, 5000 + INODE_MAX),
	      "inode_map: INODE_MAX sockets, more counted in full");
	inode_init(&IM, key2);
	inode_put(&IM, 42, 300, "later");
	inode_put(&IM, 42, 200, "first-and-a-very-long-name");
	inode_put(&IM, 42, 250, "middle");
	p = inode_get(&IM, 42);
	check(p && p->pid == 200 && p->nfd == 3 && !strcmp(p->comm, "first-and-a-ver") && IM.n == 1,
	      "inode_map: a socket in several processes: the lowest pid, whatever the order, its comm (15 bytes); nfd counts them");
}

void test_owner(void)
{
	test_procnet();
	test_diag();
	test_proc_files();
	test_lookup();
	test_bounds();
}
