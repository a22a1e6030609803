#!/bin/sh
# tshark_udp.sh FILE     tshark's UDP conversations in FILE, one line each
# tshark_udp.sh --json   the same lines from netmoon --json end records on stdin
#
# A line is
#   EP1 EP2 FRAMES1 BYTES1 FRAMES2 BYTES2
# with EP1 < EP2 as strings (addr:port, [addr]:port for IPv6), FRAMES and
# BYTES (frame.len, bytes on the wire) of the frames EP1 sent, then of those
# EP2 sent; lines sorted with LC_ALL=C. These are the figures of tshark's
# `-z conv,udp`, exactly: that table prints large byte counts with SI prefixes
# ("447 kB"), so this script counts them itself from the frames. Each UDP layer
# of a frame counts the frame in its conversation, so a VXLAN or Geneve frame
# counts in the tunnel's conversation and in the inner one (as conv,udp does);
# a layer's addresses are those of the IP layer under it (found through
# frame.protocols). One difference from conv,udp is netmoon's and is made
# here too: a UDP header quoted in an ICMP error is not counted (conv,udp
# counts the ICMP frame in the quoted conversation, as if the quoted sender
# had sent it; netmoon counts it in the ICMP flow only). The -o options keep tshark
# from reassembling IP fragments (netmoon does not: the first fragment's UDP
# header counts, the others do not belong to a flow) and from taking UDP
# payloads as other protocols whose own taps would not matter here anyway.
#
# --json: netmoon's "proto":"udp" end records, one line each (a flow ended
# and seen again gives two records: compare runs with -e 0).
set -eu
if [ "${1:-}" = --json ]; then
	sed 's/[{}"]//g' | awk -F, '
	{ split("", f); for (i = 1; i <= NF; i++) { split($i, kv, ":"); k = kv[1]; f[k] = substr($i, length(k) + 2) } }
	f["event"] == "end" && f["proto"] == "udp" {
		a = f["src"] ":" f["sport"]; b = f["dst"] ":" f["dport"]
		if (index(f["src"], ":")) { a = "[" f["src"] "]:" f["sport"]; b = "[" f["dst"] "]:" f["dport"] }
		if (a < b || (a == b && f["pkts_out"] >= f["pkts_in"])) print a, b, f["pkts_out"], f["bytes_out"], f["pkts_in"], f["bytes_in"]
		else print b, a, f["pkts_in"], f["bytes_in"], f["pkts_out"], f["bytes_out"]
	}' | LC_ALL=C sort
	exit 0
fi
[ $# -eq 1 ] || { echo "usage: $0 FILE | --json" >&2; exit 2; }
tshark -r "$1" -n -o ip.defragment:FALSE -o ipv6.defragment:FALSE -Y udp -T fields \
	-E separator=/t -E occurrence=a -E aggregator=, \
	-e frame.len -e frame.protocols -e ip.src -e ip.dst -e ipv6.src -e ipv6.dst \
	-e udp.srcport -e udp.dstport 2>/dev/null | awk -F'\t' '
{
	np = split($2, pr, ":"); n4 = split($3, s4, ","); split($4, d4, ",")
	n6 = split($5, s6, ","); split($6, d6, ","); nu = split($7, sp, ","); split($8, dp, ",")
	i4 = i6 = u = quoted = 0; last = ""
	for (i = 1; i <= np; i++) {
		if (pr[i] == "ip") { i4++; last = "4" } else if (pr[i] == "ipv6") { i6++; last = "6" }
		else if (pr[i] == "icmp" || pr[i] == "icmpv6") quoted = 1
		else if (pr[i] == "udp") {
			u++
			if (u > nu || last == "" || quoted) continue
			if (last == "4") { s = s4[i4] ":" sp[u]; d = d4[i4] ":" dp[u] }
			else { s = "[" s6[i6] "]:" sp[u]; d = "[" d6[i6] "]:" dp[u] }
			k = s < d ? s " " d : d " " s
			if (!(k in seen)) { seen[k] = 1; keys[++nk] = k }
			x = s <= d ? 1 : 2
			fr[k, x]++; by[k, x] += $1
		}
	}
}
END { for (i = 1; i <= nk; i++) { k = keys[i]; print k, fr[k, 1] + 0, by[k, 1] + 0, fr[k, 2] + 0, by[k, 2] + 0 } }' | LC_ALL=C sort
