/* filter_dag.c - the tree made a DAG and the DAG made small (what libpcap's
 * optimizer does, by other means): the tree is factored (alternatives that
 * begin with the same test share it), turned into a DAG of atom nodes that
 * is hash-consed (equal nodes are one node), then, until nothing changes,
 * jump-threaded (an edge whose test is already decided on every path to it
 * jumps past the test: the second "ldh [12]; jeq #0x800" of "tcp port 80
 * or tcp port 443") and merged (nodes that now test the same atom and lead
 * to the same places are one). */
#include "filter_int.h"

/* ---- factoring ----
 * "host a or host b" is (ip and (src a or dst a)) or (arp ...) or (ip and
 * (src b or dst b)) or ...: alternatives that begin with the same test are
 * put under it once, and comparisons of one field are put side by side, so
 * that "ld [26]; jeq a; jeq b" loads the field once:
 *   or(g and x, h, g and y)  ->  or(g and or(x, y), h)
 *   or(atoms)                ->  the same atoms, grouped by what they load
 *   and(not x, y, not z)     ->  and(not or(x, z), y)
 * Logically the same; as libpcap's optimizer, it may load a field sooner
 * or later than written, which matters only for a packet cut short there. */
static int flat(int t, int op, u16 *l, int n, int max)
{
	if (F.trees[t].op == op) {
		n = flat(F.trees[t].left, op, l, n, max);
		return flat(F.trees[t].right, op, l, n, max);
	}
	if (n < max) l[n++] = (u16)t;
	return n;
}
static int norm(int t, int depth);
static int chain(int op, const u16 *l, int n)
{
	int t = l[0];
	for (int i = 1; i < n; i++) t = gen_tree(op, t, l[i]);
	return t;
}
static int norm(int t, int depth)
{
	struct tree *x = &F.trees[t];
	if (FAILED || depth > 200) return t;
	if (x->op == T_NOT) return gen_not(norm(x->left, depth + 1));
	if (x->op != T_AND && x->op != T_OR) return t;
	enum { MAXL = 1024 };
	u16 l[MAXL], o[MAXL], rest[MAXL];
	int op = x->op, n = flat(t, op, l, 0, MAXL), no = 0;
	if (n >= MAXL) return t;
	for (int i = 0; i < n; i++) l[i] = (u16)norm(l[i], depth + 1);
	if (op == T_AND) {
		int first = -1, nn = 0;
		for (int i = 0; i < n; i++)
			if (F.trees[l[i]].op == T_NOT) {
				if (first < 0) first = no++;
				rest[nn++] = F.trees[l[i]].left;
			} else o[no++] = l[i];
		if (nn < 2) return chain(T_AND, l, n);
		o[first] = (u16)gen_not(norm(chain(T_OR, rest, nn), depth + 1));
		return chain(T_AND, o, no);
	}
	/* or: group by the leading test of each alternative */
	u8 used[MAXL];
	memset(used, 0, sizeof used);
	for (int i = 0; i < n; i++) {
		if (used[i]) continue;
		struct tree *e = &F.trees[l[i]];
		if (e->op == T_ATOM) {           /* atoms on the same load, side by side */
			int ld = F.atoms[e->left].load;
			for (int j = i; j < n; j++)
				if (!used[j] && F.trees[l[j]].op == T_ATOM &&
				    F.atoms[F.trees[l[j]].left].load == ld) {
					used[j] = 1; o[no++] = l[j];
				}
			continue;
		}
		if (e->op != T_AND) { used[i] = 1; o[no++] = l[i]; continue; }
		u16 g[MAXL];
		flat(l[i], T_AND, g, 0, MAXL);
		int guard = g[0], nr = 0;
		for (int j = i; j < n; j++) {
			if (used[j] || F.trees[l[j]].op != T_AND) continue;
			int m = flat(l[j], T_AND, g, 0, MAXL);
			if (g[0] != guard) continue;
			used[j] = 1;
			rest[nr++] = m > 1 ? (u16)chain(T_AND, g + 1, m - 1) : T_TRUE;
		}
		if (nr == 1) { o[no++] = l[i]; continue; }
		o[no++] = (u16)gen_and(guard, norm(chain(T_OR, rest, nr), depth + 1));
	}
	return chain(T_OR, o, no);
}

/* ---- the DAG ---- */
/* the hash slot of node (a, t, f): the equal node's, or the empty one to fill */
static u16 *slot(int a, int t, int f)
{
	u32 h = ((u32)a * 2654435761u ^ (u32)t * 40503u ^ (u32)f * 2246822519u) & (NHASH - 1);
	for (;; h = (h + 1) & (NHASH - 1)) {
		u16 *s = &F.node_hash[h];
		const struct node *d = &F.nodes[*s];
		if (!*s || (d->atom == a && d->if_true == t && d->if_false == f)) return s;
	}
}
static int mk(int a, int t, int f)
{
	if (t == f) return t;
	u16 *s = slot(a, t, f);
	if (*s) return *s;
	if (F.nnodes >= NNODE) { filter_fail(0, "filter too complex", 0); return REJECT; }
	F.nodes[F.nnodes] = (struct node){ (u16)a, (u16)t, (u16)f };
	*s = (u16)F.nnodes;
	return F.nnodes++;
}
static int build(int x, int t, int f)
{
	struct tree *n = &F.trees[x];
	switch (n->op) {
	case T_TRUE: return t;
	case T_FALSE: return f;
	case T_ATOM: return mk(n->left, t, f);
	case T_NOT: return build(n->left, f, t);
	case T_AND: return build(n->left, build(n->right, t, f), f);
	default: return build(n->left, t, build(n->right, t, f));
	}
}

/* is atom b's outcome known from the facts (atom, outcome) on a path? */
static int decide(const u16 *fa, int n, int b)
{
	const struct atom *B = &F.atoms[b];
	u32 lo = 0, hi = NONE;
	for (int i = 0; i < n; i++) {
		int a = fa[i] & 0x7fff, o = fa[i] >> 15;
		if (a == b) return o;
		const struct atom *A = &F.atoms[a];
		if (A->load != B->load || (A->jcode & BPF_X) || (B->jcode & BPF_X)) continue;
		u32 k = A->k;
		switch (A->jcode & 0xf0) {
		case BPF_JEQ: if (o) { if (k > lo) lo = k; if (k < hi) hi = k; } break;
		case BPF_JGT:
			if (o) { if (k == NONE) return 0; if (k + 1 > lo) lo = k + 1; }
			else if (k < hi) hi = k;
			break;
		case BPF_JGE:
			if (o) { if (k > lo) lo = k; }
			else { if (!k) return 0; if (k - 1 < hi) hi = k - 1; }
			break;
		case BPF_JSET:
			if (!o && (B->jcode & 0xf0) == BPF_JEQ && (B->k & k)) return 0;
			break;
		}
	}
	u32 k = B->k;
	switch (B->jcode & 0xf0) {
	case BPF_JEQ: if (k < lo || k > hi) return 0; if (lo == hi) return 1; break;
	case BPF_JGT: if (lo > k) return 1; if (hi <= k) return 0; break;
	case BPF_JGE: if (lo >= k) return 1; if (hi < k) return 0; break;
	case BPF_JSET: if (lo == hi) return (lo & k) != 0; break;
	}
	return -1;
}
static void merge(int m, const u16 *fa, int n)
{
	if (m <= REJECT) return;
	if (!F.facts_set[m]) {
		memcpy(F.facts[m], fa, (size_t)n * 2); F.nfacts[m] = (u8)n; F.facts_set[m] = 1;
		return;
	}
	int k = 0;
	for (int i = 0; i < F.nfacts[m]; i++)
		for (int j = 0; j < n; j++)
			if (F.facts[m][i] == fa[j]) { F.facts[m][k++] = F.facts[m][i]; break; }
	F.nfacts[m] = (u8)k;
}
/* one pass in topological order (a node's successors were made before it) */
static int thread(int root)
{
	int changed = 0;
	memset(F.facts_set, 0, sizeof F.facts_set);
	if (root > REJECT) { F.facts_set[root] = 1; F.nfacts[root] = 0; }
	for (int n = F.nnodes - 1; n > REJECT; n--) {
		if (!F.facts_set[n]) continue;
		u16 fa[NFACT];
		int nf = F.nfacts[n];
		/* full: forget the oldest failed test (a passed one says more) */
		if (nf == NFACT) {
			int d = 0;
			while (d < NFACT - 1 && F.facts[n][d] >> 15) d++;
			memmove(F.facts[n] + d, F.facts[n] + d + 1, (size_t)(NFACT - 1 - d) * 2);
			nf--;
		}
		memcpy(fa, F.facts[n], (size_t)nf * 2);
		for (int o = 1; o >= 0; o--) {
			fa[nf] = (u16)(F.nodes[n].atom | o << 15);
			u16 *edge = o ? &F.nodes[n].if_true : &F.nodes[n].if_false;
			int m = *edge;
			while (m > REJECT) {
				const struct node *d = &F.nodes[m];
				int k = d->if_true == d->if_false ? 1 : decide(fa, nf + 1, d->atom);
				if (k < 0) break;
				m = k ? d->if_true : d->if_false;
			}
			if (m != *edge) { *edge = (u16)m; changed = 1; }
			merge(m, fa, nf + 1);
		}
	}
	return changed;
}

/* after threading, tests that now lead to the same places are one test:
   merge equal nodes bottom-up (arp and rarp share their address tests) */
static int merge_equal(int root)
{
	u16 *map = F.merged_to;
	int changed = 0;
	memset(F.node_hash, 0, sizeof F.node_hash);
	map[ACCEPT] = ACCEPT; map[REJECT] = REJECT;
	for (int n = 2; n < F.nnodes; n++) {
		struct node *d = &F.nodes[n];
		d->if_true = map[d->if_true]; d->if_false = map[d->if_false];
		if (d->if_true == d->if_false) { map[n] = d->if_true; changed = 1; continue; }
		u16 *s = slot(d->atom, d->if_true, d->if_false);
		if (*s) { map[n] = *s; changed = 1; }
		else map[n] = *s = (u16)n;
	}
	return changed ? -(int)map[root] - 1 : root;
}

/* the optimized DAG of tree t: its root (ACCEPT or REJECT if the outcome
   never depends on the packet) */
int dag_build(int t)
{
	t = norm(t, 0);
	if (FAILED) return REJECT;
	int root = build(t, ACCEPT, REJECT);
	if (FAILED) return REJECT;
	for (int i = 0; i < 16; i++) {
		int ch = thread(root), r = merge_equal(root);
		if (r < 0) { root = -r - 1; ch = 1; }
		if (!ch) break;
	}
	while (root > REJECT && F.nodes[root].if_true == F.nodes[root].if_false)
		root = F.nodes[root].if_true;
	return root;
}
