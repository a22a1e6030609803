/* sendpcap - send the Ethernet frames of a pcap file out of an interface,
 * as they are (VLAN tags included), through an AF_PACKET socket. A host-side
 * test helper (built with the host's gcc and libc): the live filter tests
 * replay real captures into a veth inside a namespace of their own.
 *   sendpcap IFACE FILE [MAXLEN]   frames longer than MAXLEN (default 1518) are skipped */
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 3) { fprintf(stderr, "usage: sendpcap IFACE FILE [MAXLEN]\n"); return 2; }
	unsigned maxlen = argc > 3 ? (unsigned)atoi(argv[3]) : 1518;
	FILE *f = fopen(argv[2], "rb");
	if (!f) { perror(argv[2]); return 1; }
	uint32_t h[6];
	if (fread(h, 4, 6, f) != 6 || h[0] != 0xa1b2c3d4 || h[5] != 1) { fprintf(stderr, "%s: not a native Ethernet pcap\n", argv[2]); return 1; }
	int s = socket(AF_PACKET, SOCK_RAW, 0);
	if (s < 0) { perror("socket"); return 1; }
	struct sockaddr_ll sa = { .sll_family = AF_PACKET, .sll_ifindex = (int)if_nametoindex(argv[1]), .sll_halen = 6 };
	if (!sa.sll_ifindex) { perror(argv[1]); return 1; }
	static unsigned char buf[262144];
	unsigned sent = 0, skipped = 0;
	uint32_t r[4];
	while (fread(r, 4, 4, f) == 4) {
		if (r[2] > sizeof buf || fread(buf, 1, r[2], f) != r[2]) break;
		if (r[2] < 14 || r[2] > maxlen) { skipped++; continue; }
		if (sendto(s, buf, r[2], 0, (struct sockaddr *)&sa, sizeof sa) < 0) { skipped++; continue; }
		if (++sent % 64 == 0) nanosleep(&(struct timespec){ 0, 2000000 }, 0);   /* let slow readers keep up */
	}
	printf("%u sent, %u skipped\n", sent, skipped);
	return 0;
}
