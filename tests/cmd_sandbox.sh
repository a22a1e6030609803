# netmoon's least privilege under qemu-arm: -Z, capabilities, no_new_privs,
# and what qemu-user cannot do (a seccomp filter: it would bind qemu itself),
# said once. The filter itself is proven on the real kernel (the boot test,
# tests/cmd_init.sh). Ours only: skipped with TEST_HOST=1.
if [ "${TEST_HOST:-0}" != 1 ]; then
S=$W/sbx; rm -rf "$S"; mkdir -p "$S"
P=$ROOT/tests/pcaps
NM="qemu-arm -cpu $CPU -0 netmoon $ROOT/$B/bin/netmoon"
mine "netmoon: under qemu-user, no seccomp filter, said once" "$NM -r $P/bgp-4byte-asn.pcap --count" "91 packets" "$QNOTE"
mine "netmoon --no-sandbox: nothing to say" "$NM --no-sandbox -r $P/bgp-4byte-asn.pcap --count" "91 packets"
mine "netmoon --sandbox-selftest: without a filter it fails" "$NM --sandbox-selftest -r $P/bgp-4byte-asn.pcap" "" \
	"$QNOTE
netmoon: sandbox self-test: no filter to test" 1
skip "netmoon's seccomp filter: installed, and a call outside it ends netmoon" \
	"qemu-user refuses seccomp filters (one would bind qemu itself); the boot test checks it on a real kernel (tests/cmd_init.sh)"
mine "netmoon -Z: an unknown user" "T netmoon -Z no-such-user -r x" "" $'netmoon: unknown user \'no-such-user\'\nTry \'netmoon --help\' for more information.' 1
if [ -z "${NO_NETNS:-}" ]; then
	# live, in a namespace: what /proc says of netmoon once it runs
	for z in "" "-Z nobody" "-Z 4242"; do
		cat > "$S/run.sh" <<RUN
ip link set lo up
$NM -i lo -b --duration 4 $z > /dev/null 2> $S/err & p=\$!
sleep 2.5
grep -e '^Uid:' -e '^Gid:' -e '^Groups:' -e '^CapEff:' -e '^CapPrm:' -e '^NoNewPrivs:' /proc/\$p/status | tr -s '\t ' ' '
wait \$p
RUN
		timeout 30 unshare -n bash "$S/run.sh" > "$S/status" 2>&1
		case $z in "") u=0 g=0 ;; "-Z nobody") u=65534 g=65534 ;; *) u=4242 g=4242 ;; esac
		mine "netmoon live ${z:-as root}: no capability left, no_new_privs, uid $u, no groups" "cat $S/status" \
"Uid: $u $u $u $u
Gid: $g $g $g $g
Groups: 
CapPrm: 0000000000000000
CapEff: 0000000000000000
NoNewPrivs: 1"
	done
else skip "netmoon live in a namespace: capabilities, no_new_privs, uid (3 runs)" "$(live_blocker)"
fi
else skip "netmoon sandbox under qemu-user and live" "TEST_HOST=1: ours only, no reference tool to compare"
fi
