/* filter.h - tcpdump's filter language (pcap-filter) compiled to classic BPF,
 * a validator, an interpreter and tcpdump -d's listing. Pure C, no syscalls:
 * the same program runs in the kernel (SO_ATTACH_FILTER) and, for -r FILE,
 * in bpf_run, so a filter means the same thing live and offline. */
#ifndef PK_FILTER_H
#define PK_FILTER_H
#include "rt.h"

typedef struct k_sock_filter bpf_insn;

struct filter_err { int col; char msg[120]; };  /* col: 1-based, 0 if none */

/* does the compiler know where the network layer starts for this link type? */
int filter_linktype_ok(u32 linktype);
/* compile src for frames of linktype; live: VLAN tags are tested out of band
   (the kernel strips them), as the kernel's ancillary loads; accept: what a
   match returns (the snapshot length). Returns the number of instructions,
   or -1 with e filled in. The program is validated before it is returned. */
int filter_compile(const char *src, u32 linktype, int live, u32 accept,
		   bpf_insn *out, int max, struct filter_err *e);

/* 0 if p[0..n) is a program the kernel would accept (jumps in range, ends
   in a return, scratch memory written before it is read, no constant
   division by zero); else the index of the first bad instruction + 1.
   Ancillary loads (SKF_AD_OFF + k) are allowed only if anc is set. */
int bpf_check(const bpf_insn *p, int n, int anc);
/* run a checked program without ancillary loads over one packet: what it
   returns (0: drop). A load past caplen returns 0, as in the kernel. */
u32 bpf_run(const bpf_insn *p, const u8 *pkt, u32 caplen, u32 wirelen);
/* one line of tcpdump -d's listing of p[pc] (no newline); returns length */
int bpf_image(char *o, const bpf_insn *p, int pc);
/* address literals (s[0..n)): IPv4 with 1 to 4 parts (*parts; *a shifted as
   a net), IPv6 as RFC 4291 writes it; 1 when well formed */
int parse_v4(const char *s, int n, u32 *a, int *parts);
int parse_v6(const char *s, int n, u8 out[16]);

#endif
