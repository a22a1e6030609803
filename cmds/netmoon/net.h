/* net.h - netmoon's functional core: pcap framing, frame decoding, the
 * connection table and its text/JSON forms. Plain C, no syscalls: it builds
 * for ARM (linked into netmoon) and for the host (tests, sanitizers, fuzzers). */
#ifndef PK_NET_H
#define PK_NET_H
#include "rt.h"
#include "proto.h"

/* network byte order (big-endian): reads from and writes to bytes */
static inline __attribute__((always_inline)) u16 be16(const u8 *b) { return (u16)(b[0] << 8 | b[1]); }
static inline __attribute__((always_inline)) u32 be32(const u8 *b)
{
	return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
}
static inline void put_be16(u8 *b, u32 v) { b[0] = (u8)(v >> 8); b[1] = (u8)v; }
static inline void put_be32(u8 *b, u32 v) { put_be16(b, v >> 16); put_be16(b + 2, v); }
static inline void put_be64(u8 *b, u64 v) { put_be32(b, (u32)(v >> 32)); put_be32(b + 4, (u32)v); }

/* ---- pcap files (pcap.c) ---- */
enum { PCAP_MAX_CAPLEN = 262144 };  /* libpcap's maximum snapshot length */
struct pcap_info { int swap, nano; u32 snaplen, linktype, linkext; };  /* linkext: the upper 6 bits */
struct pcap_rec { u64 ts; u32 caplen, wirelen; };   /* ts in ns since the epoch */
/* 0, or a negative code naming what is wrong (pcap_strerr) */
enum { PCAP_SHORT = -1, PCAP_BADMAGIC = -2, PCAP_NG = -3, PCAP_BIGREC = -4 };
int pcap_header(const u8 *b, size_t n, struct pcap_info *pi);
int pcap_record(const struct pcap_info *pi, const u8 h[16], struct pcap_rec *r);
const char *pcap_strerr(int code);
int pcap_linktype_ok(u32 lt);
void pcap_put_header(u8 out[24], u32 snaplen, u32 linktype);
void pcap_put_record(u8 out[16], u64 ts, u32 caplen, u32 wirelen);
void pcap_convert_record(const struct pcap_info *pi, const u8 in[16], u32 caplen, u8 out[16]);

/* ---- pcapng files (pcapng.c) ---- */
enum { NG_MAXIF = 256, NG_MAXBLOCK = 16 + PCAP_MAX_CAPLEN + 65536 };
/* ng_block's answers: a packet, another block (consumed), or what is wrong */
enum { NG_PACKET = 1, NG_OTHER = 0, NG_SHORT = -1, NG_BAD = -2, NG_BIG = -3, NG_NOIF = -4,
       NG_MANYIF = -5 };
struct ng_if { u32 linktype, snaplen; u64 off_ns; u8 pow2, exp; };  /* clock: 10^-exp or 2^-exp s */
struct ng { int swap, started; u32 nif; u64 last_ts; struct ng_if ifs[NG_MAXIF]; };
struct ng_pkt { u32 len; struct pcap_rec rec; u32 data, linktype, ifn; };  /* data: offset in the block */
/* the block at b (n bytes there); p->len is its length once known */
int ng_block(struct ng *g, const u8 *b, size_t n, struct ng_pkt *p);
const char *ng_strerr(int code);

/* ---- decoding (decode.c) ---- */
enum { NM_NONIP, NM_TCP, NM_UDP, NM_ICMP, NM_OTHER, NM_KINDS };
enum { TH_FIN = 1, TH_SYN = 2, TH_RST = 4, TH_PSH = 8, TH_ACK = 16, TH_URG = 32 };
enum { TCPOPT_EOL = 0, TCPOPT_NOP = 1, TCPOPT_SACK = 5 };   /* TCP option kinds */
struct pkt {
	u64 ts;             /* ns */
	u32 len;            /* on the wire */
	u8 kind;            /* NM_* */
	u8 v6;              /* addresses are IPv6 (else IPv4 in the first 4 bytes) */
	u8 flags;           /* TCP flags (FIN to URG) */
	u8 tcpfl;           /* TCP flags, the whole byte (ECE and CWR too) */
	u8 vlan_valid;
	u8 bad;             /* no usable header, a fragment past the first, a short segment, a first
	                       fragment tshark shows no TCP in: counted, not tracked */
	u8 noseg;           /* TCP in a first fragment cut short: its length unknown, not analysed */
	u8 silent;          /* TCP tshark analyses but does not show or count (a header length
	                       under 20, options it throws on): the connection's state only */
	u16 vlan;           /* 802.1Q TCI of the outermost tag */
	u16 sport, dport;   /* ICMP: the type and its counterpart (or the code): flow_icmp */
	u16 win;            /* TCP window, as sent (unscaled) */
	u8 proto;           /* the IP protocol number of the flow */
	u8 tun;             /* a tunnel was opened: its outer flow is in o */
	u16 l3;             /* where the innermost IP header starts (0: none, or at 0) */
	u32 seq, ack;
	u32 payload;        /* TCP or UDP payload bytes, from the headers' lengths */
	u32 datalen;        /* of them, the bytes captured, at data (0 for other flows) */
	u32 iplen;          /* the IP packet's bytes, header and payload (as the frame holds them) */
	const u8 *data;
	u32 ifindex;        /* the interface it was captured on (0: read from a file) */
	u8 src[16], dst[16];
	/* the outermost tunnel's own flow (UDP for VXLAN and Geneve, GRE),
	   counted too, as tshark's conversations count both */
	struct { u8 v6, proto, kind; u16 sport, dport; u32 payload, iplen; u8 src[16], dst[16]; } o;
};
/* ICMP and ICMPv6 flows are keyed as the Community ID spec keys them: the
   type as the source port and, for a message with an answer (echo, and the
   like), the answer's type as the destination port, so that both directions
   are one flow; otherwise the code. 1 when type is the asking side's. */
int flow_icmp(int v6, u8 type, u8 code, u16 *sport, u16 *dport);
int icmp_paired(int v6, u8 type);   /* 1: the type has an answer (or asks), as above */
/* d's flow fields (addresses, ports, protocol, kind, payload) become p's outer flow's (d may be p) */
void pkt_outer(struct pkt *d, const struct pkt *p);
/* fills p->kind and, for TCP, the rest; never reads past caplen */
void decode(struct pkt *p, const u8 *f, u32 caplen, u32 linktype);

/* ---- names from a stream's first bytes (name.c) ---- */
enum { NAME_NOT = -1, NAME_MORE = 0, NAME_FOUND = 1 };  /* not this protocol; more bytes; found */
enum { NAME_SNI_MAX = 255, NAME_ALPN_MAX = 128, NAME_HOST_MAX = 255, NAME_METHOD_MAX = 24,
       NAME_SSH_MAX = 253 };  /* longer is cut (a DNS name has at most 253 bytes) */
struct tls_names {
	u8 has_sni, has_alpn;
	u16 sni_len, alpn_len;
	char sni[NAME_SNI_MAX];
	u8 alpn[NAME_ALPN_MAX];     /* the offered names as on the wire: a length byte each */
};
struct http_names { u8 has_host, method_len; u16 host_len; char method[NAME_METHOD_MAX], host[NAME_HOST_MAX]; };
/* the client's first ClientHello (its records in order from the stream's start) */
int tls_client_hello(const u8 *b, u32 n, struct tls_names *t);
int http_request(const u8 *b, u32 n, struct http_names *h);    /* the first request */
/* the identification line without CR LF; server: other lines may come first */
int ssh_ident(const u8 *b, u32 n, int server, char *line, u16 *len);

/* a DNS response (the message, without TCP's length): its question's name
   and the addresses its answers give that name, following CNAME chains
   (at most 8 names); an error response gives no address */
enum { DNS_RR_MAX = 32, DNS_ADDR_MAX = 16 };
struct dns_addr { u8 v6, a[16]; };
struct dns_names { u16 qname_len, naddr; char qname[255]; struct dns_addr addr[DNS_ADDR_MAX]; };
int dns_response(const u8 *m, u32 n, struct dns_names *d);
/* the passive DNS cache: 4,096 addresses, 4-way sets, least recently used out */
enum { DNS_CACHE = 4096, DNS_WAYS = 4 };
struct dns_ent { u32 used; u8 v6, a[16]; u16 len; char name[255]; };
struct dns_cache { u32 k[2], clock; struct dns_ent e[DNS_CACHE]; };
void dns_cache_init(struct dns_cache *d, const u8 key[8]);
void dns_cache_put(struct dns_cache *d, const u8 *a, int v6, const char *name, u32 len);
const char *dns_cache_get(struct dns_cache *d, const u8 *a, int v6, u32 *len);  /* 0: none */

/* ---- each connection's names (stream.c): its streams' first bytes,
   reassembled in a bounded pool, given to the parsers above ---- */
enum { STREAM_BYTES = 16384, STREAMS = 256, SID_NONE = 0xffff,
       STREAM_GIVEUP = 4 * STREAM_BYTES };  /* a sender this far past its window's start: holes stay */
enum { CAND_TLS = 1, CAND_HTTP = 2, CAND_SSH = 4, CAND_DNS = 8 };
enum { NAMED_TLS = 1, NAMED_HTTP = 2, NAMED_SSH_C = 4, NAMED_SSH_S = 8, NAMED_DNS = 16 };
enum { STREAM_RANGES = 8 };          /* bytes past a hole: this many ranges of them */
struct stream {
	u32 got;            /* bytes known in order from the start */
	u32 dnsat;          /* DNS over TCP: where the next message's length is */
	u32 next;           /* the free list */
	u32 nr;             /* ranges of bytes here past got: [a, b), in order, apart */
	struct { u32 a, b; } r[STREAM_RANGES];
	u8 buf[STREAM_BYTES];
};
struct names {
	struct tls_names tls;
	struct http_names http;
	u16 ssh_len[2], dns_len;
	char ssh[2][NAME_SSH_MAX];
	char dns[255];
};
struct table;
struct conn;
void names_open(struct table *t, u32 i);       /* a new flow: its server's name from DNS */
void stream_data(struct table *t, u32 i, int dir, const struct pkt *p);   /* a TCP segment with bytes */
void stream_release(struct table *t, struct conn *c);
void dns_datagram(struct table *t, const struct pkt *p);   /* UDP from port 53 */
/* c's names, 0 when none is known */
const struct names *conn_names(const struct table *t, const struct conn *c);
/* for the view: sni, else http_host less its :port, else the DNS name */
const char *conn_name(const struct conn *c, const struct names *nm, u32 *len);

/* ---- the connection table (track.c) and TCP analysis (analyze.c) ---- */
enum { ST_SYN_SENT, ST_SYN_RECV, ST_ESTABLISHED, ST_FIN_WAIT, ST_CLOSING, ST_CLOSED, ST_RESET,
       ST_UNREPLIED, ST_REPLIED,    /* UDP, ICMP, other IP: one direction seen, or both */
       ST_N };
enum { END_CLOSED, END_EXPIRED, END_EVICTED, END_STOPPED, END_REUSED, END_N };
extern const char *const st_name[ST_N], *const end_name[END_N];
enum { NHOLE = 64 };                /* gaps remembered per direction for unique bytes */
enum { WIN_2, WIN_10, WIN_40, NWIN };  /* the rate windows: 2, 10 and 40 s (README: Rates) */
/* one direction of a connection: its counters, and Wireshark's sequence
   analysis state for the segments it sends (analyze.c) */
struct dir {
	u64 pkts, bytes, payload, mark;  /* mark: bytes at the last tick */
	u64 unique;                      /* payload bytes, each sequence byte once */
	u64 rtt_sum;                     /* ns: the ACK RTT samples of this side's data */
	u64 nextseq_ts, lastack_ts;      /* ns: when nextseq last grew, when the last ACK was sent */
	u64 rtt_min, rtt_max;            /* us */
	u32 rtt_n;
	u32 retrans, ooo, dupack, zerowin, lost, rst;
	u32 base, nextseq, maxseqtobeacked, lastack;  /* 0: not known yet (as in Wireshark) */
	u32 segs, nsegs;                 /* unacknowledged segments: a pool list, newest first */
	u32 dupacknum;
	u32 lo, hi, holes;               /* sequence space seen, relative to base: [lo, hi) less the gaps (a pool list) */
	u16 window;                      /* as sent, unscaled */
	u16 nholes;
	u8 lastflags, based, seen;
	u8 xflags;                       /* TCP flags OR-ed since the last export (IPFIX) */
	u32 far;                         /* the end of the last segment far from [lo, hi), 0: none */
	u64 ipbytes;                     /* IP bytes, headers and payload */
	u64 xfirst, xlast;               /* ns: the first packet since the last export, the last */
	u64 xpkts, xipbytes;             /* pkts and ipbytes at the last export */
};
struct conn {
	u8 a[16], b[16];    /* client, server */
	u16 ap, bp;
	u8 v6, state, fins, in_use;
	u8 list, continued, proto, named; /* proto: the IP protocol number; named: NAMED_* found */
	u8 cand[2];         /* per direction: the parsers (CAND_*) its first bytes may still be for */
	u16 sid[2];         /* per direction: its stream (SID_NONE: none) */
	u8 initiator;       /* the client is known to have started it (a SYN, an ICMP request) */
	u8 pad2;
	u32 hash, next;     /* bucket chain (index, NONE at the end) */
	u32 older, newer;   /* the age list of its kind (open or closed), oldest first */
	u32 ifindex;        /* the interface its first packet came on (0: a file) */
	u64 first, last;
	u64 xtime;          /* ns: the last export (IPFIX's active timeout), the first packet before it */
	u64 syn_ts;         /* ns: the latest SYN */
	s64 first_rtt;      /* ns: the handshake RTT, 0 until known (negative: the clock went back) */
	u32 rtt_us;         /* the handshake RTT as shown, RTT_NONE without one */
	u32 srtt_us;        /* smoothed ACK RTT (both directions), RTT_NONE without a sample */
	u32 rate[2];        /* bytes/s at the last tick (or over table_rates' window), out (client->server) and in */
	struct dir d[2];    /* 0: client to server ("out"), 1: server to client ("in") */
	/* the rate windows (table_tick), per direction and window */
	u32 wprev[2][NWIN]; /* bytes per tick over the window's previous block */
	u64 wmark[2][NWIN]; /* bytes when its current block started */
};
/* a segment not yet acknowledged, for ACK RTT samples (Wireshark's "unacked"
   list), or a gap in the sequence space seen, [seq, nextseq) */
struct seg { u32 seq, nextseq, next, pad; u64 ts; };
#define NONE 0xffffffffu
#define RTT_NONE 0xffffffffu
enum { SEGS_PER_DIR = 10000 };      /* as Wireshark: more unacknowledged segments are not kept */
enum { LIST_OPEN, LIST_CLOSED, LIST_DGRAM, NLIST };  /* TCP open, TCP closed, every other flow */
enum { DGRAM_IDLE_NS = 30000000000ull };  /* UDP, ICMP, other IP: 30 s idle (as conntrack's UDP) */
enum { RECENT = 4096 };             /* ended connections whose orientation is remembered */
struct table {
	struct conn *c; u32 *bucket;
	struct seg *seg; u32 nseg, seg_free, seg_fresh;
	u32 cap, mask, used, free_head, fresh;  /* fresh: entries [fresh, cap) never used */
	u32 oldest[NLIST], newest[NLIST];  /* the age lists: open, closed (lingering), datagram */
	u32 ndgram;         /* entries on LIST_DGRAM: the capacity's share (table_add) */
	u32 k[2];           /* hash key */
	u64 idle, linger;   /* ns: open connections idle this long end; closed ones after linger */
	u64 dgram_idle;     /* ns: other flows idle this long end */
	u64 evictions;
	u64 kind_pkts[NM_KINDS], kind_bytes[NM_KINDS], pkts, bytes;
	/* the rate windows (table_tick): each is wn ticks long, we ticks into
	   its current block; all traffic's: its windows, its bytes at the last
	   tick, its rates over each window (table_rates) and its highest over
	   a tick (bytes/s) */
	u32 ticks, tick_ms, wn[NWIN], we[NWIN], wprev[NWIN];
	u64 wmark[NWIN], mark, trate[NWIN], peak;
	u32 recent[RECENT]; /* directed hashes (client first) of connections that ended idle */
	/* names (stream.c): per entry, the reassembly pool, the DNS cache */
	struct names *names;
	struct stream *strm;
	struct dns_cache *dns;
	u32 strm_free, strm_fresh;
	u64 unnamed;        /* streams not reassembled: the pool was full */
	union { struct tls_names tls; struct http_names http; struct dns_names dns; } scratch;
	/* called once for every connection that leaves the table; born (when
	   set) once for every new entry */
	void (*end)(void *ctx, const struct conn *c, int reason);
	void (*born)(void *ctx, u32 i);
	void *ctx;
};
size_t table_bytes(u32 cap);  /* memory for cap entries, their segment pool, names and streams */
void table_init(struct table *t, void *mem, u32 cap, const u8 key[8], u64 idle_ns, u64 dgram_idle_ns);
void table_add(struct table *t, const struct pkt *p);     /* counts every packet */
void table_expire(struct table *t, u64 now, u32 budget);  /* at most budget entries */
void table_tick(struct table *t, u64 interval_ns);        /* per-direction rates */
void table_rates(struct table *t, int w);     /* rate[]: over window w; trate */
void table_flush(struct table *t);                        /* END_STOPPED for all */
u32 hsiphash(const u32 k[2], const u8 *m, size_t n);
/* every flow: the open connections, least recently seen first, then the
   closed ones, then the other flows */
static inline u32 table_from(const struct table *t, int l)
{
	for (; l < NLIST; l++) if (t->oldest[l] != NONE) return t->oldest[l];
	return NONE;
}
static inline u32 table_first(const struct table *t) { return table_from(t, LIST_OPEN); }
static inline u32 table_next(const struct table *t, u32 i)
{
	u32 n = t->c[i].newer;
	return n != NONE ? n : table_from(t, t->c[i].list + 1);
}
/* analyze.c: one segment of c, sent by side dir (0 client, 1 server) */
void tcp_analyze(struct table *t, struct conn *c, int dir, const struct pkt *p);
void tcp_release(struct table *t, struct conn *c);        /* its segments back to the pool */
u32 conn_loss_permille(const struct conn *c);             /* retransmitted share of segments */

/* ---- interfaces (iface.c) ---- */
/* one packet seen on several interfaces (a bridge and its ports, a VLAN and
   its parent, both ends of a veth pair, a router's two sides, a tunnel and
   its underlay) counts once: a copy is a packet whose innermost IP packet
   (TTL and header checksum aside) hashes like one seen on another interface
   less than DUP_WINDOW_NS before or after */
enum { DUP_SLOTS = 2048, DUP_WINDOW_NS = 20000000, DUP_BYTES = 64 };
struct dup_slot { u32 sig, ifindex; u64 ts; };
int dup_seen(struct dup_slot *d, const u32 k[2], const struct pkt *p, const u8 *f, u32 caplen);
const char *arphrd_name(u16 type);  /* as ip link names it, or 0 */

/* ---- IPFIX (ipfix.c) ---- */
enum { IPFIX_MAX = 1400, IPFIX_TMPL_V4 = 256, IPFIX_TMPL_V6 = 257 };
/* flowEndReason (IANA): idle timeout, active timeout, end of flow detected
   (FIN or RST), forced end (netmoon stops), lack of resources (evicted) */
enum { IPFIX_IDLE = 1, IPFIX_ACTIVE = 2, IPFIX_END = 3, IPFIX_FORCED = 4, IPFIX_RESOURCES = 5 };
struct ipfix {
	u32 domain, seq, msgs;  /* seq: data records sent before the next message */
	u32 pen;                /* --ipfix-pen: the handshake RTT in element 1 of it (0: none) */
	u32 since;              /* messages since the last one with the templates */
	u64 tmpl_ns, now;       /* when the templates last went; capture time, ns */
	u32 len, nrec;          /* the message being built: its bytes, its data records */
	u32 set_at, set_id;     /* the open data set: where its header is, its template (0: none) */
	void (*send)(void *ctx, const u8 *msg, u32 len);
	void *ctx;
	u8 buf[IPFIX_MAX];
};
void ipfix_init(struct ipfix *x, u32 domain);      /* keeps send and ctx */
void ipfix_flow(struct ipfix *x, const struct conn *c, int reason, u64 now);
void ipfix_mark(struct conn *c, u64 now);          /* after an active-timeout record */
void ipfix_flush(struct ipfix *x);                 /* the message being built goes */

/* ---- text and JSON (export.c) ---- */
int fmt_addr(char *o, const u8 *a, int v6);   /* dotted quad or RFC 5952 */
int fmt_ts(char *o, u64 ns);                   /* seconds.microseconds */
/* one JSON line, at most JSON_MAX bytes */
enum { JSON_MAX = 16384 };
struct own_json;
int fmt_json(char *o, const struct conn *c, const struct names *nm, const struct own_json *ow, const char *event, int reason,
	     const char *iface);
const char *proto_name(u8 proto);   /* "tcp", "udp", "icmp", "icmp6"; 0: shown by its number */
extern u16 json_cid_seed;           /* the Community ID's seed (--community-id-seed) */

/* ---- the Community ID (cid.c) ---- */
void sha1(const void *m, size_t n, u8 out[20]);     /* FIPS 180-4 */
int base64(char *o, const u8 *in, size_t n);        /* RFC 4648, '=' padded; its length */
/* Community ID v1 of a flow, "1:" and 28 base64 characters (30, returned):
   a and b its endpoints, ap and bp their ports (ICMP: the type and its
   counterpart or the code, as flow_icmp gives them; a one-way message's
   sender is a); other protocols than TCP, UDP, SCTP and ICMP have no ports */
int community_id(char *o, u16 seed, int v6, u8 proto, const u8 *a, const u8 *b, u16 ap, u16 bp);

/* ---- which process owns each end of a connection (owner.c) ----
   The sockets of this machine come from a sock_diag dump (netlink) or,
   where netlink is refused, /proc/net/tcp, tcp6, udp, udp6; a walk of
   /proc/PID/fd maps their inodes to processes. All pure: the shell reads
   the files and the netlink replies and hands the bytes here. */
/* the kernel's socket states (include/net/tcp_states.h); UDP: 7 unbound to a
   peer (unconnected), 1 connected */
enum { SK_ESTABLISHED = 1, SK_TIME_WAIT = 6, SK_CLOSE = 7, SK_LISTEN = 10, SK_NEW_SYN_RECV = 12 };
/* one TCP or UDP socket; an IPv4-mapped IPv6 address (::ffff:a.b.c.d, a
   dual-stack socket's IPv4 peer) is stored as IPv4, as the wire shows it */
struct sock_ent {
	u8 local[16], remote[16];   /* IPv4: the first 4 bytes, the rest 0 */
	u16 lport, rport;
	u8 v6, proto, state, pad;   /* proto: IPPROTO_TCP or IPPROTO_UDP; state: SK_* */
	u32 uid, inode;
	u32 netns;                  /* the caller's number for its network namespace (0: netmoon's own) */
	u32 next, inext;            /* hash chains: by tuple, by inode */
};
/* one line of /proc/net/tcp, tcp6, udp or udp6 (the family from the
   addresses' length): 1 with e filled (netns 0), 0 for the header line,
   -1 for a line not in the kernel's format; addresses are the kernel's
   32-bit words printed in its byte order (this machine's) */
int procnet_line(const char *s, u32 n, u8 proto, struct sock_ent *e);
/* the sock_diag request: an inet_diag dump of one family (AF_INET or
   AF_INET6) and protocol, every state; its length (DIAG_REQ_LEN) */
enum { DIAG_REQ_LEN = 16 + 56 };
u32 diag_request(u8 *out, u8 family, u8 proto, u32 seq);
/* sock_map's counterpart for the replies: what a buffer of them says */
enum { DIAG_MORE = 0, DIAG_DONE = 1, DIAG_BAD = -4096 };
struct sock_map;
/* a buffer of replies to the request seq (others are skipped): each socket
   goes into m (under netns); DIAG_MORE: the dump goes on, read again;
   DIAG_DONE: it ended; a negative errno the kernel answered; DIAG_BAD: a
   message that is not what the protocol says */
int diag_reply(const u8 *b, u32 n, u32 seq, u8 proto, struct sock_map *m, u32 netns);
/* /proc readers: a readlink of /proc/PID/fd/N ("socket:[INODE]"): the
   inode, 0 for anything else; a /proc entry's name: its pid, 0 if not a
   process; /proc/PID/comm: at most 15 bytes before the newline, NUL
   ended, its length; /proc/PID/cgroup: the cgroup v2 path ("0::PATH"),
   or where that is the root (a hybrid system: containers and units in v1
   hierarchies) the v1 systemd hierarchy's ("N:name=systemd:PATH"), NUL
   ended in out: its length, 0 for the root or no such line, -1 when it
   does not fit in cap bytes */
enum { COMM_MAX = 16 };
u32 fd_socket_inode(const char *s, u32 n);
u32 ns_net_inode(const char *s, u32 n);     /* /proc/PID/ns/net: "net:[INODE]", else 0 */
u32 proc_pid(const char *name);
u32 comm_parse(const char *s, u32 n, char out[COMM_MAX]);
int cgroup_parse(const char *s, u32 n, char *out, u32 cap);

/* the sockets of one snapshot, keyed by tuple and by inode (keyed hashes):
   at most SOCK_MAX (more are counted in full and left out); the addresses
   known local to each namespace (LOCAL_MAX: more are left out) */
enum { SOCK_MAX = 8192, LOCAL_MAX = 64 };
struct sock_map {
	u32 k[2], n, full, nlocal;
	struct { u8 a[16]; u8 v6; u32 netns; } local[LOCAL_MAX];
	u32 bucket[SOCK_MAX], ibucket[SOCK_MAX];
	struct sock_ent e[SOCK_MAX];
};
void sock_init(struct sock_map *m, const u8 key[8]);       /* empty: a new snapshot */
/* 1 kept, 0 not (inode 0: a TIME_WAIT socket, a connection not yet
   accepted: no process holds it), -1 full; its local address, unless a
   wildcard, becomes an address of its namespace */
int sock_put(struct sock_map *m, const struct sock_ent *e);
void sock_local(struct sock_map *m, const u8 *a, int v6, u32 netns);  /* an address of netns */
const struct sock_ent *sock_by_inode(const struct sock_map *m, u32 inode);
/* the socket of one end of c (end 0: the client's, local a:ap and remote
   b:bp; 1: the server's, local b:bp and remote a:ap), and how it matched:
   OWN_EXACT  local and remote as the flow's (a connected socket);
   OWN_BOUND  local as the flow's, no remote: a TCP listener (for the
              server's end only: a connection not yet accepted has no
              inode, its listener's process takes it) or an unconnected
              UDP socket (either end);
   OWN_ANY    the same bound to the wildcard address (0.0.0.0 or ::; for
              IPv4 also [::], a dual-stack socket) of a namespace the
              address is local to (loopback: netmoon's own only)
   Several: netns 0 first, then the lowest. Not TCP or UDP: OWN_NONE. */
enum { OWN_NONE, OWN_EXACT, OWN_BOUND, OWN_ANY };
int sock_end(const struct sock_map *m, const struct conn *c, int end, const struct sock_ent **e);

/* inode -> process, from a walk of /proc/PID/fd: at most INODE_MAX
   sockets (more are counted in full); a socket held by several processes
   (after fork) is reported as the lowest pid's, nfd counts the
   descriptors on it */
enum { INODE_MAX = 8192 };
struct inode_ent { u32 inode, pid, next; u16 nfd; char comm[COMM_MAX]; };
struct inode_map { u32 k[2], n, full; u32 bucket[INODE_MAX]; struct inode_ent e[INODE_MAX]; };
void inode_init(struct inode_map *m, const u8 key[8]);
int inode_put(struct inode_map *m, u32 inode, u32 pid, const char *comm);   /* 0, or -1 full */
const struct inode_ent *inode_get(const struct inode_map *m, u32 inode);

/* one end's owner as the resolver answers it: found (0: no socket on this
   machine, or one no process holds), the process (the lowest pid among
   those holding the socket), the socket's uid, the process's comm and
   cgroup (cg: an index the shell keeps, 0 for none or the root) */
enum { CGROUP_MAX = 256 };
struct own_end { u32 pid, uid; u16 cg; u8 found, pad; char comm[COMM_MAX]; };
/* what fmt_json says of the owners (0: attribution off, no keys): the
   client's end (src_) and the server's (dst_), their cgroup paths */
struct own_json { const struct own_end *e; const char *cg[2]; };

/* ---- the live view's display filter (rows.c) ---- */
#include "filter.h"
u32 conn_packet(u8 *o, const struct conn *c);   /* c as one raw IP packet, client to server */
int conn_match(const struct conn *c, const bpf_insn *prog);
/* a name in at most w cells: printable ASCII ('?' for any other byte), its
   middle elided as ell when longer; its length in bytes */
u32 name_fit(char *o, const char *s, u32 n, u32 w, const char *ell);
/* a process as comm/pid in at most w cells (w >= 12), comm printable
   ASCII, cut at its end with ell when longer; its length in bytes */
u32 own_fit(char *o, const char *comm, u32 pid, u32 w, const char *ell);
#endif
