# netmoon's passive naming (issue #14) against tshark: the SNI and ALPN of the
# first TLS ClientHello, the first HTTP/1.x request's Host and method, the SSH
# identification lines, and the DNS-answer name of each connection's server
# (tools/tshark_names.sh gives both sides' lines). One check per capture in
# tests/names (made by tools/mknames.c and tools/names_live.sh) and per
# capture in tests/pcaps where tshark finds any of the fields, then one
# summary line: per field, the conversations equal / all conversations.
# tests/names/FILE.tshark is tshark's output, committed (a check says tshark
# still gives it); netmoon is compared with FILE.expect where there is one:
# tshark's lines with the documented differences (tests/names/README.md).
# Only our tool exists here (no reference netmoon): everything is "mine".
if [ "${TEST_HOST:-0}" != 1 ]; then
N=$ROOT/tests/names
TN=$ROOT/tools/tshark_names.sh
mkdir -p "$W/names"
# tshark's names of every capture in tests/pcaps: once per run, kept for the other CPUs
if [ ! -f "$W/names/tshark.done" ]; then
	mkdir -p "$W/names/ts"
	ls "$ROOT"/tests/pcaps/*.pcap | xargs -P 4 -I{} sh -c "f='{}'; '$TN' \"\$f\" > '$W/names/ts/'\"\${f##*/}\""
	for f in "$N"/*.pcap; do
		b=${f##*/}; "$TN" "$f" > "$W/names/ts/names-$b"
		t "tshark_names.sh: tshark still says what tests/names/${b%.pcap}.tshark holds" \
			"diff $N/${b%.pcap}.tshark $W/names/ts/names-$b && echo same" "same"
	done
	touch "$W/names/tshark.done"
fi
rm -f "$W/names/pairs.$CPU"
names_check() {   # FILE EXPECTED-LINES
	local f=$1 exp=$2 b=${1##*/}
	TMO=60 T netmoon -r "$f" --json -e 0 2> /dev/null | "$TN" --json > "$W/names/nm-$b.$CPU"
	echo "$exp $W/names/nm-$b.$CPU" >> "$W/names/pairs.$CPU"
	mine "netmoon names = tshark's: ${f#$ROOT/}" "diff $exp $W/names/nm-$b.$CPU && echo same" "same"
}
for f in "$N"/*.pcap; do
	e=${f%.pcap}.expect; [ -f "$e" ] || e=${f%.pcap}.tshark
	names_check "$f" "$e"
done
for f in "$ROOT"/tests/pcaps/*.pcap; do
	[ -s "$W/names/ts/${f##*/}" ] && names_check "$f" "$W/names/ts/${f##*/}"
done
# per field: a conversation is in the total when either side lists it (an
# unlisted one has every field null); equal when both give the same value
while read -r a b; do cat "$a"; echo "=== $b"; cat "$b"; echo "=== end"; done < "$W/names/pairs.$CPU" | awk -F'\t' '
BEGIN { split("sni alpn http_host http_method ssh_client ssh_server dns_name name", nm, " "); side = 1 }
function g(s, k, i) { return ((s, k, i) in v) ? v[s, k, i] : "-" }
/^=== end$/ { for (k in seen) { tot++; for (i = 2; i <= 9; i++) if (g(1, k, i) == g(2, k, i)) eq[i]++ }
	split("", seen); split("", v); side = 1; next }
/^=== / { side = 2; next }
{ seen[$1] = 1; for (i = 2; i <= 9; i++) v[side, $1, i] = $i }
END { printf "   names [%s]: %d conversations;", cpu, tot; for (i = 2; i <= 9; i++) printf " %s %d/%d", nm[i - 1], eq[i], tot; print "" }' cpu="$CPU"
else skip "netmoon passive naming against tshark" "TEST_HOST=1: ours only, no reference netmoon"
fi
