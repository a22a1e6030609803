#!/bin/sh
# tcpflags.sh - how many frames of each capture tshark's TCP analysis flags,
# flag by flag: the table in tests/impaired/README.md.
#   tools/tcpflags.sh FILE.pcap...
# Columns: frames; retransmission, fast retransmission, spurious
# retransmission, out-of-order, duplicate ACK, zero window, zero-window
# probe, zero-window probe ACK, previous segment not captured (lost), ACKed
# unseen segment, keep-alive, keep-alive ACK, window full, window update,
# port numbers reused; resets sent by the connection's client (C) and its
# server (S), SYNs retransmitted, connections whose SYN got no answer (no
# SYN-ACK, no reset), IPv6
# frames; any tcp.analysis.flags.
set -eu
printf '%-22s %5s %4s %4s %4s %4s %4s %4s %4s %4s %4s %4s %4s %4s %4s %4s %4s %4s %4s %4s %4s %4s %5s\n' \
	capture frames retr fast spur ooo dack zwin zwp zwpa lost ausg ka kaa wful wupd reus rstC rstS synR synX ipv6 flags
for f in "$@"; do
	tshark -r "$f" -T fields -E separator=/t -E occurrence=f \
		-e tcp.analysis.retransmission -e tcp.analysis.fast_retransmission \
		-e tcp.analysis.spurious_retransmission -e tcp.analysis.out_of_order \
		-e tcp.analysis.duplicate_ack -e tcp.analysis.zero_window \
		-e tcp.analysis.zero_window_probe -e tcp.analysis.zero_window_probe_ack \
		-e tcp.analysis.lost_segment -e tcp.analysis.ack_lost_segment \
		-e tcp.analysis.keep_alive -e tcp.analysis.keep_alive_ack \
		-e tcp.analysis.window_full -e tcp.analysis.window_update \
		-e tcp.analysis.reused_ports -e tcp.analysis.flags \
		-e tcp.flags.reset -e tcp.flags.syn -e tcp.flags.ack -e tcp.stream \
		-e tcp.srcport -e ipv6.src 2>/dev/null |
	awk -F'\t' -v name="$(basename "$f")" '
	{
		n++
		for (i = 1; i <= 15; i++) if ($i != "") c[i]++
		if ($16 != "") flags++
		s = $20
		if ($18 == "1" && $19 == "0") { if (!(s in cport)) cport[s] = $21; syns[s]++ }
		if ($18 == "1" && $19 == "1") synack[s] = 1
		if ($17 == "1") { rst[s] = 1; if (s in cport && $21 == cport[s]) rc++; else rs++ }
		if ($22 != "") v6++
	}
	END {
		for (s in syns) { synr += syns[s] - 1; if (!(s in synack) && !(s in rst)) synx++ }
		printf "%-22s %5d", name, n
		for (i = 1; i <= 15; i++) printf " %4d", c[i]
		printf " %4d %4d %4d %4d %4d %5d\n", rc, rs, synr, synx, v6, flags
	}'
done
