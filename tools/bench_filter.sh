# bench_filter.sh - sourced by tools/bench.sh: the filter compiler and the
# userspace BPF interpreter against libpcap's (tcpdump, armhf, both under qemu-arm)
bench_filter() {
	local in=$W/flt.pcap n=${NM_PACKETS:-1000000} e a b c d big small=$W/flt-small.pcap
	gcc -O2 -o "$W/mkpcap" tools/mkpcap.c && "$W/mkpcap" "$in" "$n" 7
	echo "filter: $n packets (tools/mkpcap.c), qemu-arm -cpu $CPU"
	for e in "" "tcp port 443 and not host 192.168.0.7" "udp or icmp or (tcp[tcpflags] & (tcp-syn|tcp-fin) != 0 and net 10.0.0.0/8)"; do
		a=$(best "ours netmoon -r $in --count -w /dev/null '$e'")
		b=$(best "gnu tcpdump -r $in -w /dev/null '$e'")
		echo " '${e:-no filter}': $(ours netmoon -r "$in" --count "$e") kept"
		row "netmoon -r --count -w /dev/null" "$a" ""; echo "      $(( n * 1000000 / a )) pkt/s"
		row "tcpdump -r -w /dev/null (ours faster by)" "$b" "$(ratio "$b" "$a")"; echo "      $(( n * 1000000 / b )) pkt/s"
	done
	# compiling: 300 hosts or-ed (a long program, long jumps), with -d
	"$W/mkpcap" "$small" 10 7
	big=$(seq 0 299 | awk '{ printf "%shost 10.%d.%d.1", (NR > 1 ? " or " : ""), int($1 / 200), $1 % 200 }')
	c=$(best "ours netmoon -r $small -d '$big'")
	d=$(best "gnu tcpdump -r $small -d '$big'")
	echo " compiling 300 hosts or-ed, -d (process start included):"
	row "netmoon -d, $(ours netmoon -r "$small" -d "$big" | wc -l) instructions" "$c" ""
	row "tcpdump -d, $(gnu tcpdump -r "$small" -d "$big" 2>/dev/null | wc -l) instructions (ours by)" "$d" "$(ratio "$d" "$c")"
	rm -f "$in" "$small"
}
