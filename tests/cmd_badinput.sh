# The bad-input matrix: every command against the same hostile cases, under
# qemu-arm. Where GNU coreutils or util-linux define the result (message and
# exit status), ours must be the same (same); elsewhere the expected message
# and status are written out (mine). Nothing may crash or hang: every case
# runs under a timeout, and a crash or a timeout is a failure.
cd "$W" && rm -rf bad && mkdir bad && cd bad || exit 1
printf 'hello\n' > f
printf 'secret\n' > locked; chmod 600 locked
mkdir dir dir/sub locked_dir; chmod 700 locked_dir; chmod 000 dir/sub
mkfifo fifo
head -c 3000000 /dev/urandom > big
ln -s loop1 loop2; ln -s loop2 loop1
n255=$(printf 'n%.0s' $(seq 255)); printf 'long\n' > "$n255"
deep=deep; for i in $(seq 30); do deep=$deep/$(printf 'd%.0s' $(seq 150)); done
mkdir -p "$deep" 2>/dev/null || true
(cd "$W/bad" && python3 -c 1 2>/dev/null); long="$deep/$(printf 'x%.0s' $(seq 200))"
cd "$W"
X=bad
TMO=20   # every run under a timeout: a hang is a failure (status 124)

# ---- the file commands: the reference decides ----
for c in cat "hexdump -C" "stat" "ls"; do
	cmd=${c%% *}
	same "$cmd: missing file" "T $c $X/nope"
	same "$cmd: permission denied" "AS=\$NOBODY T $c $X/locked"
	same "$cmd: a name of 255 bytes" "T $c $X/$n255"
	same "$cmd: a name of 256 bytes" "T $c $X/${n255}x"
	same "$cmd: a path over PATH_MAX" "T $c $X/$long"
	same "$cmd: a symlink loop" "T $c $X/loop1"
	same "$cmd: a file where a directory is expected" "T $c $X/f/"
	same "$cmd: unknown option" "T $c --bogus"
	same "$cmd: /dev/full as stdout" "T $c $X/f > /dev/full"
	[ "$cmd" = hexdump ] || same "$cmd: stdout closed" "T $c $X/f >&-"
done
mine "hexdump: stdout closed (util-linux exits 0 and says nothing)" "T hexdump -C $X/f >&-" "" "hexdump: write error: Bad file descriptor" 1
same "cat: a directory" "T cat $X/dir"
mine "hexdump: a directory (util-linux says so too, but exits 0)" "T hexdump -C $X/dir" "" "hexdump: $X/dir: Is a directory" 1
same "cat: a FIFO with a writer" "(printf 'through a fifo\n' > $X/fifo &); T cat $X/fifo"
same "hexdump: a FIFO with a writer" "(printf 'through a fifo\n' > $X/fifo &); T hexdump -C $X/fifo"
same "stat: a FIFO" "T stat -c '%n %F' $X/fifo"
same "ls: a FIFO, long" "T ls -l $X/fifo | cut -c1"
same "ls: an unreadable directory inside, -R" "AS=\$NOBODY T ls -R $X/dir"
same "ls: a locked directory" "AS=\$NOBODY T ls $X/locked_dir"
same "ls -l: a symlink loop is listed as the link it is" "T ls -l $X/loop1 | cut -c1,50-"
same "stat -L: a symlink loop" "T stat -L $X/loop1"
same "hexdump: -n -1" "T hexdump -C -n -1 $X/f"
same "hexdump: -s past the end" "T hexdump -C -s 100 $X/f"
same "cat: the reader goes away (SIGPIPE)" "T cat $X/big | head -c 1 >/dev/null; echo \${PIPESTATUS[0]}"
same "cat: the reader goes away, SIGPIPE ignored (EPIPE)" "trap '' PIPE; T cat $X/big | head -c 1 >/dev/null; echo \${PIPESTATUS[0]}"
mine "hexdump: the reader goes away, SIGPIPE ignored (EPIPE; util-linux exits 0 silently)" \
	"trap '' PIPE; T hexdump -C $X/big | head -c 1 >/dev/null; echo \${PIPESTATUS[0]}" "1" "hexdump: write error: Broken pipe"
mkdir $X/many; (cd $X/many && seq 3000 | xargs touch)
same "ls: the reader goes away, SIGPIPE ignored (EPIPE)" "trap '' PIPE; T ls -l $X/many | head -c 1 >/dev/null; echo \${PIPESTATUS[0]}"

# ---- a file that shrinks while it is read: no crash, no hang, a prefix ----
# (a slow reader holds the writer back, so that the truncation comes mid-way)
head -c 30000000 /dev/urandom > $X/shrink.orig
# (to a pipe cat splices page-cache pages: the page the file is cut in reads
# back zeroed past the cut, as with any zero-copy reader; README, deliberate differences)
mine "cat: a file truncated while it is read: status 0, what it had read before the cut intact" \
	"cp $X/shrink.orig $X/shrink; (sleep 0.3; truncate -s 1000000 $X/shrink) & T cat $X/shrink | (sleep 1; command cat) > $X/shrink.out; st=\${PIPESTATUS[0]}; wait; echo \$st; s=\$(stat -c %s $X/shrink.out); [ \$s -lt 30000000 ] && [ \$s -ge 1000000 ] && cmp -s -n 1000000 $X/shrink.out $X/shrink.orig && echo intact" $'0\nintact'
mine "hexdump: a file truncated while it is read: status 0, well-formed to the end" \
	"cp $X/shrink.orig $X/shrink; (sleep 0.3; truncate -s 100000 $X/shrink) & T hexdump -C $X/shrink | (sleep 1; command cat) > $X/shrink.out; st=\${PIPESTATUS[0]}; wait; echo \$st; tail -n 1 $X/shrink.out | grep -cx '[0-9a-f]\{8\}'" $'0\n1'
rm -f $X/shrink $X/shrink.orig $X/shrink.out

# ---- the commands without a reference: the message and status written out ----
mine "sysinfo: an operand" "T sysinfo x" "" $'sysinfo: extra operand \'x\'\nTry \'sysinfo --help\' for more information.' 1
mine "sysinfo: unknown option" "T sysinfo --bogus" "" $'sysinfo: unrecognized option \'--bogus\'\nTry \'sysinfo --help\' for more information.' 1
mine "init: unknown option" "T init --bogus" "" $'init: unrecognized option \'--bogus\'\nTry \'init --help\' for more information.' 1
mine "netmoon: unknown option" "T netmoon --bogus" "" $'netmoon: unrecognized option \'--bogus\'\nTry \'netmoon --help\' for more information.' 1
mine "netmoon: missing file" "T netmoon -r $X/nope" "" "netmoon: $X/nope: No such file or directory" 1
mine "netmoon: a directory" "T netmoon -r $X/dir" "" "netmoon: $X/dir: Is a directory" 1
mine "netmoon: permission denied" "AS=\$NOBODY T netmoon -r $X/locked" "" "netmoon: $X/locked: Permission denied" 1
mine "netmoon: a FIFO with a pcap behind it" "(cat $ROOT/tests/pcaps/bgp-4byte-asn.pcap > $X/fifo &); T netmoon -r $X/fifo --count" "91 packets"
mine "netmoon: /dev/full as stdout" "T netmoon -r $ROOT/tests/pcaps/bgp-4byte-asn.pcap -b > /dev/full" "" "netmoon: write error: No space left on device" 1
mine "netmoon: stdout closed" "T netmoon -r $ROOT/tests/pcaps/bgp-4byte-asn.pcap -b >&-" "" "netmoon: write error: Bad file descriptor" 1
mine "netmoon: -w to /dev/full" "T netmoon -r $ROOT/tests/pcaps/bgp-4byte-asn.pcap --count -w /dev/full" "91 packets" "netmoon: /dev/full: No space left on device" 1
# pcap files: corrupt headers and records
P=$ROOT/tests/pcaps/bgp-4byte-asn.pcap
cp $P $X/snap.pcap; printf '\x64\x00\x00\x00' | dd of=$X/snap.pcap bs=1 seek=16 conv=notrunc status=none   # snaplen 100, records longer
mine "netmoon: records longer than the snapshot length are read, as tcpdump reads them" \
	"T netmoon -r $X/snap.pcap --count; tcpdump -r $X/snap.pcap --count 2>/dev/null" $'91 packets\n91 packets'
cp $P $X/huge.pcap; printf '\x00\x00\x05\x00' | dd of=$X/huge.pcap bs=1 seek=32 conv=notrunc status=none    # caplen 320 KiB
mine "netmoon: a record over 256 KiB" "T netmoon -r $X/huge.pcap --count" "0 packets" \
	"netmoon: $X/huge.pcap: record length over 262144 bytes (corrupt file)" 1
head -c 1000 $P > $X/cut.pcap
mine "netmoon: a truncated record" "T netmoon -r $X/cut.pcap --count" "$(tcpdump -r $X/cut.pcap --count 2>/dev/null)" \
	"netmoon: $X/cut.pcap: truncated record at the end of the file" 1
printf 'not a pcap at all, really' > $X/magic.pcap
mine "netmoon: bad magic" "T netmoon -r $X/magic.pcap" "" "netmoon: $X/magic.pcap: not a pcap file (bad magic number)" 1
# a filter of 10,000 terms: refused with a reason, quickly
terms=$(seq 10000 | awk '{ printf "%sport %d", (NR > 1 ? " or " : ""), $1 }')
mine "netmoon: a filter of 10,000 terms is refused, with the reason" "T netmoon -d \"$terms\"" "" \
	"netmoon: filter: the expression is too long" 1
terms=$(seq 2000 | awk '{ printf "%sport %d", (NR > 1 ? " or " : ""), $1 }')
mine "netmoon: a filter of 2,000 terms: more than BPF's 4,096 instructions, refused with the reason" \
	"T netmoon -d \"$terms\" > /dev/null; echo \$?" "1" "netmoon: filter: filter too complex at column 6010"
unset TMO
# a flood of a million distinct connections: bounded, every one accounted for
if [ "$CPU" = "${CPUS%% *}" ]; then
	[ -x "$W/mkpcap" ] || gcc -O2 -o "$W/mkpcap" "$ROOT/tools/mkpcap.c"
	"$W/mkpcap" "$W/flood1m.pcap" 1000000 5 synflood
	TMO=120
	mine "netmoon: a flood of 1,000,000 distinct connections into 65,536 entries: bounded, every packet counted" \
		"T netmoon -r $W/flood1m.pcap -b | head -n 2 | awk 'NR == 1 { print \$3, \$4, \$5, \$6 } NR == 2 { print \$1, \$2, \$3 }'" \
		"flows 65536 packets 1000000
TCP 1000000 pkts"
	unset TMO
	rm -f "$W/flood1m.pcap"
fi
# every analysis counter and sequence number at its edge (tests/crafted/README.md; tshark's
# figures for it are compared in tests/cmd_netmoon.sh): read whole, every conversation ends once,
# and no side counts more unique bytes than it sent
mine "netmoon: tests/crafted/tcp-limits.pcap: 46 end records, unique bytes never above the payload" \
	"T netmoon -r $ROOT/tests/crafted/tcp-limits.pcap --json -e 0 | awk '{ gsub(/[{}\"]/, \"\"); n = split(\$0, kv, \",\")
		for (i = 1; i <= n; i++) { split(kv[i], p, \":\"); f[p[1]] = p[2] }
		if (f[\"unique_out\"] + 0 > f[\"payload_out\"] + 0 || f[\"unique_in\"] + 0 > f[\"payload_in\"] + 0) bad++ }
		END { print NR, bad + 0 }'" "46 0"
# hostile names (tests/names/README.md): lengths that lie, compression-pointer loops, names of
# control bytes, ESC, quotes and backslashes, bytes past 0x7e, 64 KiB of junk on port 443
mine "netmoon: tests/names/hard.pcap's hostile names: all 76 JSON records parse (jq), -b prints only printable ASCII" \
	"T netmoon -r $ROOT/tests/names/hard.pcap --json -e 0 | jq -c . | wc -l; T netmoon -r $ROOT/tests/names/hard.pcap -b -e 0 | LC_ALL=C tr -d ' -~\\n' | wc -c" \
	$'76\n0'
