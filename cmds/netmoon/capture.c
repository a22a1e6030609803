/* capture.c - frames from the kernel: an AF_PACKET socket that rejects
 * everything until the real filter is attached, a TPACKET_V3 ring (the
 * kernel fills blocks, netmoon hands them back: no copy, no system call
 * per frame) or, where the ring is refused (qemu-user), recvmmsg in
 * batches with auxiliary data; the kernel's drop counts. */
#include "rt.h"
#include "sys.h"
#include "netmoon.h"

enum { RING_BLOCK = 1 << 18, RING_BLOCKS = 16, RING_FRAME = 2048, RING_RETIRE_MS = 50 };
enum { BATCH = 32, SNAP = 65536 + 4 };
enum { TPACKET3_HDRLEN = 48 };          /* TPACKET_ALIGN(sizeof(struct tpacket3_hdr)) */
enum { ETH_HLEN = 14 };                 /* destination, source, ethertype */

static int linktype_of(u16 hatype)
{
	return hatype == ARPHRD_ETHER || hatype == ARPHRD_LOOPBACK ? LT_ETHERNET : LT_RAW;
}

/* the name of interface index, asked of the kernel the first time (bytes
   that are not printable ASCII, quotes and backslashes as '?': the name goes to the
   terminal and into JSON); the index itself when it is gone */
const char *capture_ifname(int index)
{
	struct capture *k = &nm.cap;
	struct k_ifreq *r = k->names;
	if (!index) return 0;
	for (u32 i = 0; i < k->nseen && i < IFN_MAX; i++, r++)
		if (r->u.ifindex == index) return r->name;
	r = &k->names[k->nseen++ % IFN_MAX];
	r->u.ifindex = index;
	if (sys_ioctl(k->sock, SIOCGIFNAME, r)) r->name[fmt_u32(r->name, (u32)index)] = 0;
	for (char *c = r->name; *c; c++)
		if (*c < ' ' || *c > '~' || *c == '"' || *c == '\\') *c = '?';
	return r->name;
}

/* one frame: counted (lo's outgoing copy is not, nor a copy of a packet
   already seen on another interface), decoded, tracked, and written to -w
   with the link header the file needs */
static void frame(const struct k_sockaddr_ll *sll, const u8 *f, u32 caplen, u32 wirelen, u64 ts,
		  int vlan_ok, u16 tci)
{
	struct capture *k = &nm.cap;
	if (sll->sll_pkttype == PACKET_OUTGOING && k->lo_index && sll->sll_ifindex == k->lo_index)
		return;
	if (sll->sll_ifindex != k->last_if) capture_ifname(k->last_if = sll->sll_ifindex);
	u32 lt = (u32)linktype_of(sll->sll_hatype);
	if (!nm_packet(f, caplen, wirelen, ts, lt, (u32)sll->sll_ifindex) || !NM_FILES || nm.w.fd < 0) return;
	if (nm.wlinktype == LT_LINUX_SLL) {     /* the cooked header replaces the link header */
		u32 skip = lt == LT_ETHERNET && caplen >= ETH_HLEN ? ETH_HLEN : 0;
		u8 h[16] = { 0, sll->sll_pkttype, (u8)(sll->sll_hatype >> 8), (u8)sll->sll_hatype,
			     0, sll->sll_halen };
		memcpy(h + 6, sll->sll_addr, 8);
		memcpy(h + 14, &sll->sll_protocol, 2);
		wfile_record(h, 16, f + skip, caplen - skip, wirelen - skip, ts);
	} else if (vlan_ok && lt == LT_ETHERNET && caplen >= 12) {   /* put the stripped tag back */
		u8 h[16];
		memcpy(h, f, 12);
		h[12] = ETHERTYPE_VLAN >> 8; h[13] = ETHERTYPE_VLAN & 0xff;
		h[14] = (u8)(tci >> 8); h[15] = (u8)tci;
		wfile_record(h, 16, f + 12, caplen - 12, wirelen - 12, ts);
	} else wfile_record(0, 0, f, caplen, wirelen, ts);
}

static void drain_ring(void)
{
	struct capture *k = &nm.cap;
	while (nm_want_more()) {
		struct k_tpacket_block_desc *b = (void *)(k->ring + (size_t)k->ring_cur * k->ring_bsize);
		if (!(__atomic_load_n(&b->block_status, __ATOMIC_ACQUIRE) & TP_STATUS_USER)) return;
		u8 *p = (u8 *)b + b->offset_to_first_pkt;
		for (u32 i = 0; i < b->num_pkts && nm_want_more(); i++) {
			struct k_tpacket3_hdr *h = (void *)p;
			const struct k_sockaddr_ll *sll = (const void *)(p + TPACKET3_HDRLEN);
			frame(sll, p + h->tp_mac, h->tp_snaplen, h->tp_len, (u64)h->tp_sec * 1000000000u + h->tp_nsec,
			      (h->tp_status & TP_STATUS_VLAN_VALID) != 0, (u16)h->tp_vlan_tci);
			p += h->tp_next_offset;
		}
		__atomic_store_n(&b->block_status, TP_STATUS_KERNEL, __ATOMIC_RELEASE);
		k->ring_cur = (k->ring_cur + 1) % k->ring_blocks;
	}
}

/* the timestamp, VLAN tag and length on the wire a message's control data
   carries (SO_TIMESTAMP, PACKET_AUXDATA) */
struct meta { u64 ts; u32 wire; int vlan_ok; u16 tci; };
static void control(const struct k_msghdr *h, struct meta *m)
{
	const u8 *cp = h->control, *end = cp + h->controllen;
	while (cp + sizeof(struct k_cmsghdr) <= end) {
		const struct k_cmsghdr *ch = (const void *)cp;
		if (ch->len < sizeof *ch || cp + ch->len > end) break;
		if (ch->level == SOL_SOCKET && ch->type == SO_TIMESTAMP && ch->len >= 20) {
			struct k_timeval32 tv; memcpy(&tv, cp + 12, 8);
			m->ts = (u64)(u32)tv.tv_sec * 1000000000u + (u64)tv.tv_usec * 1000;
		} else if (ch->level == SOL_PACKET && ch->type == PACKET_AUXDATA && ch->len >= 32) {
			struct k_tpacket_auxdata a; memcpy(&a, cp + 12, 20);
			if (a.tp_status & TP_STATUS_VLAN_VALID) { m->vlan_ok = 1; m->tci = a.tp_vlan_tci; }
			if (a.tp_len) m->wire = a.tp_len;
		}
		cp += (ch->len + 3) & ~3u;
	}
}

static void drain_socket(void)
{
	static u8 bufs[BATCH][SNAP];        /* storage: one batch of frames */
	static struct k_sockaddr_ll names[BATCH];
	static u32 ctl[BATCH][16];
	static struct k_iovec iov[BATCH];
	static struct k_mmsghdr m[BATCH];
	for (int rounds = 0; rounds < 8 && nm_want_more(); rounds++) {
		for (int i = 0; i < BATCH; i++) {
			iov[i].base = bufs[i]; iov[i].len = SNAP;
			m[i].hdr = (struct k_msghdr){ &names[i], sizeof names[i], &iov[i], 1,
						      ctl[i], sizeof ctl[i], MSG_TRUNC };
		}
		long n = sys_recvmmsg(nm.cap.sock, m, BATCH, MSG_DONTWAIT | MSG_TRUNC);
		if (n == -EAGAIN || n == -EINTR) return;
		if (n < 0) nm_die("recvmmsg", 0, (int)n);
		u64 fallback_ts = 0;
		for (long i = 0; i < n && nm_want_more(); i++) {
			struct meta mt = { 0, m[i].len, 0, 0 };
			u32 cap = m[i].len < SNAP ? m[i].len : SNAP;
			control(&m[i].hdr, &mt);
			if (!mt.ts) mt.ts = fallback_ts ? fallback_ts : (fallback_ts = now_ns(CLOCK_REALTIME));
			frame(&names[i], bufs[i], cap, mt.wire, mt.ts, mt.vlan_ok, mt.tci);
		}
		if (n < BATCH) return;
	}
}

void capture_drain(void)
{
	if (nm.cap.ring_on) drain_ring(); else drain_socket();
}

void capture_stats(void)
{
	struct k_tpacket_stats_v3 st;
	u32 len = nm.cap.ring_on ? sizeof st : 8;
	if (nm.cap.stats_off) return;
	long e = sys_getsockopt(nm.cap.sock, SOL_PACKET, PACKET_STATISTICS, &st, &len);
	if (e) {
		nm.cap.stats_off = 1;
		nm_note("PACKET_STATISTICS: kernel drop counts unavailable", e);
		return;
	}
	nm.cap.drops += st.tp_drops;        /* the kernel resets its counts on every read */
	nm.cap.received += st.tp_packets;   /* what passed the socket's filter, dropped ones too */
}

/* the program the kernel runs: on lo every frame comes twice (outgoing
   and incoming), so a prefix drops the outgoing copy before it is even
   copied; with several -i, a prefix keeps their frames only; without one
   -i, frames that are not Ethernet or loopback cannot be read with an
   Ethernet filter and are dropped. Then the user's program. */
static void attach_filter(int ifindex, const int *idx, u32 nidx)
{
	static bpf_insn p[BPF_MAXINSNS];
	struct capture *k = &nm.cap;
	int n = 0;
	if (k->lo_dedupe) {
		p[n++] = (bpf_insn){ BPF_LD | BPF_W | BPF_ABS, 0, 0, (u32)(SKF_AD_OFF + SKF_AD_IFINDEX) };
		p[n++] = (bpf_insn){ BPF_JMP | BPF_JEQ | BPF_K, 0, 3, (u32)k->lo_index };
		p[n++] = (bpf_insn){ BPF_LD | BPF_W | BPF_ABS, 0, 0, (u32)(SKF_AD_OFF + SKF_AD_PKTTYPE) };
		p[n++] = (bpf_insn){ BPF_JMP | BPF_JEQ | BPF_K, 0, 1, PACKET_OUTGOING };
		p[n++] = (bpf_insn){ BPF_RET | BPF_K, 0, 0, 0 };
	}
	if (nidx > 1) {
		p[n++] = (bpf_insn){ BPF_LD | BPF_W | BPF_ABS, 0, 0, (u32)(SKF_AD_OFF + SKF_AD_IFINDEX) };
		for (u32 i = 0; i < nidx; i++)
			p[n++] = (bpf_insn){ BPF_JMP | BPF_JEQ | BPF_K, (u8)(nidx - i), 0, (u32)idx[i] };
		p[n++] = (bpf_insn){ BPF_RET | BPF_K, 0, 0, 0 };
	}
	if (nm.has_filter && !ifindex) {
		p[n++] = (bpf_insn){ BPF_LD | BPF_W | BPF_ABS, 0, 0, (u32)(SKF_AD_OFF + SKF_AD_HATYPE) };
		p[n++] = (bpf_insn){ BPF_JMP | BPF_JEQ | BPF_K, 2, 0, ARPHRD_ETHER };
		p[n++] = (bpf_insn){ BPF_JMP | BPF_JEQ | BPF_K, 1, 0, ARPHRD_LOOPBACK };
		p[n++] = (bpf_insn){ BPF_RET | BPF_K, 0, 0, 0 };
	}
	if (nm.has_filter) { memcpy(p + n, nm.prog, (size_t)nm.nprog * sizeof *p); n += nm.nprog; }
	else p[n++] = (bpf_insn){ BPF_RET | BPF_K, 0, 0, nm.opt.snaplen };
	if (bpf_check(p, n, 1)) nm_die("filter", "internal error: the program fails validation", -EINVAL);
	if (!k->filter_ok) {
		if (k->lo_dedupe)
			nm_note("SO_ATTACH_FILTER: loopback duplicates are dropped in user space", -ENOPROTOOPT);
		return;
	}
	/* empty the queue of what came before: it was rejected anyway, but a
	   frame queued between socket() and the first filter must not count */
	for (;;) {
		static u8 junk[64];
		struct k_iovec iov = { junk, sizeof junk };
		struct k_mmsghdr m = { { 0, 0, &iov, 1, 0, 0, 0 }, 0 };
		if (sys_recvmmsg(k->sock, &m, 1, MSG_DONTWAIT) <= 0) break;
	}
	struct k_sock_fprog fp = { (u16)n, p };
	long e = sys_setsockopt(k->sock, SOL_SOCKET, SO_ATTACH_FILTER, &fp, sizeof fp);
	if (e) nm_die("SO_ATTACH_FILTER", 0, (int)e);
	int one = 1;
	e = sys_setsockopt(k->sock, SOL_SOCKET, SO_LOCK_FILTER, &one, sizeof one);
	if (e) nm_note("SO_LOCK_FILTER: the filter is not locked", e);
}

/* the TPACKET_V3 ring: 16 blocks of 256 KiB, retired every 50 ms; else
   recvmmsg, with the VLAN tags and timestamps as control data */
static void ring_or_queue(void)
{
	struct capture *k = &nm.cap;
	int ver = TPACKET_V3;
	long e = sys_setsockopt(k->sock, SOL_PACKET, PACKET_VERSION, &ver, sizeof ver);
	if (!e) {
		struct k_tpacket_req3 req = { RING_BLOCK, RING_BLOCKS, RING_FRAME,
			RING_BLOCK / RING_FRAME * RING_BLOCKS, RING_RETIRE_MS, 0, 0 };
		e = sys_setsockopt(k->sock, SOL_PACKET, PACKET_RX_RING, &req, sizeof req);
		if (!e) {
			long m = sys_mmap(0, (size_t)req.tp_block_size * req.tp_block_nr, PROT_READ | PROT_WRITE,
					  MAP_SHARED, k->sock, 0);
			if (mmap_error(m)) e = m;
			else {
				k->ring = (u8 *)m; k->ring_on = 1;
				k->ring_blocks = req.tp_block_nr; k->ring_bsize = req.tp_block_size;
			}
		}
	}
	if (k->ring_on) return;
	nm_note("no TPACKET_V3 ring, reading with recvmmsg instead", e);
	int one = 1;
	e = sys_setsockopt(k->sock, SOL_PACKET, PACKET_AUXDATA, &one, sizeof one);
	if (e) nm_note("PACKET_AUXDATA: VLAN tags stripped by the kernel cannot be recovered", e);
	sys_setsockopt(k->sock, SOL_SOCKET, SO_TIMESTAMP, &one, sizeof one);
	int rcv = 8 << 20;
	if (sys_setsockopt(k->sock, SOL_SOCKET, SO_RCVBUFFORCE, &rcv, sizeof rcv))
		sys_setsockopt(k->sock, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof rcv);
}

/* the interface index of name, its hardware type (or -1) and flags */
static int iface(const char *name, int *hatype, int *flags)
{
	struct k_ifreq ifr;
	size_t l = strlen(name);
	if (l >= sizeof ifr.name) return -ENODEV;
	memset(&ifr, 0, sizeof ifr); memcpy(ifr.name, name, l);
	long e = sys_ioctl(nm.cap.sock, SIOCGIFINDEX, &ifr);
	if (e) return (int)e;
	int index = ifr.u.ifindex;
	if (hatype && sys_ioctl(nm.cap.sock, SIOCGIFHWADDR, &ifr) == 0) *hatype = ifr.u.hwaddr.family;
	if (flags && sys_ioctl(nm.cap.sock, SIOCGIFFLAGS, &ifr) == 0) *flags = (u16)ifr.u.flags;
	return index;
}

int capture_open(void)
{
	struct capture *k = &nm.cap;
	long e = sys_socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);   /* protocol 0: nothing queued yet */
	if (e == -EPERM || e == -EACCES) {
		pk_msg("capturing needs CAP_NET_RAW (run as root, or setcap cap_net_raw+ep on netmoon)",
		       pk_strerror((int)e, (char[24]){0}), 0);
		return -1;
	}
	if (e < 0) nm_die("socket(AF_PACKET)", 0, (int)e);
	k->sock = (int)e;
	int idx[IF_MAX], ifindex = 0, hatype = -1, lo = iface("lo", 0, 0);
	u32 nidx = nm.opt.niface;
	if (lo > 0) k->lo_index = lo;
	for (u32 i = 0; i < nidx; i++) {
		const char *name = nm.opt.iface[i];
		if ((idx[i] = iface(name, &hatype, 0)) < 0) nm_die(name, 0, idx[i]);
	}
	if (nidx == 1) ifindex = idx[0];
	k->dedupe = !ifindex;               /* every interface, or several */
	/* nothing unfiltered may slip through: reject everything until the
	   real program is in place (attach_filter, after bind) */
	static const bpf_insn reject_all[1] = { { BPF_RET | BPF_K, 0, 0, 0 } };
	struct k_sock_fprog none = { 1, reject_all };
	k->filter_ok = sys_setsockopt(k->sock, SOL_SOCKET, SO_ATTACH_FILTER, &none, sizeof none) == 0;
	if (!k->filter_ok && (nm.has_filter || nidx > 1))   /* several -i: a filter prefix */
		nm_die("SO_ATTACH_FILTER", "cannot filter in the kernel", -ENOPROTOOPT);
	k->lo_dedupe = k->lo_index > 0 && (!ifindex || ifindex == k->lo_index);
	u32 lt = ifindex ? (u32)linktype_of((u16)hatype) : LT_ETHERNET;
	if (nm.has_filter) nm_compile(lt, 1);
	ring_or_queue();
	for (u32 i = 0; nm.opt.promisc && i < nidx; i++) {
		struct k_packet_mreq mr = { idx[i], PACKET_MR_PROMISC, 0, { 0 } };
		e = sys_setsockopt(k->sock, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr, sizeof mr);
		if (e) { nm_note("PACKET_ADD_MEMBERSHIP: promiscuous mode not enabled", e); break; }
	}
	if (NM_FILES && nm.opt.wfile) wfile_open(!ifindex ? LT_LINUX_SLL : lt);
	struct k_sockaddr_ll sa = { AF_PACKET, (u16)(ETH_P_ALL << 8), ifindex, 0, 0, 0, { 0 } };
	e = sys_bind(k->sock, &sa, sizeof sa);
	if (e) nm_die(ifindex ? nm.opt.iface[0] : "bind", 0, (int)e);
	attach_filter(ifindex, idx, nidx);
	return 0;
}

/* -D: the interfaces of this network namespace in /proc/net/dev's order
   (sysfs may be another namespace's), as tcpdump -D lists them, with the
   kernel's index and ip link's name of the link type:
   "2.eth0 (ether) [Up, Running]" */
int capture_list(void)
{
	static char buf[1 << 18];
	static const char *const flag[3] = { "Up", "Running", "Loopback" };
	static const u8 bit[3] = { IFF_UP, IFF_RUNNING, IFF_LOOPBACK };
	struct out *o = &pk_out;
	long fd = sys_open("/proc/net/dev", O_RDONLY | O_CLOEXEC), n = 0, r;
	if (fd < 0) nm_die("/proc/net/dev", 0, (int)fd);
	while ((r = sys_read((int)fd, buf + n, sizeof buf - 1 - (size_t)n)) > 0) n += r;
	nm.cap.sock = (int)sys_socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	for (char *p = buf, *name = buf; *p; p++) {       /* lines "  NAME: counters" */
		if (*p == ' ' || *p == '\n') name = p + 1;
		if (*p != ':') continue;
		*p = 0;
		int type = -1, flags = 0, index = iface(name, &type, &flags);
		if (index < 0) continue;                /* gone meanwhile */
		const char *t = arphrd_name((u16)type), *sep = " [";
		out_u64(o, (u32)index); out_char(o, '.'); out_str(o, name); out_str(o, " (");
		if (t) out_str(o, t); else out_u64(o, (u16)type);
		out_char(o, ')');
		for (int i = 0; i < 3; i++)
			if (flags & bit[i]) { out_str(o, sep); out_str(o, flag[i]); sep = ", "; }
		out_str(o, sep[1] == '[' ? " [none]\n" : "]\n");
	}
	return 0;
}
