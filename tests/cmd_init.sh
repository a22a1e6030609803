# init: the supervisor under qemu-arm (--test: an ordinary process, a child
# subreaper so that orphans come to it), the initramfs, and the boot test on a
# real ARM kernel under qemu-system-arm (first CPU only). Ours only: skipped
# with TEST_HOST=1.
if [ "${TEST_HOST:-0}" != 1 ]; then
I=$W/init; rm -rf "$I"; mkdir -p "$I"
BH=$ROOT/$B/test/boothelp
P=$ROOT/tests/pcaps
N="init: note: PR_SET_CHILD_SUBREAPER: orphans go to the system's init: Invalid argument"
mine "init: outside PID 1 it refuses" "T init" "" "init: must be run as PID 1, by the kernel (--test runs it as an ordinary process)" 1
mine "init: --help" "T init --help | head -n 1" "Usage: init [--test] [-f INITTAB] [-m MODULES] [-c CMDLINE]"
mine "init: an operand" "T init --test x" "" $'init: extra operand \'x\'\nTry \'init --help\' for more information.' 1
printf '%s\n' "wait /bin/echo one \"two  three\"" "once /bin/sleep 0.2" "bogus x" "sleep x" "wait" "sleep 0.5" \
	"wait /bin/echo four" "poweroff now" "poweroff" "wait /bin/echo never" > "$I/t1"
mine "init: wait, once, sleep, poweroff in order; bad lines named and skipped" "T init --test -f $I/t1" \
"one two  three
four" "init: $I/t1:3: unknown action 'bogus': line ignored
init: $I/t1:4: sleep needs a number of seconds; line ignored
init: $I/t1:5: wait: needs a command; line ignored
init: $I/t1:8: poweroff: takes no arguments; line ignored
$N
init: inittab: powering off"
# Under qemu-user the children are host programs (qemu-arm cannot exec ARM
# ones), and qemu refuses PR_SET_CHILD_SUBREAPER, which init notes: orphans
# are reaped in the boot test, where init is PID 1.
printf '%s\n' "respawn /bin/sh -c \"exit 3\"" "sleep 2.5" "poweroff" > "$I/t2"
mine "init: respawn, with a back-off that doubles" "T init --test -f $I/t2" "" \
"$N
init: /bin/sh: exited with status 3; again in 1 s
init: /bin/sh: exited with status 3; again in 2 s
init: inittab: powering off"
printf '%s\n' "respawn /bin/sleep 60" "once /bin/sleep 61" > "$I/t4"
pkill -f 'sleep 6[01]$'
mine "init: SIGTERM stops every child and powers off" \
	"qemu-arm -cpu $CPU -0 init $ROOT/$B/bin/init --test -f $I/t4 & p=\$!; sleep 1.5; kill -TERM \$p; wait \$p; echo \$?; pgrep -f 'sleep 6[01]\$' | wc -l" $'0\n0' "$N
init: SIGTERM: powering off"
mine "init: a missing inittab falls back to the default" "timeout -s TERM 2 qemu-arm -cpu $CPU -0 init $ROOT/$B/bin/init --test -f $I/none 2>&1 | head -n 2" \
"init: $I/none: No such file or directory
init: running the default: wait sysinfo, respawn netmoon"

# kernel modules (-m: under --test only with it): comments, blank lines, blanks and CRs
# around names and parameters; each name is /lib/modules/NAME.ko, or with a '/' the file
# itself; a missing file is named, and the next line tried. qemu-user (7.2) has no
# finit_module for ARM guests: the kernel's refusal is ENOSYS there, said as any errno
# is (the kernel's own answers, loaded, unknown symbol, already loaded, bad version magic
# and a bad parameter, are the network boot test's, on a real kernel)
printf 'junk\n' > "$I/fake.ko"
printf '%s\n' "# the modules, dependencies first" "" "  pk_nosuch_a   " $'\tpk_nosuch_b  opt=1  other=x   # a comment' \
	$'pk_nosuch_c\r' "#pk_commented" "$I/fake.ko napi_tx=maybe" "$I/none.ko" > "$I/modules"
printf 'poweroff\n' > "$I/t5"
mine "init: -m: each module said, comments and parameters apart; a missing file; the kernel's refusal under qemu-user" \
	"T init --test -m $I/modules -f $I/t5" "" \
"init: module pk_nosuch_a: /lib/modules/pk_nosuch_a.ko: No such file or directory
init: module pk_nosuch_b: /lib/modules/pk_nosuch_b.ko: No such file or directory
init: module pk_nosuch_c: /lib/modules/pk_nosuch_c.ko: No such file or directory
init: module $I/fake.ko: Function not implemented
init: module $I/none.ko: $I/none.ko: No such file or directory
$N
init: inittab: powering off"
mine "init: -m: a missing MODULES file is said (at boot a missing /etc/modules is not), and init goes on" \
	"T init --test -m $I/nomods -f $I/t5" "" "init: $I/nomods: No such file or directory
$N
init: inittab: powering off"
mine "init: --test without -m loads nothing, without -c sets no interface" "T init --test -f $I/t5" "" "$N
init: inittab: powering off"

# addresses and interfaces (-c CMDLINE: the kernel command line from a file), in a network
# namespace of its own, on veth pairs: pk.ip's address, netmask and default route as ip
# shows them, its errors (an unknown interface, a gateway off the subnet, malformed specs),
# every other interface brought up by default, also one that appears 1.2 s later; then
# pk.ifup=none (pk.ip's interfaces only) and a list (those only, a missing one said)
if [ -z "${NO_NETNS:-}" ]; then
cat > "$I/net.sh" <<NET
run() { qemu-arm -cpu $CPU -0 init $ROOT/$B/bin/init --test -c \$1 -f $I/t6 2> \$1.err; }
ip link add d0 type veth peer name e0; ip link add d1 type veth peer name e1
echo 'console=ttyAMA0 pk.ip=d0:10.0.2.15/24:10.0.2.2,d9:10.0.3.1/8,d1:10.1.0.1/33,d1:10.1.0.1/16:10.9.9.9,bad,d1:1.2.3/8,d1:1.2.3.4/8:1.2.3.400,d1:1.2.3.4,:1.2.3.4/8,d1:1.2.3.4/8x PK=1' > $I/cl1
(sleep 1.2; ip link add d3 type veth peer name e3) &
run $I/cl1; wait
ip -4 -o addr show | awk '{ print \$2, \$4 }' > $I/cl1.addr; ip route > $I/cl1.route
ip -o link show | sed 's/@[^:]*:/:/' | awk '{ print \$2, (\$3 ~ /[<,]UP[,>]/ ? "up" : "down") }' > $I/cl1.link
ip link del d0; ip link del d1; ip link del d3
ip link add d0 type veth peer name e0; ip link add d1 type veth peer name e1
echo 'pk.ifup=none pk.ip=d0:192.168.7.2/30' > $I/cl2
run $I/cl2; ip -o link show | sed 's/@[^:]*:/:/' | awk '{ print \$2, (\$3 ~ /[<,]UP[,>]/ ? "up" : "down") }' > $I/cl2.link
echo 'pk.ifup=e1,nope0,thisnameistoolongforlinux' > $I/cl3
run $I/cl3; ip -o link show | sed 's/@[^:]*:/:/' | awk '{ print \$2, (\$3 ~ /[<,]UP[,>]/ ? "up" : "down") }' > $I/cl3.link
NET
printf 'sleep 2.5\npoweroff\n' > "$I/t6"
timeout 60 unshare -n bash "$I/net.sh" > "$I/net.log" 2>&1
mine "init: pk.ip: what was set or why not, on the console; the others up, one that appears later too" "cat $I/cl1.err" \
"init: d0: 10.0.2.15/24, default via 10.0.2.2
init: pk.ip: d9: No such device
init: pk.ip: 'd1:10.1.0.1/33': not IFACE:ADDR/PREFIXLEN[:GATEWAY]
init: d1: 10.1.0.1/16
init: pk.ip: d1: default via 10.9.9.9: Network is unreachable
init: pk.ip: 'bad': not IFACE:ADDR/PREFIXLEN[:GATEWAY]
init: pk.ip: 'd1:1.2.3/8': not IFACE:ADDR/PREFIXLEN[:GATEWAY]
init: pk.ip: 'd1:1.2.3.4/8:1.2.3.400': not IFACE:ADDR/PREFIXLEN[:GATEWAY]
init: pk.ip: 'd1:1.2.3.4': not IFACE:ADDR/PREFIXLEN[:GATEWAY]
init: pk.ip: ':1.2.3.4/8': not IFACE:ADDR/PREFIXLEN[:GATEWAY]
init: pk.ip: 'd1:1.2.3.4/8x': not IFACE:ADDR/PREFIXLEN[:GATEWAY]
init: up: e0
init: up: e1
$N
init: up: e3
init: up: d3
init: inittab: powering off"
mine "init: pk.ip: the addresses and netmasks as ip shows them" "cat $I/cl1.addr" $'lo 127.0.0.1/8\nd0 10.0.2.15/24\nd1 10.1.0.1/16'
mine "init: pk.ip: the default route through the gateway, on its interface" "grep default $I/cl1.route" "default via 10.0.2.2 dev d0 "
mine "init: every interface up (lo, pk.ip's, the rest, the late one)" "cat $I/cl1.link" $'lo: up\ne0: up\nd0: up\ne1: up\nd1: up\ne3: up\nd3: up'
mine "init: pk.ifup=none: only lo and pk.ip's interfaces up, nothing said of the rest" "cat $I/cl2.err $I/cl2.link" \
"init: d0: 192.168.7.2/30
$N
init: inittab: powering off
lo: up
e0: down
d0: up
e1: down
d1: down"
mine "init: pk.ifup=LIST: those up, a missing one said" "cat $I/cl3.err $I/cl3.link" \
"init: up: e1
init: pk.ifup: nope0: No such device
init: pk.ifup: thisnameistoolo: No such device
$N
init: inittab: powering off
lo: up
e0: down
d0: up
e1: up
d1: down"
else skip "init: pk.ip and the interfaces (in a network namespace)" "NO_NETNS is set"
fi

if [ "$CPU" = "${CPUS%% *}" ]; then
t "initramfs: the same inputs give the same bytes" \
	"cd $ROOT && B=$B tools/initramfs.sh $I/a.cpio.xz && cmp $I/a.cpio.xz $ROOT/$B/initramfs.cpio.xz && echo same" "same"
t "initramfs: /init (every command), /bin/NAME links to it, /dev/console, no /etc/inittab (as cpio lists it)" \
	"xzcat $ROOT/$B/initramfs.cpio.xz | cpio -itv 2>/dev/null | awk '{ print \$1, \$3, \$4, (\$1 ~ /^l/ ? \$(NF-2) \" -> \" \$NF : \$NF) }' | sort -k4" \
"$( (for d in bin dev etc proc sys; do echo "drwxr-xr-x root root $d"; done
     echo "crw------- root root dev/console"; echo "-rwxr-xr-x root root init"
     for c in $(cd "$ROOT/cmds" && ls | sed 's/\.c$//'); do [ "$c" = init ] || echo "lrwxrwxrwx root root bin/$c -> /init"; done) | sort -k4)"
t "initramfs: under 48 KiB (xz)" "[ \$(stat -c %s $ROOT/$B/initramfs.cpio.xz) -lt 49152 ] && echo yes" "yes"
# the one binary of the initramfs (Thumb, every command) against the separate ARM ones
PK=$ROOT/$B/multi/pk
for c in "cat /etc/passwd" "hexdump -C -n 300 $ROOT/$B/bin/ls" "ls -la $ROOT/cmds" "stat -c '%n %s %f %h' $ROOT/README.md" \
	"netmoon -D" "netmoon -c x" "cat --help" "ls --nope"; do
	t "the initramfs binary, Thumb, as the ARM one: $c" \
		"cmp <(qemu-arm -cpu $CPU -0 ${c%% *} $PK ${c#* } 2>&1; echo \$?) <(qemu-arm -cpu $CPU -0 ${c%% *} $ROOT/$B/bin/${c%% *} ${c#* } 2>&1; echo \$?) && echo same" "same"
done
# its netmoon captures live only (NM_LIVE_ONLY): -r, -w, -s and -d say so
t "the initramfs binary's netmoon: no files, no filter listing; said so, status 1" \
	"for o in '-r x' '-w x' '-s 9' -d; do qemu-arm -cpu $CPU -0 netmoon $PK \$o 2>&1 >/dev/null | head -n 1; qemu-arm -cpu $CPU -0 netmoon $PK \$o >/dev/null 2>&1; echo \$?; done | sort | uniq -c | sed 's/^ *//'" \
	$'4 1\n4 netmoon: -r, -w, -s and -d are not in the initramfs\'s netmoon: it captures live'
t "the initramfs binary's netmoon: no filter expressions; said so, status 1" \
	"qemu-arm -cpu $CPU -0 netmoon $PK tcp port 80; echo \$?" "1" $'netmoon: filter expressions are not in the initramfs\'s netmoon: it captures everything\nTry \'netmoon --help\' for more information.'
echo "   initramfs: $(stat -c %s "$ROOT/$B/initramfs.cpio.xz") bytes (xz)"

# ---- the boot test: a real ARM kernel (Debian armmp) under qemu-system-arm ----
if [ -z "${NO_BOOT:-}" ]; then
if "$ROOT/tools/kernel.sh" > "$I/kernel.log" 2>&1; then
	(cd "$ROOT" && B=$B tools/initramfs.sh "$I/boot.cpio.xz" "file /bin/boothelp $BH 0755 0 0" \
		"file /bin/rt_test $ROOT/$B/test/rt_test 0755 0 0" "file /etc/inittab.test $ROOT/tests/inittab.boot 0644 0 0" \
		"file /bin/netmoon-full $ROOT/$B/bin/netmoon 0755 0 0")
	s=$(date +%s)
	timeout 240 qemu-system-arm -M virt -m 256 -nographic -no-reboot -nic none -kernel "$ROOT/$B/kernel/vmlinuz" \
		-initrd "$I/boot.cpio.xz" -append "console=ttyAMA0 rdinit=/init pk.inittab=/etc/inittab.test PK_TEST=1" \
		< /dev/null > "$I/boot.log" 2>&1
	st=$? took=$(( $(date +%s) - s ))
	tr -d '\r' < "$I/boot.log" > "$I/console"
	echo "   boot: $(cat "$ROOT/$B/kernel/version"), $took s, qemu status $st"
	C=$I/console
	t "boot: the machine powers itself off, qemu exits 0" "echo $st" "0"
	# every check rt_test has (as many as it runs under qemu-arm), all passing
	nrt=$(env -i PK_TEST=1 qemu-arm -cpu "$CPU" "$ROOT/$B/test/rt_test" a "b c" | sed -n 's/^rt_test: \([0-9]*\) passed, \([0-9]*\) failed$/\1 + \2/p')
	t "boot: rt_test as a child of init on a real kernel" "grep -a '^rt_test: ' $C" "rt_test: $((${nrt:-0})) passed, 0 failed"
	t "boot: cat /proc/version" "grep -ac '^Linux version .*armmp' $C" "1"
	t "boot: hexdump -n 32 /init" "grep -a -A2 '^00000000  7f 45 4c 46' $C | head -n 3 | cut -c1-58" \
"00000000  7f 45 4c 46 01 01 01 00  00 00 00 00 00 00 00 00
00000010  02 00 28 00 01 00 00 00  $(od -An -tx1 -j24 -N8 "$ROOT/$B/multi/pk" | sed 's/^ //; s/ \([0-9a-f]*\) \([0-9a-f]*\) \([0-9a-f]*\) \([0-9a-f]*\)$/ \1 \2 \3 \4/')
00000020"
	t "boot: ls /" "grep -a '^bin  dev' $C" "bin  dev  etc  init  proc  root  sys"
	t "boot: stat /init" "grep -a -A1 '^  File: /init' $C | tail -n 1 | awk '{ print \$1, \$2 }'" "Size: $(stat -c %s "$ROOT/$B/multi/pk")"
	t "boot: sysinfo" "grep -ac '^Linux .*armmp (armv7l)' $C" "1"
	t "boot: no /etc/modules, no NIC (-nic none): nothing said of modules or interfaces" \
		"grep -a -e '^init: module' -e '^init: up:' -e '^init: pk\\.' -e '^init: lo:' $C | wc -l" "0"
	t "boot: the respawn back-off on the console" "grep -a 'boothelp: exited' $C | head -n 3" \
"init: boothelp: exited with status 3; again in 1 s
init: boothelp: exited with status 3; again in 2 s
init: boothelp: exited with status 3; again in 4 s"
	t "boot: netmoon on lo saw the test's TCP connection" \
		"grep -a 'tcp: ' $C | sed 's/pid [0-9]*\$/pid P/'; grep -a '127.0.0.1:[0-9]* > 127.0.0.1:5000 CLOSED' $C | tail -n 1 | awk '{ print \$2, \$3, \$4, \$NF, \$(NF-1) }'" \
		"tcp: 100000 bytes over 127.0.0.1 by pid P
> 127.0.0.1:5000 CLOSED KiB 99.0"
	# the full netmoon (not the initramfs's: it has no process names) on lo: no sock_diag
	# modules in this image, so its resolver reads /proc/net; both ends are boothelp's
	tpid=$(sed -n 's/^tcp: .* by pid \([0-9]*\)$/\1/p' "$C")
	t "boot: netmoon-full --json on lo: both ends of the connection named, the pid boothelp tcp said, as root (its sockets from /proc/net)" \
		"grep -a '^{\"event\":\"end\"' $C | jq -r '\"\\(.dport) \\(.src_pid) \\(.src_comm) \\(.src_uid) \\(.dst_pid) \\(.dst_comm) \\(.dst_uid)\"'; grep -a 'netmoon: process names' $C | sed 's/ [0-9]* walks/ N walks/'" \
		"5000 ${tpid:-?} boothelp 0 ${tpid:-?} boothelp 0
netmoon: process names: 1 flows looked up, 1 answered, N walks of /proc (sockets from /proc/net)"
	t "boot: netmoon had the TPACKET_V3 ring, AUXDATA, promiscuity and the filter lock (no fallback notes)" "grep -a 'netmoon: note' $C | wc -l" "0"
	t "boot: netmoon -Z 65534 runs as that user, with no capability, no_new_privs and its seccomp filter" \
		"grep -a -e '^Uid:' -e '^CapEff:' -e '^NoNewPrivs:' -e '^Seccomp:' $C | tr -s '\t ' ' '" \
"Uid: 65534 65534 65534 65534
CapEff: 0000000000000000
NoNewPrivs: 1
Seccomp: 2"
	t "boot: a system call outside netmoon's filter ends it, named (the self-test's: no other, none of netmoon-full's resolver)" \
		"grep -ao 'netmoon: .*forbidden system call.*' $C" \
		"netmoon: sandbox: forbidden system call 281 (--no-sandbox turns the filter off)"
	t "boot: orphans reaped, no zombies" "grep -a -e '^orphans:' -e '^zombies:' $C" $'orphans: 20 left to init\nzombies: 0'
	# boothelp's 20, and netmoon-full's resolver (its monitor's child: it ends after the monitor)
	t "boot: SIGTERM to PID 1 stops everything and powers off" "grep -a -e '^init: SIGTERM' -e '^init: stopped' -e 'reboot: Power down' $C | sed 's/^\\[ *[0-9.]*\\] //'" \
"init: SIGTERM: powering off
init: stopped: orphans reaped: 21
reboot: Power down"
else
	fail "boot: no kernel" "$(tail -n 5 "$I/kernel.log")"
fi
else skip "the boot test on a real ARM kernel (qemu-system-arm)" "NO_BOOT is set"
fi

# ---- the network boot test: the appliance with its NIC's driver (MODULES) on qemu's
# -M virt with a virtio NIC on user networking; qemu's filter-dump writes every frame of
# the NIC to a pcap on the host (the independent capture). The product image with modules,
# and after it a small cpio of the test's own files (the kernel takes several archives one
# after another): its /etc/modules (good lines and the failures init must report), its
# inittab, boothelp (the client) and the full netmoon (to show the kernel filter, and
# its process resolver on the kernel's sock_diag: tcp_diag and udp_diag are modules) ----
if [ -z "${NO_BOOT:-}" ] && [ -s "$ROOT/$B/kernel/vmlinuz" ]; then
	NI=$I/net; mkdir -p "$NI"
	MODS="virtio_mmio virtio_net tcp_diag udp_diag"
	(cd "$ROOT" && B=$B MODULES="$MODS" tools/initramfs.sh "$NI/product.cpio.xz")
	t "boot net: MODULES=\"$MODS\": the driver, the sock_diag modules and what they depend on, in load order; the same bytes again" \
		"xzcat $NI/product.cpio.xz | cpio -i --to-stdout etc/modules 2>/dev/null; cd $ROOT && B=$B MODULES='$MODS' tools/initramfs.sh $NI/again.cpio.xz && cmp $NI/again.cpio.xz $NI/product.cpio.xz && echo same" \
		$'virtio_mmio\nfailover\nnet_failover\nvirtio_net\ninet_diag\ntcp_diag\nudp_diag\nsame'
	# a missing module, one whose dependency is not loaded yet, a bad parameter, one loaded twice;
	# then inet_diag's TCP and UDP halves, for netmoon-full's resolver (all four dumps or none)
	printf '%s\n' "# the test's modules, failures among them" "virtio_mmio" "no_such_module" "net_failover" "failover" \
		"net_failover" "virtio_net napi_tx=maybe" "virtio_net" "virtio_net" "inet_diag" "tcp_diag" "udp_diag" > "$NI/modules"
	PORT=8765
	cat > "$NI/inittab" <<NET
once    netmoon -i eth0 --json -Z 65534 --duration 14 -e 0 --ipfix 10.0.2.2:9995
once    netmoon-full -i eth0 --json -Z 65534 --duration 12 -e 0 tcp port $PORT
sleep   3
wait    boothelp status netmoon-full
wait    boothelp get 10.0.2.2 $PORT
wait    boothelp get 10.0.2.2 $PORT
sleep   13
poweroff
NET
	printf '%s\n' "file /etc/modules $NI/modules 0644 0 0" "file /etc/inittab.net $NI/inittab 0644 0 0" \
		"file /bin/boothelp $BH 0755 0 0" "file /bin/netmoon-full $ROOT/$B/bin/netmoon 0755 0 0" > "$NI/test.list"
	"$ROOT/$B/host/mkcpio" "$NI/test.list" | xz --check=crc32 > "$NI/test.cpio.xz"
	cat "$NI/product.cpio.xz" "$NI/test.cpio.xz" > "$NI/boot.img"
	head -c 300000 /dev/urandom > "$NI/300k"
	cat > "$NI/run.sh" <<RUN
ip link set lo up
socat -U TCP-LISTEN:$PORT,reuseaddr,fork OPEN:$NI/300k & srv=\$!
mkdir -p $NI/col; nfcapd -p 9995 -w $NI/col -D -P $NI/nfcapd.pid 2>/dev/null
sleep 0.3
timeout 240 qemu-system-arm -M virt -m 256 -nographic -no-reboot -kernel $ROOT/$B/kernel/vmlinuz -initrd $NI/boot.img \
	-netdev user,id=n0 -device virtio-net-device,netdev=n0 -object filter-dump,id=f0,netdev=n0,file=$NI/dump.pcap \
	-append "console=ttyAMA0 rdinit=/init quiet pk.inittab=/etc/inittab.net pk.ip=eth0:10.0.2.15/24:10.0.2.2" \
	< /dev/null > $NI/boot.log 2>&1
echo \$? > $NI/status
kill \$srv; pid=\$(cat $NI/nfcapd.pid 2>/dev/null); kill \$pid 2>/dev/null
for i in \$(seq 50); do kill -0 \$pid 2>/dev/null || break; sleep 0.1; done
wait
RUN
	s=$(date +%s)
	unshare -n bash "$NI/run.sh" > /dev/null 2>&1
	echo "   boot net: $(( $(date +%s) - s )) s, qemu status $(cat "$NI/status")"
	tr -d '\r' < "$NI/boot.log" > "$NI/console"
	C=$NI/console
	t "boot net: the machine powers itself off, qemu exits 0" "cat $NI/status" "0"
	t "boot net: init loads /etc/modules in order and says what failed and why" "grep -a '^init: module' $C" \
"init: module virtio_mmio: loaded
init: module no_such_module: /lib/modules/no_such_module.ko: No such file or directory
init: module net_failover: unknown symbol (a module it needs is missing or not loaded before it)
init: module failover: loaded
init: module net_failover: loaded
init: module virtio_net: napi_tx=maybe: Invalid argument (a bad parameter?)
init: module virtio_net: loaded
init: module virtio_net: already loaded
init: module inet_diag: loaded
init: module tcp_diag: loaded
init: module udp_diag: loaded"
	t "boot net: pk.ip set eth0's address and default route" "grep -a '^init: eth0' $C" "init: eth0: 10.0.2.15/24, default via 10.0.2.2"
	t "boot net: the guest's client downloaded 300,000 bytes twice from the host" "grep -a '^get: ' $C | sed 's/pid [0-9]*\$/pid P/'" \
		$'get: 300000 bytes from 10.0.2.2 by pid P\nget: 300000 bytes from 10.0.2.2 by pid P'
	# netmoon's records of the two connections against tshark on qemu's own capture of the NIC
	# (the product's: netmoon-full's have the src_ and dst_ keys of process names)
	grep -a '^{"event":"end"' "$C" | grep -av '"src_pid"' > "$NI/nm.json"
	t "boot net: netmoon on eth0 = tshark on qemu's capture of the NIC: the same connections, packets and bytes each way" \
		"[ \$($ROOT/tools/tshark_tcp.sh $NI/dump.pcap | wc -l) = 2 ] && $ROOT/tools/tshark_tcp.sh --json < $NI/nm.json | cut -d' ' -f1,2,4,5,6,18,19,20 | cmp - <($ROOT/tools/tshark_tcp.sh $NI/dump.pcap | cut -d' ' -f1,2,4,5,6,18,19,20) && echo same" "same"
	if command -v nfdump > /dev/null; then
		nfdump -R "$NI/col" -o csv > "$NI/nf.csv" 2>/dev/null
		t "boot net: netmoon's IPFIX from the guest to nfcapd on the host (10.0.2.2): nfdump's flows of the downloads = tshark's on qemu's capture" \
			"[ \$($ROOT/tools/tshark_ipflows.sh $NI/dump.pcap | grep -c ' $PORT ') = 4 ] && $ROOT/tools/tshark_ipflows.sh --nfdump < $NI/nf.csv | grep ' $PORT ' | cmp - <($ROOT/tools/tshark_ipflows.sh $NI/dump.pcap | grep ' $PORT ') && echo same" "same"
	fi
	t "boot net: netmoon had its ring, AUXDATA, promiscuity and seccomp on a real NIC (no fallback notes)" "grep -a 'netmoon: note' $C | wc -l" "0"
	# netmoon-full -Z 65534 while it ran: the monitor (init's child) and its resolver (the
	# monitor's child, forked before the monitor dropped its privileges), both -Z's user
	t "boot net: netmoon-full's monitor: no capability, no_new_privs, seccomp; its resolver: CAP_DAC_READ_SEARCH and CAP_SYS_PTRACE only, no_new_privs, seccomp" \
		"tr -s '\t ' ' ' < $C | awk '/^Pid: / { p = \$2 } /^PPid: / { pp[p] = \$2 } /^(Uid|CapEff|NoNewPrivs|Seccomp): / { l[p] = l[p] \" \" \$0 }
			END { for (p in pp) if (pp[p] == 1) { print \"monitor:\" l[p]; for (r in pp) if (pp[r] == p) print \"resolver:\" l[r] } }'" \
"monitor: Uid: 65534 65534 65534 65534 CapEff: 0000000000000000 NoNewPrivs: 1 Seccomp: 2
resolver: Uid: 65534 65534 65534 65534 CapEff: 0000000000080004 NoNewPrivs: 1 Seccomp: 2"
	t "boot net: netmoon-full's resolver was not stopped by its seccomp filter (no forbidden system call)" "grep -a 'forbidden system call' $C | wc -l" "0"
	# each download's connection named by the pid boothelp said, its own comm, root; the
	# server's end on the host: null; the sockets from sock_diag (the modules loaded)
	t "boot net: netmoon-full --json: each download attributed to the pid of the boothelp that made it; the server's end null; sock_diag" \
		"grep -a '^{\"event\":\"end\"' $C | grep -a '\"src_pid\"' | jq -r '\"\\(.src_pid) \\(.src_comm) \\(.src_uid) \\(.dst_pid) \\(.dst_comm) \\(.dst_uid) \\(.dst_cgroup)\"' | sort; grep -a 'netmoon: process names' $C | sed 's/ [0-9]* walks/ N walks/'" \
		"$(sed -n 's/^get: .* by pid \([0-9]*\)$/\1 boothelp 0 null null null null/p' "$C" | sort)
netmoon: process names: 2 flows looked up, 2 answered, N walks of /proc (sockets from sock_diag)"
	# the full netmoon's filter (tcp port $PORT) ran in the kernel: what it let through is exactly
	# tshark's frames of that port (GRO off: init brings interfaces up to be watched); the
	# product's netmoon (no filter) saw those and the rest of eth0 (ARP, IPv6's own), none dropped
	t "boot net: the kernel's PACKET_STATISTICS at the end: the kernel filter let exactly tshark's frames of port $PORT through; none dropped" \
		"grep -a 'packets received by filter' $C | sort -n -k2 | sed -n '1p; 2s/^netmoon: [0-9]* /netmoon: N /p'" \
		"netmoon: $(tshark -r "$NI/dump.pcap" -Y "tcp.port==$PORT" 2>/dev/null | wc -l) packets received by filter, 0 dropped by kernel
netmoon: N packets received by filter, 0 dropped by kernel"
fi
fi
else skip "init, the initramfs and the boot test" "TEST_HOST=1: ours only, no reference tool to compare"
fi
