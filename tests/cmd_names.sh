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
	# tshark on the captures of tests/pcaps that name anything (tests/names/pcaps.list: a scan of
	# all of them costs a minute; NAMES_SCAN=1 scans them all again and checks the list)
	if [ -n "${NAMES_SCAN:-}" ]; then
		ls "$ROOT"/tests/pcaps/*.pcap | xargs -P 4 -I{} sh -c "f='{}'; '$TN' \"\$f\" > '$W/names/ts/'\"\${f##*/}\""
		t "tests/names/pcaps.list: the captures of tests/pcaps tshark names anything in" \
			"cd $W/names/ts && find . -maxdepth 1 -type f -size +0 ! -name 'names-*' | sed 's|^./||' | LC_ALL=C sort | cmp - <(grep -v '^#' $N/pcaps.list) && echo same" "same"
	else
		grep -v '^#' "$N/pcaps.list" | while read -r b; do "$TN" "$ROOT/tests/pcaps/$b" > "$W/names/ts/$b"; done
	fi
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

# ---- live, on a veth pair (the peer in a namespace of its own): a DNS answer from the peer's
# port 53 naming its address, then openssl's s_client to s_server (TLS 1.3, SNI, ALPN), curl to
# an HTTP server (socat), an SSH client line to a banner (socat); netmoon live against
# tshark on tcpdump's capture of the same traffic (on the first CPU) ----
if [ "$CPU" = "${CPUS%% *}" ]; then
if [ "${TEST_HOST:-0}" != 1 ] && [ -z "${NO_NETNS:-}" ] && command -v openssl > /dev/null && command -v curl > /dev/null; then
mkdir -p "$W/names/live"
L=$W/names/live
# a DNS response (id 7, one question peer.live.example A, one answer: 10.9.0.2)
printf 'SSH-2.0-live_server_1.0\r\n' > "$L/banner"
printf 'HTTP/1.0 200 OK\r\n\r\nok' > "$L/response"
printf '\000\007\201\200\000\001\000\001\000\000\000\000\004peer\004live\007example\000\000\001\000\001\300\014\000\001\000\001\000\000\000\074\000\004\012\011\000\002' > "$L/dns.bin"
cat > "$L/run.sh" <<LIVE
ip link set lo up
$(veth_peer 40 10.9.0.1 10.9.0.2)
cd $L
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=live.example -days 1 -keyout key.pem -out cert.pem 2>/dev/null
tcpdump -i va -U --immediate-mode -w $L/live.pcap 2>/dev/null & td=\$!
qemu-arm -cpu $CPU $ROOT/$B/bin/netmoon -i va --json --duration 9 -e 0 > $L/live.json 2> $L/live.err & nm=\$!
for i in \$(seq 40); do grep -q seccomp $L/live.err && break; sleep 0.1; done
sleep 0.5
\$N socat -u OPEN:$L/dns.bin UDP:10.9.0.1:33333,sourceport=53
sleep 0.2
\$N openssl s_server -accept 4433 -cert cert.pem -key key.pem -naccept 1 -quiet > /dev/null 2>&1 & s1=\$!
\$N socat TCP-LISTEN:8080,reuseaddr SYSTEM:'sleep 0.3; cat $L/response' & s2=\$!
\$N socat TCP-LISTEN:2222,reuseaddr SYSTEM:'cat $L/banner; sleep 1' & s3=\$!
sleep 0.5
echo | timeout 5 openssl s_client -connect 10.9.0.2:4433 -servername tls.live.example -alpn h2,http/1.1 > /dev/null 2>&1
timeout 5 curl -s -H 'Host: web.live.example:8080' http://10.9.0.2:8080/ > /dev/null
printf 'SSH-2.0-live_client_1.0\\r\\n' | timeout 5 socat -t 1 - TCP:10.9.0.2:2222 > /dev/null
wait \$nm
sleep 0.5; kill \$td \$s1 \$s2 \$s3 \$peer 2>/dev/null; wait
LIVE
timeout 60 unshare -n bash "$L/run.sh" > /dev/null 2>&1
"$TN" "$L/live.pcap" > "$L/live.ts" 2>/dev/null
mine "netmoon live names = tshark's on tcpdump's capture (DNS answer, TLS SNI and ALPN, HTTP Host, SSH lines)" \
	"grep -c live $L/live.ts; $TN --json < $L/live.json | diff - $L/live.ts && echo same" \
	$'3\nsame'
mine "netmoon live: the names as they should be" \
	"$TN --json < $L/live.json | cut -f 2- | LC_ALL=C sort" \
	"-	-	-	-	SSH-2.0-live_client_1.0	SSH-2.0-live_server_1.0	peer.live.example	peer.live.example
-	-	web.live.example:8080	GET	-	-	peer.live.example	web.live.example
tls.live.example	h2,http/1.1	-	-	-	-	peer.live.example	tls.live.example"
else skip "netmoon live names on a veth pair, against tshark" "$(live_blocker)${TEST_HOST:+}$(command -v openssl > /dev/null && command -v curl > /dev/null || echo 'no openssl or curl')"
fi
fi
