#!/bin/bash
# mkimpaired.sh - make tests/impaired/: captures of real kernel TCP over an
# impaired wire, for netmoon's TCP-health analysis to be checked against
# tshark's. Runs as root, in about a minute; kernel timing makes each run a
# little different, so the set is committed and this is not part of the tests.
#
# Three network namespaces of its own, cli - mid - srv, joined by two veth
# pairs: cli0 <-> mid0 and mid1 <-> srv0. In mid, tools/impair.c bridges mid0
# and mid1 (AF_PACKET) and impairs the TCP frames it passes, netem-like, with a
# seeded PRNG. cli0 has 10.9.1.1/24 and fd09::1/64, srv0 10.9.1.2/24 and
# fd09::2/64: one L2 segment, mid is the wire. tools/tcpgen.c makes the
# traffic; tcpdump captures it on cli0 (NAME-cli.pcap) and/or srv0
# (NAME-srv.pcap), 200 bytes a frame (headers; the wire length stays).
#   tools/mkimpaired.sh [OUTDIR] [SCENARIO...]   (default: tests/impaired, all)
# The whole set also leaves OUTDIR/mkimpaired.log (impair's counts per
# scenario); tools/tcpflags.sh OUTDIR/*.pcap tells what tshark flags.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
[ "$(id -u)" -eq 0 ] || { echo "mkimpaired: run as root (network namespaces)" >&2; exit 1; }
for t in tcpdump gcc ip; do command -v $t >/dev/null || { echo "mkimpaired: $t missing (tools/deps.sh)" >&2; exit 1; }; done
OUT=${1:-$ROOT/tests/impaired}
[ $# -gt 0 ] && shift
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
cd "$ROOT"
[ $# -gt 0 ] || rm -f "$OUT"/*.pcap   # the whole set: nothing left from an older one
W=$(mktemp -d /tmp/mkimpaired.XXXXXX)
P=pkimp-   # namespace prefix
PIDS=

cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null || true; done
	for n in cli mid srv; do ip netns del $P$n 2>/dev/null || true; done
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

gcc -O2 -Wall -o "$W/impair" tools/impair.c
gcc -O2 -Wall -o "$W/tcpgen" tools/tcpgen.c

# the namespaces, made anew
for n in cli mid srv; do
	ip netns del $P$n 2>/dev/null || true
	ip netns add $P$n
	ip -n $P$n link set lo up
done
ip link add cli0 netns ${P}cli type veth peer name mid0 netns ${P}mid
ip link add srv0 netns ${P}srv type veth peer name mid1 netns ${P}mid
ip netns exec ${P}mid sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip -n ${P}mid link set mid0 up promisc on
ip -n ${P}mid link set mid1 up promisc on
for n in cli srv; do
	# no TSO/GSO: each segment on the wire is a real one, at most an MSS
	ip -n $P$n link set ${n}0 mtu 1500 gso_max_segs 1 up
	# no state carried from one scenario to the next (ssthresh, RTT);
	# TCP Fast Open as client and server
	ip netns exec $P$n sysctl -qw net.ipv4.tcp_no_metrics_save=1 net.ipv4.tcp_fastopen=3
done
ip -n ${P}cli addr add 10.9.1.1/24 dev cli0
ip -n ${P}cli addr add fd09::1/64 dev cli0 nodad
ip -n ${P}srv addr add 10.9.1.2/24 dev srv0
ip -n ${P}srv addr add fd09::2/64 dev srv0 nodad
# neighbours known from the start: no ARP or ND (they pass impair unimpaired anyway)
mac() { ip -n $P$1 -o link show $2 | sed 's/.*link\/ether \([0-9a-f:]*\).*/\1/'; }
ip -n ${P}cli neigh replace 10.9.1.2 lladdr "$(mac srv srv0)" dev cli0 nud permanent
ip -n ${P}cli neigh replace fd09::2 lladdr "$(mac srv srv0)" dev cli0 nud permanent
ip -n ${P}srv neigh replace 10.9.1.1 lladdr "$(mac cli cli0)" dev srv0 nud permanent
ip -n ${P}srv neigh replace fd09::1 lladdr "$(mac cli cli0)" dev srv0 nud permanent

# wait until FILE holds WORD (a listener's or tcpdump's "ready")
ready() {
	for _ in $(seq 100); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.05; done
	echo "mkimpaired: $1: no '$2'" >&2; cat "$1" >&2; exit 1
}
# a tcpgen server in namespace $1, in the background
SRVS= NSRV=0
serve() {
	local ns=$1; shift
	NSRV=$((NSRV + 1))
	ip netns exec $P$ns "$W/tcpgen" server "$@" > "$W/srv.$NSRV" 2>>"$W/log" &
	local pid=$!
	PIDS="$PIDS $pid"; SRVS="$SRVS $pid"
	ready "$W/srv.$NSRV" listening
}
# a tcpgen client in namespace $1; its failures are expected (refused, reset)
client() {
	local ns=$1; shift
	ip netns exec $P$ns "$W/tcpgen" client "$@" 2>>"$W/log" || echo "  client $*: exit $?" >> "$W/log"
}

# scenario NAME VANTAGE IMPAIR-OPTIONS: impair with those options, tcpdump on
# cli0, srv0 or both (VANTAGE cli, srv, both), then the function t_NAME
scenario() {
	local name=$1 where=$2 opts=$3 ifs pid tds=
	case $where in both) ifs="cli srv" ;; *) ifs=$where ;; esac
	echo "== $name ($where): impair $opts" >> "$W/log"
	ip netns exec ${P}mid "$W/impair" $opts mid0 mid1 2>"$W/impair.log" &
	local imp=$!
	PIDS="$PIDS $imp"
	ready "$W/impair.log" "seed"
	for n in $ifs; do
		ip netns exec $P$n tcpdump -i ${n}0 --immediate-mode -U -s 200 -w "$OUT/$name-$n.pcap" tcp 2>"$W/td.$n" &
		pid=$!
		PIDS="$PIDS $pid"; tds="$tds $pid"
		ready "$W/td.$n" "listening on"
	done
	sleep 0.2
	SRVS=
	"t_$name"
	# the servers end when their connections do; 15 s at most
	for p in $SRVS; do
		for _ in $(seq 150); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
		kill "$p" 2>/dev/null && echo "  server $p killed" >> "$W/log" || true
		wait "$p" 2>/dev/null || true
	done
	sleep 0.5
	for p in $tds; do kill -INT "$p"; wait "$p" || true; done
	kill "$imp"; wait "$imp" || true
	sed 's/^/  /' "$W/impair.log" >> "$W/log"
	for n in $ifs; do
		# tcpdump writes as its own user: the files get the folder's owner
		chown --reference="$OUT" "$OUT/$name-$n.pcap"
		echo "  $name-$n.pcap: $(grep -h 'captured' "$W/td.$n")" >> "$W/log"
	done
	PIDS=
}

A4=10.9.1.2 A6=fd09::2 C4=10.9.1.1

# 1. bulk both ways with loss, over IPv4 and IPv6, through a 4 Mbit/s link
t_loss4() { serve srv -o 100000 $A4 5001; client cli -i 400000 $A4 5001; }
t_loss6() { serve srv -o 100000 $A6 5001; client cli -i 400000 $A6 5001; }
# 2. delay with jitter: reordered segments
t_jitter() { serve srv -o 50000 $A4 5002; client cli -i 300000 $A4 5002; }
# 3. duplicated frames
t_dup() { serve srv -o 100000 $A4 5003; client cli -i 300000 $A4 5003; }
# 4. corrupted frames (dropped by the receiver's checksum)
t_corrupt() { serve srv -o 100000 $A4 5004; client cli -i 300000 $A4 5004; }
#    a bit flipped anywhere in the frame, as netem's corrupt: headers too
t_hdrcorrupt() { serve srv -o 100000 $A4 5014; client cli -i 300000 $A4 5014; }
t_hdrcorrupt6() { serve srv -o 100000 $A6 5015; client cli -i 300000 $A6 5015; }
# 5. reordering: some frames skip the delay
t_reorder() { serve srv -o 100000 $A4 5005; client cli -i 300000 $A4 5005; }
# 6. a reader that stalls 2 s with a small receive buffer: zero window, probes
t_zerowin() { serve srv -b 8192 -p 2000 $A4 5006; client cli -i 200000 $A4 5006; }
# 7. resets: the client aborts (linger 0), the server closes with unread
#    data, a SYN to a closed port (IPv4, then IPv6)
t_resets() {
	serve srv $A4 5007
	serve srv -m 20000 $A4 5017
	client cli -i 50000 -w 200 -z $A4 5007   # the client: linger 0 close
	client cli -i 100000 $A4 5017            # the server: closes after 20000 bytes
	client cli -i 100 $A4 5999               # refused
	client cli -i 100 $A6 5999
}
t_resetsrv() {   # the server aborts with linger 0 while the client sends
	serve srv -m 30000 -z $A6 5008
	client cli -i 200000 $A6 5008
}
# 8. the first two SYNs dropped: the connection opens on the third
t_synretry() { serve srv -o 5000 $A4 5009; client cli -i 5000 $A4 5009; }
#    every segment to port 5998 dropped: a SYN never answered
t_synlost() { client cli -i 100 -t 3500 $A4 5998; }
# 9. connections opened from either end; the first from source port 2000
t_bothends() {
	serve srv -o 20000 $A4 45000
	serve cli -o 30000 $C4 5010
	client cli -P 2000 -i 40000 $A4 45000
	client srv -i 10000 $C4 5010
}
# 10. 20 short request/response connections
t_short() { serve srv -n 20 -o 5000 $A4 5011; client cli -n 20 -i 3000 $A4 5011; }
#     the same through loss, jitter and header corruption: SYN-ACKs and ACKs lost, SYNs sent again after data
t_shortlossy() { serve srv -n 20 -o 5000 $A4 5016; client cli -n 20 -i 3000 $A4 5016; }
# 11. keep-alives: idle 2.5 s with TCP keepalive every second
t_keepalive() { serve srv -o 1000 $A6 5012; client cli -k 2500 -i 1000 $A6 5012; }
# 12. TCP Fast Open: the first connection gets a cookie, the next two send data in their SYN
t_fastopen() { serve srv -n 3 -F -o 2000 $A4 5013; client cli -n 3 -F -i 800 $A4 5013; }

ALL="loss4 loss6 jitter dup corrupt hdrcorrupt hdrcorrupt6 reorder zerowin resets resetsrv synretry synlost bothends short shortlossy keepalive fastopen"
for s in ${@:-$ALL}; do
	case $s in
	loss4)     scenario loss4 both "-s 1 -d 5 -l 4 -R 4000" ;;
	loss6)     scenario loss6 both "-s 2 -d 5 -l 4 -R 4000" ;;
	jitter)    scenario jitter both "-s 3 -d 20 -j 10" ;;
	dup)       scenario dup both "-s 4 -d 5 -D 5 -R 10000" ;;
	corrupt)   scenario corrupt both "-s 5 -d 5 -c 3 -R 10000" ;;
	hdrcorrupt)  scenario hdrcorrupt both "-s 14 -d 5 -j 3 -l 1 -C 6 -R 10000" ;;
	hdrcorrupt6) scenario hdrcorrupt6 both "-s 15 -d 5 -j 2 -C 6 -R 10000" ;;
	reorder)   scenario reorder both "-s 6 -d 10 -r 10" ;;
	zerowin)   scenario zerowin cli "-s 7 -d 2" ;;
	resets)    scenario resets cli "-s 8 -d 2" ;;
	resetsrv)  scenario resetsrv srv "-s 8 -d 2" ;;
	synretry)  scenario synretry cli "-s 9 -d 2 -S 2,0" ;;
	synlost)   scenario synlost cli "-s 9 -d 2 -b 5998" ;;
	bothends)  scenario bothends cli "-s 10 -d 2" ;;
	short)     scenario short cli "-s 11 -d 5 -j 1 -l 2" ;;
	shortlossy) scenario shortlossy both "-s 17 -d 3 -j 3 -l 5 -C 3" ;;
	keepalive) scenario keepalive cli "-s 12 -d 2" ;;
	fastopen)  scenario fastopen cli "-s 13 -d 2" ;;
	*) echo "mkimpaired: no scenario $s" >&2; exit 2 ;;
	esac
done
# what impair did to each, and what the clients met: kept beside the set
cat "$W/log"
[ $# -gt 0 ] || { cp "$W/log" "$OUT/mkimpaired.log"; chown --reference="$OUT" "$OUT/mkimpaired.log"; }
