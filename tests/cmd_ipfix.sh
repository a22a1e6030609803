# netmoon --ipfix against real collectors: nfdump's nfcapd receives the export of
# test captures (in a network namespace of its own, on its lo) and nfdump lists the
# flows: per flow and direction, packets and IP bytes equal tshark's
# (tools/tshark_ipflows.sh); tshark's cflow dissector decodes every message without
# a malformed-packet or error mark; libfixbuf's ipfixDump reads every message (the
# templates, the sequence numbers) without a warning. On the first CPU only (the
# messages are the same on both; decoding and tracking are checked on both by
# cmd_netmoon.sh); the bad arguments on each. Ours only: skipped with TEST_HOST=1.
if [ "${TEST_HOST:-0}" != 1 ] && [ "$CPU" != "${CPUS%% *}" ]; then
mine "netmoon: --ipfix's bad arguments named" \
	"for a in '--ipfix foo' '--ipfix 10.0.0.1:0' '--ipfix-domain x' '--active-timeout 0'; do T netmoon \$a -r x 2>&1 | head -n 1; done" \
	"netmoon: invalid collector address 'foo'
netmoon: invalid collector port '10.0.0.1:0'
netmoon: invalid observation domain 'x'
netmoon: invalid active timeout '0'"
elif [ "${TEST_HOST:-0}" != 1 ] && [ -z "${NO_NETNS:-}" ] && command -v nfcapd > /dev/null && command -v ipfixDump > /dev/null; then
X=$W/ipfix; rm -rf "$X"; mkdir -p "$X"
TI=$ROOT/tools/tshark_ipflows.sh
# NAME FILE [ARG]...: netmoon -r FILE --ipfix to nfcapd; X/NAME.csv (nfdump's flows),
# X/NAME.pcap (the export as it crossed lo), X/NAME.ipfix (its messages one after another),
# X/NAME.drops (datagrams the namespace dropped for a full socket buffer: a busy machine
# can starve nfcapd while netmoon sends a file's flows at once, so its buffer is 4 MiB,
# as far as net.core.rmem_max allows)
export_run() {
	local name=$1 f=$2
	shift 2
	cat > "$X/$name.sh" <<RUN
ip link set lo up
mkdir -p $X/$name.col
nfcapd ${NFCAPD6:+-6} -B 4194304 -p 9995 -w $X/$name.col -D -P $X/$name.pid
tcpdump -i lo -U -w $X/$name.pcap udp port 9995 2>/dev/null & td=\$!
sleep 0.5
qemu-arm -cpu $CPU $ROOT/$B/bin/netmoon -r $f --ipfix ${COLLECTOR:-127.0.0.1:9995} $* > /dev/null 2> $X/$name.err
sleep 1
awk '/^Udp:/ { if (h) print "UDP receive buffer drops:", \$6; h = 1 }' /proc/net/snmp > $X/$name.drops
kill \$td; pid=\$(cat $X/$name.pid); kill \$pid
for i in \$(seq 50); do kill -0 \$pid 2>/dev/null || break; sleep 0.1; done
RUN
	timeout 90 unshare -n bash "$X/$name.sh" > /dev/null 2>&1
	nfdump -R "$X/$name.col" -o csv > "$X/$name.csv" 2>/dev/null
	tshark -r "$X/$name.pcap" -T fields -e udp.payload 2>/dev/null | xxd -r -p > "$X/$name.ipfix"
}
# every capture here without tunnels or IP fragments (where tshark's frames and netmoon's
# flows differ by design: the inner flow and the tunnel's, a fragment without ports),
# but the hdrcorrupt and shortlossy ones (bits flipped in headers: an IP length past
# the frame counts in ip.len, netmoon counts what the frame holds)
# (each run in a network namespace of its own: eight at a time, most of a run is waiting)
CAPS="$(ls "$ROOT"/tests/impaired/*.pcap "$ROOT"/tests/names/*.pcap | grep -v '/hdrcorrupt\|/shortlossy') $ROOT/tests/crafted/tcp-limits.pcap
	$ROOT/tests/pcaps/dns_udp.pcap $ROOT/tests/pcaps/icmpv6.pcap $ROOT/tests/pcaps/icmp-rfc5837.pcap
	$ROOT/tests/pcaps/arcnet-rfc1051-arp-icmp-http.pcap $ROOT/tests/pcaps/icmpv6-ns-nonce.pcap"
i=0
for f in $CAPS; do
	i=$((i + 1))
	export_run "c$i" "$f" -e 0 --count &
	[ $((i % 8)) = 0 ] && wait
done
wait
i=0
for f in $CAPS; do
	i=$((i + 1))
	mine "netmoon --ipfix: nfcapd's flows = tshark's (packets, IP bytes each way): ${f#$ROOT/}" \
		"[ -s $X/c$i.csv ] && $TI --nfdump < $X/c$i.csv | cmp - <($TI $f) && echo same" "same"
done
# a long connection cut by an active timeout of 0.2 s: several records each way, their sums the totals
f=$ROOT/tests/impaired/loss4-cli.pcap
export_run active "$f" --active-timeout 0.2 --count
mine "netmoon --ipfix --active-timeout 0.2: a 1 s connection in records of 0.2 s (flowEndReason 2, then 4 at the end); their sums = tshark's" \
	"awk -F, 'NR > 1 && \$8 == \"TCP\" { n++ } END { print (n > 6) }' $X/active.csv; $TI --nfdump < $X/active.csv | cmp - <($TI $f) && echo same; tshark -r $X/active.pcap -d udp.port==9995,cflow -T fields -E occurrence=a -e cflow.flow_end_reason 2>/dev/null | tr ',' '\\n' | sort -u | tr '\\n' ' '; echo" \
	$'1\nsame\n2 4 '
# many flows: many messages, the templates again every 20 messages, sequence numbers as RFC 7011's
[ -x "$W/mkpcap" ] || gcc -O2 -o "$W/mkpcap" "$ROOT/tools/mkpcap.c"
[ -f "$X/many.in.pcap" ] || "$W/mkpcap" "$X/many.in.pcap" 60000 11
export_run many "$X/many.in.pcap" --count
mine "netmoon --ipfix: many flows in messages of at most 1,400 bytes; nfcapd's flows = tshark's" \
	"tshark -r $X/many.pcap -T fields -e udp.length 2>/dev/null | awk '{ n++; if (\$1 - 8 > 1400) big++ } END { print (n > 100), big + 0 }'; cat $X/many.drops; $TI --nfdump < $X/many.csv | cmp - <($TI $X/many.in.pcap) && echo same" \
	$'1 0\nUDP receive buffer drops: 0\nsame'
mine "netmoon --ipfix: templates in the first message, then in every 20th at least; each sequence number = the data records before it" \
	"tshark -r $X/many.pcap -d udp.port==9995,cflow -T fields -E occurrence=a -e cflow.sequence -e cflow.template_id -e cflow.packets 2>/dev/null | awk -F'\\t' '
		BEGIN { seq = 0 }
		{ n++; if (\$2 != \"\") last = n; else if (n == 1 || n - last >= 20) bad++
		  if (\$1 != seq) badseq++; seq = \$1 + split(\$3, r, \",\") }
		END { print (n > 100), bad + 0, badseq + 0 }'" "1 0 0"
# the RTT in an enterprise element of the documentation's PEN (RFC 5612: 32473)
export_run pen "$ROOT/tests/impaired/loss4-cli.pcap" --ipfix-pen 32473 --count
mine "netmoon --ipfix-pen 32473: the handshake RTT in element 1 of that enterprise; nfcapd's flows unchanged" \
	"tshark -r $X/pen.pcap -d udp.port==9995,cflow -V 2>/dev/null | grep -c 'PEN: 32473\\|(32473)' | awk '{ print (\$1 > 0) }'; $TI --nfdump < $X/pen.csv | cmp - <($TI $ROOT/tests/impaired/loss4-cli.pcap) && echo same" \
	$'1\nsame'
for run in c1 many active pen; do
	mine "netmoon --ipfix: tshark's cflow dissector: every message an IPFIX message, no malformed or error mark ($run)" \
		"tshark -r $X/$run.pcap -d udp.port==9995,cflow -Y '!cflow || _ws.malformed || _ws.expert.severity >= error' 2>/dev/null | wc -l" "0"
	mine "netmoon --ipfix: libfixbuf's ipfixDump reads every message, no warning ($run)" \
		"ipfixDump --in $X/$run.ipfix 2>&1 | grep -c -i -e warn -e error; ipfixDump --in $X/$run.ipfix 2>/dev/null | grep -c '^--- Message Header'; tshark -r $X/$run.pcap 2>/dev/null | wc -l" \
		"0
$(tshark -r "$X/$run.pcap" 2>/dev/null | wc -l)
$(tshark -r "$X/$run.pcap" 2>/dev/null | wc -l)"
done
# pmacct's nfacctd, a second collector (its print plugin, appending each second's purge)
if command -v nfacctd > /dev/null; then
	for f in "$ROOT/tests/names/live-dns.pcap" "$ROOT/tests/names/live-http.pcap" "$ROOT/tests/impaired/loss4-cli.pcap"; do
		b=${f##*/}
		cat > "$X/pm-$b.sh" <<RUN
ip link set lo up
printf '%s\n' 'nfacctd_port: 9997' 'nfacctd_ip: 127.0.0.1' 'plugins: print' 'print_output: csv' \
	'print_output_file: $X/pm-$b.csv' 'print_output_file_append: true' 'print_refresh_time: 1' \
	'aggregate: src_host, dst_host, src_port, dst_port, proto' > $X/pm-$b.conf
nfacctd -f $X/pm-$b.conf > $X/pm-$b.log 2>&1 & p=\$!
sleep 1
qemu-arm -cpu $CPU $ROOT/$B/bin/netmoon -r $f --ipfix 127.0.0.1:9997 --count > /dev/null 2>&1
sleep 3; kill \$p; sleep 1
RUN
		timeout 60 unshare -n bash "$X/pm-$b.sh" > /dev/null 2>&1
		mine "netmoon --ipfix: pmacct's nfacctd's flows = tshark's (packets, IP bytes each way): ${f#$ROOT/}" \
			"[ -s $X/pm-$b.csv ] && $TI --pmacct < $X/pm-$b.csv | cmp - <($TI $f) && echo same" "same"
	done
fi
# to an IPv6 collector, an observation domain of our own
NFCAPD6=1 COLLECTOR='[::1]:9995' export_run v6 "$ROOT/tests/pcaps/dns_udp.pcap" --ipfix-domain 4242 --count
mine "netmoon --ipfix [::1]:9995 --ipfix-domain 4242: over IPv6, the domain in every message" \
	"tshark -r $X/v6.pcap -d udp.port==9995,cflow -T fields -e ipv6.dst -e cflow.od_id 2>/dev/null | sort -u; $TI --nfdump < $X/v6.csv | cmp - <($TI $ROOT/tests/pcaps/dns_udp.pcap) && echo same" \
	$'::1\t4242\nsame'
mine "netmoon --ipfix: bad arguments named" \
	"for a in '--ipfix foo' '--ipfix 10.0.0.1:0' '--ipfix 10.0.0.1:99999' '--ipfix [fe80::1' '--ipfix-domain x' '--active-timeout 0'; do T netmoon \$a -r x 2>&1 | head -n 1; done" \
	"netmoon: invalid collector address 'foo'
netmoon: invalid collector port '10.0.0.1:0'
netmoon: invalid collector port '10.0.0.1:99999'
netmoon: invalid collector address '[fe80::1'
netmoon: invalid observation domain 'x'
netmoon: invalid active timeout '0'"
else skip "netmoon --ipfix against nfcapd, ipfixDump and tshark (in a network namespace)" "$(live_blocker)$(command -v nfcapd > /dev/null || echo 'no nfcapd (nfdump)')"
fi
