/* tcpgen - a small TCP client and server that make the traffic of
 * tools/mkimpaired.sh (a host-side helper: the host's gcc and libc). A
 * connection is a request and a reply: the client sends its bytes and shuts
 * its side down, the server reads to the end, sends its reply and closes.
 *
 *   tcpgen server [-n CONNS] [-b RCVBUF] [-p PAUSE_MS] [-o REPLY] [-m MAX] [-z] [-F] ADDR PORT
 *     -n  connections to serve, one after the other, then exit (default 1)
 *     -b  SO_RCVBUF of the listener (so of what it accepts)
 *     -p  wait that long after accepting before reading (a reader that stalls)
 *     -o  reply bytes (default 0)
 *     -m  read at most MAX bytes, then close (unread data left: a reset)
 *     -z  close with SO_LINGER 0 (a reset)
 *     -F  TCP_FASTOPEN on the listener
 *   tcpgen client [-n CONNS] [-i REQUEST] [-P SPORT] [-k IDLE_MS] [-t TIMEOUT_MS] [-w MS] [-z] [-F] ADDR PORT
 *     -n  connections, one after the other (default 1)
 *     -i  request bytes (default 0)
 *     -P  source port
 *     -k  keep-alive (TCP_KEEPIDLE 1 s, TCP_KEEPINTVL 1 s): send 100 bytes,
 *         stay idle IDLE_MS, then the request
 *     -t  give up connecting after TIMEOUT_MS (exit 3)
 *     -w  wait MS after sending, before closing
 *     -z  do not shut down: after sending (and -w), close with SO_LINGER 0
 *     -F  TCP Fast Open: the request's first bytes go in the SYN
 * The exit status is 1 when a connection failed (refused, reset). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static char buf[65536];
static int conns = 1, rcvbuf, pause_ms, maxread = -1, linger0, fastopen, sport, keep_ms = -1, timeout_ms, wait_ms;
static long reply, request;

static void msleep(int ms) { nanosleep(&(struct timespec){ ms / 1000, (long)(ms % 1000) * 1000000 }, 0); }

static void addr_of(const char *host, const char *port, struct sockaddr_storage *ss, socklen_t *len)
{
	struct addrinfo hint = { .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV, .ai_socktype = SOCK_STREAM }, *ai;
	int e = getaddrinfo(host, port, &hint, &ai);
	if (e) { fprintf(stderr, "tcpgen: %s %s: %s\n", host, port, gai_strerror(e)); exit(2); }
	memcpy(ss, ai->ai_addr, ai->ai_addrlen);
	*len = ai->ai_addrlen;
	freeaddrinfo(ai);
}

static int send_all(int fd, long n)
{
	memset(buf, 'x', sizeof buf);
	while (n > 0) {
		ssize_t w = send(fd, buf, n < (long)sizeof buf ? (size_t)n : sizeof buf, MSG_NOSIGNAL);
		if (w < 0) { if (errno == EINTR) continue; perror("tcpgen: send"); return -1; }
		n -= w;
	}
	return 0;
}

/* read to the end, or max bytes when max >= 0 */
static long drain(int fd, long max)
{
	long got = 0;
	while (max < 0 || got < max) {
		size_t want = max >= 0 && max - got < (long)sizeof buf ? (size_t)(max - got) : sizeof buf;
		ssize_t r = recv(fd, buf, want, 0);
		if (r < 0) { if (errno == EINTR) continue; perror("tcpgen: recv"); return -1; }
		if (!r) break;
		got += r;
	}
	return got;
}

static void close_conn(int fd)
{
	if (linger0) setsockopt(fd, SOL_SOCKET, SO_LINGER, &(struct linger){ 1, 0 }, sizeof(struct linger));
	close(fd);
}

static int server(struct sockaddr_storage *ss, socklen_t len)
{
	int l = socket(ss->ss_family, SOCK_STREAM, 0), one = 1, bad = 0;
	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (rcvbuf) setsockopt(l, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
	if (fastopen) setsockopt(l, IPPROTO_TCP, TCP_FASTOPEN, &(int){ 16 }, sizeof(int));
	if (bind(l, (struct sockaddr *)ss, len) < 0 || listen(l, 16) < 0) { perror("tcpgen: listen"); return 2; }
	printf("listening\n"); fflush(stdout);
	for (int i = 0; i < conns; i++) {
		int fd = accept(l, 0, 0);
		if (fd < 0) { perror("tcpgen: accept"); return 2; }
		if (pause_ms) msleep(pause_ms);
		long got = drain(fd, maxread);
		if (got < 0) bad = 1;
		else if (maxread < 0 && send_all(fd, reply) < 0) bad = 1;
		close_conn(fd);
	}
	close(l);
	return bad;
}

static int client_one(struct sockaddr_storage *ss, socklen_t len)
{
	int fd = socket(ss->ss_family, SOCK_STREAM, 0), one = 1;
	if (sport) {
		struct sockaddr_storage me = { .ss_family = ss->ss_family };
		((struct sockaddr_in *)&me)->sin_port = htons((unsigned short)sport);   /* same place in sockaddr_in6 */
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
		if (bind(fd, (struct sockaddr *)&me, len) < 0) { perror("tcpgen: bind"); return 2; }
	}
	long left = request;
	if (fastopen) {
		long n = left < 1000 ? left : 1000;
		if (sendto(fd, buf, (size_t)n, MSG_FASTOPEN, (struct sockaddr *)ss, len) < 0) { perror("tcpgen: sendto"); close(fd); return 1; }
		left -= n;
	} else if (timeout_ms) {
		fcntl(fd, F_SETFL, O_NONBLOCK);
		if (connect(fd, (struct sockaddr *)ss, len) < 0 && errno != EINPROGRESS) { perror("tcpgen: connect"); close(fd); return 1; }
		struct pollfd p = { fd, POLLOUT, 0 };
		if (poll(&p, 1, timeout_ms) == 0) { fprintf(stderr, "tcpgen: connect: no answer in %d ms\n", timeout_ms); close(fd); return 3; }
		int e = 0; socklen_t el = sizeof e;
		getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &el);
		if (e) { fprintf(stderr, "tcpgen: connect: %s\n", strerror(e)); close(fd); return 1; }
		fcntl(fd, F_SETFL, 0);
	} else if (connect(fd, (struct sockaddr *)ss, len) < 0) { perror("tcpgen: connect"); close(fd); return 1; }
	if (keep_ms >= 0) {
		setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
		setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &one, sizeof one);
		setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &one, sizeof one);
		if (send_all(fd, 100) < 0) { close(fd); return 1; }
		msleep(keep_ms);
	}
	if (send_all(fd, left) < 0) { close(fd); return 1; }
	if (wait_ms) msleep(wait_ms);
	if (linger0) { close_conn(fd); return 0; }
	shutdown(fd, SHUT_WR);
	long got = drain(fd, -1);
	close(fd);
	return got < 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) goto usage;
	int srv = !strcmp(argv[1], "server"), c;
	if (!srv && strcmp(argv[1], "client")) goto usage;
	optind = 2;
	while ((c = getopt(argc, argv, "n:b:p:o:m:zFi:P:k:t:w:")) != -1) switch (c) {
	case 'n': conns = atoi(optarg); break;
	case 'b': rcvbuf = atoi(optarg); break;
	case 'p': pause_ms = atoi(optarg); break;
	case 'o': reply = atol(optarg); break;
	case 'm': maxread = atoi(optarg); break;
	case 'z': linger0 = 1; break;
	case 'F': fastopen = 1; break;
	case 'i': request = atol(optarg); break;
	case 'P': sport = atoi(optarg); break;
	case 'k': keep_ms = atoi(optarg); break;
	case 't': timeout_ms = atoi(optarg); break;
	case 'w': wait_ms = atoi(optarg); break;
	default: goto usage;
	}
	if (argc - optind != 2) goto usage;
	struct sockaddr_storage ss;
	socklen_t len;
	addr_of(argv[optind], argv[optind + 1], &ss, &len);
	if (srv) return server(&ss, len);
	int worst = 0;
	for (int i = 0; i < conns; i++) { int r = client_one(&ss, len); if (r > worst) worst = r; }
	return worst;
usage:
	fprintf(stderr, "usage: tcpgen server [-n CONNS] [-b RCVBUF] [-p PAUSE_MS] [-o REPLY] [-m MAX] [-z] [-F] ADDR PORT\n"
		"       tcpgen client [-n CONNS] [-i REQUEST] [-P SPORT] [-k IDLE_MS] [-t TIMEOUT_MS] [-w MS] [-z] [-F] ADDR PORT\n");
	return 2;
}
