/* mklinks - write the captures of the link types beside Ethernet that
 * netmoon reads and filters, for the filter comparison with tcpdump and the
 * TCP comparison with tshark (host tool, plain libc):
 *
 *   mklinks DIR      DIR/lt-wlan.pcap (802.11, 105), lt-radiotap.pcap (127),
 *                    lt-chdlc.pcap (Cisco HDLC, 104), lt-arcnet.pcap (129)
 *
 * The same traffic in each: a TCP connection over IPv4 (handshake, data
 * both ways, FIN both ways) and one over IPv6 (handshake, data, RST), UDP
 * to a multicast and a broadcast address, ICMP, ARP, a UDP datagram in an
 * 802.1Q tag; and frames that are not IP or cannot be read: truncated ones
 * (cut in the link header, in LLC/SNAP, in the IP header). 802.11 adds
 * beacons, ACK and RTS control frames, null data, a protected frame whose
 * body looks like LLC/SNAP and IPv4, and carries the data frames in every
 * header form: To DS, From DS, both (4 addresses), QoS data, QoS data with
 * HT control (the order bit); radiotap headers of 8 bytes, with TSFT and
 * flags, with the data-pad flag (the header padded to 4 bytes), with the
 * FCS flag (4 more bytes at the end) and with two presence words. Cisco
 * HDLC uses both addresses (0x0f, 0x8f) and a SLARP frame; ARCNET carries
 * IP in RFC 1201 (8-byte header) and RFC 1051 (5-byte header) framing.
 * Correct IPv4 and TCP/UDP checksums; no randomness: the same bytes every run. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "pcapgen.h"

enum { L_WLAN, L_RADIO, L_CHDLC, L_ARCNET, NL };
static const char *const names[NL] = { "lt-wlan.pcap", "lt-radiotap.pcap", "lt-chdlc.pcap", "lt-arcnet.pcap" };
static const uint32_t lts[NL] = { 105, 127, 104, 129 };
static FILE *out[NL];
static uint32_t now = 1700000000, usec;

static const uint8_t AP[6] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55 }, STA[6] = { 0x02, 0, 0, 0, 0, 0x01 },
	GW[6] = { 0x02, 0, 0, 0, 0, 0x02 }, BCAST[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
	MCAST[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb };

static void rec(int l, const uint8_t *b, size_t len, size_t cap)
{
	uint8_t h[16];
	if (!cap || cap > len) cap = len;
	put32(h, now); put32(h + 4, usec); put32(h + 8, (uint32_t)cap); put32(h + 12, (uint32_t)len);
	fwrite(h, 1, 16, out[l]); fwrite(b, 1, cap, out[l]);
}

/* ---- network layer: a packet with its ethertype ---- */
struct pk { uint16_t et; size_t n; uint8_t b[2000]; };

static void l4sum(struct pk *p, size_t ipoff, int v6, size_t l4, uint8_t proto, size_t csum_at)
{
	size_t len = p->n - l4;
	uint32_t s = 0;
	if (v6) s = sum(p->b + ipoff + 8, 32, 0);
	else s = sum(p->b + ipoff + 12, 8, 0);
	s += proto + (uint32_t)len;
	be16(p->b + l4 + csum_at, 0);
	be16(p->b + l4 + csum_at, fold(sum(p->b + l4, len, s)));
}
/* IPv4 or IPv6 from a to b (last byte), proto, then the l4 header and payload */
static struct pk ip(int v6, int a, int b, uint8_t proto, const uint8_t *l4, size_t n, int bcast)
{
	struct pk p = { .et = v6 ? 0x86dd : 0x0800 };
	if (!v6) {
		uint8_t *h = p.b;
		memset(h, 0, 20);
		h[0] = 0x45; be16(h + 2, (uint16_t)(20 + n)); be16(h + 4, 0x1234); be16(h + 6, 0x4000);
		h[8] = 64; h[9] = proto;
		h[12] = 10; h[13] = 2; h[14] = 0; h[15] = (uint8_t)a;
		if (bcast == 1) { h[16] = 224; h[17] = 0; h[18] = 0; h[19] = 251; }
		else if (bcast == 2) memset(h + 16, 255, 4);
		else { h[16] = 10; h[17] = 2; h[18] = 0; h[19] = (uint8_t)b; }
		be16(h + 10, fold(sum(h, 20, 0)));
		p.n = 20;
	} else {
		uint8_t *h = p.b;
		memset(h, 0, 40);
		h[0] = 0x60; be16(h + 4, (uint16_t)n); h[6] = proto; h[7] = 64;
		h[8] = 0x20; h[9] = 0x01; h[10] = 0x0d; h[11] = 0xb8; h[23] = (uint8_t)a;
		h[24] = 0x20; h[25] = 0x01; h[26] = 0x0d; h[27] = 0xb8; h[39] = (uint8_t)b;
		p.n = 40;
	}
	memcpy(p.b + p.n, l4, n);
	p.n += n;
	return p;
}
static struct pk tcp(int v6, int from_client, uint8_t fl, uint32_t seq, uint32_t ack, size_t len)
{
	uint8_t t[20 + 1500];
	memset(t, 0, 20);
	uint16_t cp = v6 ? 40002 : 40001, sp = v6 ? 443 : 80;
	be16(t, from_client ? cp : sp); be16(t + 2, from_client ? sp : cp);
	be32(t + 4, seq); be32(t + 8, ack); t[12] = 5 << 4; t[13] = fl; be16(t + 14, 65535);
	for (size_t i = 0; i < len; i++) t[20 + i] = (uint8_t)('a' + i % 26);
	struct pk p = ip(v6, from_client ? 1 : 2, from_client ? 2 : 1, 6, t, 20 + len, 0);
	l4sum(&p, 0, v6, v6 ? 40 : 20, 6, 16);
	return p;
}
static struct pk udp(int v6, uint16_t sp, uint16_t dp, size_t len, int bcast)
{
	uint8_t u[8 + 512];
	be16(u, sp); be16(u + 2, dp); be16(u + 4, (uint16_t)(8 + len)); be16(u + 6, 0);
	for (size_t i = 0; i < len; i++) u[8 + i] = (uint8_t)i;
	struct pk p = ip(v6, 1, 2, 17, u, 8 + len, bcast);
	l4sum(&p, 0, v6, v6 ? 40 : 20, 17, 6);
	return p;
}
static struct pk icmp(void)
{
	uint8_t c[16] = { 8, 0, 0, 0, 0x12, 0x34, 0, 1 };
	be16(c + 2, fold(sum(c, 16, 0)));
	return ip(0, 1, 2, 1, c, 16, 0);
}
static struct pk arp(void)
{
	struct pk p = { .et = 0x0806, .n = 28 };
	static const uint8_t a[28] = { 0, 1, 8, 0, 6, 4, 0, 1, 2, 0, 0, 0, 0, 1, 10, 2, 0, 1,
				       0, 0, 0, 0, 0, 0, 10, 2, 0, 2 };
	memcpy(p.b, a, 28);
	return p;
}
static struct pk vlan(uint16_t id, const struct pk *in)
{
	struct pk p = { .et = 0x8100, .n = 4 + in->n };
	be16(p.b, id); be16(p.b + 2, in->et); memcpy(p.b + 4, in->b, in->n);
	return p;
}

/* ---- link layers ---- */
/* 802.11 frame control, flags; the three or four addresses by direction */
enum { TODS = 1, FROMDS = 2, PROT = 0x40, ORDER = 0x80 };
struct wf { uint8_t fc, fl; int cut; int rt; };   /* rt: radiotap form */
static size_t radiotap(uint8_t *b, int form, size_t *fcs)
{
	*fcs = 0;
	switch (form) {
	case 0: memcpy(b, "\0\0\x08\0\0\0\0\0", 8); return 8;
	case 1: {   /* TSFT, flags, rate */
		static const uint8_t h[18] = { 0, 0, 18, 0, 0x07, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 0x00, 0x02 };
		memcpy(b, h, 18); return 18; }
	case 2: {   /* flags: data pad; then rate, channel */
		static const uint8_t h[14] = { 0, 0, 14, 0, 0x0e, 0, 0, 0, 0x20, 0x02, 0x6c, 0x09, 0xa0, 0x00 };
		memcpy(b, h, 14); return 14; }
	case 3: {   /* TSFT, flags: FCS at the end */
		static const uint8_t h[18] = { 0, 0, 18, 0, 0x03, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 0x10, 0x00 };
		memcpy(b, h, 18); *fcs = 4; return 18; }
	default: {  /* two presence words (the first: flags, extended), flags, antenna signal */
		static const uint8_t h[16] = { 0, 0, 16, 0, 0x02, 0, 0, 0x80, 0x20, 0, 0, 0, 0x00, 0xc4, 0, 0 };
		memcpy(b, h, 16); return 16; }
	}
}
/* a data frame carrying p (LLC/SNAP), or a management or control frame of body n */
static void wlan(const struct wf *w, const struct pk *p, const uint8_t *a1, const uint8_t *a2, const uint8_t *a3)
{
	uint8_t f[2200];
	for (int l = L_WLAN; l <= L_RADIO; l++) {
		size_t n = 0, fcs = 0;
		if (l == L_RADIO) n = radiotap(f, w->rt, &fcs);
		size_t h0 = n;
		f[n++] = w->fc; f[n++] = w->fl; f[n++] = 0x2c; f[n++] = 0;
		memcpy(f + n, a1, 6); n += 6;
		if ((w->fc & 0x0c) == 0x04) {           /* control: ACK has 1 address, RTS 2 */
			if (w->fc == 0xb4) { memcpy(f + n, a2, 6); n += 6; }
			rec(l, f, n + fcs, 0);
			continue;
		}
		memcpy(f + n, a2, 6); n += 6; memcpy(f + n, a3, 6); n += 6;
		f[n++] = 0x10; f[n++] = 0;              /* sequence */
		if ((w->fl & 3) == 3) { memcpy(f + n, GW, 6); n += 6; }
		if ((w->fc & 0x8c) == 0x88) { f[n++] = 0; f[n++] = 0; }            /* QoS */
		if ((w->fc & 0x8c) == 0x88 && (w->fl & ORDER)) { memset(f + n, 0, 4); n += 4; }  /* HT control */
		if (l == L_RADIO && w->rt == 2) while ((n - h0) & 3) f[n++] = 0;  /* data pad */
		size_t body = n;
		if (p) {
			static const uint8_t snap[6] = { 0xaa, 0xaa, 0x03, 0, 0, 0 };
			memcpy(f + n, snap, 6); n += 6; be16(f + n, p->et); n += 2;
			memcpy(f + n, p->b, p->n); n += p->n;
		} else if ((w->fc & 0x0c) == 0) {       /* a beacon's fixed fields and SSID */
			static const uint8_t bc[18] = { 1, 2, 3, 4, 5, 6, 7, 8, 0x64, 0, 0x01, 0x04, 0, 4, 'm', 'o', 'o', 'n' };
			memcpy(f + n, bc, 18); n += 18;
		}
		if (fcs) { memset(f + n, 0xee, 4); n += 4; }
		size_t cap = w->cut == 1 ? h0 + 20 : w->cut == 2 ? body + 4 : w->cut == 3 ? body + 8 + 10 : 0;
		rec(l, f, n, cap);
	}
}
static void chdlc(const struct pk *p, uint8_t addr, size_t cut)
{
	uint8_t f[2100] = { addr, 0 };
	be16(f + 2, p->et); memcpy(f + 4, p->b, p->n);
	rec(L_CHDLC, f, 4 + p->n, cut);
}
static void arcnet(const struct pk *p, int old, size_t cut)
{
	uint8_t f[2100] = { 0x01, 0x02, 0, 0 };
	size_t n = 4;
	uint8_t t = p->et == 0x0800 ? (old ? 0xf0 : 0xd4) : p->et == 0x86dd ? 0xc4 : p->et == 0x0806 ? (old ? 0xf1 : 0xd5) : 0;
	if (!t) return;
	if (p->b[16] == 255 || p->b[16] == 224) f[1] = 0;   /* broadcast */
	f[n++] = t;
	if (!old) { f[n++] = 0; f[n++] = 0; f[n++] = 0; }
	memcpy(f + n, p->b, p->n);
	rec(L_ARCNET, f, n + p->n, cut);
}

/* one packet on every link: the 802.11 form chosen by i */
static int pkt_no;
static void all(const struct pk *p, int to_server)
{
	static const struct wf forms[] = {
		{ 0x08, TODS, 0, 0 }, { 0x88, FROMDS, 0, 1 }, { 0x88, TODS | FROMDS, 0, 2 },
		{ 0x88, FROMDS | ORDER, 0, 3 }, { 0x08, FROMDS, 0, 4 }, { 0x88, TODS, 0, 2 },
		{ 0x08, TODS | FROMDS, 0, 1 }, { 0x88, TODS | ORDER, 0, 0 },
	};
	struct wf w = forms[pkt_no % (sizeof forms / sizeof forms[0])];
	int arcold = pkt_no % 3 == 2 && p->et != 0x86dd;
	pkt_no++;
	usec += 1000;
	/* To DS: the station sends to the AP (a1 BSSID, a2 source, a3 destination);
	   From DS: the AP to the station (a1 destination, a2 BSSID, a3 source) */
	const uint8_t *src = to_server ? STA : GW, *dst = to_server ? GW : STA;
	if (p->et == 0x0800 && p->b[16] == 255) dst = BCAST;
	if (p->et == 0x0800 && p->b[16] == 224) dst = MCAST;
	if (w.fl & TODS && !(w.fl & FROMDS)) wlan(&w, p, AP, src, dst);
	else if (w.fl & FROMDS && !(w.fl & TODS)) wlan(&w, p, dst, AP, src);
	else wlan(&w, p, AP, AP, dst);
	chdlc(p, dst == BCAST || dst == MCAST ? 0x8f : 0x0f, 0);
	arcnet(p, arcold, 0);
}

int main(int argc, char **argv)
{
	char path[4096];
	if (argc != 2) { fprintf(stderr, "usage: mklinks DIR\n"); return 2; }
	for (int l = 0; l < NL; l++) {
		snprintf(path, sizeof path, "%s/%s", argv[1], names[l]);
		if (!(out[l] = fopen(path, "wb"))) { perror(path); return 1; }
		uint8_t h[24];
		put32(h, 0xa1b2c3d4); put32(h + 4, 2 | 4 << 16); put32(h + 8, 0); put32(h + 12, 0);
		put32(h + 16, 262144); put32(h + 20, lts[l]);
		fwrite(h, 1, 24, out[l]);
	}
	/* a beacon, an RTS and an ACK */
	struct wf beacon = { 0x80, 0, 0, 1 }, rts = { 0xb4, 0, 0, 0 }, ack = { 0xd4, 0, 0, 3 };
	wlan(&beacon, 0, BCAST, AP, AP); wlan(&rts, 0, AP, STA, 0); wlan(&ack, 0, STA, 0, 0);
	/* TCP over IPv4: handshake, 100 bytes up, 300 down, FIN both ways */
	uint32_t c = 1000, s = 5000;
	struct pk p;
	p = tcp(0, 1, 0x02, c, 0, 0); all(&p, 1);
	p = tcp(0, 0, 0x12, s, c + 1, 0); all(&p, 0);
	p = tcp(0, 1, 0x10, c + 1, s + 1, 0); all(&p, 1);
	p = tcp(0, 1, 0x18, c + 1, s + 1, 100); all(&p, 1);
	p = tcp(0, 0, 0x10, s + 1, c + 101, 0); all(&p, 0);
	p = tcp(0, 0, 0x18, s + 1, c + 101, 300); all(&p, 0);
	p = tcp(0, 1, 0x10, c + 101, s + 301, 0); all(&p, 1);
	/* null data, and a protected frame whose body reads as SNAP + IPv4 */
	struct wf nul = { 0x48, TODS, 0, 0 }, prot = { 0x08, TODS | PROT, 0, 1 };
	wlan(&nul, 0, AP, STA, GW); p = udp(0, 1234, 53, 20, 0); wlan(&prot, &p, AP, STA, GW);
	p = tcp(0, 1, 0x11, c + 101, s + 301, 0); all(&p, 1);
	p = tcp(0, 0, 0x11, s + 301, c + 102, 0); all(&p, 0);
	p = tcp(0, 1, 0x10, c + 102, s + 302, 0); all(&p, 1);
	/* TCP over IPv6: handshake, 50 bytes, the server resets */
	c = 70000; s = 90000;
	p = tcp(1, 1, 0x02, c, 0, 0); all(&p, 1);
	p = tcp(1, 0, 0x12, s, c + 1, 0); all(&p, 0);
	p = tcp(1, 1, 0x10, c + 1, s + 1, 0); all(&p, 1);
	p = tcp(1, 1, 0x18, c + 1, s + 1, 50); all(&p, 1);
	p = tcp(1, 0, 0x14, s + 1, c + 51, 0); all(&p, 0);
	/* UDP (multicast, broadcast, IPv6), ICMP, ARP, UDP in an 802.1Q tag */
	p = udp(0, 5353, 5353, 40, 1); all(&p, 1);
	p = udp(0, 68, 67, 60, 2); all(&p, 1);
	p = udp(1, 546, 547, 30, 0); all(&p, 1);
	p = icmp(); all(&p, 1);
	p = arp(); all(&p, 1);
	struct pk u = udp(0, 1000, 2000, 10, 0);
	p = vlan(100, &u); all(&p, 1);
	/* truncated: in the 802.11 header, in LLC/SNAP, in the IPv4 header */
	for (int cut = 1; cut <= 3; cut++) {
		struct wf t = { 0x88, TODS, cut, 1 };
		p = tcp(0, 1, 0x10, 1, 1, 0);
		wlan(&t, &p, AP, STA, GW);
		chdlc(&p, 0x0f, cut == 1 ? 3 : cut == 2 ? 10 : 20);
		arcnet(&p, 0, cut == 1 ? 3 : cut == 2 ? 10 : 20);
	}
	/* Cisco HDLC's SLARP (a keepalive), not IP */
	{ struct pk sl = { .et = 0x8035, .n = 18 }; be32(sl.b, 2); chdlc(&sl, 0x8f, 0); }
	for (int l = 0; l < NL; l++) if (fclose(out[l])) { perror(names[l]); return 1; }
	return 0;
}
