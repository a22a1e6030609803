/* bpf.c - classic BPF itself, apart from any compiler: bpf_check validates a
 * program as the kernel would before attaching it (the compiler checks its
 * own output with it, the sandbox checks what it attaches), bpf_run
 * interprets one for the packets of a pcap file, and bpf_image writes one
 * line of tcpdump -d's listing (libpcap's bpf_image). */
#include "filter.h"
#include "net.h"

/* ---- validation ---- */
/* k is the offset of an ancillary load the kernel knows (SKF_AD_OFF + ...) */
static int anc_ok(u32 k)
{
	s32 o = (s32)k - SKF_AD_OFF;
	return (s32)k < 0 && o >= 0 && o < SKF_AD_MAX && !(o & 3);
}
int bpf_check(const bpf_insn *p, int n, int anc)
{
	static u16 stored[BPF_MAXINSNS];
	if (n < 1 || n > BPF_MAXINSNS) return 1;
	for (int i = 0; i < n; i++) stored[i] = 0xffff;
	stored[0] = 0;
	for (int i = 0; i < n; i++) {
		u16 c = p[i].code;
		u32 k = p[i].k, left = (u32)(n - i - 1);
		u16 s = stored[i];
		switch (c) {
		case BPF_LD | BPF_W | BPF_ABS: case BPF_LD | BPF_H | BPF_ABS:
		case BPF_LD | BPF_B | BPF_ABS:
			if ((s32)k < 0 && !(anc && anc_ok(k))) return i + 1;
			break;
		case BPF_LD | BPF_W | BPF_IND: case BPF_LD | BPF_H | BPF_IND:
		case BPF_LD | BPF_B | BPF_IND:
		case BPF_LD | BPF_W | BPF_LEN: case BPF_LDX | BPF_W | BPF_LEN:
		case BPF_LD | BPF_IMM: case BPF_LDX | BPF_IMM: case BPF_LDX | BPF_B | BPF_MSH:
		case BPF_MISC | BPF_TAX: case BPF_MISC | BPF_TXA: case BPF_ALU | BPF_NEG:
			break;
		case BPF_LD | BPF_MEM: case BPF_LDX | BPF_MEM:
			if (k >= BPF_MEMWORDS || !(s >> k & 1)) return i + 1;
			break;
		case BPF_ST: case BPF_STX:
			if (k >= BPF_MEMWORDS) return i + 1;
			s |= (u16)(1u << k);
			break;
		case BPF_RET | BPF_K: case BPF_RET | BPF_A:
			continue;
		case BPF_JMP | BPF_JA:
			if (k >= left) return i + 1;
			stored[i + 1 + k] &= s;
			continue;
		default:
			if ((c & 7) == BPF_ALU) {
				u16 op = c & 0xf0;
				if (op > BPF_XOR || op == BPF_NEG) return i + 1;
				if ((c & BPF_X) == 0 && (op == BPF_DIV || op == BPF_MOD) && !k)
					return i + 1;
				if ((c & ~0xf8) != BPF_ALU) return i + 1;
				break;
			}
			if ((c & 7) == BPF_JMP) {
				u16 op = c & 0xf0;
				if (op < BPF_JEQ || op > BPF_JSET || (c & ~0xf8) != BPF_JMP)
					return i + 1;
				if (p[i].jt >= left || p[i].jf >= left) return i + 1;
				stored[i + 1 + p[i].jt] &= s;
				stored[i + 1 + p[i].jf] &= s;
				continue;
			}
			return i + 1;
		}
		if (i + 1 >= n) return i + 1;     /* falls off the end */
		stored[i + 1] &= s;
	}
	u16 last = p[n - 1].code;
	return last == (BPF_RET | BPF_K) || last == (BPF_RET | BPF_A) ? 0 : n;
}

/* ---- the interpreter ---- */
u32 bpf_run(const bpf_insn *pc, const u8 *pkt, u32 caplen, u32 wirelen)
{
	u32 A = 0, X = 0, M[BPF_MEMWORDS], k;
	for (;; pc++) {
		k = pc->k;
		switch (pc->code) {
		case BPF_RET | BPF_K: return k;
		case BPF_RET | BPF_A: return A;
		/* the offset is checked before it is added up, so it cannot wrap */
		case BPF_LD | BPF_W | BPF_IND: if (X > caplen) return 0; k += X; /* fall through */
		case BPF_LD | BPF_W | BPF_ABS:
			if (k < pc->k || k > caplen || caplen - k < 4) return 0;
			A = (u32)pkt[k] << 24 | (u32)pkt[k + 1] << 16 | (u32)pkt[k + 2] << 8 |
				pkt[k + 3];
			break;
		case BPF_LD | BPF_H | BPF_IND: if (X > caplen) return 0; k += X; /* fall through */
		case BPF_LD | BPF_H | BPF_ABS:
			if (k < pc->k || k > caplen || caplen - k < 2) return 0;
			A = (u32)pkt[k] << 8 | pkt[k + 1];
			break;
		case BPF_LD | BPF_B | BPF_IND: if (X > caplen) return 0; k += X; /* fall through */
		case BPF_LD | BPF_B | BPF_ABS:
			if (k < pc->k || k >= caplen) return 0;
			A = pkt[k];
			break;
		case BPF_LD | BPF_W | BPF_LEN: A = wirelen; break;
		case BPF_LDX | BPF_W | BPF_LEN: X = wirelen; break;
		case BPF_LD | BPF_IMM: A = k; break;
		case BPF_LDX | BPF_IMM: X = k; break;
		case BPF_LD | BPF_MEM: A = M[k]; break;
		case BPF_LDX | BPF_MEM: X = M[k]; break;
		case BPF_LDX | BPF_B | BPF_MSH:
			if (k >= caplen) return 0;
			X = (pkt[k] & 0xfu) << 2;
			break;
		case BPF_ST: M[k] = A; break;
		case BPF_STX: M[k] = X; break;
		case BPF_JMP | BPF_JA: pc += k; break;
		case BPF_JMP | BPF_JEQ | BPF_K: pc += A == k ? pc->jt : pc->jf; break;
		case BPF_JMP | BPF_JGT | BPF_K: pc += A > k ? pc->jt : pc->jf; break;
		case BPF_JMP | BPF_JGE | BPF_K: pc += A >= k ? pc->jt : pc->jf; break;
		case BPF_JMP | BPF_JSET | BPF_K: pc += A & k ? pc->jt : pc->jf; break;
		case BPF_JMP | BPF_JEQ | BPF_X: pc += A == X ? pc->jt : pc->jf; break;
		case BPF_JMP | BPF_JGT | BPF_X: pc += A > X ? pc->jt : pc->jf; break;
		case BPF_JMP | BPF_JGE | BPF_X: pc += A >= X ? pc->jt : pc->jf; break;
		case BPF_JMP | BPF_JSET | BPF_X: pc += A & X ? pc->jt : pc->jf; break;
		case BPF_MISC | BPF_TAX: X = A; break;
		case BPF_MISC | BPF_TXA: A = X; break;
		case BPF_ALU | BPF_NEG: A = -A; break;
		default: {
			u32 v = pc->code & BPF_X ? X : k;
			switch (pc->code & 0xf0) {
			case BPF_ADD: A += v; break;
			case BPF_SUB: A -= v; break;
			case BPF_MUL: A *= v; break;
			case BPF_DIV: if (!v) return 0; A /= v; break;
			case BPF_MOD: if (!v) return 0; A %= v; break;
			case BPF_AND: A &= v; break;
			case BPF_OR: A |= v; break;
			case BPF_XOR: A ^= v; break;
			case BPF_LSH: A = v < 32 ? A << v : 0; break;
			case BPF_RSH: A = v < 32 ? A >> v : 0; break;
			default: return 0;
			}
		}
		}
	}
}

/* ---- tcpdump -d's listing (libpcap's bpf_image) ---- */
static int put(char *o, const char *s) { size_t n = strlen(s); memcpy(o, s, n); return (int)n; }
/* "#0x" and k in lowercase hex, as libpcap writes constants and masks */
static int hex(char *o, u32 v)
{
	o[0] = '#'; o[1] = '0'; o[2] = 'x';
	return 3 + fmt_hex(o + 3, v);
}
/* v in decimal; as a signed number if neg */
static int dec(char *o, u32 v, int neg)
{
	int k = 0;
	if (neg && (s32)v < 0) { o[k++] = '-'; v = -v; }
	return k + fmt_u32(o + k, v);
}
/* pre, k in decimal (signed if neg), post: "M[3]", "[x + 14]", "#1500" */
static int around(char *o, const char *pre, u32 k, int neg, const char *post)
{
	int a = put(o, pre);
	a += dec(o + a, k, neg);
	return a + put(o + a, post);
}
/* a load's mnemonic and operand */
static int load(char *arg, u16 c, u32 k, const char **name)
{
	static const char *const anc[] = { "[proto]", "[type]", "[ifidx]", "[nla]", "[nlan]",
		"[mark]", "[queue]", "[hatype]", "[rxhash]", "[cpu]", "[xor_x]", "[vlan_tci]",
		"[vlanp]", "[poff]", "[random]", "[vlan_tpid]" };
	int mode = c & 0xe0, sz = c & 0x18;
	if ((c & 7) == BPF_LDX) *name = mode == BPF_MSH ? "ldxb" : "ldx";
	else *name = sz == BPF_H ? "ldh" : sz == BPF_B ? "ldb" : "ld";
	if (mode == BPF_IMM) return hex(arg, k);
	if (mode == BPF_LEN) return put(arg, "#pktlen");
	if (mode == BPF_MEM) return around(arg, "M[", k, 0, "]");
	if (mode == BPF_MSH) return around(arg, "4*([", k, 0, "]&0xf)");
	if (mode == BPF_ABS && anc_ok(k)) return put(arg, anc[((s32)k - SKF_AD_OFF) / 4]);
	if (mode == BPF_ABS) return around(arg, "[", k, 1, "]");
	return around(arg, "[x + ", k, 1, "]");
}
int bpf_image(char *o, const bpf_insn *p, int pc)
{
	static const char *const alu[] = { "add", "sub", "mul", "div", "or", "and", "lsh", "rsh",
		"neg", "mod", "xor" };
	static const char *const jmp[] = { "ja", "jeq", "jgt", "jge", "jset" };
	const bpf_insn *i = &p[pc];
	u16 c = i->code, op = c & 0xf0;
	u32 k = i->k;
	char arg[40];
	int a = 0, j = 0;
	const char *name = "unimp";
	switch (c & 7) {
	case BPF_RET:
		name = "ret";
		a = c & BPF_A ? put(arg, "a") : around(arg, "#", k, 0, "");
		break;
	case BPF_LD: case BPF_LDX: a = load(arg, c, k, &name); break;
	case BPF_ST: case BPF_STX:
		name = (c & 7) == BPF_ST ? "st" : "stx";
		a = around(arg, "M[", k, 0, "]");
		break;
	case BPF_ALU:
		name = op >> 4 <= 10 ? alu[op >> 4] : "unimp";
		if (op == BPF_NEG) break;
		if (c & BPF_X) a = put(arg, "x");
		else if (op == BPF_AND || op == BPF_OR || op == BPF_XOR) a = hex(arg, k);
		else a = around(arg, "#", k, 0, "");
		break;
	case BPF_MISC: name = (c & 0xf8) == BPF_TXA ? "txa" : "tax"; break;
	case BPF_JMP:
		name = op >> 4 <= 4 ? jmp[op >> 4] : "unimp";
		if (op == BPF_JA) { a = dec(arg, (u32)pc + 1 + k, 0); break; }
		j = 1;
		a = c & BPF_X ? put(arg, "x") : hex(arg, k);
		break;
	}
	/* "(008) jeq      #0x800           jt 9	jf 17" */
	int n = 0;
	o[n++] = '(';
	char num3[12]; int d = fmt_u32(num3, (u32)pc);
	for (int z = d; z < 3; z++) o[n++] = '0';
	memcpy(o + n, num3, (size_t)d); n += d;
	o[n++] = ')'; o[n++] = ' ';
	int l = put(o + n, name); n += l;
	for (; l < 8; l++) o[n++] = ' ';
	o[n++] = ' ';
	memcpy(o + n, arg, (size_t)a); n += a;
	if (j) {
		for (; a < 16; a++) o[n++] = ' ';
		n += put(o + n, " jt ");
		n += dec(o + n, (u32)pc + 1 + i->jt, 0);
		n += put(o + n, "\tjf ");
		n += dec(o + n, (u32)pc + 1 + i->jf, 0);
	}
	return n;
}
