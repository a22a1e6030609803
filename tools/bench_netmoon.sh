# bench_netmoon.sh - sourced by tools/bench.sh
bench_netmoon() {
	local in=$W/nm.pcap n=${NM_PACKETS:-1000000} o w q t f
	gcc -O2 -o "$W/mkpcap" tools/mkpcap.c && "$W/mkpcap" "$in" "$n" 7
	echo "netmoon: $n packets ($(($(stat -c %s "$in") >> 20)) MiB, synthetic TCP/UDP/ICMP, tools/mkpcap.c), qemu-arm -cpu $CPU"
	local sink="> /dev/null"
	o=$(best "ours netmoon -r $in -b $sink")
	f=$(best "ours netmoon -r $in --json $sink")
	w=$(best "gnu tcpdump -r $in -w /dev/null $sink")
	q=$(REPS=1 best "gnu tcpdump -nr $in -q $sink")
	t=$(REPS=1 best "tshark -r $in -q -z conv,tcp $sink")
	pps() { echo "$(( n * 1000000 / $1 )) pkt/s"; }
	row "netmoon -r -b (decode + track)" "$o" ""; echo "      $(pps "$o")"
	row "netmoon -r --json" "$f" ""; echo "      $(pps "$f")"
	# --ipfix to a collector on loopback that takes everything (socat)
	local x s
	socat -u UDP-RECV:47390,bind=127.0.0.1 OPEN:/dev/null & s=$!
	sleep 0.3
	x=$(best "ours netmoon -r $in -b --ipfix 127.0.0.1:47390 $sink")
	kill $s 2>/dev/null; wait $s 2>/dev/null
	row "netmoon -r -b --ipfix" "$x" ""; echo "      $(pps "$x"), --ipfix costs $(( (x - o) * 100 / o ))%"
	row "tcpdump -r -w /dev/null (ours faster by)" "$w" "$(ratio "$w" "$o")"; echo "      $(pps "$w")"
	row "tcpdump -nr -q (ours faster by)" "$q" "$(ratio "$q" "$o")"; echo "      $(pps "$q")"
	row "tshark -q -z conv,tcp, host (ours faster by)" "$t" "$(ratio "$t" "$o")"; echo "      $(pps "$t")"
	# TLS-heavy: short connections, each naming itself in a two-segment ClientHello
	"$W/mkpcap" "$in" "$n" 7 tls
	local named
	named=$(ours netmoon -r "$in" --json -e 0 2>/dev/null | grep -c '"sni":"www')
	o=$(REPS=3 best "ours netmoon -r $in --json $sink")
	echo " TLS-heavy: $((n / 10)) connections of 10 packets, each a 1.8 KB ClientHello in two segments (mkpcap tls):"
	row "netmoon -r --json" "$o" ""; echo "      $(pps "$o"), $named connections named, $(( named * 1000000 / o )) named/s"
	"$W/mkpcap" "$in" "$n" 7 synflood
	o=$(REPS=1 best "ours netmoon -r $in --json $sink")
	echo " SYN flood, $n distinct 4-tuples, default table (65536 entries):"
	row "netmoon -r --json" "$o" ""; echo "      $(pps "$o")"
	rm -f "$in"
}
