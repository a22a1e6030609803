/* the filter compiler (the text up to the first newline), the validator
 * and the interpreter (the rest as a packet, whole and cut short), the
 * lister; and the rest as raw instructions: whatever the validator accepts,
 * the interpreter must run without a fault */
#include "fuzz.h"
#include "filter.h"
#include "net.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	static bpf_insn p[BPF_MAXINSNS];
	static const u32 lts[] = { LT_ETHERNET, LT_LINUX_SLL, LT_LINUX_SLL2, LT_RAW, LT_IPV4, LT_IPV6,
				   LT_C_HDLC, LT_ARCNET_LINUX, LT_IEEE802_11, LT_IEEE802_11_RADIO };
	if (!n) return 0;
	u32 lt = lts[d[0] % (sizeof lts / sizeof lts[0])];
	int live = d[0] >> 7;
	d++; n--;
	size_t el = 0;
	while (el < n && d[el] != '\n') el++;
	char *src = malloc(el + 1);
	__builtin_memcpy(src, d, el); src[el] = 0;
	const u8 *pk = el < n ? d + el + 1 : d + n;
	size_t pn = el < n ? n - el - 1 : 0;
	u8 *pkt = fz_copy(pk, pn);
	struct filter_err e;
	int m = filter_compile(src, lt, live, 262144, p, BPF_MAXINSNS, &e);
	if (m >= 0) {
		if (bpf_check(p, m, 1)) __builtin_trap();       /* the compiler's output is always valid */
		if (!live) { bpf_run(p, pkt, (u32)pn, (u32)pn + 4); bpf_run(p, pkt, (u32)pn / 2, (u32)pn); }
		char line[128];
		for (int i = 0; i < m; i++) if (bpf_image(line, p, i) > 100) __builtin_trap();
	} else if (!e.msg[0]) __builtin_trap();                  /* every refusal has a reason */
	/* the packet bytes as a program */
	int k = (int)(pn / sizeof(bpf_insn));
	if (k > 0 && k <= BPF_MAXINSNS) {
		bpf_insn *q = (bpf_insn *)fz_copy(pk, (size_t)k * sizeof(bpf_insn));
		if (!bpf_check(q, k, 0)) bpf_run(q, pkt, (u32)pn, (u32)pn);
		free(q);
	}
	free(pkt);
	free(src);
	return 0;
}
