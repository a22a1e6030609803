#!/bin/sh
# tshark_names.sh FILE     tshark's names of FILE's TCP and UDP conversations
# tshark_names.sh --json   the same lines from netmoon --json end records on stdin
#
# The reference for netmoon's passive naming (issue #14). A line is
#   CLIENT SERVER<TAB>SNI<TAB>ALPN<TAB>HTTP_HOST<TAB>HTTP_METHOD<TAB>SSH_CLIENT<TAB>SSH_SERVER<TAB>DNS_NAME<TAB>NAME
# with CLIENT and SERVER as addr:port ([addr]:port for IPv6), "-" for a null
# field, ALPN's names joined by commas; one line per conversation that has
# any field that is not null, lines sorted with LC_ALL=C.
#
# tshark's side, per conversation (a tcp.stream; a udp.stream):
#   SNI, ALPN    tls.handshake.extensions_server_name (the first) and every
#                tls.handshake.extensions_alpn_str of the first frame the
#                client sent with a ClientHello (tls.handshake.type 1);
#                ALPN "-" when that ClientHello has no ALPN extension
#   HTTP_*       http.host and http.request.method of the first frame the
#                client sent with an HTTP request (first values); HOST "-"
#                for a request without Host (HTTP/1.0)
#                (SNI, ALPN, HTTP_* and SSH_* of TCP conversations only: tshark
#                also dissects HTTP over UDP, SSDP's M-SEARCH, which netmoon
#                does not name)
#   SSH_*        the first ssh.protocol each side sent
#   DNS_NAME     from the DNS responses in frames before the conversation's
#                first frame: the passive cache, address -> name, that this
#                script keeps itself from tshark's per-frame DNS fields
#   NAME         SNI, else HTTP_HOST without a :port (a last ":digits", not
#                inside [...]), else DNS_NAME, else "-"
# The client is the sender of the conversation's first frame, except that a
# first TCP frame with SYN and ACK was sent by the server, and a first TCP
# frame without SYN (seen mid-stream) was sent by the client when its
# source port is the higher one (as netmoon orients flows).
#
# The DNS cache: a DNS layer (each of a frame's: TCP may carry several
# messages) that is a response (dns.flags.response 1) with rcode 0, opcode
# 0 and one question, in a frame with a TCP or UDP port 53, names the
# addresses its ANSWER section gives the question name: the answers are the
# first dns.count.answers of the layer's dns.resp.name/type/class records
# (the authority and additional sections follow them: their glue never
# names), the chain is the question name and every CNAME target of an
# answer whose owner is on the chain (names compared in any case), and each
# class-IN A or AAAA answer whose owner is on the chain maps its address
# (dns.a, dns.aaaa taken in record order) to the question name as asked. A
# later answer renames an address; the cache never forgets. A conversation
# takes the name of its server's address as the cache holds it when its
# first frame comes (a response in that very frame comes after).
#
# tshark runs as
#   tshark -r FILE -n -o tcp.desegment_tcp_streams:TRUE
#     -o tcp.reassemble_out_of_order:TRUE -o tcp.analyze_sequence_numbers:TRUE
#     -o tcp.try_heuristic_first:TRUE -o tls.desegment_ssl_records:TRUE
#     -o tls.desegment_ssl_application_data:TRUE -o http.desegment_headers:TRUE
#     -o ssh.desegment_buffers:TRUE -o dns.desegment_dns_messages:TRUE
#     [-d tcp.port==P,ssh ...] -T json -e ...
# Recognition is by content on any port: tcp.try_heuristic_first makes TCP
# try its heuristic dissectors (tls_tcp and http_tcp, both enabled by
# default in tshark 4.0) before the port table, so TLS on 8080 or 12345 and
# HTTP on 5555 are found, and a TLS ClientHello on port 80 is TLS. SSH has
# no heuristic dissector in tshark 4.0: a first pass finds the TCP payloads
# that begin an SSH identification line (`tcp.payload matches
# "^SSH-[0-9.]+-"`) and the ports of their conversations are given to SSH
# with -d tcp.port==P,ssh (22 is SSH's already). reassemble_out_of_order
# lets a ClientHello whose later segment comes first be reassembled.
#
# Strings are in one normal form on both sides, tshark's own escaping for
# DNS names (format_text: tshark 4.0 gives dns.qry.name with a control
# byte as \a \b \t \n \v \f \r or \ooo in octal, and a backslash as it is):
#   a byte 0x20..0x7e          itself (a quote and a backslash too)
#   0x07 0x08 0x09 0x0a 0x0b 0x0c 0x0d   \a \b \t \n \v \f \r
#   any other byte < 0x20, 0x7f          \ooo, three octal digits
#   a byte >= 0x80             ?  (one per byte: tshark shows each such
#                              byte of an SNI, Host or SSH line as U+FFFD,
#                              and a DNS name's as UTF-8 when it is valid)
#   the empty string           ""
# Ambiguous by design (a backslash is not escaped, as in tshark's DNS
# names): the comparison is of the normal forms, not of the bytes.
#
# --json: netmoon's "event":"end" records of proto "tcp" and "udp" on stdin
# (keys sni, alpn, http_host, http_method, ssh_client, ssh_server,
# dns_name, name; a missing key is null), src/sport the client, dst/dport
# the server; a record prints when any of the seven fields is not null.
# netmoon escapes bytes < 0x20 and >= 0x7f as \u00XX, each byte: a code
# point >= 0x80 there is one byte.
set -eu
LC_ALL=C; export LC_ALL

# the normal form in jq: $b = 1 when a code point >= 0x80 is one byte
# (netmoon's \u00XX), 0 when it is a character of UTF-8 text (tshark's)
JQNORM='
def ctl: if . == 7 then "\\a" elif . == 8 then "\\b" elif . == 9 then "\\t" elif . == 10 then "\\n"
	elif . == 11 then "\\v" elif . == 12 then "\\f" elif . == 13 then "\\r"
	else "\\" + ([(. / 64 | floor), (. / 8 | floor) % 8, . % 8] | map(tostring) | join("")) end;
def ulen: if . < 128 then 1 elif . < 2048 then 2 elif . < 65536 then 3 else 4 end;
def norm($b): if . == "" then "\"\"" else
	[explode[] | if . < 32 or . == 127 then ctl
		elif . < 127 then ([.] | implode)
		elif . == 65533 or $b == 1 then "?"
		else "?" * ulen end] | join("") end;'

if [ "${1:-}" = --json ]; then
	jq -r "$JQNORM"'
	def f($k): if has($k) and .[$k] != null then (.[$k] | norm(1)) else "-" end;
	def ep($a; $p): if ($a | contains(":")) then "[" + $a + "]:" + ($p | tostring) else $a + ":" + ($p | tostring) end;
	select(.event == "end" and (.proto == "tcp" or .proto == "udp"))
	| [f("sni"), (if (.alpn // []) == [] then "-" else (.alpn | map(norm(1)) | join(",")) end),
	   f("http_host"), f("http_method"), f("ssh_client"), f("ssh_server"), f("dns_name")] as $v
	| select($v | any(. != "-"))
	| ep(.src; .sport) + " " + ep(.dst; .dport) + "\t" + ($v + [f("name")] | join("\t"))' | sort
	exit 0
fi

[ $# -eq 1 ] && [ -f "$1" ] || { echo "usage: $0 FILE | --json" >&2; exit 2; }
F=$1
OPTS="-n -o tcp.desegment_tcp_streams:TRUE -o tcp.reassemble_out_of_order:TRUE -o tcp.analyze_sequence_numbers:TRUE
 -o tcp.try_heuristic_first:TRUE -o tls.desegment_ssl_records:TRUE -o tls.desegment_ssl_application_data:TRUE
 -o http.desegment_headers:TRUE -o ssh.desegment_buffers:TRUE -o dns.desegment_dns_messages:TRUE"
# SSH by content: the ports of conversations where a segment begins "SSH-x.y-"
# (only asked when the file holds "SSH-" at all: a tshark run costs)
DEC=
grep -aq 'SSH-' "$F" && DEC=$(tshark -r "$F" $OPTS -Y 'tcp.payload matches "^SSH-[0-9.]+-"' -T fields -e tcp.srcport -e tcp.dstport 2>/dev/null |
	tr '\t' '\n' | grep -vx '22' | sort -un | sed 's/^/-d tcp.port==/; s/$/,ssh/' | tr '\n' ' ') || true
FIELDS="frame.number frame.protocols ip.src ip.dst ipv6.src ipv6.dst tcp.stream tcp.srcport tcp.dstport
 tcp.flags.syn tcp.flags.ack udp.stream udp.srcport udp.dstport tls.handshake.type
 tls.handshake.extensions_server_name tls.handshake.extensions_alpn_str http.request.method http.host
 ssh.protocol dns.flags.response dns.flags.rcode dns.flags.opcode dns.count.queries dns.count.answers
 dns.count.auth_rr dns.count.add_rr dns.qry.name dns.resp.name dns.resp.type dns.resp.class dns.a dns.aaaa dns.cname"
# one line a frame: the fields in that order, tab-separated, each field's
# values (in the normal form) joined by 0x1f
tshark -r "$F" $OPTS $DEC -Y 'tcp || udp' -T json $(for f in $FIELDS; do printf ' -e %s' "$f"; done) 2>/dev/null |
jq -r --arg fields "$FIELDS" "$JQNORM"'
	($fields | split("\\s+"; null) | map(select(. != ""))) as $fl
	| .[]._source.layers as $l | [$fl[] | ($l[.] // []) | map(norm(0)) | join("\u001f")] | join("\t")' |
awk -F'\t' '
function ep(a, p) { return index(a, ":") ? "[" a "]:" p : a ":" p }
function has(list, v,   x, n, i) { n = split(list, x, "\037"); for (i = 1; i <= n; i++) if (x[i] == v) return 1; return 0 }
function first(list) { sub(/\037.*/, "", list); return list }
function val(x) { return x == "" ? "-" : x }
# the IP layer under the first layer named p in frame.protocols (k: its index among the ip or ipv6 layers);
# "" when an ICMP layer comes first (a quoted header)
function under(p,   np, pr, i, n4, n6, last) {
	np = split($2, pr, ":"); n4 = n6 = 0; last = ""
	for (i = 1; i <= np && pr[i] != p; i++) {
		if (pr[i] == "ip") { n4++; last = 4 } else if (pr[i] == "ipv6") { n6++; last = 6 }
		else if (pr[i] == "icmp" || pr[i] == "icmpv6" || (p == "udp" && pr[i] == "tcp")) return ""
	}
	if (i > np || last == "") return ""
	if (last == 4) { split($3, sv, "\037"); split($4, dv, "\037"); SA = sv[n4]; DA = dv[n4] }
	else { split($5, sv, "\037"); split($6, dv, "\037"); SA = sv[n6]; DA = dv[n6] }
	return last
}
function hostonly(h) {
	if (h ~ /:[0-9]*$/ && (h !~ /\]/ || h ~ /\]:[0-9]*$/)) sub(/:[0-9]*$/, "", h)
	return h
}
{
	k = ""
	if (under("tcp") != "") {
		k = "t" first($7); sp = first($8); dp = first($9); syn = first($10); ack = first($11)
	} else if (under("udp") != "") {
		k = "u" first($12); sp = first($13); dp = first($14); syn = ack = ""
	}
	if (k != "" && !(k in cli)) {
		sc = (syn == "1" && ack != "1") ? 1 : (syn == "1") ? 0 : (k ~ /^u/) ? 1 : (sp != dp) ? (sp + 0 > dp + 0) : (SA > DA)
		cli[k] = sc ? ep(SA, sp) : ep(DA, dp); srv[k] = sc ? ep(DA, dp) : ep(SA, sp)
		srvaddr = sc ? DA : SA
		order[++nk] = k
		dn[k] = (srvaddr in cache) ? cache[srvaddr] : "-"
	}
	if (k ~ /^t/) {
		fromcli = (ep(SA, sp) == cli[k])
		if (fromcli && !(k in tls) && has($15, "1")) {
			tls[k] = 1; sni[k] = val(first($16)); a = $17; gsub(/\037/, ",", a); alpn[k] = val(a)
		}
		if (fromcli && !(k in http) && $18 != "") { http[k] = 1; meth[k] = first($18); host[k] = val(first($19)) }
		if ($20 != "") { if (fromcli) { if (!(k in sshc)) sshc[k] = first($20) } else if (!(k in sshs)) sshs[k] = first($20) }
	}
	# DNS responses: each layer in turn
	if ($21 != "" && (has($8, "53") || has($9, "53") || has($13, "53") || has($14, "53"))) {
		nl = split($21, resp, "\037"); split($22, rc, "\037"); split($23, op, "\037"); split($24, nq, "\037")
		split($25, nan, "\037"); split($26, nns, "\037"); split($27, nar, "\037"); split($28, qn, "\037")
		split($29, rn, "\037"); split($30, rt, "\037"); split($31, cl, "\037")
		split($32, a4, "\037"); split($33, a6, "\037"); split($34, cn, "\037")
		q0 = r0 = i4 = i6 = ic = 0
		for (L = 1; L <= nl; L++) {
			tot = nan[L] + nns[L] + nar[L]
			if (resp[L] == "1" && rc[L] == "0" && op[L] == "0" && nq[L] == "1") {
				split("", chain); chain[tolower(qn[q0 + 1])] = 1
				for (grew = 1; grew; ) { grew = 0; c = ic
					for (i = 1; i <= nan[L]; i++) { t = rt[r0 + i]
						if (t == "5") { c++; if ((tolower(rn[r0 + i]) in chain) && !(tolower(cn[c]) in chain)) { chain[tolower(cn[c])] = 1; grew = 1 } } } }
				x4 = i4; x6 = i6
				for (i = 1; i <= nan[L]; i++) { t = rt[r0 + i]; own = tolower(rn[r0 + i]) in chain; in_ = cl[r0 + i] == "0x0001"
					if (t == "1") { x4++; if (own && in_) cache[a4[x4]] = qn[q0 + 1] }
					else if (t == "28") { x6++; if (own && in_) cache[a6[x6]] = qn[q0 + 1] } }
			}
			# past this layer records of every section
			for (i = 1; i <= tot; i++) { t = rt[r0 + i]; if (t == "1") i4++; else if (t == "28") i6++; else if (t == "5") ic++ }
			q0 += nq[L]; r0 += tot
		}
	}
}
END {
	for (i = 1; i <= nk; i++) { k = order[i]
		s = (k in tls) ? sni[k] : "-"; al = (k in tls) ? alpn[k] : "-"
		h = (k in http) ? host[k] : "-"; m = (k in http) ? meth[k] : "-"
		c = (k in sshc) ? sshc[k] : "-"; v = (k in sshs) ? sshs[k] : "-"
		if (s == "-" && al == "-" && h == "-" && m == "-" && c == "-" && v == "-" && dn[k] == "-") continue
		nm = s != "-" ? s : h != "-" ? hostonly(h) : dn[k]
		print cli[k] " " srv[k] "\t" s "\t" al "\t" h "\t" m "\t" c "\t" v "\t" dn[k] "\t" nm
	}
}' | sort
