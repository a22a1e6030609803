#!/bin/sh
# tshark_tcp.sh FILE          tshark's TCP conversations in FILE with its TCP analysis, one line each
# tshark_tcp.sh --json        the same lines from netmoon --json end records on stdin
# tshark_tcp.sh --diff A B    compare two such outputs field by field (files, or
#                             directories holding files of the same names)
#
# A line is
#   EP1 EP2 RTT_US  <data sent by EP1>  <data sent by EP2>
# with EP1 < EP2 as strings (addr:port, [addr]:port for IPv6), so the order does
# not depend on who is client; lines sorted with LC_ALL=C. Each block of 14
# fields describes the frames sent by one side X (X is the IP source):
#   FRAMES   frames sent by X
#   BYTES    their frame.len sum (bytes on the wire)
#   PAYLOAD  their tcp.len sum
#   UNIQUE   X's sequence space covered, each byte once: the size of the union
#            of [tcp.seq, tcp.seq + tcp.len) over X's frames (relative tcp.seq;
#            retransmitted or overlapping bytes count once; an interval that
#            passes 2^32 wraps to 0)
#   RTT_N RTT_MIN RTT_AVG RTT_MAX
#            tcp.analysis.ack_rtt on the frames of the OTHER side (the ACKs of
#            X's data): count, min, mean, max in whole microseconds, floor of
#            ns / 1000 (mean: floor of sum_ns / N / 1000), "-" when N is 0;
#            tshark times an ACK from the first transmission of the segment it
#            acknowledges, and gives the SYN-ACK and the handshake's ACK one too
#   RETRANS  X's frames with tcp.analysis.retransmission (tshark sets it on
#            fast and spurious retransmissions too; a frame counts once)
#   OOO      X's frames with tcp.analysis.out_of_order
#   DUPACK   X's frames with tcp.analysis.duplicate_ack (X sent the duplicate)
#   ZEROWIN  X's frames with tcp.analysis.zero_window
#   LOST     X's frames with tcp.analysis.lost_segment ("previous segment not
#            captured")
#   RST      X's frames with the RST flag
# RTT_US is the conversation's tcp.analysis.initial_rtt in whole microseconds
# (floor), from the last frame of the stream that carries it; "-" when tshark
# has none. tshark measures it from the latest SYN (a retransmitted SYN restarts
# it) to the first frame after it with ACK and without SYN, whoever sends that:
# the ACK of the SYN-ACK, not the SYN-ACK; a SYN answered by a RST-ACK has the
# RST-ACK's time (of10_7050sx_bsn.pcap).
#
# tshark runs once per file as `tshark -r FILE -n -o
# tcp.analyze_sequence_numbers:TRUE -Y tcp -T fields ...`, other preferences
# at their defaults (relative sequence numbers, reassembly on), in one pass
# (on tests/pcaps `-2` gives the same lines). Its analysis flags are FT_NONE
# fields: -T fields prints "1" for a present one, nothing for an absent one
# (duplicate_ack prints "1,1": the analysis item and its expert item share
# the name). Times are taken from tshark's text (seconds with 9 decimals) as
# integer ns, no floating point.
#
# One rule is netmoon's, not tshark's (README, "TCP health"): a round trip
# cannot be negative. When the capture clock goes back, tshark shows a
# negative ack_rtt or initial_rtt; this script leaves such an ack_rtt out of
# RTT_N/MIN/AVG/MAX and gives RTT_US "-" for a negative initial_rtt, as
# netmoon does (tests/crafted/tcp-limits.pcap, streams 34 and 35).
#
# Where tshark has no tcp.len (TCP in the first fragment of an IP datagram it
# cannot reassemble: the segment's length is unknown), the frame adds 0 to
# PAYLOAD and UNIQUE. A SYN's data is counted from the SYN's own tcp.seq, as
# the interval above says (the byte after the SYN flag would be one more).
#
# A conversation is a tcp.stream; on every TCP capture in tests/pcaps this
# gives exactly the frames of `tshark -q -z conv,tcp`. Frames conv,tcp leaves
# out are left out here too: a TCP header that ends before tshark has its
# stream (no tcp.stream), one whose header length is under 20 bytes, and one
# longer than its segment ("short segment"), and one whose TCP options throw
# (a first SACK option 2 to 9 bytes long: "Malformed Packet: TCP"): tshark
# gives those a stream but stops there (no length, no analysis); all come from
# corrupted frames (a bit flipped in the IP or TCP header). The endpoints are the
# addresses of the IP layer under the first TCP header (found through
# frame.protocols), so TCP in VXLAN or Geneve counts by its inner addresses,
# and a packet quoted inside a TCP payload (an OpenFlow packet-in) does not
# change its frame's direction. Every field is from the first TCP layer of a
# frame: tshark joins the values of all layers with commas, which for the
# flags and RTTs (absent in some layers) says nothing of the layer; for the
# rare frame with several TCP layers and any of those present, one more
# tshark pass per field asks `tcp.analysis.FIELD#1` (the first TCP layer).
# A TCP header quoted in an ICMP error is a TCP layer of its own: tshark
# gives it its stream but no analysis (no relative sequence numbers, no
# tcp.len), and when it is the frame's first TCP layer the frame counts in
# that stream (FRAMES, BYTES, its RST flag) as in conv,tcp. When both
# endpoints are the same, the direction with more frames comes first.
#
# --json: netmoon's "event":"end" records, one line each (no merging of
# "continued" records): src/sport is the client, pkts_out ... rst_out its
# block, rtt_out_n/min_us/avg_us/max_us the ACKs of its data; *_in the
# server's; rtt_us. null is "-", a missing key "?".
#
# --diff A B: pairs the conversations of A and B by file name, EP1 and EP2 (the
# k-th line with a key in A with the k-th in B) and prints per field name the
# conversations equal / total (a conversation is equal when both of its
# directions are, an unpaired one never is) with the first differing ones;
# times (RTT_US, RTT_MIN, RTT_AVG, RTT_MAX) are equal within 1 us, counts
# exactly. Exit status 0 when everything is equal, 1 otherwise. DIFF_SHOW=N
# sets how many differences are shown per field (3).
set -eu
NAMES="FRAMES BYTES PAYLOAD UNIQUE RTT_N RTT_MIN RTT_AVG RTT_MAX RETRANS OOO DUPACK ZEROWIN LOST RST"

if [ "${1:-}" = --json ]; then
	sed 's/[{}"]//g' | awk -F, '
	function v(k) { return !(k in f) ? "?" : f[k] == "null" ? "-" : f[k] }
	function block(d) { return v("pkts_" d) " " v("bytes_" d) " " v("payload_" d) " " v("unique_" d) " " \
		v("rtt_" d "_n") " " v("rtt_" d "_min_us") " " v("rtt_" d "_avg_us") " " v("rtt_" d "_max_us") " " \
		v("retrans_" d) " " v("ooo_" d) " " v("dupack_" d) " " v("zerowin_" d) " " v("lost_" d) " " v("rst_" d) }
	{ split("", f); for (i = 1; i <= NF; i++) { split($i, kv, ":"); k = kv[1]; f[k] = substr($i, length(k) + 2) } }
	f["event"] == "end" && (!("proto" in f) || f["proto"] == "tcp") {
		a = f["src"] ":" f["sport"]; b = f["dst"] ":" f["dport"]
		if (index(f["src"], ":")) { a = "[" f["src"] "]:" f["sport"]; b = "[" f["dst"] "]:" f["dport"] }
		if (a < b || (a == b && f["pkts_out"] f["bytes_out"] >= f["pkts_in"] f["bytes_in"])) print a, b, v("rtt_us"), block("out"), block("in")
		else       print b, a, v("rtt_us"), block("in"), block("out")
	}' | LC_ALL=C sort
	exit 0
fi

if [ "${1:-}" = --diff ]; then
	[ $# -eq 3 ] || { echo "usage: $0 --diff A B" >&2; exit 2; }
	if [ -d "$2" ] && [ -d "$3" ]; then
		set -- "$2" "$3" "$( (ls "$2"; ls "$3") | LC_ALL=C sort -u)"
		fa= fb=
		for n in $3; do
			[ -f "$1/$n" ] && fa="$fa $1/$n"
			[ -f "$2/$n" ] && fb="$fb $2/$n"
		done
		# file names with blanks are not supported here (none in tests/pcaps)
		set -- side=1 $fa side=2 $fb
	elif [ -f "$2" ] && [ -f "$3" ]; then set -- side=1 "$2" side=2 "$3"
	else echo "$0: --diff: A and B must be two files or two directories" >&2; exit 2
	fi
	exec awk -v names="$NAMES" -v show="${DIFF_SHOW:-3}" '
	BEGIN { nn = split(names, nm, " "); time["RTT_MIN"] = time["RTT_AVG"] = time["RTT_MAX"] = 1 }
	function same(x, y, t) {
		if (x == y) return 1
		if (!t || x == "-" || y == "-" || x !~ /^-?[0-9]+$/ || y !~ /^-?[0-9]+$/) return 0
		return x - y <= 1 && y - x <= 1
	}
	{	tag = FILENAME; sub(/.*\//, "", tag); if (tag == "-") tag = ""
		k = tag SUBSEP $1 SUBSEP $2; c = ++cnt[side, k]
		line[side, k, c] = $0
		if (side == 1) keys[++nk] = k SUBSEP c
		else if (!((1, k, c) in line)) bonly[++nb] = k SUBSEP c
	}
	function label(k,   p) { split(k, p, SUBSEP); return (p[1] != "" ? p[1] ": " : "") p[2] " " p[3] }
	END {
		na = nk; total = nk + nb; paired = 0
		for (i = 1; i <= nk; i++) { split(keys[i], p, SUBSEP); k = p[1] SUBSEP p[2] SUBSEP p[3]; c = p[4]
			if ((2, k, c) in line) { paired++; pk[paired] = k; pa[paired] = line[1, k, c]; pb[paired] = line[2, k, c] }
			else aonly[++noa] = label(k) }
		for (i = 1; i <= nb; i++) { split(bonly[i], p, SUBSEP); bo[i] = label(p[1] SUBSEP p[2] SUBSEP p[3]) }
		printf "conversations: %d in A, %d in B, %d paired, %d in A only, %d in B only\n", nk, paired + nb, paired, noa, nb
		for (i = 1; i <= noa && i <= show; i++) print "  A only: " aonly[i]
		for (i = 1; i <= nb && i <= show; i++) print "  B only: " bo[i]
		bad = noa + nb
		# field j of a line: 3 is RTT_US, block 1 is 4..17, block 2 is 18..31
		for (f = 0; f <= nn; f++) {
			name = f ? nm[f] : "RTT_US"; eq = 0; shown = 0
			for (i = 1; i <= paired; i++) {
				split(pa[i], x, " "); split(pb[i], y, " ")
				if (f == 0) { ok = same(x[3], y[3], 1); va = x[3]; vb = y[3] }
				else { ok = same(x[3 + f], y[3 + f], name in time) && same(x[17 + f], y[17 + f], name in time)
					va = x[3 + f] "/" x[17 + f]; vb = y[3 + f] "/" y[17 + f] }
				if (ok) eq++
				else if (shown++ < show) ex[f, shown] = "    " label(pk[i]) ": A " va "  B " vb
			}
			printf "%-8s %d/%d\n", name, eq, total
			for (i = 1; i <= shown && i <= show; i++) print ex[f, i]
			if (eq < total) bad = 1
		}
		exit bad ? 1 : 0
	}' "$@"
fi

[ $# -eq 1 ] && [ -f "$1" ] || { echo "usage: $0 FILE | --json | --diff A B" >&2; exit 2; }
F=$1
T=$(mktemp -d "${TMPDIR:-/tmp}/tshark_tcp.XXXXXX")
trap 'rm -rf "$T"' EXIT
trap 'exit 1' HUP INT TERM
# columns: 1 stream, 2 frame number, 3 protocols, 4-7 IPv4 and IPv6 src/dst,
# 8-9 ports, 10 frame.len, 11 flags, 12 tcp.len, 13 tcp.seq, 14 ack_rtt,
# 15 initial_rtt, 16-20 the five analysis flags, 21 tcp.hdr_len, 22 short segment,
# 23 malformed (tshark's status is not
# looked at: a capture cut short still gives its frames, as tshark reads it)
A="ack_rtt initial_rtt retransmission out_of_order duplicate_ack zero_window lost_segment"
tshark -r "$F" -n -o tcp.analyze_sequence_numbers:TRUE -Y tcp -T fields -E separator=/t \
	-e tcp.stream -e frame.number -e frame.protocols -e ip.src -e ip.dst -e ipv6.src -e ipv6.dst \
	-e tcp.srcport -e tcp.dstport -e frame.len -e tcp.flags -e tcp.len -e tcp.seq \
	$(for a in $A; do printf ' -e tcp.analysis.%s' "$a"; done) -e tcp.hdr_len -e tcp.short_segment -e _ws.malformed > "$T/fields.all" 2>/dev/null || true
# only the frames conv,tcp counts: not a TCP header cut short before its stream is
# known (no tcp.stream), one with a header length under 20 bytes, one longer than
# its segment ("short segment"), or one whose options make TCP itself malformed (an
# exception: tshark stops there, no analysis)
awk -F'\t' '$1 != "" && !($21 != "" && $21 + 0 < 20) && first($22) == "" && $23 !~ /Malformed Packet: TCP/
	function first(l) { sub(/,.*/, "", l); return l }' "$T/fields.all" > "$T/fields"

# frames with several TCP layers and an analysis field: which fields are the first layer's
: > "$T/layer1"
awk -F'\t' '{ n = 0; np = split($3, pr, ":"); for (i = 1; i <= np; i++) if (pr[i] == "tcp") n++
	if (n > 1) for (c = 14; c <= 20; c++) if ($c != "") { fr[c] = fr[c] " " $2 } }
	END { for (c in fr) print c "\t" fr[c] }' "$T/fields" > "$T/multi"
while IFS='	' read -r c frames; do
	set -- $A; shift $((c - 14)); a=$1
	tshark -r "$F" -n -o tcp.analyze_sequence_numbers:TRUE -Y "frame.number in {$frames} && tcp.analysis.$a#1" \
		-T fields -e frame.number 2>/dev/null | sed "s/^/$c	/" >> "$T/layer1" || true
done < "$T/multi"

awk -F'\t' -v intervals="$T/intervals" -v CONVFMT=%.0f -v OFMT=%.0f '
function ep(addr, port) { return index(addr, ":") ? "[" addr "]:" port : addr ":" port }
function hex(c) { return index("0123456789abcdef", tolower(c)) - 1 }
function nth(list, i,   v) { split(list, v, ","); return v[i] }
function first(list) { sub(/,.*/, "", list); return list }
# "S.FFFFFFFFF" seconds (maybe negative) as integer ns; a fraction of more
# than 9 digits is a count of ns (tshark prints an unnormalized time, from an invalid
# nanosecond field >= 10^9 in the capture, as it is: 0.1147483648 is 1.147483648 s)
function ns(t,   neg, p, fr) { neg = sub(/^-/, "", t); p = index(t, ".")
	if (p == 0) return (neg ? -1 : 1) * t * 1000000000
	fr = substr(t, p + 1)
	fr = length(fr) > 9 ? fr + 0 : substr(fr "000000000", 1, 9)
	return (neg ? -1 : 1) * (substr(t, 1, p - 1) * 1000000000 + fr) }
# floor(x / d) for integers x, d > 0 (exact below 2^53)
function fdiv(x, d,   q) { q = int(x / d); while (q * d > x) q--; while ((q + 1) * d <= x) q++; return q }
# the value of column c in the first TCP layer ("" when absent there)
function col(c) { return !multi ? first($c) : ((c, $2) in l1) ? first($c) : "" }
FILENAME ~ /layer1$/ { l1[$1, $2] = 1; next }
{
	# the IP layer that carries the first TCP header: count the ip and ipv6
	# layers before "tcp" in frame.protocols (tunnels, and packets carried
	# inside TCP payloads such as OpenFlow packet-ins, have several)
	np = split($3, pr, ":"); n4 = n6 = 0; last = ""; ntcp = 0
	for (i = 1; i <= np; i++) if (pr[i] == "tcp") ntcp++
	for (i = 1; i <= np && pr[i] != "tcp"; i++) { if (pr[i] == "ip") { n4++; last = 4 } else if (pr[i] == "ipv6") { n6++; last = 6 } }
	if (last == 4) { sa = nth($4, n4); da = nth($5, n4) } else { sa = nth($6, n6); da = nth($7, n6) }
	multi = ntcp > 1
	s = first($1)
	src = ep(sa, first($8)); dst = ep(da, first($9))
	if (!(s in a)) { a[s] = src; b[s] = dst; order[n++] = s }
	d = (src == a[s]) ? 1 : 2; o = 3 - d
	fr[s, d]++; by[s, d] += $10
	fl = first($11); fl = hex(substr(fl, length(fl) - 1, 1)) * 16 + hex(substr(fl, length(fl), 1))
	if (int(fl / 4) % 2) rst[s, d]++
	len = first($12) + 0; pay[s, d] += len
	if (len > 0) { seq = first($13) + 0; end = seq + len
		if (end > 4294967296) { print s "." d, seq, 4294967296 > intervals; print s "." d, 0, end - 4294967296 > intervals }
		else print s "." d, seq, end > intervals }
	# an ACK of the other side: its RTT sample belongs to the other side block
	# (netmoon takes no negative round trip from a capture clock that went back:
	# tshark shows one; see the header)
	if ((v = col(14)) != "" && (x = ns(v)) > 0) { rn[s, o]++; rsum[s, o] += x
		if (rn[s, o] == 1 || x < rmin[s, o]) rmin[s, o] = x
		if (rn[s, o] == 1 || x > rmax[s, o]) rmax[s, o] = x }
	if ((v = col(15)) != "") { irtt[s] = ns(v); if (irtt[s] < 0) irtt[s] = "" }
	if (col(16) != "") rtx[s, d]++
	if (col(17) != "") ooo[s, d]++
	if (col(18) != "") dup[s, d]++
	if (col(19) != "") zw[s, d]++
	if (col(20) != "") lost[s, d]++
}
function us(x) { return x == "" ? "-" : fdiv(x, 1000) }
function blk(s, d) {
	return (fr[s, d] + 0) " " (by[s, d] + 0) " " (pay[s, d] + 0) " @" s "." d " " (rn[s, d] + 0) " " \
		(rn[s, d] ? us(rmin[s, d]) " " fdiv(rsum[s, d], rn[s, d] * 1000) " " us(rmax[s, d]) : "- - -") " " \
		(rtx[s, d] + 0) " " (ooo[s, d] + 0) " " (dup[s, d] + 0) " " (zw[s, d] + 0) " " (lost[s, d] + 0) " " (rst[s, d] + 0)
}
END {
	for (i = 0; i < n; i++) {
		s = order[i]; r = (s in irtt) ? us(irtt[s]) : "-"
		if (a[s] < b[s] || (a[s] == b[s] && (fr[s, 1] + 0) "" (by[s, 1] + 0) >= (fr[s, 2] + 0) "" (by[s, 2] + 0))) print a[s], b[s], r, blk(s, 1), blk(s, 2)
		else             print b[s], a[s], r, blk(s, 2), blk(s, 1)
	}
}' "$T/layer1" "$T/fields" > "$T/lines"
: >> "$T/intervals"

# UNIQUE: the union of each side intervals, through sort(1); "@S.D" in a line is replaced by it
LC_ALL=C sort -k1,1 -k2,2n -k3,3n "$T/intervals" | awk -v CONVFMT=%.0f -v OFMT=%.0f '
function flush() { if (key != "") u[key] = tot + hi - lo }
$1 != key { flush(); key = $1; lo = $2; hi = $3; tot = 0; next }
$2 > hi { tot += hi - lo; lo = $2; hi = $3; next }
$3 > hi { hi = $3 }
END { flush(); for (k in u) print k, u[k] }' > "$T/unique"
awk 'FILENAME ~ /unique$/ { u["@" $1] = $2; next }
{ for (i = 4; i <= NF; i++) if ($i ~ /^@/) $i = ($i in u) ? u[$i] : 0; print }' "$T/unique" "$T/lines" | LC_ALL=C sort
