#!/usr/bin/env bash
# demo.sh - the toolkit at work under qemu-arm, as a newcomer first sees it.
set -u
cd "$(dirname "$0")/.."
CPU=${CPU:-arm1176}
run() {   # show the command, then run our binary under qemu-arm
	printf '\n\033[1m$ %s\033[0m\n' "$*"
	local c=$1; shift
	qemu-arm -cpu "$CPU" -0 "$c" "$BIN/$c" "$@"
	local st=$?; [ $st = 0 ] || printf '(exit status %d)\n' $st
}
echo "peachykeen32: static, libc-free ARM32 binaries, running here under qemu-arm -cpu $CPU"
echo
make -s size
printf '\n\033[1m$ readelf -lh build/bin/cat | grep -E "Type|Entry|LOAD|INTERP"\033[0m\n'
${CROSS_COMPILE:-arm-linux-gnueabihf-}readelf -lhW build/bin/cat | grep -E 'Type:|Entry|LOAD|INTERP' | sed 's/  */ /g'
echo "(no INTERP: nothing runs before our 16-byte _start)"

BIN=$PWD/build/bin
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT; cd "$tmp"
printf 'peachy\n' > a; printf 'keen\n' > b; mkdir dir
run cat a b
printf '\n\033[1m$ echo stdin | cat a - b\033[0m\n'
echo stdin | qemu-arm -cpu "$CPU" -0 cat "$BIN/cat" a - b
run cat a missing dir
printf '\n\033[1m$ cat a > /dev/full\033[0m\n'
qemu-arm -cpu "$CPU" -0 cat "$BIN/cat" a > /dev/full
printf 'peachykeen32\0\1\2 hexdump\n' > bytes; head -c 48 /dev/zero >> bytes
run hexdump -C bytes
run hexdump -C -s 4 -n 12 bytes
run sysinfo
mkdir -p tree/sub; : > tree/empty; ln -sf ../a tree/link; mkfifo tree/fifo 2>/dev/null
TZ=UTC run ls -la tree
run ls -R tree
TZ=UTC run stat a
TZ=UTC run stat -c '%n: %F, %s bytes, born %w' a tree/link
gcc -O2 -o mkpcap "$OLDPWD/tools/mkpcap.c" && ./mkpcap trace.pcap 3000 1
printf '\n\033[1m$ netmoon -r trace.pcap -b | head -n 12\033[0m\n'
qemu-arm -cpu "$CPU" -0 netmoon "$BIN/netmoon" -r trace.pcap -b | head -n 12
printf '\n\033[1m$ netmoon -r trace.pcap --json | head -n 2\033[0m\n'
qemu-arm -cpu "$CPU" -0 netmoon "$BIN/netmoon" -r trace.pcap --json | head -n 2
echo
echo "Live: 'sudo qemu-arm build/bin/netmoon' (q quits); 'make test' runs everything."
