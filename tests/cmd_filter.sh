# netmoon's filter compiler (cmds/netmoon/filter_*.c) against tcpdump's (libpcap):
# every expression of tests/filter_exprs.txt over the captures in tests/pcaps (and
# tests/crafted/lt-*.pcap: 802.11, radiotap, Cisco HDLC, ARCNET) must keep
# exactly the packets tcpdump keeps, record for record; -d listings compared
# in length; errors; the interpreter's bounds. Only our tool: skipped with TEST_HOST=1.
if [ "${TEST_HOST:-0}" != 1 ]; then
P=$ROOT/tests/pcaps
F=$W/flt
if [ ! -d "$F" ]; then
	# the captures grouped by link type (the types the compiler reads),
	# each group concatenated into one file: one run per expression and type
	mkdir -p "$F"
	for f in "$P"/* "$ROOT"/tests/crafted/lt-*.pcap; do
		lt=$(tcpdump -r "$f" -c 1 2>&1 >/dev/null | sed -n 's/.*link-type \([A-Z0-9_]*\) .*/\1/p')
		case $lt in EN10MB|LINUX_SLL|RAW|IPV4|IPV6|IEEE802_11|IEEE802_11_RADIO|C_HDLC|ARCNET_LINUX)
			echo "$f" >> "$F/$lt.list" ;;
		esac
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
# the byte-swapped and nanosecond captures, filtered as they are (not merged)
for f in isup.pcap pptp.pcap unaligned-nfs-1.pcap tcp-handshake-nano.pcap timestamp_invalid_nano.pcap; do
	why=
	for e in "tcp" "udp or ip proto 47" "ip[2:2] > 100"; do
		ours netmoon -r "$P/$f" -w "$F/out" --count "$e" > /dev/null 2>&1
		cmp -s <(tcpdump -r "$F/out" -n -t -x 2>/dev/null) <(tcpdump -r "$P/$f" -n -t -x "$e" 2>/dev/null) || why="$why '$e'"
	done
	[ -z "$why" ] && pass "[$CPU] filter = tcpdump on a byte-swapped or nanosecond capture: $f" || fail "[$CPU] filter = tcpdump on $f:$why"
done
if [ "$CPU" = "${CPUS%% *}" ]; then
	echo "   -d: $shorter of $ntab programs no longer than tcpdump's; longer:$longer"
	[ $((shorter * 10)) -ge $((ntab * 8)) ] && pass "[$CPU] filter: at least 80% of the programs no longer than tcpdump -d's ($shorter of $ntab)" ||
		fail "[$CPU] filter: only $shorter of $ntab programs no longer than tcpdump -d's"
fi
else skip "filter = tcpdump over every capture and expression" "TEST_HOST=1: ours only, no reference tool to compare"
fi

# ---- live: the same filters attached to netmoon's socket (under qemu-arm)
# and to tcpdump's, capturing side by side in a namespace of our own: on lo,
# and on a veth into which the Ethernet captures of tests/pcaps are replayed (VLAN
# tags included, which the kernel takes out of the frames it receives: the
# filter must test them out of band) ----
if [ "${TEST_HOST:-0}" != 1 ] && [ -z "${NO_NETNS:-}" ] && [ "$CPU" = "${CPUS%% *}" ]; then
L=$W/flt/live; rm -rf "$L"; mkdir -p "$L"
LO_F=("tcp port 5001" "udp" "icmp or icmp6" "tcp[tcpflags] & (tcp-syn|tcp-fin) != 0" "ip6" "not tcp" "len > 1000" "host 127.0.0.2")
VA_F=("vlan" "vlan 1213" "vlan and arp" "not vlan" "vlan and (ip or arp)" "tcp" "udp port 88" "icmp6" "vlan 100 or vlan 20"
	"host 10.0.0.1" "ether src 74:83:ef:01:ac:5b" "tcp[tcpflags] & tcp-syn != 0" "ip[6:2] & 0x1fff != 0" "less 80")
[ -x "$W/sendpcap" ] || gcc -O2 -o "$W/sendpcap" "$ROOT/tools/sendpcap.c"
{
	echo 'ip link set lo up'
	echo 'unshare -n sleep 30 & peer=$!; sleep 0.3'
	echo 'ip link add va type veth peer name vb; ip link set vb netns $peer; ip link set va up'
	echo 'sysctl -qw net.ipv6.conf.va.disable_ipv6=1; nsenter -t $peer -n sh -c "ip link set vb up; sysctl -qw net.ipv6.conf.vb.disable_ipv6=1"'
	echo 'sleep 1; pids='
	i=0; for f in "${LO_F[@]}"; do
		echo "tcpdump -i lo -U -w $L/ref.lo.$i '$f' 2>/dev/null & pids=\"\$pids \$!\""
		echo "qemu-arm -cpu $CPU $ROOT/$B/bin/netmoon -i lo -w $L/out.lo.$i --count '$f' > $L/cnt.lo.$i 2> $L/err.lo.$i & pids=\"\$pids \$!\""
		i=$((i + 1))
	done
	i=0; for f in "${VA_F[@]}"; do
		echo "tcpdump -i va -p -U -w $L/ref.va.$i '$f' 2>/dev/null & pids=\"\$pids \$!\""
		echo "qemu-arm -cpu $CPU $ROOT/$B/bin/netmoon -i va -p --count '$f' > $L/cnt.va.$i 2> $L/err.va.$i & pids=\"\$pids \$!\""
		i=$((i + 1))
	done
	echo 'sleep 5'
	echo 'socat -u TCP-LISTEN:5001,reuseaddr,fork OPEN:/dev/null & srv=$!; sleep 0.3'
	echo "head -c 30000 /dev/urandom > $L/p30k"
	echo "for i in 1 2; do socat -u FILE:$L/p30k TCP:127.0.0.1:5001; done; socat -u FILE:$L/p30k TCP6:[::1]:5001"
	echo 'for i in 1 2 3; do echo hi | socat -u - UDP-SENDTO:127.0.0.2:5002; echo hi | socat -u - UDP6-SENDTO:[::1]:5003; done'
	echo "nsenter -t \$peer -n $W/sendpcap vb $F/EN10MB.pcap > $L/sent"
	echo 'sleep 1.5; kill -INT $pids; sleep 1; kill $srv $peer; wait'
} > "$L/run.sh"
timeout 90 unshare -n bash "$L/run.sh" > "$L/run.log" 2>&1
i=0; for f in "${LO_F[@]}"; do
	a=$(tcpdump -r "$L/ref.lo.$i" -n -t -x 2>/dev/null | md5sum) b=$(tcpdump -r "$L/out.lo.$i" -n -t -x 2>/dev/null | md5sum)
	n=$(tcpdump -r "$L/ref.lo.$i" --count 2>/dev/null)
	[ "$a" = "$b" ] && [ "$(cat "$L/cnt.lo.$i")" = "$n" ] && [ "${n%% *}" -gt 0 ] && pass "[$CPU] filter live on lo, as tcpdump beside it: $f ($n)" ||
		fail "[$CPU] filter live on lo, as tcpdump beside it: $f" "tcpdump: $n, netmoon: $(cat "$L/cnt.lo.$i") $(head -c 300 "$L/err.lo.$i")"
	i=$((i + 1))
done
i=0; for f in "${VA_F[@]}"; do
	n=$(tcpdump -r "$L/ref.va.$i" --count 2>/dev/null)
	[ "$(cat "$L/cnt.va.$i")" = "$n" ] && [ "${n%% *}" -gt 0 ] && pass "[$CPU] filter live on a VLAN trunk, as tcpdump beside it: $f ($n)" ||
		fail "[$CPU] filter live on a VLAN trunk, as tcpdump beside it: $f" "tcpdump: $n, netmoon: $(cat "$L/cnt.va.$i") $(head -c 300 "$L/err.va.$i")"
	i=$((i + 1))
done
else b=$(live_blocker); [ -z "$b" ] || skip "filter live on lo and a VLAN trunk, against tcpdump (in a namespace)" "$b"
fi

# ---- -d, errors, options ----
if [ "${TEST_HOST:-0}" != 1 ]; then
E=$W/flt/EN10MB.pcap
for e in "tcp" "ip6 proto 6" "host 1.2.3.4" "net 10.0.0.0/8" "ether host 1:2:3:4:5:6" "tcp[13] & 2 != 0" \
	"icmp[icmptype] = icmp-echo" "greater 100" "arp" "vlan 100 and tcp" "src and dst host 1.2.3.4" \
	"ip6 net 2001:db8::/32" "tcp port 443 and not host 192.168.0.7" "host ::1"; do
	mine "netmoon -d prints tcpdump -d's listing: $e" "T netmoon -r $E -d '$e' | cmp - <(tcpdump -r $E -d '$e' 2>/dev/null) && echo same" "same"
done
mine "netmoon -d: live, VLAN tags are tested out of band" "T netmoon -d vlan 5 | head -n 3" \
"(000) ld       [vlanp]
(001) jeq      #0x1             jt 2	jf 6
(002) ld       [vlan_tci]"
mine "netmoon -d: the operands are one expression, as tcpdump joins them" "T netmoon -d tcp and port 22 | cmp - <(T netmoon -d 'tcp and port 22') && echo same" "same"
mine "netmoon filter: the column of the mistake" "T netmoon -r $E tcp port 80 or port foo" "" \
	"netmoon: filter: expected a port number or a known service name, not 'foo' at column 21" 1
mine "netmoon filter: unbalanced" "T netmoon -d '(tcp or udp'" "" "netmoon: filter: unbalanced '(' at column 1" 1
mine "netmoon filter: ends too early" "T netmoon -d 'host'" "" "netmoon: filter: expression ends too early at column 5" 1
mine "netmoon filter: nothing matches, as tcpdump says" "T netmoon -d 'ip and arp'" "" "netmoon: filter: expression rejects all packets" 1
mine "netmoon filter: a link type the compiler does not read" "T netmoon -r $P/802_15_4-data.pcap tcp" "" \
	"netmoon: $P/802_15_4-data.pcap: unsupported link type 195: netmoon reads Ethernet, Linux cooked (SLL, SLL2), raw IP, PPP, Cisco HDLC, 802.11 (radiotap too), ARCNET and BSD loopback" 1
mine "netmoon filter: PPP is read but not filtered" "T netmoon -r $P/icmp-rfc5837.pcap tcp" "" \
	"netmoon: filter: this link type is not supported by the filter compiler (9); filters work on Ethernet, Linux cooked, raw IP, Cisco HDLC, 802.11 and ARCNET" 1
mine "netmoon --count: as tcpdump --count" "T netmoon -r $E --count 'tcp port 6633'; tcpdump -r $E --count 'tcp port 6633' 2>/dev/null" \
	"$(tcpdump -r "$E" --count 'tcp port 6633' 2>/dev/null)
$(tcpdump -r "$E" --count 'tcp port 6633' 2>/dev/null)"
mine "netmoon -c counts the packets that pass" "T netmoon -r $E -c 5 --count udp" "5 packets"
mine "netmoon: the table shows only what passes the filter" "T netmoon -r $E -b 'tcp port 6633' | sed -n 2p" \
	"TCP $(tcpdump -r "$E" --count 'tcp port 6633' 2>/dev/null | cut -d' ' -f1) pkts $(T netmoon -r $E -b 'tcp port 6633' | sed -n '2s/^TCP [0-9]* pkts \([^ ]* [^ ]*\).*/\1/p')  UDP 0 pkts 0 B  ICMP 0 pkts 0 B  other IP 0 pkts 0 B  non-IP 0 pkts 0 B"
else skip "netmoon -d listings, filter errors and options" "TEST_HOST=1: ours only, no reference tool to compare"
fi
