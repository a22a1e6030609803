#!/bin/sh
# tshark_ipflows.sh FILE       tshark's one-way flows of FILE: packets and IP bytes
# tshark_ipflows.sh --nfdump   the same lines from `nfdump -o csv` on stdin
# tshark_ipflows.sh --pmacct   the same lines from pmacct's print plugin's csv on stdin
#                              (aggregate: src_host, dst_host, src_port, dst_port, proto)
#
# A line is
#   SRC SPORT DST DPORT PROTO PACKETS BYTES
# one per direction of a flow, lines sorted with LC_ALL=C. BYTES are IP
# bytes, header and payload (IANA's octetDeltaCount: ip.len, or ipv6.plen +
# 40), of the frames SRC sent to DST. PROTO is TCP, UDP, ICMP, ICMP6 or the
# number; an ICMP flow's SPORT is 0 and its DPORT type * 256 + code (IPFIX's
# destinationTransportPort in NetFlow's convention, as nfdump's csv prints
# it). Each frame counts in the flow of
# its first IP layer (a header quoted in an ICMP error is not a flow of its
# own); IP fragments are not reassembled (-o ip.defragment:FALSE), so the
# comparison is meant for captures without fragments and tunnels (where
# netmoon counts the inner flow too).
#
# --nfdump: records of the same direction (active-timeout deltas) are summed.
set -eu
LC_ALL=C; export LC_ALL
if [ "${1:-}" = --nfdump ]; then
	awk -F, 'NR > 1 && NF > 13 && $4 != "" {
		k = $4 " " $6 " " $5 " " $7 " " $8; p[k] += $12; b[k] += $13 }
		END { for (k in p) print k, p[k], b[k] }' | sort
	exit 0
fi
if [ "${1:-}" = --pmacct ]; then
	awk -F, '$1 != "SRC_IP" && NF == 7 {
		pr = toupper($5); if (pr == "IPV6-ICMP") pr = "ICMP6"
		k = $1 " " $3 " " $2 " " $4 " " pr; p[k] += $6; b[k] += $7 }
		END { for (k in p) print k, p[k], b[k] }' | sort
	exit 0
fi
[ $# -eq 1 ] || { echo "usage: $0 FILE | --nfdump | --pmacct" >&2; exit 2; }
tshark -r "$1" -n -o ip.defragment:FALSE -o ipv6.defragment:FALSE -T fields -E occurrence=f \
	-e ip.src -e ip.dst -e ip.len -e ip.proto -e ipv6.src -e ipv6.dst -e ipv6.plen -e ipv6.nxt \
	-e tcp.srcport -e tcp.dstport -e udp.srcport -e udp.dstport -e icmp.type -e icmp.code \
	-e icmpv6.type -e icmpv6.code -e frame.protocols 2>/dev/null | awk -F'\t' '
{
	v6 = ($1 == "" && $5 != "")
	if ($1 == "" && $5 == "") next
	src = v6 ? $5 : $1; dst = v6 ? $6 : $2; len = v6 ? $7 + 40 : $3
	pr = v6 ? $8 : $4
	# an IPv4 layer before an IPv6 one (or the reverse): the first in frame.protocols
	if ($1 != "" && $5 != "" && index($17, ":ipv6") && index($17, ":ipv6") < index($17, ":ip:")) { src = $5; dst = $6; len = $7 + 40; pr = $8; v6 = 1 }
	# the first transport layer in frame.protocols (a header an ICMP error quotes comes after)
	sp = 0; dp = 0; first = ""; best = 0
	n = split($17, L, ":")
	for (i = 1; i <= n && first == ""; i++) if (L[i] == "tcp" || L[i] == "udp" || L[i] == "icmp" || L[i] == "icmpv6") first = L[i]
	if (first == "tcp") { sp = $9; dp = $10; pr = "TCP" }
	else if (first == "udp") { sp = $11; dp = $12; pr = "UDP" }
	else if (first == "icmp") { dp = $13 * 256 + $14; pr = "ICMP" }
	else if (first == "icmpv6") { dp = $15 * 256 + $16; pr = "ICMP6" }
	k = src " " sp " " dst " " dp " " pr; p[k]++; b[k] += len
}
END { for (k in p) print k, p[k], b[k] }' | sort
