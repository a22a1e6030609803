/* impair - a netem-like wire between two interfaces, for kernels without
 * netem: the Ethernet frames read on one interface (AF_PACKET, ETH_P_ALL)
 * are sent out of the other, and the TCP ones (IPv4 or IPv6) may be delayed,
 * jittered, reordered, lost, duplicated or corrupted on the way. A host-side
 * helper of tools/mkimpaired.sh (built with the host's gcc and libc), run in a
 * namespace of its own between two veth pairs.
 *
 *   impair [-s SEED] [-d DELAY_MS] [-j JITTER_MS] [-l LOSS%] [-D DUP%]
 *          [-r REORDER%] [-c CORRUPT%] [-C CORRUPT%] [-R RATE_KBIT] [-q LIMIT]
 *          [-S SYNS] [-b PORT] IF_A IF_B
 *
 * Each numeric option is one value for both directions or two, "AB,BA":
 * -l 0,5 loses 5% of the frames from IF_B to IF_A and none the other way.
 *   -d, -j  delay, uniform in [DELAY-JITTER, DELAY+JITTER] ms; as with netem,
 *           a jitter large enough reorders frames (they leave by due time)
 *   -r      that share of frames skips the delay (netem's "reorder": needs -d)
 *   -c      flips one random bit past the IP header: in the TCP payload when
 *           there is one, else in the TCP checksum, so the receiver drops it
 *   -C      flips one random bit anywhere in the frame, as netem's "corrupt"
 *           does: Ethernet, IP and TCP headers too (lengths, flags, sequence
 *           numbers, ports...); the receiver drops most such frames, a
 *           capture on its side shows them
 *   -R      rate limit (a frame leaves when the one before has left);
 *           -q frames may wait at most (default 1000), more are dropped
 *   -S      drops the first SYNS segments with SYN and without ACK
 *   -b      drops every TCP segment from or to that port (a black hole)
 * Frames other than TCP (ARP, neighbour discovery, ...) pass at once, as they
 * are. Each direction draws from a PRNG of its own, seeded from SEED, so a
 * run makes the same choices for the same sequence of frames. Frames with a
 * partial checksum (the veth peer's offload) get their checksum completed.
 * SIGINT or SIGTERM: the counts per direction go to stderr, and it exits. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <linux/virtio_net.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAXFRAME 65536

struct dir {
	double delay, jitter, loss, dup, reorder, corrupt, anywhere, rate;   /* ms, ms, %, %, %, %, %, kbit/s */
	unsigned syns, limit;
	uint64_t rng;
	int64_t free_at;        /* ns: when the rate-limited link is free */
	unsigned queued;
	unsigned long seen, sent, lost, dups, corrupted, reordered, syndrop, holed, qdrop, gso, err;
};

struct pkt { int64_t due; uint64_t seq; int out; struct dir *d; unsigned len; unsigned char *buf; };

static struct pkt *heap;
static size_t nheap, capheap;
static uint64_t seqno;
static volatile sig_atomic_t stop;
static unsigned blackhole;   /* port, 0: none */

static void on_sig(int s) { (void)s; stop = 1; }

static int64_t now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static uint64_t next(uint64_t *s)   /* splitmix64 */
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}
static double unif(struct dir *d) { return (next(&d->rng) >> 11) * (1.0 / 9007199254740992.0); }
static int chance(struct dir *d, double pct) { return pct > 0 && unif(d) * 100 < pct; }

static int earlier(const struct pkt *a, const struct pkt *b)
{
	return a->due < b->due || (a->due == b->due && a->seq < b->seq);
}

static void push(struct pkt p)
{
	if (nheap == capheap) {
		capheap = capheap ? capheap * 2 : 256;
		heap = realloc(heap, capheap * sizeof *heap);
		if (!heap) { perror("realloc"); exit(1); }
	}
	size_t i = nheap++;
	while (i && earlier(&p, &heap[(i - 1) / 2])) { heap[i] = heap[(i - 1) / 2]; i = (i - 1) / 2; }
	heap[i] = p;
}

static struct pkt pop(void)
{
	struct pkt top = heap[0], last = heap[--nheap];
	size_t i = 0;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= nheap) break;
		if (c + 1 < nheap && earlier(&heap[c + 1], &heap[c])) c++;
		if (!earlier(&heap[c], &last)) break;
		heap[i] = heap[c]; i = c;
	}
	if (nheap) heap[i] = last;
	return top;
}

/* one value or "AB,BA" */
static void opt2(const char *s, double *ab, double *ba)
{
	char *e;
	*ab = *ba = strtod(s, &e);
	if (*e == ',') *ba = strtod(e + 1, &e);
	if (*e || *ab < 0 || *ba < 0) { fprintf(stderr, "impair: bad value '%s'\n", s); exit(2); }
}

/* TCP header offset in an Ethernet frame (VLAN tags skipped), 0 if not TCP;
 * *ip: the IP header offset */
static unsigned tcp_at(const unsigned char *f, unsigned len, unsigned *ip)
{
	unsigned o = 12;
	while (o + 4 <= len && (f[o] == 0x81 || f[o] == 0x88) && (f[o + 1] == 0x00 || f[o + 1] == 0xa8)) o += 4;
	if (o + 2 > len) return 0;
	unsigned et = f[o] << 8 | f[o + 1];
	o += 2;
	*ip = o;
	if (et == 0x0800 && o + 20 <= len && f[o] >> 4 == 4) {
		unsigned hl = (f[o] & 15) * 4;
		if (f[o + 9] != 6 || (f[o + 6] & 0x3f) | f[o + 7]) return 0;   /* not TCP, or a fragment */
		return o + hl + 20 <= len ? o + hl : 0;
	}
	if (et == 0x86dd && o + 40 <= len && f[o] >> 4 == 6)
		return f[o + 6] == 6 && o + 60 <= len ? o + 40 : 0;   /* no extension headers */
	return 0;
}

/* complete a partial checksum, as the kernel's skb_checksum_help does */
static void fix_csum(unsigned char *f, unsigned len, const struct virtio_net_hdr *h)
{
	unsigned st = h->csum_start, at = st + h->csum_offset;
	if (!(h->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) || at + 2 > len) return;
	uint32_t sum = 0;
	for (unsigned i = st; i < len; i += 2) sum += (uint32_t)f[i] << 8 | (i + 1 < len ? f[i + 1] : 0);
	while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
	uint16_t c = (uint16_t)~sum;
	if (!c && h->csum_offset == 6) c = 0xffff;   /* UDP: 0 means none */
	f[at] = c >> 8; f[at + 1] = c & 0xff;
}

static void send_frame(int s, struct dir *d, const unsigned char *f, unsigned len)
{
	static unsigned char out[sizeof(struct virtio_net_hdr) + MAXFRAME];
	memset(out, 0, sizeof(struct virtio_net_hdr));   /* no offload asked */
	memcpy(out + sizeof(struct virtio_net_hdr), f, len);
	if (send(s, out, sizeof(struct virtio_net_hdr) + len, 0) < 0) d->err++;
	else d->sent++;
}

static void enqueue(struct dir *d, int out, const unsigned char *f, unsigned len, int64_t t, int immediate)
{
	int64_t due = t;
	if (!immediate) {
		double ms = d->delay;
		if (d->jitter > 0) ms += (unif(d) * 2 - 1) * d->jitter;
		if (ms > 0) due += (int64_t)(ms * 1e6);
	}
	if (d->rate > 0) {
		if (d->queued >= d->limit) { d->qdrop++; return; }
		if (due < d->free_at) due = d->free_at;
		d->free_at = due + (int64_t)(len * 8 * 1e6 / d->rate);   /* kbit/s: ns = bits * 1e6 / kbit */
	}
	unsigned char *b = malloc(len);
	if (!b) { perror("malloc"); exit(1); }
	memcpy(b, f, len);
	d->queued++;
	push((struct pkt){ due, seqno++, out, d, len, b });
}

static int open_if(const char *name)
{
	int s = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL)), one = 1;
	if (s < 0) { perror("socket"); exit(1); }
	struct sockaddr_ll sa = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL), .sll_ifindex = (int)if_nametoindex(name) };
	if (!sa.sll_ifindex) { perror(name); exit(1); }
	if (setsockopt(s, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one) < 0) perror("PACKET_IGNORE_OUTGOING");
	if (setsockopt(s, SOL_PACKET, PACKET_VNET_HDR, &one, sizeof one) < 0) { perror("PACKET_VNET_HDR"); exit(1); }
	if (bind(s, (struct sockaddr *)&sa, sizeof sa) < 0) { perror("bind"); exit(1); }
	struct packet_mreq mr = { .mr_ifindex = sa.sll_ifindex, .mr_type = PACKET_MR_PROMISC };
	if (setsockopt(s, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr, sizeof mr) < 0) perror("PACKET_MR_PROMISC");
	int buf = 4 << 20;
	setsockopt(s, SOL_SOCKET, SO_RCVBUF, &buf, sizeof buf);
	setsockopt(s, SOL_SOCKET, SO_SNDBUF, &buf, sizeof buf);
	return s;
}

/* a frame read on one side: decide its fate */
static void arrive(struct dir *d, int out, unsigned char *f, unsigned len, const struct virtio_net_hdr *h)
{
	int64_t t = now_ns();
	unsigned ip, th;
	d->seen++;
	if (h->gso_type != VIRTIO_NET_HDR_GSO_NONE) {   /* not expected: the veths have gso_max_segs 1 */
		static unsigned char o[sizeof(struct virtio_net_hdr) + MAXFRAME];
		memcpy(o, h, sizeof *h); memcpy(o + sizeof *h, f, len);
		d->gso++;
		if (send(out, o, sizeof *h + len, 0) < 0) d->err++; else d->sent++;
		return;
	}
	fix_csum(f, len, h);
	if (!(th = tcp_at(f, len, &ip))) { enqueue(d, out, f, len, t, 1); return; }
	unsigned sport = f[th] << 8 | f[th + 1], dport = f[th + 2] << 8 | f[th + 3], flags = f[th + 13];
	if (blackhole && (sport == blackhole || dport == blackhole)) { d->holed++; return; }
	if ((flags & 0x12) == 0x02 && d->syns) { d->syns--; d->syndrop++; return; }
	if (chance(d, d->loss)) { d->lost++; return; }
	int copies = 1 + chance(d, d->dup);
	d->dups += copies - 1;
	if (chance(d, d->corrupt)) {
		unsigned doff = (f[th + 12] >> 4) * 4, end = len;
		if (f[ip] >> 4 == 4) { unsigned tl = f[ip + 2] << 8 | f[ip + 3]; if (ip + tl < end) end = ip + tl; }
		else { unsigned pl = f[ip + 4] << 8 | f[ip + 5]; if (ip + 40 + pl < end) end = ip + 40 + pl; }
		unsigned lo = th + doff < end ? th + doff : th + 16, hi = th + doff < end ? end : th + 18;
		unsigned bit = (unsigned)(unif(d) * (hi - lo) * 8);
		f[lo + bit / 8] ^= (unsigned char)(1 << (bit % 8));
		d->corrupted++;
	} else if (chance(d, d->anywhere)) {
		unsigned bit = (unsigned)(unif(d) * len * 8);
		f[bit / 8] ^= (unsigned char)(1 << (bit % 8));
		d->corrupted++;
	}
	for (int i = 0; i < copies; i++) {
		int now = d->delay > 0 && chance(d, d->reorder);
		d->reordered += now;
		enqueue(d, out, f, len, t, now);
	}
}

int main(int argc, char **argv)
{
	struct dir dirs[2];
	memset(dirs, 0, sizeof dirs);
	dirs[0].limit = dirs[1].limit = 1000;
	uint64_t seed = 1;
	double a, b;
	int c;
	while ((c = getopt(argc, argv, "s:d:j:l:D:r:c:C:R:q:S:b:")) != -1) {
		if (c == 's') { seed = strtoull(optarg, 0, 0); continue; }
		if (c == 'b') { blackhole = (unsigned)atoi(optarg); continue; }
		if (c == '?') goto usage;
		opt2(optarg, &a, &b);
		switch (c) {
		case 'd': dirs[0].delay = a; dirs[1].delay = b; break;
		case 'j': dirs[0].jitter = a; dirs[1].jitter = b; break;
		case 'l': dirs[0].loss = a; dirs[1].loss = b; break;
		case 'D': dirs[0].dup = a; dirs[1].dup = b; break;
		case 'r': dirs[0].reorder = a; dirs[1].reorder = b; break;
		case 'c': dirs[0].corrupt = a; dirs[1].corrupt = b; break;
		case 'C': dirs[0].anywhere = a; dirs[1].anywhere = b; break;
		case 'R': dirs[0].rate = a; dirs[1].rate = b; break;
		case 'q': dirs[0].limit = (unsigned)a; dirs[1].limit = (unsigned)b; break;
		case 'S': dirs[0].syns = (unsigned)a; dirs[1].syns = (unsigned)b; break;
		}
	}
	if (argc - optind != 2) {
	usage:
		fprintf(stderr, "usage: impair [-s SEED] [-d DELAY_MS] [-j JITTER_MS] [-l LOSS%%] [-D DUP%%] [-r REORDER%%]\n"
			"              [-c CORRUPT%%] [-C CORRUPT%%] [-R RATE_KBIT] [-q LIMIT] [-S SYNS] [-b PORT] IF_A IF_B\n"
			"  each number: one for both directions, or AB,BA\n");
		return 2;
	}
	dirs[0].rng = seed * 2 + 0x1234; dirs[1].rng = seed * 2 + 0x5678;
	int s[2] = { open_if(argv[optind]), open_if(argv[optind + 1]) };
	struct sigaction sa = { .sa_handler = on_sig };
	sigaction(SIGINT, &sa, 0); sigaction(SIGTERM, &sa, 0);
	static unsigned char buf[sizeof(struct virtio_net_hdr) + MAXFRAME];
	fprintf(stderr, "impair: %s <-> %s, seed %llu\n", argv[optind], argv[optind + 1], (unsigned long long)seed);
	while (!stop) {
		int64_t t = now_ns();
		while (nheap && heap[0].due <= t) {
			struct pkt p = pop();
			send_frame(p.out, p.d, p.buf, p.len);
			p.d->queued--;
			free(p.buf);
		}
		struct pollfd pf[2] = { { s[0], POLLIN, 0 }, { s[1], POLLIN, 0 } };
		struct timespec to = { 1, 0 }, *top = &to;
		if (nheap) { int64_t w = heap[0].due - t; to.tv_sec = w / 1000000000; to.tv_nsec = w % 1000000000; }
		int n = ppoll(pf, 2, top, 0);
		if (n < 0) { if (errno == EINTR) continue; perror("ppoll"); return 1; }
		for (int i = 0; i < 2; i++) {
			if (!(pf[i].revents & POLLIN)) continue;
			for (;;) {   /* drain what is there */
				struct sockaddr_ll from;
				socklen_t fl = sizeof from;
				ssize_t r = recvfrom(s[i], buf, sizeof buf, MSG_DONTWAIT, (struct sockaddr *)&from, &fl);
				if (r < 0) break;
				if (from.sll_pkttype == PACKET_OUTGOING || r < (ssize_t)sizeof(struct virtio_net_hdr) + 14) continue;
				struct virtio_net_hdr h;
				memcpy(&h, buf, sizeof h);
				arrive(&dirs[i], s[!i], buf + sizeof h, (unsigned)(r - sizeof h), &h);
			}
		}
	}
	for (int i = 0; i < 2; i++) {
		struct dir *d = &dirs[i];
		fprintf(stderr, "impair: %s -> %s: %lu seen, %lu sent, %lu lost, %lu duplicated, %lu corrupted, %lu reordered, "
			"%lu SYNs dropped, %lu black-holed, %lu over the limit, %lu GSO, %lu send errors, %u still queued\n",
			argv[optind + i], argv[optind + !i], d->seen, d->sent, d->lost, d->dups, d->corrupted, d->reordered,
			d->syndrop, d->holed, d->qdrop, d->gso, d->err, d->queued);
	}
	return 0;
}
