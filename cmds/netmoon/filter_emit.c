/* filter_emit.c - the DAG laid out as instructions, and filter_compile,
 * which runs the stages. Nodes are written in topological order; a load
 * that A (or X, for the IPv4 header length) already holds on every path
 * into a node is left out; the program is laid out from its end, so that
 * each jump's distance is known when its node is placed, and a jump further
 * than 255 goes to an island right after its node: a copy of the return it
 * wants (which later jumps reuse) or a "ja". The result is validated. */
#include "filter_int.h"

/* node n's instructions at o[at..] (o 0: only counted); a_holds, x_holds:
   what A and X hold on entry; *a_exit, *x_exit: on exit (-1: unknown) */
static int out_node(int n, bpf_insn *o, int at, int *a_exit, int *x_exit)
{
	const struct atom *A = &F.atoms[F.nodes[n].atom];
	const struct load *L = &F.loads[A->load];
	int k = 0;
	*a_exit = L->clobbers ? -1 : A->load;
	*x_exit = L->clobbers ? -1 : F.x_holds[n];
	if (L->clobbers || F.a_holds[n] != A->load) {
		if (L->ldx_msh && F.x_holds[n] != (int)L->ldx_msh) {
			if (o) o[at + k] = (bpf_insn){ BPF_LDX | BPF_B | BPF_MSH, 0, 0,
						       L->ldx_msh - 1 };
			k++;
		}
		if (L->ldx_msh) *x_exit = (int)L->ldx_msh;
		if (o) memcpy(o + at + k, &F.pool[L->pool_at], (size_t)L->count * sizeof *o);
		k += L->count;
	}
	if (o) o[at + k] = (bpf_insn){ A->jcode, 0, 0, A->k };
	return k + 1;
}
/* what a register holds on entry to m, one more path into it bringing v */
static void meet(int *st, int m, int v)
{
	if (m > REJECT) st[m] = st[m] == -2 ? v : st[m] == v ? v : -1;
}
static void holds_init(int root)
{
	for (int n = F.nnodes - 1; n > REJECT; n--) F.a_holds[n] = F.x_holds[n] = -2;
	if (root > REJECT) F.a_holds[root] = F.x_holds[root] = -1;
}
/* node n written (o 0: counted) at o[at..]: its length; its successors learn
   what A and X hold */
static int place(int n, bpf_insn *o, int at)
{
	int ax, xx, len = out_node(n, o, at, &ax, &xx);
	meet(F.a_holds, F.nodes[n].if_true, ax); meet(F.a_holds, F.nodes[n].if_false, ax);
	meet(F.x_holds, F.nodes[n].if_true, xx); meet(F.x_holds, F.nodes[n].if_false, xx);
	return len;
}

/* the last instructions: "ret #accept" if used (near_accept: its
   distance from the end), "ret #0" if used */
struct ends { int use_accept, use_reject, near_accept, near_reject; };

/* the positions, counted back from the last instruction: F.end_pos, and
   each node's jump offsets and islands (<0: a return, -1 accept, -2
   reject; >0: "ja k-1"). The program's length. */
static int layout(int no, struct ends *e)
{
	int R = 0;
	e->near_reject = e->use_reject ? ++R : 0;
	e->near_accept = e->use_accept ? ++R : 0;
	int near_a = e->near_accept, near_r = e->near_reject;
	for (int i = no - 1; i >= 0; i--) {
		int n = F.order[i], tg[2] = { F.nodes[n].if_true, F.nodes[n].if_false };
		int to[2], need[2], ni = 0, j;
		for (;;) {      /* j: where n's jump is; islands push it back */
			j = R + ni + 1;
			for (int b = 0; b < 2; b++) {
				to[b] = tg[b] == ACCEPT ? near_a
					: tg[b] == REJECT ? near_r : F.end_pos[tg[b]];
				need[b] = j - to[b] - 1 > 255;
			}
			if (need[0] + need[1] == ni) break;
			ni = need[0] + need[1];
		}
		int slot = j - 1;
		for (int b = 0; b < 2; b++) {
			F.island[n][b] = 0;
			if (!need[b]) { F.jump_off[n][b] = (u8)(j - to[b] - 1); continue; }
			F.jump_off[n][b] = (u8)(j - slot - 1);
			F.island[n][b] = tg[b] <= REJECT ? -(tg[b] + 1) : slot - to[b] - 1 + 1;
			if (tg[b] == ACCEPT) near_a = slot;
			if (tg[b] == REJECT) near_r = slot;
			slot--;
		}
		F.end_pos[n] = j + F.length[n] - 1;
		R = F.end_pos[n];
	}
	return R;
}

/* the DAG from root, as a program of total instructions */
static void write_program(int root, int no, int total, const struct ends *e, u32 accept,
			  bpf_insn *out)
{
	holds_init(root);
	for (int i = 0; i < no; i++) {
		int n = F.order[i], at = total - F.end_pos[n];
		at += place(n, out, at);
		bpf_insn *J = &out[at - 1];
		J->jt = F.jump_off[n][0]; J->jf = F.jump_off[n][1];
		for (int b = 0; b < 2; b++) {
			int isl = F.island[n][b];
			if (!isl) continue;
			u32 ret = isl == -1 ? accept : 0;
			if (isl < 0) out[at++] = (bpf_insn){ BPF_RET | BPF_K, 0, 0, ret };
			else out[at++] = (bpf_insn){ BPF_JMP | BPF_JA, 0, 0, (u32)(isl - 1) };
		}
	}
	if (e->use_accept)
		out[total - e->near_accept] = (bpf_insn){ BPF_RET | BPF_K, 0, 0, accept };
	if (e->use_reject)
		out[total - e->near_reject] = (bpf_insn){ BPF_RET | BPF_K, 0, 0, 0 };
}

/* the program of the DAG from root; -1 with the message if it is too long */
static int emit_program(int root, u32 accept, bpf_insn *out, int max)
{
	/* the reachable nodes, in order; what A and X hold on entry */
	int no = 0;
	holds_init(root);
	for (int n = F.nnodes - 1; n > REJECT; n--) {
		if (F.a_holds[n] == -2) continue;
		F.order[no++] = (u16)n;
		F.length[n] = place(n, 0, 0);
	}
	struct ends e = { root == ACCEPT, root == REJECT, 0, 0 };
	for (int i = 0; i < no; i++) {
		const struct node *d = &F.nodes[F.order[i]];
		e.use_accept |= d->if_true == ACCEPT || d->if_false == ACCEPT;
		e.use_reject |= d->if_true == REJECT || d->if_false == REJECT;
	}
	int total = layout(no, &e);
	if (total > max) {
		memcpy(F.err->msg, "the compiled program is too long", 33);
		return -1;
	}
	write_program(root, no, total, &e, accept, out);
	return total;
}

/* what libpcap computes first for 802.11 when the program needs it: M_HDR,
   radiotap's length (0-6); M_PL, past the 802.11 header: 24 bytes, 26 for
   QoS data (7-16), rounded up to 4 when radiotap's flags say the driver
   padded it (17-28); without radiotap, 0-10 of wlan_prologue */
#define JS(t, f, k) { BPF_JMP | BPF_JSET | BPF_K, t, f, k }
#define WLAN_PL(far) \
	{ BPF_MISC | BPF_TXA, 0, 0, 0 }, { BPF_ALU | BPF_ADD | BPF_K, 0, 0, WLAN_HDR }, \
	{ BPF_ST, 0, 0, M_PL }, { BPF_LD | BPF_B | BPF_IND, 0, 0, 0 }, \
	JS(0, 5 + far, WLAN_FC_DATA), JS(4 + far, 0, WLAN_FC_CTL), JS(0, 3, WLAN_FC_QOS), \
	{ BPF_LD | BPF_MEM, 0, 0, M_PL }, { BPF_ALU | BPF_ADD | BPF_K, 0, 0, WLAN_QOS }, \
	{ BPF_ST, 0, 0, M_PL }
static const bpf_insn radiotap_prologue[] = {
	{ BPF_LD | BPF_B | BPF_ABS, 0, 0, 3 }, { BPF_ALU | BPF_LSH | BPF_K, 0, 0, 8 },
	{ BPF_MISC | BPF_TAX, 0, 0, 0 }, { BPF_LD | BPF_B | BPF_ABS, 0, 0, 2 },
	{ BPF_ALU | BPF_OR | BPF_X, 0, 0, 0 }, { BPF_ST, 0, 0, M_HDR }, { BPF_MISC | BPF_TAX, 0, 0, 0 },
	WLAN_PL(12),
	{ BPF_LD | BPF_W | BPF_ABS, 0, 0, 4 },                 /* presence: flags, one word */
	JS(0, 10, RT_FLAGS << 24), JS(9, 0, RT_EXT), JS(0, 2, RT_TSFT << 24),
	{ BPF_LD | BPF_B | BPF_ABS, 0, 0, 16 }, JS(2, 6, RT_F_DATAPAD),
	{ BPF_LD | BPF_B | BPF_ABS, 0, 0, 8 }, JS(0, 4, RT_F_DATAPAD),
	{ BPF_LD | BPF_MEM, 0, 0, M_PL }, { BPF_ALU | BPF_ADD | BPF_K, 0, 0, 3 },
	{ BPF_ALU | BPF_AND | BPF_K, 0, 0, ~3u }, { BPF_ST, 0, 0, M_PL },
}, wlan_prologue[] = { { BPF_LDX | BPF_IMM, 0, 0, 0 }, WLAN_PL(0) };
/* the part of it this program needs, at out; its length */
static int prologue(bpf_insn *out)
{
	int radio = F.linktype == LT_IEEE802_11_RADIO;
	int n = !F.need ? 0 : !radio ? 11 : F.need & VAR_PL ? 29 : 7;
	memcpy(out, radio ? radiotap_prologue : wlan_prologue, (size_t)n * sizeof *out);
	return n;
}

int filter_compile(const char *src, u32 linktype, int live, u32 accept, bpf_insn *out, int max,
		   struct filter_err *e)
{
	memset(&F, 0, sizeof F);
	F.src = src; F.err = e; e->msg[0] = 0; e->col = 0;
	F.live = (u32)live;
	if (!filter_linktype_ok(linktype)) {
		memcpy(e->msg, "this link type is not supported by the filter compiler", 55);
		return -1;
	}
	link_init(linktype);
	F.trees[T_TRUE].op = T_TRUE; F.trees[T_FALSE].op = T_FALSE;
	F.ntrees = 3;
	F.nnodes = 2;
	int t = parse_filter();
	if (FAILED) return -1;
	int root = dag_build(t);
	if (FAILED) return -1;
	if (root == REJECT && !(F.off_nl & VAR_PL)) {   /* as libpcap: almost certainly a
		mistake (libpcap does not optimize 802.11 programs, so does not see it) */
		memcpy(e->msg, "expression rejects all packets", 31);
		return -1;
	}
	int pro = prologue(out);
	int total = emit_program(root, accept, out + pro, max - pro);
	if (total < 0) return -1;
	total += pro;
	if (bpf_check(out, total, live)) {
		memcpy(e->msg, "internal error: the compiled program fails validation", 54);
		e->col = 0;
		return -1;
	}
	return total;
}
