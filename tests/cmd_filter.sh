# netmoon's filter compiler (core/filter.c) against tcpdump's (libpcap):
# every expression of tests/filter_exprs.txt over the shared captures must keep
# exactly the packets tcpdump keeps, record for record; -d listings compared
# in length; errors; the interpreter's bounds. Only our tool: skipped with TEST_HOST=1.
if [ "${TEST_HOST:-0}" != 1 ]; then
P=$ROOT/../shared/pcaps
F=$W/flt
if [ ! -d "$F" ]; then
	# the captures grouped by link type (the types the compiler reads),
	# each group concatenated into one file: one run per expression and type
	mkdir -p "$F"
	for f in "$P"/*; do
		lt=$(tcpdump -r "$f" -c 1 2>&1 >/dev/null | sed -n 's/.*link-type \([A-Z0-9_]*\) .*/\1/p')
		case $lt in EN10MB|LINUX_SLL|RAW|IPV4|IPV6) echo "$f" >> "$F/$lt.list" ;; esac
	done
	for l in "$F"/*.list; do mergecap -a -F pcap -w "${l%.list}.pcap" $(cat "$l") 2>/dev/null; done
fi
ntab=0 shorter=0 longer=
while IFS= read -r e; do
	case $e in ''|'#'*) continue ;; esac
	ntab=$((ntab + 1)) why=
	for m in "$F"/*.pcap; do
		lt=${m##*/}; lt=${lt%.pcap}
		tcpdump -r "$m" -w "$F/ref" "$e" 2>/dev/null; rs=$?
		ours netmoon -r "$m" -w "$F/out" --count "$e" > /dev/null 2> "$F/err"; os=$?
		if [ $rs != 0 ]; then
			[ $os != 0 ] || why="$why $lt: tcpdump rejects it, netmoon does not;"
			continue
		fi
		if [ $os != 0 ]; then why="$why $lt: $(head -c 200 "$F/err")"; continue; fi
		cmp -s <(tail -c +25 "$F/ref") <(tail -c +25 "$F/out") ||
			why="$why $lt: tcpdump keeps $(tcpdump -r "$F/ref" 2>/dev/null | wc -l) lines of packets, netmoon $(tcpdump -r "$F/out" 2>/dev/null | wc -l);"
	done
	[ -z "$why" ] && pass "[$CPU] filter = tcpdump: $e" || fail "[$CPU] filter = tcpdump: $e" "$why"
	if [ "$CPU" = "${CPUS%% *}" ]; then
		a=$(ours netmoon -r "$F/EN10MB.pcap" -d "$e" 2>/dev/null | wc -l)
		b=$(tcpdump -r "$F/EN10MB.pcap" -d "$e" 2>/dev/null | wc -l)
		if [ "$a" -le "$b" ]; then shorter=$((shorter + 1)); else longer="$longer
     $a > $b: $e"; fi
	fi
done < "$ROOT/tests/filter_exprs.txt"
if [ "$CPU" = "${CPUS%% *}" ]; then
	echo "   -d: $shorter of $ntab programs no longer than tcpdump's; longer:$longer"
	[ $((shorter * 10)) -ge $((ntab * 8)) ] && pass "[$CPU] filter: at least 80% of the programs no longer than tcpdump -d's ($shorter of $ntab)" ||
		fail "[$CPU] filter: only $shorter of $ntab programs no longer than tcpdump -d's"
fi
fi
