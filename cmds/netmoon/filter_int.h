/* filter_int.h - what the stages of the filter compiler share: the
 * compiler's state (one struct, F), the token kinds, the boolean tree, the
 * load sequences and atoms the generator makes, the DAG nodes, and each
 * stage's entry points. filter.h is the public side.
 *
 * filter_parse.c  source -> tokens -> a boolean tree (calling filter_gen.c)
 * filter_gen.c    primitives -> trees whose leaves are atoms
 * filter_dag.c    tree -> factored, hash-consed, jump-threaded DAG
 * filter_emit.c   DAG -> instructions; filter_compile
 * bpf.c           validation, interpretation and listing of any program */
#ifndef PK_FILTER_INT_H
#define PK_FILTER_INT_H
#include "filter.h"
#include "net.h"

/* capacities; ACCEPT and REJECT are the two DAG nodes every program ends in */
enum { NTOK = 8192, NTREE = 8192, NLOAD = 1024, NATOM = 2048, NPOOL = 16384,
       NNODE = 4096, NFACT = 24, NSEQ = 96, NARITH = 512, NHASH = 8192,
       ACCEPT = 0, REJECT = 1 };

/* offsets that are not constant (802.11, radiotap), as libpcap computes
   them: VAR_PL + k is k bytes past the 802.11 header (its length in M_PL),
   VAR_HDR + k k bytes into it (past radiotap, its length in M_HDR); loads
   at them become indexed loads (seq_emit), behind a prologue (filter_emit.c) */
enum { VAR_PL = 0x40000000, VAR_HDR = 0x20000000, M_PL = BPF_MEMWORDS - 1,
       M_HDR = BPF_MEMWORDS - 2 };

/* tokens; the single-character operators are TOK_LPAREN.. in the order of
   filter_parse.c's table, "==" is TOK_EQ, and the comparisons are
   TOK_EQ..TOK_GE */
enum tok_kind {
	TOK_END, TOK_WORD,
	TOK_LPAREN, TOK_RPAREN, TOK_LBRACKET, TOK_RBRACKET, TOK_COLON, TOK_NOT,
	TOK_BITAND, TOK_BITOR, TOK_PLUS, TOK_MINUS, TOK_STAR, TOK_SLASH, TOK_PERCENT, TOK_CARET,
	TOK_EQ, TOK_LT, TOK_GT,
	TOK_NE, TOK_LE, TOK_GE, TOK_AND, TOK_OR, TOK_SHL, TOK_SHR,
	TOK_KINDS
};
struct tok { u8 kind; u8 len; u16 pos; };      /* pos, len: the text in F.src */

/* the boolean tree: TRUE and FALSE are trees 1 and 2; an atom's left is
   the atom's index, a negation's left is its operand */
enum { T_TRUE = 1, T_FALSE, T_ATOM, T_AND, T_OR, T_NOT };
struct tree { u8 op; u16 left, right; };

/* a load sequence: pool[pool_at..+count) leaves the value in A. ldx_msh: if
   not 0, it is meant to run after "ldxb 4*([ldx_msh-1]&0xf)" (left out of
   the pool so that X can be reused); clobbers: it writes X or scratch
   memory itself, so what A and X hold after it is not known */
struct load { u16 pool_at, count; u32 ldx_msh; u8 clobbers; };
/* a leaf of the tree: a load sequence, then the conditional jump "jcode k" */
struct atom { u16 load, jcode; u32 k; };
/* a DAG node: the atom's test and the nodes its outcomes lead to */
struct node { u16 atom, if_true, if_false; };

/* arithmetic of relations ("ip[0] & 0xf > 5"): numbers, len, packet fields
   (base + [left] of size bytes, past the IPv4 header if ldx_msh, which is as
   in struct load), binary operators (k: the BPF_ALU operation), negation */
enum { AX_NUM, AX_LEN, AX_LOAD, AX_BIN, AX_NEG };
struct arith { u8 op, size; u16 left, right; u32 k, base, ldx_msh; };

/* protocol qualifiers, directions and value types of a primitive */
enum { P_NONE, P_ETHER, P_IP, P_IP6, P_ARP, P_RARP, P_TCP, P_UDP, P_SCTP, P_ICMP, P_ICMP6,
       P_IGMP, P_VLAN };
enum { D_ANY, D_SRC, D_DST, D_OR, D_AND };
enum { Y_NONE, Y_HOST, Y_NET, Y_PORT, Y_RANGE, Y_PROTO };

struct filter_state {
	const char *src;
	struct filter_err *err;
	/* the parser */
	struct tok tok[NTOK]; int ntok, cursor;   /* cursor: the token being parsed */
	int last_ok; u8 last_proto, last_dir, last_type;  /* "host a or b": b's qualifiers */
	int field_guard;     /* what the packet fields of the relation being parsed need */
	struct arith arith[NARITH]; int narith;
	/* the link layer: where the ethertype (NONE: no such field), the
	   network layer and the link header are; live: VLAN tags are out of
	   band; vlans seen; need: the VAR_ offsets the program uses */
	u32 linktype, off_type, off_nl, off_ll, live, nvlan, need;
	/* the generator: trees, and the atoms at their leaves */
	struct tree trees[NTREE]; int ntrees;
	u16 tree_hash[NTREE * 2];
	bpf_insn seq[NSEQ]; int nseq;             /* the load sequence being built */
	struct load loads[NLOAD]; int nloads;
	bpf_insn pool[NPOOL]; int npool;          /* the loads' instructions */
	struct atom atoms[NATOM]; int natoms;
	/* the DAG, and the facts (atom | outcome << 15) known on entry to a node */
	struct node nodes[NNODE]; int nnodes;
	u16 node_hash[NHASH], merged_to[NNODE];
	u16 facts[NNODE][NFACT]; u8 nfacts[NNODE], facts_set[NNODE];
	/* emission: the reachable nodes in order, what A and X hold on entry
	   (-2: not reached yet, -1: unknown, else a load), each node's length,
	   its distance from the end, its long-jump islands and jump offsets */
	u16 order[NNODE];
	int a_holds[NNODE], x_holds[NNODE], length[NNODE], end_pos[NNODE], island[NNODE][2];
	u8 jump_off[NNODE][2];
};
extern struct filter_state F;
#define FAILED (F.err->msg[0] != 0)

/* filter_parse.c */
int filter_fail(int ti, const char *msg, int quote);  /* the first error, at token ti; 0 */
int parse_filter(void);                /* the whole source as a tree; check FAILED */

/* filter_gen.c */
int gen_tree(int op, int left, int right);
int gen_and(int a, int b);
int gen_or(int a, int b);
int gen_not(int a);
void seq_emit(u16 code, u32 k);        /* append to F.seq */
int gen_atom(u16 jcode, u32 k);        /* F.seq then "jcode k", as a tree */
int gen_cmp(u16 size, u32 off, u32 mask, u16 jop, u32 k);
int gen_eq(u16 size, u32 off, u32 k);
void link_init(u32 linktype);
int gen_ethertype(u32 type);
int gen_ip4proto(u32 proto);
int gen_ip6proto(u32 proto);
int gen_proto(int pr);
int gen_field(int pr, struct arith *x);
int gen_host4(int pr, int dir, u32 addr, u32 mask);
int gen_host6(int dir, const u8 addr[16], const u8 mask[16]);
int gen_ether_addr(int ti, int dir, const u8 *mac);  /* mac 0: multicast */
int gen_ports(int pr, int dir, u32 lo, u32 hi);
/* the port of a service name (as /etc/services); *pr: its protocol if P_NONE */
int service_port(const char *s, int n, u32 *port, int *pr);
int gen_relation(int left, int right, int op_tok);
int gen_vlan(int ti, u32 id);
int gen_cast(int ti, int pr, int multicast);
int gen_len(int less, u32 v);
extern const u8 proto_numbers[];

/* filter_dag.c */
int dag_build(int tree);               /* the optimized DAG's root; check FAILED */

#endif
