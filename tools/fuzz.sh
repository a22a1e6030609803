#!/bin/sh
# fuzz.sh SECONDS NAME... - run each libFuzzer harness (build/fuzz/NAME) for
# SECONDS on its corpus (build/fuzz/corpus/NAME, seeded on the first run from
# the shared captures and the filter table), after replaying the inputs kept
# in tests/fuzz/regress/NAME (earlier findings). A finding is saved as
# build/fuzz/crash-NAME-*; copy it into tests/fuzz/regress/NAME once fixed.
set -u
cd "$(dirname "$0")/.."
B=${B:-build}
secs=$1; shift
P=tests/pcaps
status=0
for f in "$@"; do
	c=$B/fuzz/corpus/$f
	if [ ! -d "$c" ]; then
		mkdir -p "$c"
		case $f in
		pcap) [ -d "$P" ] && for p in "$P"/*; do [ "$(stat -c %s "$p")" -le 65536 ] && cp "$p" "$c/"; done
			# and some as pcapng (editcap, where installed)
			command -v editcap > /dev/null && for p in "$P"/bgp*.pcap "$P"/pptp.pcap tests/crafted/ip-length-past-frame.pcap; do
				[ "$(stat -c %s "$p")" -le 32768 ] && editcap -F pcapng "$p" "$c/${p##*/}ng" 2>/dev/null; done ;;
		name) cp tests/fuzz/regress/name/* "$c/" ;;       # a ClientHello (openssl s_client), HTTP, SSH, DNS
		owner) cp tests/fuzz/regress/owner/* "$c/" ;;     # /proc/net lines and sock_diag replies captured here
		stream) for s in tests/fuzz/regress/name/*; do       # the same, as one client segment, then in two
			l=$(stat -c %s "$s"); h=$((l / 2))
			{ printf '\000\000\000\000'; printf "\\$(printf %03o $((l >> 8)))\\$(printf %03o $((l & 255)))"; cat "$s"; } > "$c/${s##*/}"
			{ printf '\000\000\000\000'; printf "\\$(printf %03o $((h >> 8)))\\$(printf %03o $((h & 255)))"; head -c $h "$s"
			  printf '\000'; printf "\\$(printf %03o $((h >> 8)))\\$(printf %03o $((h & 255)))"
			  printf "\\$(printf %03o $(((l - h) >> 8)))\\$(printf %03o $(((l - h) & 255)))"; tail -c +$((h + 1)) "$s"; } > "$c/${s##*/}-2"
		done ;;
		filter) i=0; grep -v '^#' tests/filter_exprs.txt | grep . | while IFS= read -r e; do
				i=$((i + 1)); { printf '\001%s\n' "$e"; head -c 120 "$P/bgp-4byte-asn.pcap" 2>/dev/null | tail -c 80; } > "$c/expr$i"; done ;;
		esac
	fi
	r=tests/fuzz/regress/$f
	if [ -d "$r" ] && [ -n "$(ls "$r")" ]; then
		"$B/fuzz/$f" "$r"/* > "$B/fuzz/$f.regress.log" 2>&1 || { echo "fuzz $f: a kept input fails again (see $B/fuzz/$f.regress.log)"; status=1; }
	fi
	"$B/fuzz/$f" -max_total_time="$secs" -max_len=65536 -print_final_stats=1 -artifact_prefix="$B/fuzz/crash-$f-" \
		"$c" > "$B/fuzz/$f.log" 2>&1
	st=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$B/fuzz/$f.log" | tail -n 1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$B/fuzz/$f.log" | tail -n 1)
	if [ $st = 0 ]; then echo "fuzz $f: ${runs:-?} runs, ${rate:-?}/s, $secs s, no finding"
	else echo "fuzz $f: FINDING (status $st), see $B/fuzz/$f.log and $B/fuzz/crash-$f-*"; status=1; fi
done
exit $status
