/* the stream and DNS parsers (cmds/netmoon/name.c) on any bytes, whole and cut
 * short: an answer each, the lengths they report within their bounds */
#include "fuzz.h"
#include "net.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	u8 *c = fz_copy(d, n);
	for (u32 k = 0; k < 2; k++) {
		u32 m = k ? (u32)n / 2 : (u32)n;
		struct tls_names t;
		int v = tls_client_hello(c, m, &t);
		if (v < NAME_NOT || v > NAME_FOUND || t.sni_len > NAME_SNI_MAX || t.alpn_len > NAME_ALPN_MAX) __builtin_trap();
		for (u32 i = 0; i < t.alpn_len; i += 1u + t.alpn[i])          /* whole names, length bytes first */
			if (!t.alpn[i] || i + 1u + t.alpn[i] > t.alpn_len) __builtin_trap();
		struct http_names h;
		v = http_request(c, m, &h);
		if (v < NAME_NOT || v > NAME_FOUND || h.host_len > NAME_HOST_MAX || h.method_len > NAME_METHOD_MAX) __builtin_trap();
		struct dns_names dn;
		v = dns_response(c, m, &dn);
		if (v < NAME_NOT || v > NAME_FOUND || dn.naddr > DNS_ADDR_MAX || dn.qname_len > 255) __builtin_trap();
		char line[NAME_SSH_MAX];
		u16 len = 0;
		for (int s = 0; s < 2; s++) {
			v = ssh_ident(c, m, s, line, &len);
			if (v < NAME_NOT || v > NAME_FOUND || len > NAME_SSH_MAX) __builtin_trap();
		}
	}
	free(c);
	return 0;
}
