#!/bin/sh
# tshark_tcp.sh FILE         tshark's TCP conversations in FILE, one line each
# tshark_tcp.sh --json       the same lines from netmoon --json end records on stdin
#
# A line is  "EP1 EP2 FRAMES12 BYTES12 FRAMES21 BYTES21 RTT_US"  with EP1 < EP2
# as strings (so the order does not depend on who is client), sorted. tshark's
# view is built per tcp.stream from frame fields: on every TCP capture in
# tests/pcaps this gives exactly the frames of `tshark -q -z conv,tcp`
# (whose byte columns are rounded to kB), one conversation per stream. The
# endpoints are the addresses of the IP layer under the first TCP header
# (found through frame.protocols), so TCP in VXLAN or Geneve counts by its
# inner addresses, and a packet quoted inside a TCP payload (an OpenFlow
# packet-in) does not change its frame's direction. When both endpoints are
# the same, the direction with more frames comes first. RTT is first SYN to the first SYN-ACK from the
# other side, in whole microseconds ("-" without both), computed from the
# timestamp text without floating point.
set -eu
if [ "${1:-}" = --json ]; then
	sed 's/[{}"]//g' | awk -F, '
	{ for (i = 1; i <= NF; i++) { split($i, kv, ":"); k = kv[1]; v = substr($i, length(k) + 2); f[k] = v } }
	f["event"] == "end" {
		a = f["src"] ":" f["sport"]; b = f["dst"] ":" f["dport"]
		if (index(f["src"], ":")) { a = "[" f["src"] "]:" f["sport"]; b = "[" f["dst"] "]:" f["dport"] }
		rtt = f["rtt_us"] == "null" ? "-" : f["rtt_us"]
		if (a < b || (a == b && f["pkts_out"] f["bytes_out"] >= f["pkts_in"] f["bytes_in"])) print a, b, f["pkts_out"], f["bytes_out"], f["pkts_in"], f["bytes_in"], rtt
		else       print b, a, f["pkts_in"], f["bytes_in"], f["pkts_out"], f["bytes_out"], rtt
	}' | LC_ALL=C sort
	exit 0
fi
tshark -r "$1" -n -Y tcp -T fields -E separator=/t -e tcp.stream -e frame.protocols -e ip.src -e ip.dst \
	-e ipv6.src -e ipv6.dst -e tcp.srcport -e tcp.dstport -e frame.len -e tcp.flags -e frame.time_epoch 2>/dev/null | awk -F'\t' '
function ep(addr, port) { return index(addr, ":") ? "[" addr "]:" port : addr ":" port }
function hex(c) { return index("0123456789abcdef", tolower(c)) - 1 }
# ns since the first frame; a fraction of more than 9 digits is a count of ns
# (an invalid value >= 10^9, which tshark prints as it is)
function ns(t,   p, fr) { p = index(t, "."); fr = substr(t, p + 1)
	if (length(fr) < 9) fr = substr(fr "000000000", 1, 9)
	return (substr(t, 1, p - 1) - base) * 1000000000 + fr }
function nth(list, i,   v) { split(list, v, ","); return v[i] }
{
	# the IP layer that carries the first TCP header: count the ip and ipv6
	# layers before "tcp" in frame.protocols (tunnels, and packets carried
	# inside TCP payloads such as OpenFlow packet-ins, have several)
	np = split($2, pr, ":"); n4 = n6 = 0; last = ""
	for (i = 1; i <= np && pr[i] != "tcp"; i++) { if (pr[i] == "ip") { n4++; last = 4 } else if (pr[i] == "ipv6") { n6++; last = 6 } }
	if (last == 4) { sa = nth($3, n4); da = nth($4, n4) } else { sa = nth($5, n6); da = nth($6, n6) }
	$4 = $7; $5 = $8; $6 = $9; $7 = $10; $8 = $11
	s = $1; sub(/,.*/, "", s)
	sub(/,.*/, "", $4); sub(/,.*/, "", $5); sub(/,.*/, "", $7)
	src = ep(sa, $4); dst = ep(da, $5)
	if (!(s in a)) { a[s] = src; b[s] = dst; order[n++] = s; if (base == "") { base = $8; sub(/\..*/, "", base) } }
	d = (src == a[s]) ? 1 : 2
	fr[s, d]++; by[s, d] += $6
	fl = hex(substr($7, length($7) - 1, 1)) * 16 + hex(substr($7, length($7), 1))
	sa = int(fl / 2) % 2 + 2 * (int(fl / 16) % 2)        # 1: SYN, 3: SYN-ACK
	if (sa == 1 && !(s in syn)) { syn[s] = ns($8); syndir[s] = d }
	if (sa == 3 && (s in syn) && !(s in rtt) && d != syndir[s]) {
		x = ns($8) - syn[s]; rtt[s] = x > 0 ? int(x / 1000) : 0
	}
}
END {
	for (i = 0; i < n; i++) {
		s = order[i]; r = (s in rtt) ? rtt[s] : "-"
		if (a[s] < b[s] || (a[s] == b[s] && (fr[s, 1] + 0) "" (by[s, 1] + 0) >= (fr[s, 2] + 0) "" (by[s, 2] + 0))) print a[s], b[s], fr[s, 1] + 0, by[s, 1] + 0, fr[s, 2] + 0, by[s, 2] + 0, r
		else             print b[s], a[s], fr[s, 2] + 0, by[s, 2] + 0, fr[s, 1] + 0, by[s, 1] + 0, r
	}
}' | LC_ALL=C sort
