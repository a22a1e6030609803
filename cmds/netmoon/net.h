/* net.h - netmoon's functional core: pcap framing, frame decoding, the
 * connection table and its text/JSON forms. Plain C, no syscalls: it builds
 * for ARM (linked into netmoon) and for the host (tests, sanitizers, fuzzers). */
#ifndef PK_NET_H
#define PK_NET_H
#include "rt.h"
#include "proto.h"

/* ---- pcap files (pcap.c) ---- */
enum { PCAP_MAX_CAPLEN = 262144 };  /* libpcap's maximum snapshot length */
struct pcap_info { int swap, nano; u32 snaplen, linktype; };
struct pcap_rec { u64 ts; u32 caplen, wirelen; };   /* ts in ns since the epoch */
/* 0, or a negative code naming what is wrong (pcap_strerr) */
enum { PCAP_SHORT = -1, PCAP_BADMAGIC = -2, PCAP_NG = -3, PCAP_BIGREC = -4 };
int pcap_header(const u8 *b, size_t n, struct pcap_info *pi);
int pcap_record(const struct pcap_info *pi, const u8 h[16], struct pcap_rec *r);
const char *pcap_strerr(int code);
int pcap_linktype_ok(u32 lt);
void pcap_put_header(u8 out[24], u32 snaplen, u32 linktype);
void pcap_put_record(u8 out[16], u64 ts, u32 caplen, u32 wirelen);

/* ---- decoding (decode.c) ---- */
enum { NM_NONIP, NM_TCP, NM_UDP, NM_ICMP, NM_OTHER, NM_KINDS };
enum { TH_FIN = 1, TH_SYN = 2, TH_RST = 4, TH_PSH = 8, TH_ACK = 16, TH_URG = 32 };
struct pkt {
	u64 ts;             /* ns */
	u32 len;            /* on the wire */
	u8 kind;            /* NM_* */
	u8 v6;              /* addresses are IPv6 (else IPv4 in the first 4 bytes) */
	u8 flags;           /* TCP flags */
	u8 vlan_valid;
	u8 bad;             /* TCP, but no usable header: counted, not tracked */
	u16 vlan;           /* 802.1Q TCI of the outermost tag */
	u16 sport, dport;
	u32 payload;        /* TCP payload bytes, from the IP and TCP header lengths */
	u8 src[16], dst[16];
};
/* fills p->kind and, for TCP, the rest; never reads past caplen */
void decode(struct pkt *p, const u8 *f, u32 caplen, u32 linktype);

/* ---- the connection table (track.c) ---- */
enum { ST_SYN_SENT, ST_SYN_RECV, ST_ESTABLISHED, ST_FIN_WAIT, ST_CLOSING, ST_CLOSED, ST_RESET,
       ST_N };
enum { END_CLOSED, END_EXPIRED, END_EVICTED, END_STOPPED };
extern const char *const st_name[ST_N], *const end_name[4];
struct dir { u64 pkts, bytes, payload, mark; };  /* mark: bytes at the last tick */
struct conn {
	u8 a[16], b[16];    /* client, server */
	u16 ap, bp;
	u8 v6, state, fins, in_use;
	u32 hash, next;     /* bucket chain (index, NONE at the end) */
	u32 older, newer;   /* the age list, oldest first: expiry and eviction */
	u64 first, last, syn;
	u32 rtt_us;         /* RTT_NONE without a handshake */
	u32 rate[2];        /* bytes/s at the last tick, out (client->server) and in */
	struct dir d[2];    /* 0: client to server ("out"), 1: server to client ("in") */
};
#define NONE 0xffffffffu
#define RTT_NONE 0xffffffffu
struct table {
	struct conn *c; u32 *bucket;
	u32 cap, mask, used, free_head, oldest, newest;
	u32 k[2];           /* hash key */
	u64 idle;           /* ns */
	u64 evictions;
	u64 kind_pkts[NM_KINDS], kind_bytes[NM_KINDS], pkts, bytes;
	/* called once for every connection that leaves the table */
	void (*end)(void *ctx, const struct conn *c, int reason);
	void *ctx;
};
size_t table_bytes(u32 cap);  /* memory for cap entries */
void table_init(struct table *t, void *mem, u32 cap, const u8 key[8], u64 idle_ns);
void table_add(struct table *t, const struct pkt *p);     /* counts every packet */
void table_expire(struct table *t, u64 now, u32 budget);  /* at most budget entries */
void table_tick(struct table *t, u64 interval_ns);        /* per-direction rates */
void table_flush(struct table *t);                        /* END_STOPPED for all */
u32 hsiphash(const u32 k[2], const u8 *m, size_t n);

/* ---- text and JSON (export.c) ---- */
int fmt_addr(char *o, const u8 *a, int v6);   /* dotted quad or RFC 5952 */
int fmt_ts(char *o, u64 ns);                   /* seconds.microseconds */
/* one JSON line, at most 512 bytes */
int fmt_json(char *o, const struct conn *c, const char *event, int reason);
#endif
